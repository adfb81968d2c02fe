/**
 * Generated clusters on a real kube-apiserver: 300 endpoints under Cilium v1.14's CRDs and 10,000 under
 * v1.18's (bench/generate.ts, realistic namespaces, workloads and identities). kubectl parity with real
 * continue tokens (pages of 7, pages of 500), selectors and sorting; then who-shares, doctor and
 * cardinality read from the cluster answer exactly what they answer from kubectl's own dump of it
 * (`kubectl get -o json`, as a support engineer receives it).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCluster } from '../../bench/generate.js';
import { hasKubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { type RealCluster, startRealCluster, startSharedEtcd } from '../support/real/cluster.js';
import { expectSameAsKubectl, expectSameTableButAge, ours, type Side, theirs } from '../support/real/compare.js';
import { hasReal } from '../support/real/gate.js';

if (hasReal) warnIfNoKubectl('the comparisons with kubectl on generated clusters are skipped');

/**
 * Pages of 7 on the small cluster (43 of them), kubectl's pages of 500 on the large one; the large one has
 * the cases whose cost grows with the cluster only (the suite's time is counted).
 */
const sizes = [
  { endpoints: 300, crds: 'v1.14', version: '1.14', chunk: ['--chunk-size', '7'], small: true },
  { endpoints: 10_000, crds: 'v1.18', version: '1.18', chunk: [], small: false },
] as const;
const generated = sizes.map((size) => generateCluster(size.endpoints));

let shared: Awaited<ReturnType<typeof startSharedEtcd>>;
const clusters: RealCluster[] = [];
/** Both clusters start at once, on one etcd. */
beforeAll(async () => {
  if (!hasReal || !hasKubectl) return;
  shared = await startSharedEtcd();
  const started = await Promise.allSettled(
    sizes.map((size, i) => startRealCluster({ ...generated[i], crds: size.crds, etcd: shared })),
  );
  for (const result of started) if (result.status === 'fulfilled') clusters.push(result.value);
  for (const result of started) if (result.status === 'rejected') throw result.reason;
  for (const [i, cluster] of clusters.entries()) {
    console.info(
      `real cluster of ${sizes[i]?.endpoints} endpoints ready in ${cluster.timings.total} s`,
      cluster.timings,
    );
  }
}, 300_000);
afterAll(async () => {
  await Promise.all(clusters.map((cluster) => cluster.close()));
  await shared?.scratch.close();
});

for (const [i, size] of sizes.entries()) {
  describe.skipIf(!hasReal || !hasKubectl)(`${size.endpoints} endpoints, Cilium ${size.crds} CRDs`, () => {
    const cluster = generated[i] as ReturnType<typeof generateCluster>;
    let side: Side;
    /** kubectl's -o json of both kinds, for --from. */
    const dump: string[] = [];
    beforeAll(async () => {
      const real = clusters[i] as RealCluster;
      side = { kubeconfig: real.writeKubeconfig(), home: real.tempDir() };
      const dir = real.tempDir();
      for (const resource of ['ciliumendpoints.cilium.io', 'ciliumidentities.cilium.io']) {
        const listed = await theirs(side, ['get', resource, '-A', '-o', 'json']);
        if (listed.code !== 0) throw new Error(`kubectl get ${resource}: ${listed.stderr}`);
        dump.push(join(dir, `${resource}.json`));
        writeFileSync(dump.at(-1) as string, listed.stdout);
      }
    }, 120_000);

    const { namespace } = (cluster.endpoints[0] as { metadata: { namespace: string } }).metadata;
    const cases: Array<[string, string[]]> = [
      ['endpoints', ['-A', ...size.chunk]],
      ['endpoints', ['-n', namespace, '-o', 'wide', '--show-labels']],
      ['endpoints', ['-A', '-l', 'app.kubernetes.io/name,version!=v2', ...size.chunk]],
      ['identities', ['-l', 'io.kubernetes.pod.namespace=kube-system', '-L', 'k8s-app']],
    ];
    if (size.small) {
      cases.push(['endpoints', ['-A', '--sort-by', '.status.identity.id', '--no-headers']]);
      cases.push(['endpoints', ['-A', '--field-selector', `metadata.namespace!=${namespace}`, '-o', 'name']]);
    }
    for (const [command, args] of cases) {
      it(`${command} ${args.join(' ')}`, async () => {
        const resource = command === 'endpoints' ? 'ciliumendpoints.cilium.io' : 'ciliumidentities.cilium.io';
        await expectSameAsKubectl(side, ['get', resource, ...args], [command, ...args]);
      });
    }

    it(`identities ${size.chunk.join(' ')}: the same table, AGE within seconds (pages are answered at different times)`, async () => {
      await expectSameTableButAge(
        side,
        ['get', 'ciliumidentities.cilium.io', ...size.chunk],
        ['identities', ...size.chunk],
      );
    });

    /**
     * The same command from the cluster and from kubectl's dump, at the same instant, for the Cilium
     * version of the CRDs (a dump does not say which CRDs printed it).
     */
    const sameAsFromDump = async (command: string[]) => {
      const now = new Date();
      const args = [...command, '--cilium-version', size.version];
      const live = await ours([...args, '--kubeconfig', side.kubeconfig], { now });
      const fromDump = await ours([...args, ...dump.flatMap((file) => ['--from', file])], { now });
      expect(live).toEqual(fromDump);
      return live;
    };

    it('who-shares: the identity most endpoints share', async () => {
      const { id, endpoints } = cluster.sharedIdentity;
      expect((await sameAsFromDump(['who-shares', String(id)])).stdout).toContain(`Endpoints:   ${endpoints}\n`);
    });

    if (size.small) {
      it('who-shares NAMESPACE/POD', async () => {
        const pod = cluster.endpoints[0]?.metadata as { namespace: string; name: string };
        expect((await sameAsFromDump(['who-shares', `${pod.namespace}/${pod.name}`])).code).toBe(0);
      });
    }

    it('doctor', async () => {
      const report = await sameAsFromDump(['doctor']);
      expect(report.stdout).toContain(String(size.endpoints));
    });

    if (size.small) {
      it('doctor -o json', async () => {
        const report = await sameAsFromDump(['doctor', '-o', 'json']);
        expect(JSON.parse(report.stdout)).toBeTypeOf('object');
      });
    }

    it('cardinality, with a what-if', async () => {
      const report = await sameAsFromDump(['cardinality', '--labels', 'k8s:!pod-template-hash k8s:!version']);
      expect(report.code).toBe(0);
      expect(report.stdout).toContain('What-if:');
    });
  });
}
