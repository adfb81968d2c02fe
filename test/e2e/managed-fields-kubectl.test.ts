/**
 * managedFields, as kubectl 1.32 prints them: left out of `-o json` and `-o yaml` (lists, single objects,
 * each object of `-w`), kept with `--show-managed-fields`, and seen by jsonpath and custom-columns. The
 * demo objects carry realistic managedFields (cilium-agent, Update, FieldsV1), so every case has them.
 * Live: kubectl and cilium-view on one API server. Files: cilium-view's `--from` against kubectl's
 * live output for the same objects.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEndpoints, demoIdentities, demoJson } from '../demo-objects.js';
import { type CliResult, GOLDEN_NOW, runCli } from '../run-cli.js';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { hasKubectl, kubectl, startKubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();
if (!hasKubectl) warnIfNoKubectl('the managedFields comparisons with kubectl are skipped');

let server: RunningApiServer;
let kubeconfig: string;
let dump: string;

beforeAll(async () => {
  server = await startApiServer({
    endpoints: demoEndpoints(),
    identities: demoIdentities(),
    tls: true,
    token: 'mf-token',
    now: () => GOLDEN_NOW,
  });
  const dir = temp('cv-managed-');
  kubeconfig = server.writeKubeconfig(dir);
  dump = join(dir, 'ciliumendpoints.json');
  writeFileSync(dump, demoJson('ciliumendpoints'));
});
afterAll(() => server?.close());

const RESOURCE = { endpoints: 'ciliumendpoints.cilium.io', identities: 'ciliumidentities.cilium.io' } as const;
const count = (text: string) => text.split('managedFields').length - 1;

it('the demo objects carry managedFields, so the default path is tested with them present', () => {
  for (const item of [...demoEndpoints(), ...demoIdentities()] as Array<{ metadata: Record<string, unknown> }>) {
    expect(item.metadata.managedFields).toContainEqual(
      expect.objectContaining({ manager: 'cilium-agent', operation: 'Update', fieldsType: 'FieldsV1' }),
    );
  }
});

const cases: Array<[keyof typeof RESOURCE, string[]]> = [
  ['endpoints', ['-A', '-o', 'json']],
  ['endpoints', ['-A', '-o', 'yaml']],
  ['endpoints', ['-A', '-o', 'json', '--show-managed-fields']],
  ['endpoints', ['-A', '-o', 'yaml', '--show-managed-fields=true']],
  ['endpoints', ['-A', '-o', 'json', '--show-managed-fields=false', '--sort-by', '.status.id']],
  ['endpoints', ['-n', 'default', 'nettool-1', '-o', 'json']],
  ['endpoints', ['-n', 'default', 'nettool-1', '-o', 'yaml', '--show-managed-fields']],
  ['endpoints', ['-n', 'default', 'nettool-1', 'nettool-2', '-o', 'yaml']],
  ['endpoints', ['-A', '-o', 'jsonpath={.items[0].metadata.managedFields[0].manager}']],
  ['endpoints', ['-A', '-o', 'custom-columns=N:.metadata.name,M:.metadata.managedFields[0].manager']],
  ['endpoints', ['-A', '--show-managed-fields']],
  ['identities', ['-o', 'yaml']],
  ['identities', ['16737', '-o', 'json']],
  ['identities', ['16737', '-o', 'json', '--show-managed-fields']],
];

describe.skipIf(!hasKubectl)('managedFields as kubectl prints them', () => {
  for (const [command, args] of cases) {
    it(`${command} ${args.join(' ')}`, async () => {
      const theirs = await kubectl(kubeconfig, ['get', RESOURCE[command], ...args]);
      const ours = await runCli([command, ...args, '--kubeconfig', kubeconfig]);
      expect(theirs.code).toBe(0);
      expect(ours).toEqual(theirs);
    });
  }

  it('the same from a file as from the cluster, with and without --show-managed-fields', async () => {
    for (const args of [
      ['-A', '-o', 'json'],
      ['-A', '-o', 'yaml'],
      ['-A', '-o', 'yaml', '--show-managed-fields'],
      ['-n', 'default', 'nettool-1', '-o', 'json'],
      ['-n', 'default', 'nettool-1', '-o', 'yaml', '--show-managed-fields'],
    ]) {
      const theirs = await kubectl(kubeconfig, ['get', RESOURCE.endpoints, ...args]);
      expect(await runCli(['endpoints', ...args, '--from', dump])).toEqual(theirs);
    }
    const shown = await runCli(['endpoints', '-A', '-o', 'json', '--show-managed-fields', '--from', dump]);
    expect(count(shown.stdout)).toBe(5);
  });

  it('refuses --show-managed-fields=nope with pflag words', async () => {
    const theirs = await kubectl(kubeconfig, ['get', RESOURCE.endpoints, '--show-managed-fields=nope']);
    expect(theirs.stderr.split('\n')[0]).toBe(
      'Error: invalid argument "nope" for "--show-managed-fields" flag: strconv.ParseBool: parsing "nope": invalid syntax',
    );
    expect(await runCli(['endpoints', '--show-managed-fields=nope'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: ${theirs.stderr.split('\n')[0]?.slice('Error: '.length)}; see 'cilium-view endpoints --help' for usage\n`,
    });
  });

  for (const shown of [false, true]) {
    it(`-w -o json prints each watched object ${shown ? 'with' : 'without'} managedFields`, async () => {
      const flags = ['-A', '-w', '-o', 'json', ...(shown ? ['--show-managed-fields'] : [])];
      const theirs = startKubectl(kubeconfig, ['get', RESOURCE.endpoints, ...flags]);
      const interrupt = new AbortController();
      let stdout = '';
      const ours: Promise<CliResult> = runCli(['endpoints', ...flags, '--kubeconfig', kubeconfig], {
        signal: interrupt.signal,
        onStdout: (text) => {
          stdout += text;
        },
      });
      const watches = () => server.requests.filter((r) => r.query.get('watch') === 'true').length;
      const before = watches();
      for (let i = 0; i < 400 && watches() < before + 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      // A state of its own per run: the store keeps the previous run's change.
      const state = shown ? 'regenerating' : 'disconnecting';
      const [first] = demoEndpoints() as Array<{ status: Record<string, unknown> }>;
      server.emit({ type: 'MODIFIED', object: { ...first, status: { ...first?.status, state } } });
      for (let i = 0; i < 400 && !(stdout.includes(state) && theirs.stdout().includes(state)); i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      theirs.child.kill('SIGINT');
      interrupt.abort();
      const result = await ours;
      expect(result.stdout).toBe(theirs.stdout());
      expect(count(result.stdout)).toBe(shown ? 6 : 0);
    });
  }
});
