/**
 * What a numeric security identity is, per Cilium version: the bit layout and fixed IDs of
 * cilium/cilium `pkg/identity/numericidentity.go` (names from `pkg/labels/labels.go`).
 *
 * Layout of the 32 bits (numericidentity.go, "Identities also have scopes"):
 *   bits 24-31  scope: 0x00 global and reserved, 0x01 local (CIDR), 0x02 remote node (v1.15+)
 *   bits 16-23  cluster ID, bits 0-15 cluster-local part (global scope only)
 *
 * The cluster ID takes log2(max-connected-clusters + 1) bits (`initClusterIDShift`): with the default
 * max-connected-clusters=255 (`defaults.MaxConnectedClusters`; v1.14 has no such option and always
 * uses 255) that is 8 bits and a shift of 16, the layout used here. Since v1.15 a cluster mesh may set
 * max-connected-clusters=511 (`ClusterIDExt511`, pkg/clustermesh/types): 9 bits of cluster ID at
 * bits 15-23 and 15 local bits, so 32,768 IDs per cluster and `ClusterID() = (id >> 15) & 511`.
 * A numeric ID alone does not say which setting made it.
 */
import type { CiliumVersion } from './version.js';

export type IdentityClass =
  | 'unknown'
  | 'reserved'
  | 'well-known'
  | 'user-reserved'
  | 'cluster'
  | 'local'
  | 'remote-node-scope'
  | 'invalid';

export interface IdentityFacts {
  id: number;
  class: IdentityClass;
  /** The reserved name (host, world, ...) or the well-known name (kube-dns, ...). */
  name?: string;
  /** One sentence a person reads, e.g. "reserved identity 'host': the local node". */
  meaning: string;
  /** For class 'cluster': the cluster ID in bits 16-23 (0 = cluster-id 0, no cluster mesh ID). */
  clusterId?: number;
  /** Whether a CiliumIdentity object can exist for it: only the global range, 256 to 2^24-1. */
  hasCiliumIdentity: boolean;
}

/** `ClusterIDShift` (v1.14) / `GetClusterIDShift()` with max-connected-clusters=255 (v1.15+). */
const CLUSTER_ID_SHIFT = 16;
/** `ClusterIDMax` with the default max-connected-clusters. */
const MAX_CLUSTER_ID = 255;
/** `MinimalNumericIdentity`: the first ID not used for reserved purposes. */
const MINIMAL_NUMERIC_IDENTITY = 256;
/** `UserReservedNumericIdentity`. */
const USER_RESERVED_IDENTITY = 128;
/** Scopes are the high byte (`IdentityScopeMask`); `IdentityScopeLocal` = 1<<24, `IdentityScopeRemoteNode` = 2<<24. */
const SCOPE_UNIT = 2 ** 24;
const SCOPE_LOCAL = 1;
const SCOPE_REMOTE_NODE = 2;
const MAX_NUMERIC_IDENTITY = 2 ** 32 - 1;

interface Reserved {
  name: string;
  meaning: string;
  /** First 1.x minor release that has it; absent = v1.14 (and before). */
  since?: number;
  /** Last 1.x minor release that has it; absent = still there. */
  until?: number;
}

/** `ReservedIdentityHost` .. `ReservedEncryptedOverlay`: IDs 1-11, numbered by `iota`. */
const RESERVED: ReadonlyMap<number, Reserved> = new Map([
  [1, { name: 'host', meaning: 'the local node' }],
  [2, { name: 'world', meaning: 'any endpoint outside the cluster' }],
  [3, { name: 'unmanaged', meaning: 'endpoints that Cilium does not manage' }],
  [4, { name: 'health', meaning: "the node's cilium-health endpoint" }],
  [5, { name: 'init', meaning: 'an endpoint whose labels are not known yet' }],
  [6, { name: 'remote-node', meaning: 'every node of this and remote clusters except the local node' }],
  [7, { name: 'kube-apiserver', meaning: 'the nodes or addresses that serve the kube-apiserver' }],
  [8, { name: 'ingress', meaning: "the source address of Cilium's Ingress proxies" }],
  [9, { name: 'world-ipv4', meaning: 'IPv4 addresses outside the cluster, in dual-stack mode', since: 15 }],
  [10, { name: 'world-ipv6', meaning: 'IPv6 addresses outside the cluster, in dual-stack mode', since: 15 }],
  [
    11,
    {
      name: 'overlay-to-encrypt',
      meaning: 'overlay traffic to IPsec-encrypt before it leaves the node (never on the wire)',
      since: 16,
      until: 18,
    },
  ],
]);

/**
 * `ReservedETCDOperator` (100) .. `ReservedCiliumEtcdOperator2` (115): eight components, then the same
 * eight again with the namespace-name label. Used only with enable-well-known-identities=true, which
 * Helm sets only for a managed etcd.
 */
const WELL_KNOWN_FIRST = 100;
const WELL_KNOWN = [
  'etcd-operator',
  'cilium-kvstore',
  'kube-dns',
  'eks-kube-dns',
  'core-dns',
  'cilium-operator',
  'eks-coredns',
  'cilium-etcd-operator',
] as const;

const release = (version: CiliumVersion): string => `Cilium ${version.major}.${version.minor}`;

function invalid(id: number, meaning: string): IdentityFacts {
  return { id, class: 'invalid', meaning, hasCiliumIdentity: false };
}

function reservedFacts(id: number, version: CiliumVersion): IdentityFacts {
  const reserved = RESERVED.get(id);
  if (reserved !== undefined) {
    const { name, meaning, since, until } = reserved;
    if (since !== undefined && version.minor < since) {
      return invalid(
        id,
        `reserved identity ${id} '${name}' exists from Cilium 1.${since} on, not in ${release(version)}`,
      );
    }
    if (until !== undefined && version.minor > until) {
      return invalid(
        id,
        `reserved identity ${id} '${name}' existed up to Cilium 1.${until}, not in ${release(version)}`,
      );
    }
    return {
      id,
      class: 'reserved',
      name,
      meaning: `reserved identity '${name}': ${meaning}`,
      hasCiliumIdentity: false,
    };
  }
  const offset = id - WELL_KNOWN_FIRST;
  const wellKnown = offset >= 0 && offset < 2 * WELL_KNOWN.length ? WELL_KNOWN[offset % WELL_KNOWN.length] : undefined;
  if (wellKnown !== undefined) {
    const variant = offset < WELL_KNOWN.length ? '' : ' (with the namespace-name label)';
    return {
      id,
      class: 'well-known',
      name: wellKnown,
      meaning: `well-known identity '${wellKnown}'${variant}, used only with enable-well-known-identities=true`,
      hasCiliumIdentity: false,
    };
  }
  if (id >= USER_RESERVED_IDENTITY) {
    return {
      id,
      class: 'user-reserved',
      meaning: 'user-reserved identity: 128-255 are kept for identities a user defines; Cilium allocates none',
      hasCiliumIdentity: false,
    };
  }
  return invalid(id, `ID ${id} is in the reserved range 1-255 but means nothing in ${release(version)}`);
}

function clusterFacts(id: number): IdentityFacts {
  const clusterId = id >>> CLUSTER_ID_SHIFT;
  const meaning =
    clusterId === 0
      ? `global identity of a cluster with cluster-id 0; in CRD identity mode CiliumIdentity ${id} holds its labels`
      : `global identity of the cluster with cluster-id ${clusterId} (cluster mesh); CiliumIdentity ${id} is in that cluster`;
  return { id, class: 'cluster', meaning, clusterId, hasCiliumIdentity: true };
}

/** IDs of 2^24 and up: the high byte is the scope. */
function scopedFacts(id: number, version: CiliumVersion): IdentityFacts {
  const scope = Math.floor(id / SCOPE_UNIT);
  if (scope === SCOPE_REMOTE_NODE && version.minor < 15) {
    return invalid(id, `the remote-node scope (high byte 0x02) exists from Cilium 1.15 on, not in ${release(version)}`);
  }
  if (scope !== SCOPE_LOCAL && scope !== SCOPE_REMOTE_NODE) {
    const high = `0x${scope.toString(16).padStart(2, '0')}`;
    return invalid(
      id,
      `scope ${high} (the high byte) is not one Cilium uses: 0x00 global, 0x01 local, 0x02 remote node`,
    );
  }
  // Both node-local allocators hand out 1..0xFFFFFF (MinAllocatorLocalIdentity, MaxAllocatorLocalIdentity).
  if (id % SCOPE_UNIT === 0) {
    return invalid(id, "a scope tag with a local part of 0, which Cilium's node-local allocators never hand out");
  }
  const allocated = 'allocated by one agent for its own node, never a CiliumIdentity';
  return scope === SCOPE_LOCAL
    ? {
        id,
        class: 'local',
        meaning: `local-scope identity of a CIDR (from CIDR or FQDN policy): ${allocated}`,
        hasCiliumIdentity: false,
      }
    : {
        id,
        class: 'remote-node-scope',
        meaning: `remote-node-scope identity of a node of this cluster (policy-cidr-match-mode=nodes): ${allocated}`,
        hasCiliumIdentity: false,
      };
}

export function identityFacts(id: number, version: CiliumVersion): IdentityFacts {
  if (!Number.isInteger(id) || id < 0 || id > MAX_NUMERIC_IDENTITY) {
    return invalid(id, `${id} is not a numeric identity: identities are unsigned 32-bit integers`);
  }
  if (id === 0) {
    return {
      id,
      class: 'unknown',
      name: 'unknown',
      meaning: "identity 0 'unknown': no identity determined yet; in policy map keys it stands for any identity",
      hasCiliumIdentity: false,
    };
  }
  if (id < MINIMAL_NUMERIC_IDENTITY) return reservedFacts(id, version);
  if (id < SCOPE_UNIT) return clusterFacts(id);
  return scopedFacts(id, version);
}

/**
 * The IDs the identity allocator of a cluster hands out (`GetMinimalAllocationIdentity(clusterID)`,
 * `GetMaximumAllocationIdentity(clusterID)`; v1.14: `MinimalAllocationIdentity`,
 * `MaximumAllocationIdentity` set in `InitWellKnownIdentities`): cluster-id 0 starts after the reserved
 * IDs at 256, cluster-id N > 0 owns all of `N<<16 .. ((N+1)<<16)-1`. Every version has this layout
 * under the default max-connected-clusters=255 (see the file comment for 511), hence the unused version.
 */
export function clusterIdentityRange(
  clusterId: number,
  _version: CiliumVersion,
): { first: number; last: number; allocatable: number } {
  if (!Number.isInteger(clusterId) || clusterId < 0 || clusterId > MAX_CLUSTER_ID) {
    throw new RangeError(`cluster ID ${clusterId} is not an integer from 0 to ${MAX_CLUSTER_ID}`);
  }
  const first = clusterId === 0 ? MINIMAL_NUMERIC_IDENTITY : clusterId << CLUSTER_ID_SHIFT;
  const last = ((clusterId + 1) << CLUSTER_ID_SHIFT) - 1;
  return { first, last, allocatable: last - first + 1 };
}
