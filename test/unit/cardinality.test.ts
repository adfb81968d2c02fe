/** cardinality's rules (model/cardinality.ts) on synthetic clusters with known answers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardinality, whatIf, workloadOf } from '../../src/model/cardinality.js';
import { parseLabelsOption } from '../../src/model/label-filter.js';
import type { CiliumIdentity } from '../../src/model/schema.js';
import { DEFAULT_CILIUM_VERSION } from '../../src/model/version.js';
import { type Cluster, cronJob, healthyCluster, identity, securityLabels, statefulSet } from '../synthetic.js';

const ids = (cluster: Cluster) => cluster.identities as CiliumIdentity[];
const tryLabels = (cluster: Cluster, labels: string) =>
  whatIf(ids(cluster), parseLabelsOption(labels, DEFAULT_CILIUM_VERSION));

const POD_NAME = 'k8s:statefulset.kubernetes.io/pod-name';

describe('workloadOf', () => {
  it.each([
    [{ 'k8s:app.kubernetes.io/name': 'a', 'k8s:app': 'b', 'k8s:k8s-app': 'c' }, 'a'],
    [{ 'k8s:app': 'b', 'k8s:k8s-app': 'c' }, 'b'],
    [{ 'k8s:k8s-app': 'kube-dns' }, 'kube-dns'],
    [{ [POD_NAME]: 'web-12' }, 'web'],
    [{ [POD_NAME]: 'web-12', 'k8s:app': 'shop' }, 'shop'],
    [{ 'k8s:batch.kubernetes.io/job-name': 'backup-28600000' }, 'backup'],
    [{ 'k8s:job-name': 'migrate' }, 'migrate'],
    [{ 'k8s:team': 'x' }, '<none>'],
  ])('%o is workload %s', (labels, workload) => {
    expect(workloadOf(new Map(Object.entries(labels)))).toBe(workload);
  });
});

describe('cardinality', () => {
  it('a StatefulSet of 50 pods with v1.14 labels: 50 identities, split by pod-name', () => {
    const report = cardinality(ids(statefulSet('default', 'web', 50, 10_000)));
    expect(report.identities).toBe(50);
    expect(report.workloads).toEqual([{ namespace: 'default', workload: 'web', identities: 50 }]);
    expect(report.splittingKeys).toEqual([{ keys: [POD_NAME], identitiesSaved: 49, workloads: ['default/web'] }]);
  });

  it("a CronJob's Jobs are split by job-name and controller-uid, which change together", () => {
    const report = cardinality(ids(cronJob('batch', 'backup', 3, 21_000)));
    expect(report.splittingKeys).toEqual([
      {
        keys: [
          'k8s:batch.kubernetes.io/controller-uid',
          'k8s:batch.kubernetes.io/job-name',
          'k8s:controller-uid',
          'k8s:job-name',
        ],
        identitiesSaved: 2,
        workloads: ['batch/backup'],
      },
    ]);
  });

  it("keys that change together are one entry: Kubernetes 1.28's pod-index with pod-name", () => {
    const pods = Array.from({ length: 5 }, (_, i) =>
      identity(
        10_000 + i,
        securityLabels('db', { app: 'pg', [POD_NAME.slice(4)]: `pg-${i}`, 'apps.kubernetes.io/pod-index': String(i) }),
      ),
    );
    const cluster = { endpoints: [], identities: pods };
    expect(cardinality(ids(cluster)).splittingKeys).toEqual([
      { keys: ['k8s:apps.kubernetes.io/pod-index', POD_NAME], identitiesSaved: 4, workloads: ['db/pg'] },
    ]);
    expect(tryLabels(cluster, `k8s:!${POD_NAME.slice(4)}`).identitiesAfter).toBe(5);
  });

  it('orders workloads and keys by identities, most first', () => {
    const report = cardinality(ids(healthyCluster()));
    expect(report.workloads.map((w) => [`${w.namespace}/${w.workload}`, w.identities])).toEqual([
      ['default/web', 50],
      ['batch/backup', 3],
      ['default/api', 1],
      ['mesh/remote', 1],
    ]);
    expect(report.splittingKeys.map((s) => s.identitiesSaved)).toEqual([49, 2]);
  });
});

describe('whatIf', () => {
  const web = statefulSet('default', 'web', 50, 10_000);

  it("Cilium's exclude with a source, k8s:!key, leaves one identity of the StatefulSet", () => {
    const result = tryLabels(web, 'k8s:!statefulset.kubernetes.io/pod-name');
    expect(result).toMatchObject({ identitiesBefore: 50, identitiesAfter: 1, droppedKeys: [POD_NAME] });
    expect(result.policyRelevantKeys).toEqual([]);
    expect(result.filter).toMatch(/^Cilium 1\.14 default patterns plus labels/);
  });

  it('!k8s:key is not an exclude but an include of a source "!k8s": allow-list mode, app dropped too', () => {
    const result = tryLabels(web, '!k8s:statefulset.kubernetes.io/pod-name');
    expect(result.filter).toMatch(/allow-list mode/);
    expect(result.droppedKeys).toContain('k8s:app');
  });

  it('an include switches to allow-list mode and drops every label no include matches', () => {
    const result = tryLabels(healthyCluster(), 'k8s:app');
    expect(result.identitiesAfter).toBe(4);
    expect(result.droppedKeys).toContain('k8s:io.cilium.k8s.policy.serviceaccount');
    expect(result.droppedKeys).not.toContain('k8s:app');
  });

  it('a dropped key that told workloads apart is policy-relevant', () => {
    const cluster = {
      endpoints: [],
      identities: ['a', 'b', 'c'].map((app, i) => identity(20_000 + i, securityLabels('shop', { app }))),
    };
    const result = tryLabels(cluster, 'k8s:!app');
    expect(result.identitiesAfter).toBe(1);
    expect(result.policyRelevantKeys).toEqual([{ key: 'k8s:app', workloads: ['shop/a', 'shop/b', 'shop/c'] }]);
  });

  it('a splitting key set saves exactly what excluding those keys saves', () => {
    const keys = ['xa', 'xb', 'xc'];
    const labelSet = fc.record({
      workload: fc.constantFrom('p', 'q'),
      values: fc.tuple(...keys.map(() => fc.option(fc.constantFrom('0', '1'), { nil: undefined }))),
    });
    fc.assert(
      fc.property(fc.array(labelSet, { minLength: 1, maxLength: 12 }), (sets) => {
        const identities = sets.map(({ workload, values }, i) => {
          const pod: Record<string, string> = { app: workload };
          values.forEach((value, k) => {
            if (value !== undefined) pod[keys[k] as string] = value;
          });
          return identity(1000 + i, securityLabels('ns', pod));
        });
        const cluster = { endpoints: [], identities };
        const distinct = tryLabels(cluster, '').identitiesAfter;
        for (const split of cardinality(ids(cluster)).splittingKeys) {
          const excluded = split.keys.map((key) => `k8s:!${key.slice(4)}$`).join(' ');
          expect(tryLabels(cluster, excluded).identitiesAfter).toBe(distinct - split.identitiesSaved);
        }
      }),
    );
  });
});
