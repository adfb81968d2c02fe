/**
 * The report as one self-contained HTML page: a header (source, time, Cilium version, doctor's verdict),
 * summary figures, the charts (charts.ts) and the tables of findings (capped, with the count left out).
 * Everything from the cluster goes through escape.ts; the page loads nothing (assets.ts has its policy).
 */

import { ageCell } from '../../kube/human-duration.js';
import type { Status } from '../../model/health.js';
import type { IdentityPicture } from '../../model/picture.js';
import { CONTENT_SECURITY_POLICY, SCRIPT, STYLE } from './assets.js';
import { figures, renderFigure } from './charts.js';
import { figure, text } from './escape.js';
import { type HtmlCell, htmlTable } from './table.js';

/** Rows per table; the footer counts the others. */
export const TABLE_ROWS = 200;

export interface PageFacts {
  /** Where the objects came from: the context and server, the files, the demo cluster. */
  source: string;
  generated: Date;
  /** The Cilium release whose rules were assumed, e.g. `1.14`. */
  ciliumVersion: string;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${figure(n)} ${n === 1 ? one : many}`;

const timeOf = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** doctor's last line: `healthy, 1 warning` or `3 problems (doctor exits 3), 2 warnings`. */
export function verdict(statuses: readonly { status: Status }[]): { words: string; tone: Status } {
  const problems = statuses.filter((c) => c.status === 'problem').length;
  const warnings = statuses.filter((c) => c.status === 'warning').length;
  const words = `${problems === 0 ? 'healthy' : `${plural(problems, 'problem')} (doctor exits 3)`}, ${plural(warnings, 'warning')}`;
  return { words, tone: problems > 0 ? 'problem' : warnings > 0 ? 'warning' : 'ok' };
}

/** The header's facts: the source (a line, or one per cluster), when, the Cilium version, the verdict. */
export function header(
  sources: string | readonly string[],
  facts: Omit<PageFacts, 'source'>,
  verdict: { words: string; tone: Status },
): string {
  const source =
    typeof sources === 'string'
      ? text(sources)
      : `<ul class="sources">${sources.map((s) => `<li>${text(s)}</li>`).join('')}</ul>`;
  const rows: [string, string, string?][] = [
    ['Source', source],
    ['Generated', text(timeOf(facts.generated))],
    [
      'Cilium version',
      text(`${facts.ciliumVersion} (its reserved identity IDs and default label filter; --cilium-version)`),
    ],
    ['Verdict', text(verdict.words), verdict.tone],
  ];
  const list = rows
    .map(([term, value, tone]) => `<dt>${term}</dt><dd${tone === undefined ? '' : ` class="${tone}"`}>${value}</dd>`)
    .join('');
  return `<header><h1>Cilium identity report</h1><dl class="meta" id="facts">${list}</dl></header>`;
}

interface Summary {
  key: string;
  value: number | string;
  what: string;
  detail?: string;
  tone?: Status;
}

function unusedDetail(picture: IdentityPicture, now: Date): string | undefined {
  const { unused } = picture.doctor;
  if (unused.length === 0) return undefined;
  const marks = unused.flatMap((u) => (u.markedAt === null ? [] : [u.markedAt]));
  const overdue = unused.filter((u) => u.collectionOverdue).length;
  if (marks.length === 0) return 'none marked for collection yet';
  const oldest = marks.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
  return `${figure(marks.length)} marked by the operator, the oldest ${ageCell(oldest, now)} ago; ${figure(overdue)} overdue`;
}

/** The summary figures; `id` prefixes the ids of the page's parts (one prefix per cluster of a mesh). */
export function summary(picture: IdentityPicture, now: Date, id = '', title = 'Summary'): string {
  const { endpoints, identities, unused, dangling, duplicates } = picture.doctor;
  const problem = (n: number): Status => (n > 0 ? 'problem' : 'ok');
  const items: Summary[] = [
    { key: 'endpoints', value: endpoints.total, what: 'endpoints' },
    { key: 'identities', value: identities.total, what: 'identities' },
    {
      key: 'identities-per-endpoint',
      value: identities.perEndpoint === null ? '-' : String(identities.perEndpoint),
      what: 'identities per endpoint',
    },
    {
      key: 'unused',
      value: unused.length,
      what: 'unused identities',
      detail: unusedDetail(picture, now),
      tone: unused.length > 0 ? 'warning' : 'ok',
    },
    { key: 'dangling', value: dangling.length, what: 'dangling references', tone: problem(dangling.length) },
    { key: 'duplicates', value: duplicates.length, what: 'duplicate label sets', tone: problem(duplicates.length) },
    {
      key: 'not-ready',
      value: endpoints.notReady.length,
      what: 'endpoints not ready',
      tone: problem(endpoints.notReady.length),
    },
  ];
  const cards = items.map(({ key, value, what, detail, tone }) => {
    const shown = typeof value === 'number' ? figure(value) : value;
    const n = `<span class="n${tone === undefined ? '' : ` ${tone}`}">${text(shown)}</span>`;
    const extra = detail === undefined ? '' : `<span class="detail">${text(detail)}</span>`;
    return `<li data-figure="${key}" data-value="${text(String(value))}">${n}<span class="what">${what}</span>${extra}</li>`;
  });
  return `<section id="${id}summary"><h2>${text(title)}</h2><ul class="figures">${cards.join('')}</ul></section>`;
}

const count = (n: number): HtmlCell => ({ text: figure(n), sort: n });
const toned = (value: string, tone: Status): HtmlCell => ({ text: value, tone });
const MORE = 'cilium-view doctor -o json lists them all';

export function tables(picture: IdentityPicture, now: Date, id = '', title = 'Findings'): string {
  const { checks, unused, dangling, duplicates, endpoints } = picture.doctor;
  const section = (part: string, title: string, n: number | undefined, body: string) =>
    `<h3 id="${id}${part}">${text(title)}${n === undefined ? '' : ` (${figure(n)})`}</h3>${body}`;
  const parts = [
    section(
      'checks',
      'Checks',
      undefined,
      htmlTable({
        head: ['CHECK', 'STATUS', 'DETAIL'],
        items: checks,
        row: (c) => [c.name, toned(c.status, c.status), c.message],
        cap: TABLE_ROWS,
        empty: 'no checks',
        more: MORE,
      }),
    ),
    section(
      'unused',
      'Unused identities',
      unused.length,
      htmlTable({
        head: ['NAME', 'NAMESPACE', 'AGE', 'MARKED'],
        numeric: [0],
        items: unused,
        row: (u) => [
          { text: u.name, sort: Number(u.name) },
          u.namespace ?? '<none>',
          { text: ageCell(u.created ?? '', now), sort: u.created ?? '' },
          u.markedAt === null
            ? { text: 'no', sort: '' }
            : {
                text: `${ageCell(u.markedAt, now)} ago${u.collectionOverdue ? ' (overdue)' : ''}`,
                sort: u.markedAt,
                tone: u.collectionOverdue ? 'warning' : 'ok',
              },
        ],
        cap: TABLE_ROWS,
        empty: 'every identity is used',
        more: MORE,
      }) +
        '<p class="note">MARKED: when Cilium\'s operator marked the identity for collection (annotation io.cilium.heartbeat); ' +
        'it deletes it within 45m (identity-heartbeat-timeout 30m + identity-gc-interval 15m, the defaults).</p>',
    ),
    section(
      'dangling',
      'Dangling references',
      dangling.length,
      htmlTable({
        head: ['NAMESPACE', 'ENDPOINT', 'IDENTITY'],
        numeric: [2],
        items: dangling,
        row: (d) => [d.namespace, d.name, count(d.identity)],
        cap: TABLE_ROWS,
        empty: 'every identity an endpoint refers to exists or is built in',
        more: MORE,
      }),
    ),
    section(
      'duplicates',
      'Duplicate identities',
      duplicates.length,
      htmlTable({
        head: ['IDENTITIES', 'LABELS'],
        items: duplicates,
        row: (d) => [d.identities.join(', '), d.labels.join(', ')],
        cap: TABLE_ROWS,
        empty: 'no two identities have the same labels',
        more: MORE,
      }),
    ),
    section(
      'not-ready',
      'Endpoints not ready',
      endpoints.notReady.length,
      htmlTable({
        head: ['NAMESPACE', 'ENDPOINT', 'STATE'],
        items: endpoints.notReady,
        row: (e) => [e.namespace, e.name, toned(e.state, 'problem')],
        cap: TABLE_ROWS,
        empty: 'every endpoint is ready',
        more: MORE,
      }),
    ),
  ];
  const { whatIf } = picture;
  if (whatIf !== null) {
    parts.push(
      section(
        'policy-relevant',
        `What-if: policy-relevant keys --labels '${whatIf.labels}' drops`,
        whatIf.policyRelevantKeys.length,
        htmlTable({
          head: ['POLICY-RELEVANT KEY', 'MERGED WORKLOADS'],
          items: whatIf.policyRelevantKeys,
          row: (p) => [toned(p.key, 'problem'), p.workloads.join(', ')],
          cap: TABLE_ROWS,
          empty: 'no dropped key is policy-relevant',
          more: 'cilium-view cardinality -o json lists them all',
        }) +
          '<p class="note">A dropped key is policy-relevant when dropping it merges identities of different workloads that ' +
          'it told apart: no network policy could then select one of those workloads without the others.</p>',
      ),
    );
  }
  return `<section id="${id}findings"><h2>${text(title)}</h2>${parts.join('\n')}</section>`;
}

/** The charts of one cluster: the ids of their figures and charts prefixed with `id`. */
export function charts(picture: IdentityPicture, id = '', title = 'Charts'): string {
  const drawn = figures(picture)
    .map((f) => renderFigure({ ...f, id: `${id}${f.id}`, chart: { ...f.chart, id: `${id}${f.chart.id}` } }))
    .join('\n');
  return `<section id="${id}charts"><h2>${text(title)}</h2>\n${drawn}\n</section>`;
}

/** The page around a header and a body: the policy, the style and the sorting script, nothing loaded. */
export function page(title: string, head: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="cilium-view report">
<title>Cilium identity report: ${text(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${head}
<main>
${body}
</main>
<footer class="note">Made by cilium-view report from the same model as cilium-view doctor -o json and cilium-view cardinality -o json. Sort a table by clicking a column header.</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

export function reportPage(picture: IdentityPicture, facts: PageFacts): string {
  const now = facts.generated;
  const head = header(facts.source, facts, verdict(picture.doctor.checks));
  return page(facts.source, head, `${summary(picture, now)}\n${charts(picture)}\n${tables(picture, now)}`);
}
