/**
 * The identity health check behind `doctor`: the join of every endpoint to every identity, judged.
 *
 * Problems (exit 3): dangling references, duplicate identities, endpoints not `ready`, a cluster ID
 * with 90% or more of its identities allocated. Warnings (reported, exit unchanged): unused identities,
 * which Cilium's operator collects by design, and identities whose collection is overdue. The operator
 * (`operator/identitygc/crd_gc.go`) marks an identity no endpoint has used for identity-heartbeat-timeout
 * with the annotation `io.cilium.heartbeat` (the time of marking) and deletes it on a later run, at the
 * latest heartbeat timeout + identity-gc-interval (30m + 15m by default) after the mark. An unmarked
 * unused identity may have lost its last endpoint a moment ago (nothing says since when it is unused),
 * so only a mark older than that is a sign of a stuck GC; even then it stays a warning, because a
 * dump read from files is judged by today's clock and deletions are rate-limited in large clusters.
 */

import { compareBytes } from '../kube/go-order.js';
import { endpointIdentityId, heartbeatMark, identityLabels, identityNamespace } from './identity.js';
import { clusterIdentityRange, identityFacts } from './identity-facts.js';
import type { CiliumEndpoint, CiliumIdentity } from './schema.js';
import type { CiliumVersion } from './version.js';

/** identity-heartbeat-timeout + identity-gc-interval, Cilium's defaults. */
export const COLLECTION_DUE_MS = 45 * 60 * 1000;
/** Allocated share of a cluster ID's identities from which headroom is a problem. */
export const HEADROOM_LIMIT_PERCENT = 90;

export type Status = 'ok' | 'warning' | 'problem';

export interface Check {
  name: string;
  status: Status;
  message: string;
}

export interface EndpointRef {
  namespace: string;
  name: string;
}

export interface UnusedIdentity {
  name: string;
  namespace: string | null;
  created: string | null;
  /** The operator's mark (`io.cilium.heartbeat`): when it found the identity unused. */
  markedAt: string | null;
  /** Marked longer ago than COLLECTION_DUE_MS: the operator should have deleted it by now. */
  collectionOverdue: boolean;
}

export interface Headroom {
  clusterId: number;
  used: number;
  allocatable: number;
  first: number;
  last: number;
  /** used / allocatable in percent, rounded to two decimals. */
  percent: number;
}

export const ENDPOINT_BUCKETS = ['1', '2-5', '6-20', '>20'] as const;

export interface DoctorReport {
  healthy: boolean;
  checks: Check[];
  endpoints: {
    total: number;
    /** Endpoints per `status.state` (`<none>` when it has none), by state name. */
    byState: Record<string, number>;
    notReady: (EndpointRef & { state: string })[];
  };
  identities: {
    total: number;
    /** identities / endpoints; null without endpoints. */
    perEndpoint: number | null;
    /** How many identities have 1, 2-5, 6-20, more than 20 endpoints (the unused ones are listed apart). */
    byEndpointCount: Record<(typeof ENDPOINT_BUCKETS)[number], number>;
  };
  unused: UnusedIdentity[];
  /** Endpoints whose identity should have a CiliumIdentity object and has none. */
  dangling: (EndpointRef & { identity: number })[];
  /** Identities with the same security labels, in the order first seen. */
  duplicates: { identities: string[]; labels: string[] }[];
  headroom: Headroom[];
}

const bucket = (endpoints: number): (typeof ENDPOINT_BUCKETS)[number] =>
  endpoints === 1 ? '1' : endpoints <= 5 ? '2-5' : endpoints <= 20 ? '6-20' : '>20';

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

export function diagnose(
  endpoints: readonly CiliumEndpoint[],
  identities: readonly CiliumIdentity[],
  version: CiliumVersion,
  now: Date,
): DoctorReport {
  const uses = new Map<string, number>();
  for (const endpoint of endpoints) {
    const id = endpointIdentityId(endpoint);
    if (id !== undefined) uses.set(String(id), (uses.get(String(id)) ?? 0) + 1);
  }
  const names = new Set(identities.map((identity) => identity.metadata.name));

  const byEndpointCount = { '1': 0, '2-5': 0, '6-20': 0, '>20': 0 };
  const unused: UnusedIdentity[] = [];
  for (const identity of identities) {
    const count = uses.get(identity.metadata.name) ?? 0;
    if (count > 0) byEndpointCount[bucket(count)]++;
    else unused.push(unusedIdentity(identity, now));
  }

  const dangling = endpoints.flatMap((endpoint) => {
    const id = endpointIdentityId(endpoint);
    if (id === undefined || names.has(String(id)) || !identityFacts(id, version).hasCiliumIdentity) return [];
    return [{ namespace: endpoint.metadata.namespace, name: endpoint.metadata.name, identity: id }];
  });

  const byLabels = new Map<string, { identities: string[]; labels: string[] }>();
  for (const identity of identities) {
    const labels = identityLabels(identity);
    const key = labels.join('\n');
    const entry = byLabels.get(key) ?? { identities: [], labels };
    entry.identities.push(identity.metadata.name);
    byLabels.set(key, entry);
  }
  const duplicates = [...byLabels.values()].filter((entry) => entry.identities.length > 1);

  const byState = new Map<string, number>();
  const notReady: DoctorReport['endpoints']['notReady'] = [];
  for (const endpoint of endpoints) {
    const state = endpoint.status?.state ?? '<none>';
    byState.set(state, (byState.get(state) ?? 0) + 1);
    if (state !== 'ready')
      notReady.push({ namespace: endpoint.metadata.namespace, name: endpoint.metadata.name, state });
  }

  const headroom = headroomOf(identities, version);
  const report = {
    endpoints: {
      total: endpoints.length,
      byState: Object.fromEntries([...byState].sort(([a], [b]) => compareBytes(a, b))),
      notReady,
    },
    identities: {
      total: identities.length,
      perEndpoint: endpoints.length === 0 ? null : round(identities.length / endpoints.length),
      byEndpointCount,
    },
    unused,
    dangling,
    duplicates,
    headroom,
  };
  const checks = checksOf(report);
  return { healthy: checks.every((check) => check.status !== 'problem'), checks, ...report };
}

function unusedIdentity(identity: CiliumIdentity, now: Date): UnusedIdentity {
  const markedAt = heartbeatMark(identity) ?? null;
  const marked = markedAt === null ? Number.NaN : Date.parse(markedAt);
  return {
    name: identity.metadata.name,
    namespace: identityNamespace(identity) ?? null,
    created: identity.metadata.creationTimestamp ?? null,
    markedAt,
    collectionOverdue: now.getTime() - marked > COLLECTION_DUE_MS,
  };
}

function headroomOf(identities: readonly CiliumIdentity[], version: CiliumVersion): Headroom[] {
  const used = new Map<number, number>();
  for (const identity of identities) {
    const name = identity.metadata.name;
    const facts = /^\d+$/.test(name) ? identityFacts(Number(name), version) : undefined;
    if (facts?.clusterId !== undefined) used.set(facts.clusterId, (used.get(facts.clusterId) ?? 0) + 1);
  }
  return [...used.entries()]
    .sort(([a], [b]) => a - b)
    .map(([clusterId, count]) => {
      const { first, last, allocatable } = clusterIdentityRange(clusterId, version);
      return { clusterId, used: count, allocatable, first, last, percent: round((count / allocatable) * 100) };
    });
}

function checksOf(report: Omit<DoctorReport, 'healthy' | 'checks'>): Check[] {
  const { dangling, duplicates, endpoints, headroom, unused } = report;
  const fullest = headroom.reduce<Headroom | undefined>(
    (a, b) => (a === undefined || b.percent > a.percent ? b : a),
    undefined,
  );
  const overdue = unused.filter((identity) => identity.collectionOverdue).length;
  return [
    check(
      'dangling references',
      dangling.length > 0,
      'problem',
      `${plural(dangling.length, 'endpoint refers', 'endpoints refer')} to an identity that has no CiliumIdentity`,
      'every identity an endpoint refers to exists or is built in',
    ),
    check(
      'duplicate identities',
      duplicates.length > 0,
      'problem',
      `${plural(duplicates.length, 'label set has', 'label sets have')} more than one identity`,
      'no two identities have the same labels',
    ),
    check(
      'endpoint states',
      endpoints.notReady.length > 0,
      'problem',
      `not ready: ${endpoints.notReady.length} of ${plural(endpoints.total, 'endpoint', 'endpoints')}`,
      'every endpoint is ready',
    ),
    fullest === undefined
      ? { name: 'identity headroom', status: 'ok', message: 'no identity is allocated' }
      : check('identity headroom', overLimit(fullest), 'problem', headroomText(fullest), headroomText(fullest)),
    check(
      'unused identities',
      unused.length > 0,
      'warning',
      `${plural(unused.length, 'identity is', 'identities are')} used by no endpoint (Cilium's operator collects them)`,
      'every identity is used',
    ),
    check(
      'identity GC',
      overdue > 0,
      'warning',
      `${plural(overdue, 'identity was', 'identities were')} marked for collection over 45m ago and not deleted: is cilium-operator's identity GC running?`,
      'no identity is overdue for collection',
    ),
  ];
}

const check = (name: string, failed: boolean, status: Status, failure: string, success: string): Check =>
  failed ? { name, status, message: failure } : { name, status: 'ok', message: success };

/** The fullest cluster ID's use; the others use less. */
const headroomText = ({ clusterId, percent, allocatable }: Headroom): string =>
  `cluster ID ${clusterId} uses ${percent}% of its ${allocatable.toLocaleString('en-US')} identities (limit ${HEADROOM_LIMIT_PERCENT}%)`;

/** Judged on the exact share, not on the rounded percentage. */
export const overLimit = ({ used, allocatable }: Headroom): boolean =>
  used * 100 >= allocatable * HEADROOM_LIMIT_PERCENT;

const round = (value: number): number => Math.round(value * 100) / 100;
