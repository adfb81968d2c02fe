/**
 * kubectl's behaviour when a template or the YAML printer meets data it fails on (not a failure of the
 * source): custom-columns prints the rows before the object and then the error; jsonpath prints nothing
 * and the error; --sort-by on a table fails quietly into "No resources found"; YAML refuses control
 * characters. Each is compared with kubectl 1.32 on one API server; the two deliberate differences
 * (README, "kubectl habits") are spelt out where they are asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, GOLDEN_NOW, runCli } from '../run-cli.js';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { hasKubectl, type KubectlResult, kubectl, startKubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();
if (!hasKubectl) warnIfNoKubectl('the comparisons of template errors with kubectl are skipped');

const managedFields = [
  {
    apiVersion: 'cilium.io/v2',
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:status': { '.': {}, 'f:id': {} } },
    manager: 'cilium-agent',
    operation: 'Update',
    time: '2024-01-01T00:00:00Z',
  },
];

function endpoint(namespace: string, name: string, status: Record<string, unknown>, labels?: Record<string, string>) {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumEndpoint',
    metadata: { name, namespace, creationTimestamp: '2024-01-01T00:00:00Z', managedFields, ...(labels && { labels }) },
    status,
  };
}

/** b-pod has no address (addressing: []) and no identity; the `odd` namespace holds a DEL in a label. */
const ENDPOINTS = [
  endpoint('default', 'a-pod', {
    id: 11,
    identity: { id: 27084 },
    state: 'ready',
    networking: { addressing: [{ ipv4: '10.0.0.1' }] },
  }),
  endpoint('default', 'b-pod', { id: 12, state: 'waiting-for-identity', networking: { addressing: [] } }),
  endpoint('default', 'c-pod', {
    id: 13,
    identity: { id: 300 },
    state: 'ready',
    networking: { addressing: [{ ipv4: '10.0.0.3' }] },
  }),
  endpoint('odd', 'w-pod', { id: 21, state: 'ready' }, { app: 'fine' }),
  endpoint('odd', 'x-pod', { id: 22, state: 'ready' }, { app: 'del\u007fhere' }),
];

let server: RunningApiServer;
let kubeconfig: string;

beforeAll(async () => {
  server = await startApiServer({
    endpoints: ENDPOINTS,
    identities: [],
    tls: true,
    token: 'tpl',
    now: () => GOLDEN_NOW,
  });
  kubeconfig = server.writeKubeconfig(temp('cv-template-errors-'));
});
afterAll(() => server?.close());

const IP0 = 'custom-columns=NAME:.metadata.name,IP:.status.networking.addressing[0].ipv4';

/** The same bytes and exit code as kubectl. */
const same: string[][] = [
  ['-o', IP0],
  ['-o', IP0, '--no-headers'],
  ['-o', IP0, '--sort-by=.status.id'],
  ['b-pod', 'c-pod', '-o', IP0],
  ['c-pod', '-o', IP0],
  ['-o', 'custom-columns=NAME:.metadata.name,IP:.status.networking.addressing[*].ipv4,ID:.status.identity.id'],
  ['-o', 'jsonpath={.items[*].status.nope}'],
  ['--sort-by=.status.nope'],
  ['--sort-by=.status.networking.addressing[0].ipv4'],
  ['-A', '--sort-by=.status.networking.addressing[0].ipv4'],
  ['-o', 'wide', '--sort-by=.status.networking.addressing[0].ipv4'],
  ['--sort-by=.status.nope', '-o', 'json'],
  ['b-pod', 'a-pod', '--sort-by={.status.networking.addressing[0].ipv4}', '-o', 'name'],
  ['-n', 'odd', '-o', 'yaml'],
  ['-n', 'odd', 'x-pod', '-o', 'yaml'],
  ['-n', 'odd', 'w-pod', 'x-pod', '-o', 'yaml'],
  ['-n', 'odd', '-o', 'json'],
];

const ours = (args: string[]): Promise<CliResult> => runCli(['endpoints', ...args, '--kubeconfig', kubeconfig]);
const theirs = (args: string[]): Promise<KubectlResult> =>
  kubectl(kubeconfig, ['get', 'ciliumendpoints.cilium.io', ...args]);

describe.skipIf(!hasKubectl)('templates meeting the data, as kubectl', () => {
  for (const args of same) {
    it(args.join(' '), async () => {
      const expected = await theirs(args);
      expect(await ours(args)).toEqual(expected);
    });
  }

  it('custom-columns: the rows before the object that fails, then the error, exit 1', async () => {
    expect(await ours(['-o', IP0])).toEqual({
      code: 1,
      stdout: 'NAME    IP\na-pod   10.0.0.1\n',
      stderr: 'error: array index out of bounds: index 0, length 0\n',
    });
  });

  it('jsonpath: kubectl first line, without its dump of the object (Go %#v)', async () => {
    for (const args of [
      ['b-pod', '-o', 'jsonpath={.status.networking.addressing[0].ipv4}'],
      ['-o', 'jsonpath={.items[5]}'],
    ]) {
      const expected = await theirs(args);
      const firstLine = expected.stderr.split('\n')[0] ?? '';
      expect(firstLine).toMatch(/\. Printing more information for debugging the template:$/);
      expect(await ours(args)).toEqual({
        code: 1,
        stdout: expected.stdout,
        stderr: `${firstLine.replace(/\. Printing more information for debugging the template:$/, '')}\n`,
      });
    }
  });

  it('--sort-by failing on a later object of a list: the error on one line, exit 1, where kubectl dies (exit 255)', async () => {
    const args = ['--sort-by=.status.networking.addressing[0].ipv4', '-o', 'name'];
    const expected = await theirs(args);
    expect(expected.code).toBe(255);
    expect(expected.stderr).toMatch(
      /^F\d{4} .* sorter\.go:\d+\] Failed to get i values for .*\(&errors\.errorString\{s:"array index out of bounds: index 0, length 0"\}\)\n$/s,
    );
    expect(await ours(args)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: array index out of bounds: index 0, length 0\n',
    });
  });

  it('-w -o yaml: the objects before the refused one and the separator, then kubectl error, exit 1', async () => {
    const args = ['-n', 'odd', '-w', '-o', 'yaml'];
    const expected = await startKubectl(kubeconfig, ['get', 'ciliumendpoints.cilium.io', ...args]).result;
    expect(expected.stderr).toBe(
      'error: unable to output the provided object: yaml: control characters are not allowed\n',
    );
    expect(await ours(args)).toEqual(expected);
  });
});
