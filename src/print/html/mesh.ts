/**
 * The report of several clusters (a Cluster Mesh) as one page: a header listing every cluster and its
 * source, the mesh section doctor prints across clusters (each context's cluster name, cluster ID and
 * headroom; the mesh's checks; a chart of the headroom per cluster), then each cluster's summary, charts
 * and findings as the page of one cluster draws them, their ids prefixed `c1-`, `c2-`, ... in order.
 */
import { HEADROOM_LIMIT_PERCENT, overLimit, type Status } from '../../model/health.js';
import type { MeshCheck, MeshCluster } from '../../model/mesh.js';
import type { IdentityPicture } from '../../model/picture.js';
import { renderFigure } from './charts.js';
import { figure, text } from './escape.js';
import { charts, header, type PageFacts, page, summary, TABLE_ROWS, tables, verdict } from './page.js';
import { htmlTable } from './table.js';

export interface MeshMember {
  /** The context's name (or the name given with `--from NAME=PATH`). */
  name: string;
  /** Where its objects came from: the context and server, or the files. */
  source: string;
  picture: IdentityPicture;
}

export interface MeshPicture {
  members: readonly MeshMember[];
  clusters: readonly MeshCluster[];
  checks: readonly MeshCheck[];
  /** The clusters that could not be read: their lines, as on stderr. */
  failures: readonly string[];
}

const MORE = 'cilium-view doctor -o json lists them all';

/** doctor's verdict over every cluster and the mesh; contexts not read make it exit 1. */
function meshVerdict(mesh: MeshPicture): { words: string; tone: Status } {
  const all = [...mesh.members.flatMap((m) => m.picture.doctor.checks), ...mesh.checks];
  const { words, tone } = verdict(all);
  const failed = mesh.failures.length;
  if (failed === 0) return { words, tone };
  return {
    words: `${words}; ${figure(failed)} ${failed === 1 ? 'context' : 'contexts'} not read (doctor exits 1)`,
    tone: 'problem',
  };
}

function meshSection(mesh: MeshPicture): string {
  const clusters = htmlTable({
    head: ['CONTEXT', 'CLUSTER NAME', 'CLUSTER ID', 'USED', 'USE'],
    numeric: [2, 3],
    items: mesh.clusters,
    row: (c) => [
      c.context,
      c.clusterName ?? '<none>',
      c.clusterId === null ? { text: '<unknown>', sort: -1 } : { text: String(c.clusterId), sort: c.clusterId },
      c.headroom === null ? { text: '-', sort: -1 } : { text: figure(c.headroom.used), sort: c.headroom.used },
      c.headroom === null
        ? { text: '-', sort: -1 }
        : { text: `${c.headroom.percent}% of ${figure(c.headroom.allocatable)}`, sort: c.headroom.percent },
    ],
    cap: TABLE_ROWS,
    empty: 'no cluster could be read',
    more: MORE,
  });
  const checks = htmlTable({
    head: ['CHECK', 'STATUS', 'DETAIL'],
    items: mesh.checks,
    row: (c) => [c.name, { text: c.status, tone: c.status }, c.message],
    cap: TABLE_ROWS,
    empty: 'no checks',
    more: MORE,
  });
  const failures =
    mesh.failures.length === 0
      ? ''
      : `<h3 id="mesh-failures">Not read (${figure(mesh.failures.length)})</h3><ul class="problem">${mesh.failures
          .map((line) => `<li>${text(line)}</li>`)
          .join('')}</ul>`;
  const headroom = renderFigure({
    id: 'mesh-headroom',
    caption: 'Identity headroom per cluster',
    chart: {
      id: 'chart-mesh-headroom',
      title: "Identities allocated in each cluster's cluster ID, in percent of the allocatable",
      axis: 'allocated, % of the allocatable identities',
      unit: '%',
      max: 100,
      marker: { value: HEADROOM_LIMIT_PERCENT, label: `limit ${HEADROOM_LIMIT_PERCENT}%` },
      bars: mesh.clusters.flatMap((c) =>
        c.headroom === null
          ? []
          : [
              {
                label: `${c.context}: cluster ID ${c.clusterId}`,
                value: c.headroom.percent,
                note: `${figure(c.headroom.used)} of ${figure(c.headroom.allocatable)} (${c.headroom.percent}%)`,
                tone: overLimit(c.headroom) ? 'problem' : 'ok',
              },
            ],
      ),
      empty: 'no cluster has a cluster ID of its own',
    },
    notes: ['A cluster without one cluster ID (none, or several) has no bar: see the checks above.'],
  });
  return (
    `<section id="mesh"><h2>Cluster mesh</h2><h3 id="mesh-clusters">Clusters</h3>${clusters}` +
    '<p class="note">CLUSTER NAME: the io.cilium.k8s.policy.cluster label of its identities; CLUSTER ID: ID &gt;&gt; 16 &amp; 0xFF ' +
    'of its global identities (max-connected-clusters=255, the default).</p>' +
    `<h3 id="mesh-checks">Cluster mesh checks</h3>${checks}${failures}${headroom}</section>`
  );
}

export function meshReportPage(mesh: MeshPicture, facts: Omit<PageFacts, 'source'>): string {
  const now = facts.generated;
  const sources = mesh.members.map((m) => `${m.name}: ${m.source}`);
  const head = header(sources, facts, meshVerdict(mesh));
  const clusters = mesh.members.map(({ name, picture }, i) => {
    const id = `c${i + 1}-`;
    return (
      `<article id="${id}cluster" data-context="${text(name)}">` +
      `${summary(picture, now, id, `${name}: Summary`)}\n${charts(picture, id, `${name}: Charts`)}\n` +
      `${tables(picture, now, id, `${name}: Findings`)}</article>`
    );
  });
  return page(mesh.members.map((m) => m.name).join(', '), head, [meshSection(mesh), ...clusters].join('\n'));
}
