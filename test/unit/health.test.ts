/** doctor's rules (model/health.ts) on synthetic clusters with known answers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/model/health.js';
import type { CiliumEndpoint, CiliumIdentity } from '../../src/model/schema.js';
import { DEFAULT_CILIUM_VERSION } from '../../src/model/version.js';
import {
  type Cluster,
  deployment,
  endpoint,
  healthyCluster,
  identity,
  MESH_IDENTITY,
  SYNTHETIC_NOW,
  securityLabels,
  troubledCluster,
} from '../synthetic.js';

const run = (cluster: Cluster) =>
  diagnose(
    cluster.endpoints as CiliumEndpoint[],
    cluster.identities as CiliumIdentity[],
    DEFAULT_CILIUM_VERSION,
    SYNTHETIC_NOW,
  );

const statuses = (cluster: Cluster) => Object.fromEntries(run(cluster).checks.map((c) => [c.name, c.status]));

describe('diagnose', () => {
  it('finds a healthy cluster healthy', () => {
    const report = run(healthyCluster());
    expect(report.healthy).toBe(true);
    expect(report.checks.every((check) => check.status === 'ok')).toBe(true);
    expect(report.endpoints).toEqual({ total: 57, byState: { ready: 57 }, notReady: [] });
    expect(report.identities).toEqual({
      total: 55,
      perEndpoint: 0.96,
      byEndpointCount: { '1': 54, '2-5': 1, '6-20': 0, '>20': 0 },
    });
    expect(report.headroom).toEqual([
      { clusterId: 0, used: 54, allocatable: 65_280, first: 256, last: 65_535, percent: 0.08 },
      { clusterId: 3, used: 1, allocatable: 65_536, first: 196_608, last: 262_143, percent: 0 },
    ]);
  });

  it('finds every kind of problem in the troubled cluster', () => {
    const report = run(troubledCluster());
    expect(report.healthy).toBe(false);
    expect(statuses(troubledCluster())).toEqual({
      'dangling references': 'problem',
      'duplicate identities': 'problem',
      'endpoint states': 'problem',
      'identity headroom': 'ok',
      'unused identities': 'warning',
      'identity GC': 'warning',
    });
    expect(report.dangling).toEqual([{ namespace: 'default', name: 'orphan', identity: 45_000 }]);
    expect(report.duplicates.map((d) => d.identities)).toEqual([['30000', '30001']]);
    expect(report.endpoints.notReady).toEqual([
      { namespace: 'default', name: 'api-7d9f8-3', state: 'not-ready' },
      { namespace: 'default', name: 'api-7d9f8-4', state: 'waiting-for-identity' },
    ]);
    expect(report.endpoints.byState).toEqual({ 'not-ready': 1, ready: 59, 'waiting-for-identity': 1 });
    expect(report.unused.map(({ name, markedAt, collectionOverdue }) => [name, markedAt, collectionOverdue])).toEqual([
      ['30001', null, false],
      ['31000', '2024-06-01T11:50:00.000Z', false],
      ['31001', '2024-06-01T10:00:00.000Z', true],
      ['31002', null, false],
    ]);
  });

  it('counts unused identities as a warning only', () => {
    const cluster = deployment('shop', 'api', 2, 20_000);
    cluster.identities.push(identity(20_001, securityLabels('shop', { app: 'old' })));
    const report = run(cluster);
    expect(report.healthy).toBe(true);
    expect(statuses(cluster)['unused identities']).toBe('warning');
  });

  // Only identities of the global range have CiliumIdentity objects (numericidentity.go).
  it.each([
    [1, false, 'reserved host'],
    [8, false, 'reserved ingress'],
    [9, false, 'world-ipv4, which v1.14 does not have'],
    [104, false, 'well-known core-dns'],
    [200, false, 'user-reserved'],
    [16_777_217, false, 'local scope (CIDR)'],
    [256, true, 'first global identity'],
    [65_535, true, 'last identity of cluster ID 0'],
    [MESH_IDENTITY + 5, true, 'cluster ID 3'],
  ])('identity %i is dangling without its object: %s', (id, dangling, _what) => {
    const report = run({ endpoints: [endpoint('default', 'pod', id as number)], identities: [] });
    expect(report.dangling.length).toBe(dangling ? 1 : 0);
  });

  it('is a problem from 90% of a cluster ID allocated, judged on the exact share', () => {
    const allocated = (count: number): Cluster => ({
      endpoints: [],
      identities: Array.from({ length: count }, (_, i) => identity(256 + i, { 'k8s:id': String(i) })),
    });
    const headroom = (count: number) => {
      const report = run(allocated(count));
      return [report.headroom[0]?.percent, report.checks.find((c) => c.name === 'identity headroom')?.status];
    };
    // 58,752 = 90% of 65,280; 58,751 rounds to 90% but is below it.
    expect(headroom(58_751)).toEqual([90, 'ok']);
    expect(headroom(58_752)).toEqual([90, 'problem']);
  });

  it('partitions identities: each is unused or in one endpoint-count bucket', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 256, max: 300 }), { maxLength: 60 }), (ids) => {
        const cluster = {
          endpoints: ids.map((id, i) => endpoint('default', `pod-${i}`, id)),
          identities: Array.from({ length: 30 }, (_, i) => identity(256 + i, { 'k8s:id': String(i) })),
        };
        const { identities, unused, dangling } = run(cluster);
        const buckets = Object.values(identities.byEndpointCount).reduce((a, b) => a + b, 0);
        expect(buckets + unused.length).toBe(30);
        expect(dangling.length).toBe(ids.filter((id) => id >= 286).length);
      }),
    );
  });
});
