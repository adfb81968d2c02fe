/**
 * Hostile data: cells with terminal escapes, line breaks, control and bidi characters, wide characters;
 * kubectl's own rules (ESC as ^[, cut at a line break, code points counted) give the same bytes as the real
 * kubectl, and what kubectl lets through is shown escaped. Random files never crash the program.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEndpoints } from '../demo-objects.js';
import { runCli } from '../run-cli.js';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { hasKubectl, kubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();

warnIfNoKubectl('the comparison with kubectl on hostile data is skipped');

function endpoint(name: string, labels: Record<string, string>, state: string): unknown {
  const [template] = demoEndpoints() as Array<{ metadata: Record<string, unknown>; status: Record<string, unknown> }>;
  return {
    ...template,
    metadata: { ...template?.metadata, name, namespace: 'x', labels },
    status: { ...template?.status, state },
  };
}

/** Values kubectl has rules for: the same bytes as kubectl. */
const kubectlRules = [
  endpoint('esc', { v: '\x1b[2J\x1b]52;c;ZXZpbA==' }, '\x1b[31mred'),
  endpoint('newline', { v: 'first\nsecond' }, 'ready\r\nforged'),
  endpoint('wide', { v: '日本語ラベル' }, '🙂 ready'),
];

let server: RunningApiServer;
let kubeconfig: string;
beforeAll(async () => {
  server = await startApiServer({ endpoints: kubectlRules, identities: [] });
  kubeconfig = server.writeKubeconfig(temp('cv-hostile-'));
});
afterAll(() => server?.close());

describe('where kubectl has a rule', () => {
  it.skipIf(!hasKubectl)('ESC, line breaks and wide characters: the same bytes as kubectl', async () => {
    for (const args of [
      ['-n', 'x', '-L', 'v'],
      ['-n', 'x', '--show-labels'],
    ]) {
      const ours = await runCli(['endpoints', ...args, '--kubeconfig', kubeconfig]);
      const theirs = await kubectl(kubeconfig, ['get', 'ciliumendpoints.cilium.io', ...args]);
      expect(ours.stdout).toBe(theirs.stdout);
      expect(ours.stdout).not.toContain('\x1b');
    }
  });
});

describe('where kubectl has none', () => {
  it('BEL, C1 controls and bidi overrides are shown, not obeyed, in tables and warnings; JSON keeps them', async () => {
    const dir = temp('cv-hostile-files-');
    const file = join(dir, 'cep.json');
    const bad = endpoint('bidi', { v: 'abc\u202edcba\x07\x9b2J' }, 'ready');
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p\x1b[2J', namespace: 'x' } };
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [bad, pod] }));
    const table = await runCli(['endpoints', '-n', 'x', '-L', 'v', '--from', file]);
    expect(table.stdout).toContain('abc\\u202edcba^G\\u009b2J');
    expect(table.stderr).toContain('^[[2J');
    expect(table.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    const json = await runCli(['endpoints', '-n', 'x', '-o', 'json', '--from', file]);
    expect(JSON.parse(json.stdout).items[0].metadata.labels.v).toBe('abc\u202edcba\x07\x9b2J');
  });
});

describe('random input never crashes the program', () => {
  const cep = fc.record(
    {
      apiVersion: fc.oneof(fc.constant('cilium.io/v2'), fc.string()),
      kind: fc.oneof(fc.constantFrom('CiliumEndpoint', 'CiliumIdentity', 'Pod'), fc.string()),
      metadata: fc.oneof(
        fc.record({ name: fc.string(), namespace: fc.string(), labels: fc.dictionary(fc.string(), fc.string()) }),
        fc.jsonValue(),
      ),
      status: fc.oneof(
        fc.record({
          id: fc.oneof(fc.integer(), fc.string(), fc.double()),
          identity: fc.oneof(fc.record({ id: fc.oneof(fc.integer(), fc.string()) }), fc.jsonValue()),
          state: fc.oneof(fc.string(), fc.integer()),
        }),
        fc.jsonValue(),
      ),
      'security-labels': fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.jsonValue()),
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    fc.jsonValue(),
    fc.record({
      apiVersion: fc.constant('v1'),
      kind: fc.constantFrom('List', 'CiliumEndpointList'),
      items: fc.array(cep),
    }),
    cep,
  );

  it('each random file either renders or gives one-line messages with a documented exit code', async () => {
    const dir = temp('cv-random-');
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('endpoints', 'identities', 'doctor'), async (document, command) => {
        const file = join(dir, 'random.json');
        writeFileSync(file, JSON.stringify(document));
        const result = await runCli([command, ...(command === 'endpoints' ? ['-A'] : []), '--from', file]);
        expect([0, 1, 3]).toContain(result.code);
        for (const line of result.stderr.split('\n').filter((l) => l !== '')) {
          expect(line).toMatch(/^(warning: |error: |No resources found|doctor: )/);
        }
        expect(result.stderr).not.toMatch(/\n\s+at /);
      }),
      { numRuns: 60 },
    );
  });
});
