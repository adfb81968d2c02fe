/**
 * What `get` adds from the other kind (issue: identity insight): `identities -o wide` gains ENDPOINTS
 * and LABELS, `identities --unused` keeps those no endpoint uses (with when the operator marked them),
 * `endpoints --dangling` keeps endpoints whose identity has no CiliumIdentity. The other list is read
 * while the main one is, and only counted or named as it arrives, never kept.
 */

import { ageCell } from '../kube/human-duration.js';
import { formatLabel, heartbeatMark, rawIdentityId, sortedLabels } from '../model/identity.js';
import { identityFacts } from '../model/identity-facts.js';
import { CILIUM_ENDPOINTS, CILIUM_IDENTITIES } from '../model/resources.js';
import type { CiliumEndpoint, CiliumIdentity } from '../model/schema.js';
import type { CiliumVersion } from '../model/version.js';
import { ALL_NAMESPACES, type Source } from '../source/source.js';
import type { ColumnDefinition } from '../view/columns.js';
import type { Cell, Table } from '../view/table.js';

/** Filters (and widens) a printed table whose rows are `items`, once the other list has been read. */
export type Join<T> = (items: readonly T[], table: Table) => { items: T[]; table: Table };

function column(name: string, type: ColumnDefinition['type'], description: string, priority: number): ColumnDefinition {
  return { name, type, format: '', description, priority };
}

/** identities: ENDPOINTS and LABELS as wide columns; with `unused`, only identities no endpoint uses. */
export async function identityJoin(source: Source, unused: boolean, now: Date): Promise<Join<CiliumIdentity>> {
  const counts = new Map<string, number>();
  await source.list(CILIUM_ENDPOINTS, ALL_NAMESPACES, {
    table: false,
    objects: false,
    keep: (raw) => {
      const id = String(rawIdentityId(raw));
      counts.set(id, (counts.get(id) ?? 0) + 1);
      return false;
    },
  });
  return (items, table) => {
    const keep = items.flatMap((item, i) => (!unused || !counts.has(item.metadata.name) ? [i] : []));
    const extra = [
      column('Endpoints', 'integer', 'How many endpoints carry the identity', 1),
      column('Labels', 'string', 'The security labels', 1),
      ...(unused ? [column('Marked', 'string', "Since when Cilium's operator has marked it for collection", 0)] : []),
    ];
    const rows = keep.map((i) => {
      const identity = items[i] as CiliumIdentity;
      const labels = Object.entries(identity['security-labels'] ?? {}).map(([k, v]) => formatLabel(k, v));
      const heartbeat = heartbeatMark(identity);
      const cells: Cell[] = [counts.get(identity.metadata.name) ?? 0, sortedLabels(labels).join(',')];
      if (unused) cells.push(heartbeat === undefined ? null : ageCell(heartbeat, now));
      const row = table.rows[i] as Table['rows'][number];
      return { ...row, cells: [...row.cells, ...cells] };
    });
    return {
      items: keep.map((i) => items[i] as CiliumIdentity),
      table: { columns: [...table.columns, ...extra], rows },
    };
  };
}

/** endpoints --dangling: those whose identity should have a CiliumIdentity and has none. */
export async function danglingJoin(source: Source, version: CiliumVersion): Promise<Join<CiliumEndpoint>> {
  const names = new Set<string>();
  await source.list(CILIUM_IDENTITIES, ALL_NAMESPACES, {
    table: false,
    objects: false,
    keep: (raw) => {
      const metadata = raw.metadata as { name?: unknown } | undefined;
      if (typeof metadata?.name === 'string') names.add(metadata.name);
      return false;
    },
  });
  return (items, table) => {
    const keep = items.flatMap((endpoint, i) => {
      const id = endpoint.status?.identity?.id;
      const dangling = id !== undefined && identityFacts(id, version).hasCiliumIdentity && !names.has(String(id));
      return dangling ? [i] : [];
    });
    return {
      items: keep.map((i) => items[i] as CiliumEndpoint),
      table: { columns: table.columns, rows: keep.map((i) => table.rows[i] as Table['rows'][number]) },
    };
  };
}
