/**
 * The report page (src/print/html/, model/picture.ts): hostile strings stay text, the charts and tables
 * carry doctor's and cardinality's figures for the same objects (read back from the page as a person
 * reads them), long lists are cut with the rest counted, and the page allows only its own style and script.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardinality, whatIf } from '../../src/model/cardinality.js';
import { diagnose } from '../../src/model/health.js';
import { parseLabelsOption } from '../../src/model/label-filter.js';
import { identityPicture, top } from '../../src/model/picture.js';
import type { CiliumEndpoint, CiliumIdentity } from '../../src/model/schema.js';
import { DEFAULT_CILIUM_VERSION } from '../../src/model/version.js';
import { shorten, text } from '../../src/print/html/escape.js';
import { reportPage, TABLE_ROWS } from '../../src/print/html/page.js';
import { barChart, LABEL_CHARS } from '../../src/print/html/svg.js';
import { htmlTable } from '../../src/print/html/table.js';
import { reportJson } from '../../src/print/report.js';
import { escapeTerminal } from '../../src/print/sanitize.js';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { chartBars, headingCount, summaryFigures, tableRows, textOf } from '../report-page.js';
import {
  type Cluster,
  HOSTILE,
  healthyCluster,
  hostileCluster,
  identity,
  merge,
  SYNTHETIC_NOW,
  securityLabels,
  statefulSet,
  troubledCluster,
} from '../synthetic.js';

const POD_NAME_EXCLUDE = 'k8s:!statefulset.kubernetes.io/pod-name';
const demo = (): Cluster => ({ endpoints: demoEndpoints() as never, identities: demoIdentities() as never });
const objects = (c: Cluster) => ({
  endpoints: c.endpoints as CiliumEndpoint[],
  identities: c.identities as CiliumIdentity[],
});

function page(cluster: Cluster, labels?: string): string {
  const { endpoints, identities } = objects(cluster);
  const option =
    labels === undefined ? undefined : { text: labels, filter: parseLabelsOption(labels, DEFAULT_CILIUM_VERSION) };
  const picture = identityPicture(endpoints, identities, DEFAULT_CILIUM_VERSION, SYNTHETIC_NOW, option);
  return reportPage(picture, { source: 'files x.json', generated: SYNTHETIC_NOW, ciliumVersion: '1.14' });
}

/** What `doctor -o json` prints for the cluster. */
function doctorJson(cluster: Cluster) {
  const { endpoints, identities } = objects(cluster);
  return JSON.parse(reportJson(diagnose(endpoints, identities, DEFAULT_CILIUM_VERSION, SYNTHETIC_NOW)));
}

describe('text: cluster strings in HTML', () => {
  it.each(Object.entries(HOSTILE))('%s is text: no markup character is left, nothing is lost', (_name, value) => {
    const escaped = text(value);
    expect(escaped).not.toMatch(/[<>"'\u202e]/);
    expect(textOf(escaped)).toBe(escapeTerminal(value));
  });

  it('shows a bidi override as \\u202e, as on a terminal', () => {
    expect(text(HOSTILE.bidi)).toBe('evil\\u202egnp.exe');
  });

  it('leaves no markup character, control or bidi control in any string', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom(...'<>"\'&\u202e\u2066\x1b\r\n\x9b'),
            fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
          ),
        }),
        (value) => {
          const escaped = text(value);
          expect(escaped).not.toMatch(/[<>"'\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
          expect(escaped.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
        },
      ),
    );
  });

  it('shortens what a person sees, not the markup', () => {
    expect(shorten('abcdef', 4)).toBe('abc…');
    expect(shorten('\u202eabc', 5)).toBe('\\u20…');
    expect(shorten('abc', 3)).toBe('abc');
  });
});

describe('barChart', () => {
  const chart = barChart({
    id: 'c',
    title: 'Things',
    axis: 'things counted',
    bars: [
      { label: 'big', value: 1000 },
      { label: 'tiny', value: 1 },
      { label: 'none', value: 0 },
      { label: 'x'.repeat(60), value: 10, note: '10 of 1,000' },
    ],
    marker: { value: 900, label: 'limit' },
    empty: 'nothing',
  });

  it('has a size, a title, a description and every label and number in text', () => {
    expect(chart).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="chart" id="c" width="800" height="\d+"/);
    expect(chart).toContain('<title id="c-title">Things</title>');
    expect(chart).toContain(
      `<desc id="c-desc">things counted: big 1,000; tiny 1; none 0; ${'x'.repeat(60)} 10 of 1,000</desc>`,
    );
    for (const shown of ['>big<', '>1,000<', '>tiny<', '>1<', '>none<', '>0<', '>things counted<', '>limit<']) {
      expect(chart).toContain(shown);
    }
  });

  it('draws a 0 as no bar, any other value as at least 2 pixels', () => {
    expect(chartBars(chart, 'c').map((bar) => bar.value)).toEqual([1000, 1, 0, 10]);
    const widths = [...chart.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[0]).toBe(320);
    expect(widths[1]).toBe(2);
    expect(widths[2]).toBe(0);
  });

  it('cuts a long label, with the whole label in the title', () => {
    expect(chart).toContain(`>${'x'.repeat(LABEL_CHARS - 1)}…</text>`);
    expect(chartBars(chart, 'c')[3]).toEqual({ label: 'x'.repeat(60), value: 10, note: '10 of 1,000' });
  });

  it('says so when there is nothing to draw', () => {
    const empty = barChart({ id: 'e', title: 'T', axis: 'a', bars: [], empty: 'no things' });
    expect(empty).toContain('>no things</text>');
    expect(empty).toMatch(/width="800" height="40"/);
  });
});

describe('htmlTable', () => {
  const items = Array.from({ length: 250 }, (_, i) => i);
  const table = htmlTable({
    head: ['N'],
    numeric: [0],
    items,
    row: (i) => [{ text: `#${i}`, sort: i }],
    cap: 200,
    empty: 'none',
    more: 'ask elsewhere',
  });

  it('writes at most cap rows and counts the others', () => {
    expect(table.match(/<tr>/g)?.length).toBe(1 + 200 + 1);
    expect(table).toContain('<tfoot><tr><td colspan="1">50 more not shown: ask elsewhere</td></tr></tfoot>');
    expect(table).toContain('<td class="num" data-sort="199">#199</td>');
    expect(table).not.toContain('#200');
  });

  it('writes the empty text without items', () => {
    expect(htmlTable({ head: ['N'], items: [], row: () => [], cap: 1, empty: 'none here', more: '' })).toBe(
      '<p class="empty">none here</p>',
    );
  });
});

describe('top', () => {
  it('keeps the largest and sums the rest', () => {
    const counts = Array.from({ length: 25 }, (_, i) => ({ name: `n${i}`, count: 25 - i }));
    const { shown, rest } = top(counts, 20);
    expect(shown.map((c) => c.name)).toEqual(counts.slice(0, 20).map((c) => c.name));
    expect(rest).toEqual({ entries: 5, count: 5 + 4 + 3 + 2 + 1 });
    expect(top(counts.slice(0, 3), 20).rest).toEqual({ entries: 0, count: 0 });
  });
});

describe("the page's figures are doctor -o json's", () => {
  it.each([
    ['the demo', demo],
    ['a healthy cluster', healthyCluster],
    ['a troubled cluster', troubledCluster],
    ['a hostile cluster', hostileCluster],
  ])('%s', (_name, cluster) => {
    const html = page(cluster());
    const json = doctorJson(cluster());
    expect(summaryFigures(html)).toEqual({
      endpoints: String(json.endpoints.total),
      identities: String(json.identities.total),
      'identities-per-endpoint': String(json.identities.perEndpoint ?? '-'),
      unused: String(json.unused.length),
      dangling: String(json.dangling.length),
      duplicates: String(json.duplicates.length),
      'not-ready': String(json.endpoints.notReady.length),
    });
    const bars = (id: string) => chartBars(html, id).map(({ label, value }) => [label, value]);
    expect(bars('chart-endpoint-states')).toEqual(Object.entries(json.endpoints.byState));
    expect(bars('chart-identity-use')).toEqual([
      ['0 (unused)', json.unused.length],
      ...Object.entries(json.identities.byEndpointCount),
    ]);
    expect(chartBars(html, 'chart-headroom')).toEqual(
      json.headroom.map((h: { clusterId: number; used: number; allocatable: number; percent: number }) => ({
        label: `cluster ID ${h.clusterId}`,
        value: h.percent,
        note: `${h.used.toLocaleString('en-US')} of ${h.allocatable.toLocaleString('en-US')} (${h.percent}%)`,
      })),
    );
    expect(chartBars(html, 'chart-namespaces').reduce((sum, bar) => sum + bar.value, 0)).toBe(json.identities.total);
    expect(tableRows(html, 'checks')).toEqual(
      json.checks.map((c: { name: string; status: string; message: string }) => [c.name, c.status, c.message]),
    );
    for (const [id, list] of [
      ['unused', json.unused],
      ['dangling', json.dangling],
      ['duplicates', json.duplicates],
      ['not-ready', json.endpoints.notReady],
    ] as const) {
      expect(headingCount(html, id)).toBe(list.length);
      expect(tableRows(html, id).length).toBe(Math.min(list.length, TABLE_ROWS));
    }
    expect(tableRows(html, 'dangling')).toEqual(
      json.dangling.map((d: { namespace: string; name: string; identity: number }) => [
        escapeTerminal(d.namespace),
        escapeTerminal(d.name),
        d.identity.toLocaleString('en-US'),
      ]),
    );
  });

  it("and cardinality's: workloads, splitting keys and the what-if", () => {
    const cluster = healthyCluster();
    const html = page(cluster, 'k8s:app');
    const identities = cluster.identities as CiliumIdentity[];
    const expected = cardinality(identities);
    expect(chartBars(html, 'chart-workloads').map(({ label, value }) => [label, value])).toEqual(
      expected.workloads.map((w) => [`${w.namespace}/${w.workload}`, w.identities]),
    );
    expect(chartBars(html, 'chart-splitting-keys').map(({ label, value }) => [label, value])).toEqual(
      expected.splittingKeys.map((s) => [s.keys.join(', '), s.identitiesSaved]),
    );
    const result = whatIf(identities, parseLabelsOption('k8s:app', DEFAULT_CILIUM_VERSION));
    expect(chartBars(html, 'chart-what-if').map((bar) => bar.value)).toEqual([
      result.identitiesBefore,
      result.identitiesAfter,
    ]);
  });

  it('a StatefulSet of 50 gives 50 identities; excluding its pod-name leaves 1', () => {
    const html = page(statefulSet('default', 'web', 50, 10_000), POD_NAME_EXCLUDE);
    expect(summaryFigures(html).identities).toBe('50');
    expect(chartBars(html, 'chart-workloads')).toEqual([{ label: 'default/web', value: 50, note: '50' }]);
    expect(chartBars(html, 'chart-splitting-keys')).toEqual([
      { label: 'k8s:statefulset.kubernetes.io/pod-name', value: 49, note: '49 of 50, 1 workload' },
    ]);
    expect(chartBars(html, 'chart-what-if')).toEqual([
      { label: 'before', value: 50, note: '50 identities' },
      { label: 'after', value: 1, note: '1 identity' },
    ]);
    expect(headingCount(html, 'policy-relevant')).toBe(0);
  });

  it('cuts long lists: 20 namespaces and the rest summed, 200 rows and the rest counted', () => {
    const unused = Array.from({ length: 260 }, (_, i) =>
      identity(50_000 + i, securityLabels(`ns-${String(i % 30).padStart(2, '0')}`, { app: `a${i}` })),
    );
    const html = page(merge(healthyCluster(), { endpoints: [], identities: unused }));
    const namespaces = chartBars(html, 'chart-namespaces');
    expect(namespaces).toHaveLength(21);
    expect(namespaces.at(-1)?.label).toBe('13 other namespaces (summed)');
    expect(namespaces.reduce((sum, bar) => sum + bar.value, 0)).toBe(55 + 260);
    expect(headingCount(html, 'unused')).toBe(260);
    expect(tableRows(html, 'unused')).toHaveLength(200);
    expect(html).toContain('60 more not shown: cilium-view doctor -o json lists them all');
  });
});

describe('the page is safe and self-contained', () => {
  const html = page(hostileCluster(), `k8s:!${HOSTILE.script}`);
  const TAGS = new Set(
    'html head meta title style body header h1 dl dt dd main section h2 ul li span figure figcaption svg desc line text g rect p h3 table thead tr th tbody td tfoot footer script'.split(
      ' ',
    ),
  );

  it('has only its own elements, none with an event handler, and one script', () => {
    const tags = [...html.matchAll(/<([a-zA-Z][\w-]*)[^>]*>/g)];
    expect(tags.map((m) => m[1]).filter((tag) => !TAGS.has(tag as string))).toEqual([]);
    expect(tags.filter((m) => /\s(on\w+|src|href)\s*=/i.test(m[0]))).toEqual([]);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('\u202e');
    for (const value of Object.values(HOSTILE)) expect(html).toContain(text(value));
  });

  it('allows its own style and script by hash, and nothing else', () => {
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    const hash = (content: string) => `'sha256-${createHash('sha256').update(content).digest('base64')}'`;
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*)<\/style>/.exec(html)?.[1] ?? '';
    expect(policy.split('; ')).toEqual([
      "default-src 'none'",
      `script-src ${hash(script)}`,
      `style-src ${hash(style)}`,
      "base-uri 'none'",
      "form-action 'none'",
    ]);
  });

  it('the demo page is under 100 KB', () => {
    expect(Buffer.byteLength(page(demo(), 'k8s:!run'))).toBeLessThan(100 * 1024);
  });
});
