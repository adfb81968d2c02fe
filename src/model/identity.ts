/**
 * Identity facts and the join of endpoints to identities by numeric identity ID
 * (`status.identity.id` of a CiliumEndpoint = `metadata.name` of a CiliumIdentity).
 */
import { compareBytes } from '../kube/go-order.js';
import type { CiliumEndpoint, CiliumIdentity } from './schema.js';

/** The annotation Cilium's operator sets on an identity it found unused (and will collect). */
const HEARTBEAT_ANNOTATION = 'io.cilium.heartbeat';

/** When Cilium's operator marked the identity unused (its heartbeat annotation), if it did. */
export function heartbeatMark(identity: CiliumIdentity): string | undefined {
  return identity.metadata.annotations?.[HEARTBEAT_ANNOTATION];
}

/** Numeric identities are unsigned 32-bit; 0 is Cilium's "unknown" and never names an identity. */
export const MIN_IDENTITY = 1;
export const MAX_IDENTITY = 4_294_967_295;

/** The label under which Cilium records an identity's namespace in `metadata.labels`. */
export const NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';

/** Security labels as Cilium prints them: `source:key=value`, or `source:key` when the value is empty. */
export function formatLabel(key: string, value: string): string {
  return value === '' ? key : `${key}=${value}`;
}

export function sortedLabels(labels: Iterable<string>): string[] {
  return [...labels].sort(compareBytes);
}

export function identityLabels(identity: CiliumIdentity): string[] {
  return sortedLabels(Object.entries(identity['security-labels'] ?? {}).map(([k, v]) => formatLabel(k, v)));
}

export function identityNamespace(identity: CiliumIdentity): string | undefined {
  return identity.metadata.labels?.[NAMESPACE_LABEL];
}

export function endpointIdentityId(endpoint: CiliumEndpoint): number | undefined {
  return endpoint.status?.identity?.id;
}

/** `status.identity.id` of an endpoint not yet decoded (to drop the others as pages arrive). */
export function rawIdentityId(raw: Record<string, unknown>): unknown {
  const status = raw.status as { identity?: { id?: unknown } } | undefined;
  return status?.identity?.id;
}

export interface Sharing {
  id: number;
  /** The CiliumIdentity object, when the source has one. */
  identity: CiliumIdentity | undefined;
  /** Every endpoint whose `status.identity.id` is `id`, in the order given. */
  endpoints: CiliumEndpoint[];
  /** The identity's security labels, from the object or else from the endpoints' status. */
  labels: string[];
}

export function whoShares(
  id: number,
  endpoints: readonly CiliumEndpoint[],
  identities: readonly CiliumIdentity[],
): Sharing {
  const name = String(id);
  const identity = identities.find((candidate) => candidate.metadata.name === name);
  const sharing = endpoints.filter((endpoint) => endpointIdentityId(endpoint) === id);
  const labels =
    identity !== undefined ? identityLabels(identity) : sortedLabels(sharing[0]?.status?.identity?.labels ?? []);
  return { id, identity, endpoints: sharing, labels };
}
