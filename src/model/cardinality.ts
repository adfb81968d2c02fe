/**
 * Identity explosion (`cardinality`): which workloads own many identities, which label keys split them,
 * and what a `labels` option of cilium-config would leave.
 *
 * A label key here is the security label's `source:key` (`k8s:app`). The workload of an identity is the
 * first of these security labels it has: `app.kubernetes.io/name`, `app`, `k8s-app` (their value), then
 * `statefulset.kubernetes.io/pod-name` without its `-<ordinal>` (the StatefulSet), then
 * `batch.kubernetes.io/job-name` or `job-name` without a `-<digits>` suffix (the CronJob whose Jobs are
 * named `<cronjob>-<scheduled minute>`, else the Job); `<none>` otherwise. Identities are grouped by
 * namespace (`io.kubernetes.pod.namespace`) and workload.
 *
 * Splitting keys: the keys whose values differ between the identities of one workload. Removing them
 * makes those identities collapse. Keys that change together are removed together, because removing
 * one alone collapses nothing: a Job's `job-name` and `controller-uid`, a StatefulSet pod's `pod-name`
 * and (Kubernetes 1.28+) `apps.kubernetes.io/pod-index`. Each key set is measured exactly: removed from
 * every identity, how many fewer distinct label sets remain.
 *
 * Policy-relevant keys of a what-if: network policies select identities by their labels, and there are
 * no policies to read, so a dropped key counts as policy-relevant when dropping it merges identities of
 * different workloads that it told apart (it has one value in each workload, and those values differ):
 * no policy could then select one of those workloads without the other.
 */

import { compareBytes } from '../kube/go-order.js';
import { identityLabels, NAMESPACE_LABEL } from './identity.js';
import { filterLabels, type LabelFilter } from './label-filter.js';
import type { CiliumIdentity } from './schema.js';

type Labels = ReadonlyMap<string, string>;

export interface WorkloadGroup {
  namespace: string;
  workload: string;
  identities: number;
}

export interface SplittingKeys {
  keys: string[];
  /** Fewer distinct label sets once the keys are removed from every identity. */
  identitiesSaved: number;
  /** The workloads (`namespace/workload`) whose identities the keys split. */
  workloads: string[];
}

export interface WhatIf {
  /** The filter's description: the version's defaults, the patterns, the rule in force. */
  filter: string;
  identitiesBefore: number;
  /** Distinct label sets once every identity's labels are filtered. */
  identitiesAfter: number;
  droppedKeys: string[];
  policyRelevantKeys: { key: string; workloads: string[] }[];
}

export interface CardinalityReport {
  identities: number;
  workloads: WorkloadGroup[];
  splittingKeys: SplittingKeys[];
}

const WORKLOAD_KEYS = ['k8s:app.kubernetes.io/name', 'k8s:app', 'k8s:k8s-app'];
const NAME_KEYS: readonly [key: string, suffix: RegExp][] = [
  ['k8s:statefulset.kubernetes.io/pod-name', /-\d+$/],
  ['k8s:batch.kubernetes.io/job-name', /-\d+$/],
  ['k8s:job-name', /-\d+$/],
];

export function workloadOf(labels: Labels): string {
  for (const key of WORKLOAD_KEYS) {
    const value = labels.get(key);
    if (value !== undefined) return value;
  }
  for (const [key, suffix] of NAME_KEYS) {
    const value = labels.get(key);
    if (value !== undefined) return value.replace(suffix, '');
  }
  return '<none>';
}

const namespaceOf = (labels: Labels): string => labels.get(`k8s:${NAMESPACE_LABEL}`) ?? '<none>';

const workloadName = (labels: Labels): string => `${namespaceOf(labels)}/${workloadOf(labels)}`;

const labelMap = (identity: CiliumIdentity): Labels => new Map(Object.entries(identity['security-labels'] ?? {}));

/** The number of distinct label sets once `removed` keys are taken out of each. */
function distinct(sets: readonly Labels[], removed: ReadonlySet<string> = new Set()): number {
  const seen = new Set<string>();
  for (const labels of sets) {
    const kept = [...labels].filter(([key]) => !removed.has(key)).map(([key, value]) => `${key}=${value}`);
    seen.add(kept.sort(compareBytes).join('\n'));
  }
  return seen.size;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

/** The keys whose value (or absence) is not the same in every one of the label sets. */
function varyingKeys(sets: readonly Labels[]): string[] {
  const keys = new Set(sets.flatMap((labels) => [...labels.keys()]));
  return [...keys].filter((key) => new Set(sets.map((labels) => labels.get(key))).size > 1).sort(compareBytes);
}

const byCountThenName =
  <T>(count: (item: T) => number, name: (item: T) => string) =>
  (a: T, b: T) =>
    count(b) - count(a) || compareBytes(name(a), name(b));

export function cardinality(identities: readonly CiliumIdentity[]): CardinalityReport {
  const sets = identities.map(labelMap);
  const groups = groupBy(sets, workloadName);

  const workloads = [...groups.values()]
    .map((members) => {
      const first = members[0] as Labels;
      return { namespace: namespaceOf(first), workload: workloadOf(first), identities: members.length };
    })
    .sort(
      byCountThenName(
        (g) => g.identities,
        (g) => `${g.namespace}/${g.workload}`,
      ),
    );

  const splits = new Map<string, { keys: string[]; workloads: string[] }>();
  for (const [workload, members] of groups) {
    const keys = varyingKeys(members);
    if (keys.length === 0) continue;
    const entry = splits.get(keys.join('\n')) ?? { keys, workloads: [] };
    entry.workloads.push(workload);
    splits.set(keys.join('\n'), entry);
  }
  const base = distinct(sets);
  const splittingKeys = [...splits.values()]
    .map(({ keys, workloads }) => ({
      keys,
      identitiesSaved: base - distinct(sets, new Set(keys)),
      workloads: workloads.sort(compareBytes),
    }))
    .filter((split) => split.identitiesSaved > 0)
    .sort(
      byCountThenName(
        (s) => s.identitiesSaved,
        (s) => s.keys.join(','),
      ),
    );

  return { identities: identities.length, workloads, splittingKeys };
}

const labelKey = (label: string): string => label.split('=', 1)[0] as string;

/** Filters every identity's security labels with `filter` (Cilium's `labels` option on top of the defaults). */
export function whatIf(identities: readonly CiliumIdentity[], filter: LabelFilter): WhatIf {
  const filtered = identities.map((identity) => {
    const { kept, dropped } = filterLabels(filter, identityLabels(identity));
    return { labels: labelMap(identity), kept: kept.join('\n'), dropped: dropped.map(labelKey) };
  });
  const droppedKeys = [...new Set(filtered.flatMap((identity) => identity.dropped))].sort(compareBytes);

  const merges = new Map<string, Set<string>>();
  for (const merged of groupBy(filtered, (identity) => identity.kept).values()) {
    const byWorkload = groupBy(merged, (identity) => workloadName(identity.labels));
    if (byWorkload.size < 2) continue;
    for (const key of droppedKeys) {
      const values = [...byWorkload.values()].map((members) => new Set(members.map((m) => m.labels.get(key))));
      const tellsApart = values.every((set) => set.size === 1) && new Set(values.map((set) => [...set][0])).size > 1;
      if (tellsApart) merges.set(key, new Set([...(merges.get(key) ?? []), ...byWorkload.keys()]));
    }
  }

  return {
    filter: filter.description,
    identitiesBefore: identities.length,
    identitiesAfter: new Set(filtered.map((identity) => identity.kept)).size,
    droppedKeys,
    policyRelevantKeys: [...merges]
      .sort(([a], [b]) => compareBytes(a, b))
      .map(([key, workloads]) => ({ key, workloads: [...workloads].sort(compareBytes) })),
  };
}
