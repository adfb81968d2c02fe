/**
 * kubectlJson / kubectlYaml against the real kubectl: `get -o json|yaml` of the demo objects plus hostile
 * ones, served by the local API server. The objects are taken from kubectl's own JSON output (the server
 * adds apiVersion, kind and resourceVersion), so only the printing is compared.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { kubectlJson, kubectlList } from '../../src/print/kubectl-json.js';
import { kubectlYaml, YamlError } from '../../src/print/kubectl-yaml.js';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { hasKubectl, kubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();

warnIfNoKubectl('the -o json/yaml comparisons with kubectl are skipped');

/** Values that exercise escaping, quoting, folding and number formatting. */
const HOSTILE = [
  'x < y & z > w',
  'héllo wörld ß',
  'smile 😀 ok',
  '日本語のテキスト',
  Array.from({ length: 33 }, (_, i) => `word${i}`).join(' '),
  'line1\nline2\n',
  'line1\nline2',
  ' indented\nsecond\n\n',
  'trailing \nspace',
  ...['yes', 'no', 'on', 'true', 'y', '1.0', '0x1F', '007', '~', 'null', '', ' leading space', 'trailing '],
  ...['a: b', '- x', '#x', '*x', '&x', '!x', '%x', '@x', '`x', '{x}', '[x]', '? x', '---', 'it\'s "q"', 'a\\b'],
  ...['a\tb', 'bell\u0007 esc\u001b b\bf\f', '2023-08-08T07:01:43Z', '2023-08-08', '1:20', '1e3', '.inf', '<<', 'NaN'],
  ...['\ufeffbom', 'nbsp\u00a0', 'ls\u2028ps\u2029', 'nel\u0085x', `\t${'x'.repeat(70)}  y`, `${'x '.repeat(60)}`],
];

const hostileMap = (): Record<string, string> =>
  Object.fromEntries(HOSTILE.map((value, i) => [`v${String(i).padStart(2, '0')}`, value]));

const hostileEndpoint = {
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumEndpoint',
  metadata: {
    name: 'hostile-1',
    namespace: 'default',
    creationTimestamp: '2023-08-08T07:01:43Z',
    labels: hostileMap(),
    annotations: {
      ...hostileMap(),
      ...{ a9: '', a10: '', a_b: '', aB: '', 'a.b': '', 'k8s:io.cilium/x': '', yes: '', '': '', 'a\nb': '' },
      ...{ [`long-${'k'.repeat(130)}`]: '', ['é'.repeat(65)]: '', [`${'x '.repeat(70)}`]: 'x' },
    },
  },
  status: {
    id: 4242,
    float: 1.5,
    floats: [1234567.5, 123456.5, 0.0001, 0.00001, 1e-7, 1e20, 1e21, 2 ** 64, -0.25],
    large: 9007199254740991,
    larger: 12345678901234567000,
    identity: { id: 41222, labels: HOSTILE },
    nested: [[], {}, [[1, 'a: b']], { 'x y': { '': null, t: true } }],
    state: 'ready',
  },
};

const hostileIdentity = {
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumIdentity',
  metadata: { name: '99999', labels: { 'io.kubernetes.pod.namespace': 'default' }, annotations: hostileMap() },
  'security-labels': Object.fromEntries(HOSTILE.map((value, i) => [`k8s:v${i}`, value])),
};

const servers: RunningApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(endpoints: unknown[], identities: unknown[]): Promise<string> {
  const server = await startApiServer({ endpoints, identities, tls: true, token: 't' });
  servers.push(server);
  return server.writeKubeconfig(temp('cv-kc-'));
}

/** `kubectl get <args> -o json` and `-o yaml`, compared with ours of the objects kubectl printed as JSON. */
async function expectSameAsKubectl(kubeconfig: string, args: string[], list: boolean): Promise<unknown[]> {
  const json = await kubectl(kubeconfig, ['get', ...args, '-o', 'json']);
  const yaml = await kubectl(kubeconfig, ['get', ...args, '-o', 'yaml']);
  expect(json).toMatchObject({ code: 0, stderr: '' });
  expect(yaml).toMatchObject({ code: 0, stderr: '' });
  const printed = JSON.parse(json.stdout) as { items: unknown[] };
  const value = list ? kubectlList(printed.items) : printed;
  expect(kubectlJson(value)).toBe(json.stdout);
  expect(kubectlYaml(value)).toBe(yaml.stdout);
  return list ? printed.items : [printed];
}

describe('-o json and -o yaml, byte for byte as kubectl prints them', () => {
  it.skipIf(!hasKubectl)('CiliumEndpoints: the list, and single objects by name', async () => {
    const kubeconfig = await serve([...demoEndpoints(), hostileEndpoint], demoIdentities());
    const items = await expectSameAsKubectl(kubeconfig, ['ciliumendpoints.cilium.io', '-A'], true);
    expect(items).toHaveLength(demoEndpoints().length + 1);
    await expectSameAsKubectl(kubeconfig, ['ciliumendpoints.cilium.io', '-n', 'default', 'nettool-1'], false);
    await expectSameAsKubectl(kubeconfig, ['ciliumendpoints.cilium.io', '-n', 'default', 'hostile-1'], false);
    // several names: a List again
    await expectSameAsKubectl(
      kubeconfig,
      ['ciliumendpoints.cilium.io', '-n', 'default', 'nettool-1', 'hostile-1'],
      true,
    );
  });

  it.skipIf(!hasKubectl)('CiliumIdentities: the list, and single objects by name', async () => {
    const kubeconfig = await serve(demoEndpoints(), [...demoIdentities(), hostileIdentity]);
    const items = await expectSameAsKubectl(kubeconfig, ['ciliumidentities.cilium.io'], true);
    expect(items).toHaveLength(demoIdentities().length + 1);
    await expectSameAsKubectl(kubeconfig, ['ciliumidentities.cilium.io', '41222'], false);
    await expectSameAsKubectl(kubeconfig, ['ciliumidentities.cilium.io', '99999'], false);
  });

  it.skipIf(!hasKubectl)('an empty list', async () => {
    const kubeconfig = await serve([], []);
    await expectSameAsKubectl(kubeconfig, ['ciliumendpoints.cilium.io', '-A'], true);
  });

  it.skipIf(!hasKubectl)('-o yaml fails, with the same message, where go-yaml cannot read the JSON back', async () => {
    const broken = (name: string, annotations: Record<string, string>) => ({
      ...hostileEndpoint,
      metadata: { name, namespace: 'broken', annotations },
    });
    const kubeconfig = await serve([broken('del', { a: 'del\u007f' }), broken('nel-key', { 'b\u0085c': '' })], []);
    for (const name of ['del', 'nel-key']) {
      const args = ['get', 'ciliumendpoints.cilium.io', '-n', 'broken', name];
      const json = await kubectl(kubeconfig, [...args, '-o', 'json']);
      const yaml = await kubectl(kubeconfig, [...args, '-o', 'yaml']);
      expect(kubectlJson(JSON.parse(json.stdout))).toBe(json.stdout);
      expect(yaml).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/^error: yaml: .*\n$/) });
      const message = yaml.stderr.slice('error: '.length, -1);
      expect(() => kubectlYaml(JSON.parse(json.stdout))).toThrow(new YamlError(message));
    }
  });
});
