/**
 * kubectl parity against a real kube-apiserver: the same arguments to `kubectl get` and to cilium-view
 * print the same bytes and exit alike, with Cilium's v1.14 CRDs and with v1.18's, on the demo cluster
 * plus endpoints that make sorting and labels interesting. Not -o json|yaml yet: real objects carry
 * managedFields, which kubectl leaves out of them and cilium-view does not yet (issue #11).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { hasKubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { type RealCluster, startRealCluster, startSharedEtcd } from '../support/real/cluster.js';
import { expectSameAsKubectl, type Side } from '../support/real/compare.js';
import { hasReal } from '../support/real/gate.js';

if (hasReal) warnIfNoKubectl('the comparisons with kubectl against the real kube-apiserver are skipped');

/**
 * The endpoints of test/e2e/parity.test.ts beyond the demo's, but for its "Web-2": a real server refuses a
 * name that is not a lowercase RFC 1123 subdomain (422 Invalid), so "web-02" sorts before "web-1" instead.
 */
export function extraEndpoints(): unknown[] {
  const [template] = demoEndpoints() as Array<{ metadata: Record<string, unknown>; status: Record<string, unknown> }>;
  return ['web-10', 'web-9', 'web-1', 'web-02'].map((name, i) => ({
    ...template,
    metadata: {
      ...template?.metadata,
      name,
      namespace: 'shop',
      labels: { app: 'web', 'app.kubernetes.io/version': `v${i}`, ...(i === 2 ? {} : { tier: 'front' }) },
    },
    status: { ...template?.status, id: 100 + ((i * 37) % 5), identity: { id: 50000 + i, labels: [] } },
  }));
}

const RESOURCE: Record<string, string> = {
  endpoints: 'ciliumendpoints.cilium.io',
  identities: 'ciliumidentities.cilium.io',
};

/** [cilium-view command, arguments shared with kubectl get]. */
const cases: Array<[string, string[]]> = [
  ['endpoints', ['-A']],
  ['endpoints', ['-A', '--show-labels']],
  ['endpoints', ['-n', 'shop', '-L', 'app,app.kubernetes.io/version', '-L', 'tier']],
  ['endpoints', ['-A', '--sort-by', '.metadata.name']],
  ['endpoints', ['-n', 'shop', '--sort-by', '{.status.id}']],
  ['endpoints', ['-A', '--sort-by', '.status.identity.id', '--no-headers']],
  ['endpoints', ['-A', '--sort-by', '.metadata.labels.tier']],
  ['endpoints', ['-A', '--sort-by', '.metadata.creationTimestamp', '-o', 'name']],
  ['endpoints', ['-A', '-l', 'app=web,tier']],
  ['endpoints', ['-A', '-l', 'app notin (web),k8s-app!=kube-dns']],
  ['endpoints', ['-A', '--field-selector', 'metadata.namespace=shop,metadata.name!=web-9']],
  ['endpoints', ['-A', '--field-selector', 'metadata.name=nettool-1']],
  ['endpoints', ['-A', '-l', 'app=web', '--field-selector', 'metadata.namespace!=shop']],
  ['endpoints', ['-n', 'shop', 'web-9', 'web-1']],
  ['endpoints', ['-n', 'shop', 'web-9', 'nope', 'web-1']],
  ['endpoints', ['-n', 'shop', 'nope', '--ignore-not-found']],
  ['endpoints', ['-n', 'shop', 'nope']],
  ['endpoints', ['-n', 'no-such-namespace', 'nope', 'other']],
  ['endpoints', ['-n', 'no-such-namespace']],
  ['endpoints', ['-A', '-o', 'name']],
  ['endpoints', ['-A', '--chunk-size', '2', '--no-headers']],
  ['endpoints', ['-A', '--chunk-size', '7']],
  ['endpoints', ['-A', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.identity.id}{"\\n"}{end}']],
  ['endpoints', ['-n', 'default', 'nettool-1', '-o', 'jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.name}']],
  ['endpoints', ['-n', 'default', 'nettool-1', '-o', 'jsonpath={.metadata.managedFields}']],
  ['endpoints', ['-A', '-o', 'custom-columns=NAME:.metadata.name,MANAGER:.metadata.managedFields[*].manager']],
  [
    'endpoints',
    ['-A', '-o', 'custom-columns=NAME:.metadata.name,ID:.status.identity.id,IP:.status.networking.addressing[*].ipv4'],
  ],
  ['endpoints', ['-n', 'shop', '-o', 'custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier', '--no-headers']],
  ['endpoints', ['-n', 'shop', '-o', 'wide', '--show-labels']],
  ['endpoints', ['-n', 'kube-system', '-o', 'wide']],
  ['identities', []],
  ['identities', ['--show-labels']],
  ['identities', ['--sort-by', '.metadata.name']],
  ['identities', ['-l', 'io.kubernetes.pod.namespace=kube-system', '-o', 'name']],
  ['identities', ['27084', '6323']],
  ['identities', ['27084', '99999']],
  ['identities', ['-L', 'io.kubernetes.pod.namespace', '-A']],
];

for (const crds of ['v1.14', 'v1.18'] as const) {
  describe.skipIf(!hasReal || !hasKubectl)(`the same bytes as kubectl get, Cilium ${crds} CRDs`, () => {
    let shared: Awaited<ReturnType<typeof startSharedEtcd>>;
    let cluster: RealCluster;
    let side: Side;
    beforeAll(async () => {
      shared = await startSharedEtcd();
      cluster = await startRealCluster({
        crds,
        endpoints: [...demoEndpoints(), ...extraEndpoints()],
        identities: demoIdentities(),
        etcd: shared,
      });
      side = { kubeconfig: cluster.writeKubeconfig(), home: cluster.tempDir() };
    }, 120_000);
    afterAll(async () => {
      await cluster?.close();
      await shared?.scratch.close();
    });

    for (const [command, args] of cases) {
      it(`${command} ${args.join(' ')}`, async () => {
        await expectSameAsKubectl(side, ['get', RESOURCE[command] as string, ...args], [command, ...args]);
      });
    }
  });
}
