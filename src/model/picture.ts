/**
 * The identity picture behind `report`: doctor's health report (health.ts) and cardinality's workload
 * analysis (cardinality.ts) of the same objects, with the `--labels` what-if when one is given, and the
 * groupings the report draws. Every figure is one that `doctor -o json` or `cardinality -o json` prints
 * for the same source; the groupings only add up those figures (identities per namespace) or cut a long
 * list to its largest entries and sum the rest.
 */

import { compareBytes } from '../kube/go-order.js';
import { type CardinalityReport, cardinality, type WhatIf, whatIf } from './cardinality.js';
import { type DoctorReport, diagnose } from './health.js';
import type { LabelFilter } from './label-filter.js';
import type { CiliumEndpoint, CiliumIdentity } from './schema.js';
import type { CiliumVersion } from './version.js';

export interface Count {
  name: string;
  count: number;
}

/** The largest counts, and what the others add up to. */
export interface Top {
  shown: Count[];
  /** How many entries were left out and the sum of their counts; both 0 when none was. */
  rest: { entries: number; count: number };
}

export interface IdentityPicture {
  doctor: DoctorReport;
  cardinality: CardinalityReport;
  /** Identities per namespace (of their security labels): cardinality's workloads added up, most first. */
  namespaces: Count[];
  /** `--labels`: cardinality's what-if, with the option as given; null without one. */
  whatIf: (WhatIf & { labels: string }) | null;
}

export interface LabelsOption {
  /** As given to `--labels`. */
  text: string;
  filter: LabelFilter;
}

export function identityPicture(
  endpoints: readonly CiliumEndpoint[],
  identities: readonly CiliumIdentity[],
  version: CiliumVersion,
  now: Date,
  labels?: LabelsOption,
): IdentityPicture {
  const workloads = cardinality(identities);
  const perNamespace = new Map<string, number>();
  for (const { namespace, identities: count } of workloads.workloads) {
    perNamespace.set(namespace, (perNamespace.get(namespace) ?? 0) + count);
  }
  return {
    doctor: diagnose(endpoints, identities, version, now),
    cardinality: workloads,
    namespaces: [...perNamespace]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || compareBytes(a.name, b.name)),
    whatIf: labels === undefined ? null : { labels: labels.text, ...whatIf(identities, labels.filter) },
  };
}

/** The first `limit` counts (the list is ordered, largest first) and the sum of the others. */
export function top(counts: readonly Count[], limit: number): Top {
  const left = counts.slice(limit);
  return {
    shown: counts.slice(0, limit),
    rest: { entries: left.length, count: left.reduce((sum, entry) => sum + entry.count, 0) },
  };
}
