/**
 * `-w` against a real kube-apiserver: kubectl and cilium-view watch side by side while objects are created,
 * changed and deleted through the API, and print the same bytes. Each case ends with a last object made
 * for it; once both have printed that one, both have printed every event before it (a watch is ordered).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { type CliResult, runCli } from '../run-cli.js';
import { hasKubectl, startKubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { forCreate, type RealCluster, startRealCluster } from '../support/real/cluster.js';
import { hasReal } from '../support/real/gate.js';
import { type RunningProxy, startProxy } from '../support/real/proxy.js';
import { waitFor } from '../support/real/scratch.js';

if (hasReal) warnIfNoKubectl('the watch comparisons with kubectl against the real kube-apiserver are skipped');

type Obj = Record<string, unknown>;

let cluster: RealCluster;
/** Both clients go through it, so that the test knows when each has started watching. */
let proxy: RunningProxy;
let home: string;
beforeAll(async () => {
  if (!hasReal) return;
  cluster = await startRealCluster({ endpoints: demoEndpoints(), identities: demoIdentities() });
  proxy = await startProxy(cluster, () => undefined);
  home = cluster.tempDir();
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await cluster?.close();
});

const ENDPOINTS = '/apis/cilium.io/v2/namespaces';
const endpoint = (namespace: string, name: string, identity: number): Obj => {
  const [template] = demoEndpoints() as Obj[];
  const object = forCreate(template);
  return {
    ...object,
    metadata: { name, namespace, labels: { app: name } },
    status: { ...(object.status as Obj), id: 3000 + (identity % 1000), identity: { id: identity, labels: [] } },
  };
};

/**
 * kubectl get -w and cilium-view -w with the same arguments; once both watch, `events` change the cluster;
 * then, once `last` shows in both, both are interrupted.
 */
async function watchBoth(kubectlArgs: string[], ourArgs: string[], events: () => Promise<void>, last: string) {
  const before = proxy.requests.length;
  const watching = (client: string) =>
    proxy.requests.slice(before).some((r) => r.userAgent.startsWith(client) && /[?&]watch=true/.test(r.url));
  const theirs = startKubectl(proxy.kubeconfig, ['get', ...kubectlArgs], { home });
  const interrupt = new AbortController();
  let stdout = '';
  const ours: Promise<CliResult> = runCli([...ourArgs, '--kubeconfig', proxy.kubeconfig], {
    now: new Date(),
    signal: interrupt.signal,
    onStdout: (text) => {
      stdout += text;
    },
  });
  try {
    await waitFor('both watches', async () => (watching('kubectl') && watching('cilium-view') ? true : undefined), {
      timeoutMs: 20_000,
    });
    await events();
    await waitFor(
      `${last} in both`,
      async () => (theirs.stdout().includes(last) && stdout.includes(last) ? true : undefined),
      { timeoutMs: 20_000 },
    );
  } finally {
    theirs.child.kill('SIGINT');
    interrupt.abort();
  }
  const result = await ours;
  expect(result.code).toBe(0);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(theirs.stdout());
  return result.stdout;
}

describe.skipIf(!hasReal || !hasKubectl)('watch: the same bytes as kubectl get -w', () => {
  it('endpoints -A -w: created, changed, deleted', async () => {
    const admin = () => cluster.admin;
    const printed = await watchBoth(
      ['ciliumendpoints.cilium.io', '-A', '-w'],
      ['endpoints', '-A', '-w'],
      async () => {
        await admin().json('POST', `${ENDPOINTS}/default/ciliumendpoints`, endpoint('default', 'new-1', 41222));
        await admin().json('PATCH', `${ENDPOINTS}/default/ciliumendpoints/nettool-1`, {
          status: { state: 'waiting-for-identity', identity: { id: 99999 } },
        });
        await admin().json('DELETE', `${ENDPOINTS}/kube-system/ciliumendpoints/coredns-5d78c9869d-62zlb`);
        await admin().json(
          'POST',
          `${ENDPOINTS}/local-path-storage/ciliumendpoints`,
          endpoint('local-path-storage', 'last-1', 6323),
        );
      },
      'last-1',
    );
    expect(
      printed.split('\n').filter((line) => line.includes('new-1') || line.includes('waiting-for-identity')),
    ).toHaveLength(2);
  });

  it('endpoints -n default --watch-only', async () => {
    await watchBoth(
      ['ciliumendpoints.cilium.io', '-n', 'default', '--watch-only'],
      ['endpoints', '-n', 'default', '--watch-only'],
      async () => {
        await cluster.admin.json('PATCH', `${ENDPOINTS}/default/ciliumendpoints/nettool-2`, {
          status: { state: 'regenerating' },
        });
        await cluster.admin.json(
          'POST',
          `${ENDPOINTS}/kube-system/ciliumendpoints`,
          endpoint('kube-system', 'elsewhere', 1),
        );
        await cluster.admin.json('POST', `${ENDPOINTS}/default/ciliumendpoints`, endpoint('default', 'last-2', 41222));
      },
      'last-2',
    );
  });

  it('endpoints -n default --field-selector metadata.name=nettool-2 -w: that object only', async () => {
    const args = ['-n', 'default', '--field-selector', 'metadata.name=nettool-2', '-w'];
    await watchBoth(
      ['ciliumendpoints.cilium.io', ...args],
      ['endpoints', ...args],
      async () => {
        const patch = (name: string, id: number) =>
          cluster.admin.json('PATCH', `${ENDPOINTS}/default/ciliumendpoints/${name}`, { status: { identity: { id } } });
        await patch('nettool-1', 313131);
        await patch('nettool-2', 424242);
      },
      '424242',
    );
  });

  it('identities -w -o name: created and deleted', async () => {
    const [template] = demoIdentities() as Obj[];
    await watchBoth(
      ['ciliumidentities.cilium.io', '-w', '-o', 'name'],
      ['identities', '-w', '-o', 'name'],
      async () => {
        await cluster.admin.json('POST', '/apis/cilium.io/v2/ciliumidentities', {
          ...forCreate(template),
          metadata: { name: '77777', labels: { 'io.kubernetes.pod.namespace': 'default' } },
        });
        await cluster.admin.json('DELETE', '/apis/cilium.io/v2/ciliumidentities/16737');
        await cluster.admin.json('POST', '/apis/cilium.io/v2/ciliumidentities', {
          ...forCreate(template),
          metadata: { name: '88888', labels: {} },
        });
      },
      '88888',
    );
  });
});
