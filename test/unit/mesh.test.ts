/** The cluster mesh as its members' identities tell it (src/model/mesh.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClusterFacts, clusterFacts, meshChecks, workloadKey } from '../../src/model/mesh.js';
import type { CiliumIdentity } from '../../src/model/schema.js';

const V = { major: 1, minor: 16, patch: 0 };

function identity(id: number, cluster: string | undefined, app = 'web'): CiliumIdentity {
  const labels: Record<string, string> = { 'k8s:app': app, 'k8s:io.kubernetes.pod.namespace': 'shop' };
  if (cluster !== undefined) labels['k8s:io.cilium.k8s.policy.cluster'] = cluster;
  return { metadata: { name: String(id) }, 'security-labels': labels } as CiliumIdentity;
}

const status = (clusters: ClusterFacts[]) => Object.fromEntries(meshChecks(clusters).map((c) => [c.name, c.status]));

describe('clusterFacts', () => {
  it('the cluster ID is ID >> 16 & 0xFF of the global identities; reserved and local ones say nothing', () => {
    const facts = clusterFacts(
      'east',
      [
        identity((1 << 16) + 5, 'east'),
        identity((1 << 16) + 9, 'east'),
        identity(2, 'east'),
        identity(2 ** 24 + 1, 'east'),
      ],
      V,
    );
    expect(facts).toEqual({ context: 'east', names: ['east'], clusterIds: [{ clusterId: 1, identities: 2 }] });
  });

  it('names most frequent first; metadata.labels when security labels have none', () => {
    const other = {
      metadata: { name: '70000', labels: { 'io.cilium.k8s.policy.cluster': 'b' } },
    } as unknown as CiliumIdentity;
    const facts = clusterFacts(
      'x',
      [identity(65600, 'a'), other, { ...other, metadata: { ...other.metadata, name: '70001' } }],
      V,
    );
    expect(facts.names).toEqual(['b', 'a']);
  });

  it('cluster ID 0: identities from 256 up', () => {
    expect(clusterFacts('kind', [identity(256, 'default'), identity(65535, 'default')], V).clusterIds).toEqual([
      { clusterId: 0, identities: 2 },
    ]);
  });
});

describe('meshChecks', () => {
  it('distinct cluster IDs and names: every check ok (any number of clusters)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 255 }), { minLength: 1, maxLength: 8 }), (ids) => {
        const clusters = ids.map((id) => clusterFacts(`ctx-${id}`, [identity(id * 65536 + 1, `c${id}`)], V));
        expect(meshChecks(clusters).every((c) => c.status === 'ok')).toBe(true);
      }),
    );
  });

  it('a cluster ID or name in two contexts, and several IDs in one, are problems', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 255 }), fc.integer({ min: 1, max: 65535 }), (id, local) => {
        const a = clusterFacts('a', [identity(id * 65536 + local, 'one')], V);
        const b = clusterFacts('b', [identity(id * 65536 + 1, 'two')], V);
        const checks = meshChecks([a, b]);
        expect(checks.find((c) => c.name === 'shared cluster IDs')).toEqual({
          name: 'shared cluster IDs',
          status: 'problem',
          message: `cluster ID ${id} in contexts "a", "b"`,
        });
      }),
    );
    const sameName = [clusterFacts('a', [identity(65537, 'x')], V), clusterFacts('b', [identity(131073, 'x')], V)];
    expect(status(sameName)).toMatchObject({ 'shared cluster names': 'problem', 'shared cluster IDs': 'ok' });
    const mixed = [clusterFacts('a', [identity(65537, 'x'), identity(131073, 'x')], V)];
    expect(meshChecks(mixed).find((c) => c.name === 'one cluster ID per context')?.message).toBe(
      'context "a" has identities in cluster IDs 1, 2',
    );
  });

  it('a context without a global identity is a warning when others have one, else nothing', () => {
    const known = clusterFacts('a', [identity(65537, 'x')], V);
    const unknown = clusterFacts('b', [], V);
    expect(status([known, unknown])['cluster ID known']).toBe('warning');
    expect(status([unknown, clusterFacts('c', [], V)])['cluster ID known']).toBe('ok');
  });
});

describe('workloadKey', () => {
  it('the same workload in two clusters has the same key; another workload does not', () => {
    expect(workloadKey(identity(65537, 'east'))).toBe(workloadKey(identity(131073, 'west')));
    expect(workloadKey(identity(65537, 'east'))).not.toBe(workloadKey(identity(131074, 'west', 'pay')));
    expect(workloadKey(identity(65537, 'east'))).toBe('k8s:app=web,k8s:io.kubernetes.pod.namespace=shop');
  });
});
