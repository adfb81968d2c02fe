/**
 * kubectl parity, flag by flag: the same arguments to `kubectl get` and to cilium-view, against the same
 * local API server, give the same bytes on stdout and stderr and the same exit code. Skipped (with a
 * message) where kubectl is not installed; the file-source tests elsewhere run everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { GOLDEN_NOW, runCli } from '../run-cli.js';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { hasKubectl, kubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();

if (!hasKubectl) warnIfNoKubectl('the kubectl parity tests are skipped');

/** Endpoints beyond the demo's, to make sorting and labels interesting. */
function extraEndpoints(): unknown[] {
  const [template] = demoEndpoints() as Array<{ metadata: Record<string, unknown>; status: Record<string, unknown> }>;
  return ['web-10', 'web-9', 'web-1', 'Web-2'].map((name, i) => ({
    ...template,
    metadata: {
      ...template?.metadata,
      name,
      namespace: 'shop',
      uid: `00000000-0000-0000-0000-00000000000${i}`,
      labels: { app: 'web', 'app.kubernetes.io/version': `v${i}`, ...(i === 2 ? {} : { tier: 'front' }) },
    },
    status: { ...template?.status, id: 100 + ((i * 37) % 5), identity: { id: 50000 + i, labels: [] } },
  }));
}

let server: RunningApiServer;
let kubeconfig: string;

beforeAll(async () => {
  server = await startApiServer({
    endpoints: [...demoEndpoints(), ...extraEndpoints()],
    identities: demoIdentities(),
    tls: true,
    token: 'parity-token',
    now: () => GOLDEN_NOW,
  });
  kubeconfig = server.writeKubeconfig(temp('cv-parity-'));
});
afterAll(() => server?.close());

const RESOURCE: Record<string, string> = {
  endpoints: 'ciliumendpoints.cilium.io',
  identities: 'ciliumidentities.cilium.io',
};

/** [cilium-view command, arguments shared with kubectl get]. */
const cases: Array<[string, string[]]> = [
  ['endpoints', ['-A', '--show-labels']],
  ['endpoints', ['-n', 'shop', '-L', 'app,app.kubernetes.io/version', '-L', 'tier']],
  ['endpoints', ['-A', '--sort-by', '.metadata.name']],
  ['endpoints', ['-n', 'shop', '--sort-by', '{.status.id}']],
  ['endpoints', ['-A', '--sort-by', '.status.identity.id', '--no-headers']],
  ['endpoints', ['-A', '--sort-by', '.metadata.labels.tier']],
  ['endpoints', ['-A', '-l', 'app=web,tier']],
  ['endpoints', ['-A', '-l', 'app notin (web),k8s-app!=kube-dns']],
  ['endpoints', ['-A', '--field-selector', 'metadata.namespace=shop,metadata.name!=web-9']],
  ['endpoints', ['-n', 'shop', 'web-9', 'web-1']],
  ['endpoints', ['-n', 'shop', 'web-9', 'nope', 'web-1']],
  ['endpoints', ['-n', 'shop', 'nope', '--ignore-not-found']],
  ['endpoints', ['-n', 'shop', 'nope']],
  ['endpoints', ['-n', 'no-such-namespace', 'nope', 'other']],
  ['endpoints', ['-A', '-o', 'name']],
  ['endpoints', ['-A', '-o', 'json']],
  ['endpoints', ['-A', '-o', 'yaml']],
  ['endpoints', ['-n', 'default', 'nettool-1', '-o', 'json']],
  ['endpoints', ['-n', 'default', 'nettool-1', 'nettool-2', '-o', 'yaml']],
  ['endpoints', ['-n', 'nope', '-o', 'json']],
  ['endpoints', ['-A', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.identity.id}{"\\n"}{end}']],
  [
    'endpoints',
    ['-A', '-o', 'custom-columns=NAME:.metadata.name,ID:.status.identity.id,IP:.status.networking.addressing[*].ipv4'],
  ],
  ['endpoints', ['-n', 'shop', '-o', 'custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier', '--no-headers']],
  ['endpoints', ['-n', 'shop', '-o', 'wide', '--show-labels']],
  ['identities', ['--show-labels']],
  ['identities', ['--sort-by', '.metadata.name']],
  ['identities', ['-l', 'io.kubernetes.pod.namespace=kube-system', '-o', 'name']],
  ['identities', ['27084', '6323']],
  ['identities', ['27084', '-o', 'yaml']],
  ['identities', ['-o', 'json']],
  ['identities', ['-L', 'io.kubernetes.pod.namespace', '-A']],
];

describe.skipIf(!hasKubectl)('the same bytes as kubectl get', () => {
  for (const [command, args] of cases) {
    it(`${command} ${args.join(' ')}`, async () => {
      const theirs = await kubectl(kubeconfig, ['get', RESOURCE[command] as string, ...args]);
      const ours = await runCli([command, ...args, '--kubeconfig', kubeconfig]);
      expect(ours).toEqual(theirs);
    });
  }
});
