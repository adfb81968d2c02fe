/**
 * Numeric identities per Cilium version (pkg/identity/numericidentity.go): reserved IDs, well-known IDs,
 * user-reserved IDs, the cluster-scoped global range and the node-local scopes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterIdentityRange, type IdentityClass, identityFacts } from '../../src/model/identity-facts.js';
import type { CiliumVersion } from '../../src/model/version.js';

const v = (minor: number): CiliumVersion => ({ major: 1, minor, patch: 0 });
const VERSIONS = [14, 15, 16, 17, 18, 19] as const;

// For each reserved ID, its name and the minor releases that have it.
const RESERVED: readonly [id: number, name: string, minors: readonly number[]][] = [
  [1, 'host', VERSIONS],
  [2, 'world', VERSIONS],
  [3, 'unmanaged', VERSIONS],
  [4, 'health', VERSIONS],
  [5, 'init', VERSIONS],
  [6, 'remote-node', VERSIONS],
  [7, 'kube-apiserver', VERSIONS],
  [8, 'ingress', VERSIONS],
  [9, 'world-ipv4', [15, 16, 17, 18, 19]],
  [10, 'world-ipv6', [15, 16, 17, 18, 19]],
  [11, 'overlay-to-encrypt', [16, 17, 18]],
];

describe('identityFacts: reserved identities per version', () => {
  for (const minor of VERSIONS) {
    for (const [id, name, minors] of RESERVED) {
      const known = minors.includes(minor);
      it(`${id} in 1.${minor} is ${known ? `reserved '${name}'` : 'invalid'}`, () => {
        const facts = identityFacts(id, v(minor));
        expect(facts.class).toBe(known ? 'reserved' : 'invalid');
        expect(facts.hasCiliumIdentity).toBe(false);
        if (known) {
          expect(facts.name).toBe(name);
          expect(facts.meaning).toMatch(new RegExp(`^reserved identity '${name}': `));
        } else {
          expect(facts.name).toBeUndefined();
          expect(facts.meaning).toContain(`'${name}'`);
          expect(facts.meaning).toContain(`not in Cilium 1.${minor}`);
        }
      });
    }

    it(`0 in 1.${minor} is 'unknown'`, () => {
      expect(identityFacts(0, v(minor))).toMatchObject({ class: 'unknown', name: 'unknown', hasCiliumIdentity: false });
    });
  }

  it('says what the host identity is', () => {
    expect(identityFacts(1, v(14)).meaning).toBe("reserved identity 'host': the local node");
  });

  it('says when a reserved ID appeared or went away', () => {
    expect(identityFacts(9, v(14)).meaning).toBe(
      "reserved identity 9 'world-ipv4' exists from Cilium 1.15 on, not in Cilium 1.14",
    );
    expect(identityFacts(11, v(19)).meaning).toBe(
      "reserved identity 11 'overlay-to-encrypt' existed up to Cilium 1.18, not in Cilium 1.19",
    );
  });
});

const WELL_KNOWN = [
  'etcd-operator',
  'cilium-kvstore',
  'kube-dns',
  'eks-kube-dns',
  'core-dns',
  'cilium-operator',
  'eks-coredns',
  'cilium-etcd-operator',
];

describe('identityFacts: well-known identities 100-115', () => {
  WELL_KNOWN.forEach((name, i) => {
    for (const id of [100 + i, 108 + i]) {
      it(`${id} is well-known '${name}'`, () => {
        const facts = identityFacts(id, v(16));
        expect(facts).toMatchObject({ id, class: 'well-known', name, hasCiliumIdentity: false });
        expect(facts.meaning).toContain('enable-well-known-identities=true');
        expect(facts.meaning.includes('namespace-name label')).toBe(id >= 108);
      });
    }
  });
});

interface Row {
  id: number;
  minor: number;
  cls: IdentityClass;
  clusterId?: number;
}

const BOUNDARIES: readonly Row[] = [
  { id: 12, minor: 18, cls: 'invalid' },
  { id: 99, minor: 18, cls: 'invalid' },
  { id: 116, minor: 18, cls: 'invalid' },
  { id: 127, minor: 18, cls: 'invalid' },
  { id: 128, minor: 14, cls: 'user-reserved' },
  { id: 255, minor: 18, cls: 'user-reserved' },
  { id: 256, minor: 14, cls: 'cluster', clusterId: 0 },
  { id: 65535, minor: 18, cls: 'cluster', clusterId: 0 },
  { id: 65536, minor: 14, cls: 'cluster', clusterId: 1 },
  { id: 131071, minor: 18, cls: 'cluster', clusterId: 1 },
  { id: 131072, minor: 18, cls: 'cluster', clusterId: 2 },
  { id: 255 << 16, minor: 15, cls: 'cluster', clusterId: 255 },
  { id: 2 ** 24 - 1, minor: 14, cls: 'cluster', clusterId: 255 },
  { id: 2 ** 24, minor: 14, cls: 'invalid' },
  { id: 2 ** 24 + 1, minor: 14, cls: 'local' },
  { id: 2 ** 24 + 1, minor: 18, cls: 'local' },
  { id: 2 ** 25 - 1, minor: 16, cls: 'local' },
  { id: 2 ** 25, minor: 14, cls: 'invalid' },
  { id: 2 ** 25, minor: 15, cls: 'invalid' },
  { id: 2 ** 25 + 1, minor: 14, cls: 'invalid' },
  { id: 2 ** 25 + 1, minor: 15, cls: 'remote-node-scope' },
  { id: 3 * 2 ** 24 - 1, minor: 18, cls: 'remote-node-scope' },
  { id: 3 * 2 ** 24, minor: 18, cls: 'invalid' },
  { id: 2 ** 32 - 1, minor: 14, cls: 'invalid' },
  { id: 2 ** 32 - 1, minor: 18, cls: 'invalid' },
  { id: 2 ** 32, minor: 18, cls: 'invalid' },
  { id: -1, minor: 18, cls: 'invalid' },
  { id: 1.5, minor: 18, cls: 'invalid' },
  { id: Number.NaN, minor: 18, cls: 'invalid' },
];

describe('identityFacts: ranges and boundaries', () => {
  for (const { id, minor, cls, clusterId } of BOUNDARIES) {
    it(`${id} in 1.${minor} is ${cls}${clusterId === undefined ? '' : ` of cluster ${clusterId}`}`, () => {
      const facts = identityFacts(id, v(minor));
      expect(facts.class).toBe(cls);
      expect(facts.clusterId).toBe(clusterId);
      expect(facts.hasCiliumIdentity).toBe(cls === 'cluster');
      expect(facts.name).toBeUndefined();
    });
  }

  it('explains why an ID is invalid', () => {
    expect(identityFacts(2 ** 24, v(18)).meaning).toContain('local part of 0');
    expect(identityFacts(2 ** 25 + 1, v(14)).meaning).toBe(
      'the remote-node scope (high byte 0x02) exists from Cilium 1.15 on, not in Cilium 1.14',
    );
    expect(identityFacts(2 ** 32 - 1, v(18)).meaning).toMatch(/^scope 0xff \(the high byte\) is not one Cilium uses/);
    expect(identityFacts(2 ** 32, v(18)).meaning).toContain('unsigned 32-bit');
    expect(identityFacts(12, v(18)).meaning).toBe(
      'ID 12 is in the reserved range 1-255 but means nothing in Cilium 1.18',
    );
  });

  it('names where the CiliumIdentity of a global identity lives', () => {
    expect(identityFacts(27084, v(14)).meaning).toBe(
      'global identity of a cluster with cluster-id 0; in CRD identity mode CiliumIdentity 27084 holds its labels',
    );
    expect(identityFacts(5 * 65536 + 7, v(16)).meaning).toContain('cluster-id 5 (cluster mesh)');
  });

  it('says node-local identities have no CiliumIdentity', () => {
    expect(identityFacts(16777217, v(14)).meaning).toContain('never a CiliumIdentity');
    expect(identityFacts(33554433, v(15)).meaning).toContain('never a CiliumIdentity');
  });

  it('never throws, and only the global range has CiliumIdentity objects', () => {
    fc.assert(
      fc.property(fc.oneof(fc.nat({ max: 2 ** 32 + 10 }), fc.double()), fc.constantFrom(...VERSIONS), (id, minor) => {
        const facts = identityFacts(id, v(minor));
        expect(facts.meaning.length).toBeGreaterThan(0);
        expect(facts.hasCiliumIdentity).toBe(facts.class === 'cluster');
        expect(facts.hasCiliumIdentity).toBe(Number.isInteger(id) && id >= 256 && id < 2 ** 24);
      }),
    );
  });

  it("puts every global identity inside its cluster's allocation range", () => {
    fc.assert(
      fc.property(fc.integer({ min: 256, max: 2 ** 24 - 1 }), (id) => {
        const { clusterId } = identityFacts(id, v(15));
        const range = clusterIdentityRange(clusterId ?? -1, v(15));
        expect(id).toBeGreaterThanOrEqual(range.first);
        expect(id).toBeLessThanOrEqual(range.last);
      }),
    );
  });
});

describe('clusterIdentityRange', () => {
  it('gives cluster-id 0 the IDs 256-65535 (65,280)', () => {
    expect(clusterIdentityRange(0, v(14))).toEqual({ first: 256, last: 65535, allocatable: 65280 });
  });

  it('gives cluster-id 1 the IDs 65536-131071 (65,536)', () => {
    expect(clusterIdentityRange(1, v(15))).toEqual({ first: 65536, last: 131071, allocatable: 65536 });
  });

  it('gives cluster-id 255 the IDs 16711680-16777215 (65,536)', () => {
    expect(clusterIdentityRange(255, v(18))).toEqual({ first: 16711680, last: 16777215, allocatable: 65536 });
  });

  it('rejects cluster IDs outside 0-255', () => {
    for (const clusterId of [-1, 256, 511, 1.5]) {
      expect(() => clusterIdentityRange(clusterId, v(18))).toThrow(RangeError);
    }
  });
});
