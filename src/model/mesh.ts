/**
 * A Cluster Mesh seen from each member's identities (issue 13). Every cluster allocates its global
 * identities in its own range: its cluster ID sits in bits 16-23 of each (`ID >> 16 & 0xFF`, with the
 * default max-connected-clusters=255), and its name in the `io.cilium.k8s.policy.cluster` label. Two
 * clusters with the same ID or name collide; the same workload has a different identity in each cluster
 * (the same security labels once the cluster label is set aside).
 */
import { compareBytes } from '../kube/go-order.js';
import type { Headroom } from './health.js';
import { identityLabels } from './identity.js';
import { identityFacts } from './identity-facts.js';
import type { CiliumIdentity } from './schema.js';
import type { CiliumVersion } from './version.js';

/** The label that names an identity's cluster (`k8s:` in security labels, bare in metadata.labels). */
export const CLUSTER_LABEL = 'io.cilium.k8s.policy.cluster';

export type MeshStatus = 'ok' | 'warning' | 'problem';

/** What one member's identities say of its cluster. */
export interface ClusterFacts {
  context: string;
  /** The cluster names its identities carry, most frequent first (one, in a healthy cluster). */
  names: string[];
  /** The cluster IDs its global identities fall in, with how many identities each (ID order). */
  clusterIds: { clusterId: number; identities: number }[];
}

export interface MeshCheck {
  name: string;
  status: MeshStatus;
  message: string;
}

/** The cluster an identity names, from its security labels, else its metadata labels. */
export function clusterNameOf(identity: CiliumIdentity): string | undefined {
  return identity['security-labels']?.[`k8s:${CLUSTER_LABEL}`] ?? identity.metadata.labels?.[CLUSTER_LABEL];
}

/** The cluster ID a global identity's number encodes; undefined for any other identity. */
export function clusterIdOf(id: number, version: CiliumVersion): number | undefined {
  const facts = identityFacts(id, version);
  return facts.class === 'cluster' ? facts.clusterId : undefined;
}

export function clusterFacts(
  context: string,
  identities: readonly CiliumIdentity[],
  version: CiliumVersion,
): ClusterFacts {
  const names = new Map<string, number>();
  const ids = new Map<number, number>();
  for (const identity of identities) {
    const name = clusterNameOf(identity);
    if (name !== undefined) names.set(name, (names.get(name) ?? 0) + 1);
    const id = Number(identity.metadata.name);
    const clusterId = Number.isSafeInteger(id) ? clusterIdOf(id, version) : undefined;
    if (clusterId !== undefined) ids.set(clusterId, (ids.get(clusterId) ?? 0) + 1);
  }
  return {
    context,
    names: [...names].sort((a, b) => b[1] - a[1] || compareBytes(a[0], b[0])).map(([name]) => name),
    clusterIds: [...ids].sort((a, b) => a[0] - b[0]).map(([clusterId, identities]) => ({ clusterId, identities })),
  };
}

/** A cluster of the mesh as doctor and report show it: name, ID and the headroom of its ID's range. */
export interface MeshCluster {
  context: string;
  clusterName: string | null;
  clusterId: number | null;
  headroom: Headroom | null;
}

/** The cluster's most frequent name, its one cluster ID (null when none or several), and that ID's headroom. */
export function meshCluster(cluster: ClusterFacts, headroom: readonly Headroom[]): MeshCluster {
  const clusterId = cluster.clusterIds.length === 1 ? (cluster.clusterIds[0]?.clusterId ?? null) : null;
  return {
    context: cluster.context,
    clusterName: cluster.names[0] ?? null,
    clusterId,
    headroom: headroom.find((h) => h.clusterId === clusterId) ?? null,
  };
}

const quoted = (names: readonly string[]): string => names.map((name) => `"${name}"`).join(', ');

/**
 * The mesh's checks: a cluster ID or a cluster name used by two contexts, or a context whose identities
 * fall in several cluster IDs, are problems; a context whose cluster ID cannot be told (no global
 * identity) while others' can is a warning.
 */
export function meshChecks(clusters: readonly ClusterFacts[]): MeshCheck[] {
  const shared = (key: (c: ClusterFacts) => readonly (string | number)[]) => {
    const by = new Map<string | number, string[]>();
    for (const cluster of clusters)
      for (const k of new Set(key(cluster))) by.set(k, [...(by.get(k) ?? []), cluster.context]);
    return [...by].filter(([, contexts]) => contexts.length > 1);
  };
  const ids = shared((c) => c.clusterIds.map((i) => i.clusterId));
  const names = shared((c) => c.names.slice(0, 1));
  const mixed = clusters.filter((c) => c.clusterIds.length > 1);
  const unknown = clusters.filter((c) => c.clusterIds.length === 0);
  const known = clusters.length - unknown.length;
  return [
    {
      name: 'shared cluster IDs',
      status: ids.length > 0 ? 'problem' : 'ok',
      message:
        ids.length === 0
          ? 'every context has a cluster ID of its own'
          : ids.map(([id, contexts]) => `cluster ID ${id} in contexts ${quoted(contexts)}`).join('; '),
    },
    {
      name: 'shared cluster names',
      status: names.length > 0 ? 'problem' : 'ok',
      message:
        names.length === 0
          ? 'every context has a cluster name of its own'
          : names
              .map(([name, contexts]) => `cluster name "${name}" in contexts ${quoted(contexts as string[])}`)
              .join('; '),
    },
    {
      name: 'one cluster ID per context',
      status: mixed.length > 0 ? 'problem' : 'ok',
      message:
        mixed.length === 0
          ? 'the identities of each context fall in one cluster ID'
          : mixed
              .map(
                (c) =>
                  `context "${c.context}" has identities in cluster IDs ${c.clusterIds.map((i) => i.clusterId).join(', ')}`,
              )
              .join('; '),
    },
    {
      name: 'cluster ID known',
      status: unknown.length > 0 && known > 0 ? 'warning' : 'ok',
      message:
        unknown.length === 0
          ? 'every context has global identities that tell its cluster ID'
          : `no global identity tells the cluster ID of ${unknown.length === 1 ? 'context' : 'contexts'} ${quoted(unknown.map((c) => c.context))}`,
    },
  ];
}

/** Security labels without the cluster's: what the same workload's identity has in every cluster. */
export function workloadKey(identity: CiliumIdentity): string {
  return identityLabels(identity)
    .filter((label) => !label.startsWith(`k8s:${CLUSTER_LABEL}=`) && label !== `k8s:${CLUSTER_LABEL}`)
    .join(',');
}
