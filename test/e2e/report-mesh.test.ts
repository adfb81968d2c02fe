/**
 * `report` over several clusters (issues 13 and 14): each cluster's figures and the mesh section against
 * `doctor -o json` run on the same contexts (fixtures/mesh: east and west, cluster IDs 1 and 2; north
 * and south, both cluster ID 3), offline (`--from NAME=PATH`) and live (`--all-contexts`), and a context
 * that cannot be read.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { chartBars, summaryFigures, tableRows, textOf } from '../report-page.js';
import { GOLDEN_NOW, runCli } from '../run-cli.js';
import { type Mesh, meshPath, startMesh } from '../support/mesh.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();
const meshes: Mesh[] = [];
afterEach(async () => {
  await Promise.all(meshes.splice(0).map((mesh) => mesh.close()));
});

const REFERENCES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** A string as the page writes it, in text and in attribute values. */
const escaped = (value: string): string => value.replace(/[&<>"']/g, (char) => REFERENCES[char] ?? char);

const dumps = (...names: ('east' | 'west' | 'north' | 'south')[]) =>
  names.flatMap((name) => ['--from', `${name}=${meshPath(name)}`]);

/** The part of the page that draws the cluster `n` (1, 2, ...). */
function cluster(html: string, n: number): string {
  const start = html.indexOf(`<article id="c${n}-cluster"`);
  if (start < 0) throw new Error(`no cluster ${n} in the page`);
  return html.slice(start, html.indexOf('</article>', start));
}

interface Doctor {
  healthy: boolean;
  contexts: { context: string; report: DoctorReport }[];
  mesh: {
    clusters: { context: string; clusterName: string | null; clusterId: number | null; headroom: Headroom | null }[];
    checks: { name: string; status: string; message: string }[];
  };
}
interface Headroom {
  clusterId: number;
  used: number;
  allocatable: number;
  percent: number;
}
interface DoctorReport {
  endpoints: { total: number; byState: Record<string, number>; notReady: unknown[] };
  identities: { total: number };
  unused: unknown[];
  dangling: unknown[];
  duplicates: unknown[];
  headroom: Headroom[];
}

/** The page checked against doctor's JSON of the same sources: each cluster, the mesh's table and checks. */
function expectDoctors(html: string, doctor: Doctor): void {
  doctor.contexts.forEach(({ context, report }, i) => {
    const part = cluster(html, i + 1);
    expect(part).toContain(`data-context="${escaped(context)}"`);
    expect(part).toContain(`<h2>${escaped(context)}: Summary</h2>`);
    expect(summaryFigures(part)).toMatchObject({
      endpoints: String(report.endpoints.total),
      identities: String(report.identities.total),
      unused: String(report.unused.length),
      dangling: String(report.dangling.length),
      duplicates: String(report.duplicates.length),
      'not-ready': String(report.endpoints.notReady.length),
    });
    const states = chartBars(part, `c${i + 1}-chart-endpoint-states`).map(({ label, value }) => [label, value]);
    expect(states).toEqual(Object.entries(report.endpoints.byState));
    expect(chartBars(part, `c${i + 1}-chart-headroom`).map((bar) => bar.value)).toEqual(
      report.headroom.map((h) => h.percent),
    );
  });
  expect(tableRows(html, 'mesh-clusters')).toEqual(
    doctor.mesh.clusters.map((c) => [
      c.context,
      c.clusterName ?? '<none>',
      c.clusterId === null ? '<unknown>' : String(c.clusterId),
      c.headroom === null ? '-' : String(c.headroom.used),
      c.headroom === null ? '-' : `${c.headroom.percent}% of ${c.headroom.allocatable.toLocaleString('en-US')}`,
    ]),
  );
  expect(tableRows(html, 'mesh-checks')).toEqual(doctor.mesh.checks.map((c) => [c.name, c.status, c.message]));
  expect(chartBars(html, 'chart-mesh-headroom').map(({ label, value }) => [label, value])).toEqual(
    doctor.mesh.clusters.flatMap((c) =>
      c.headroom === null ? [] : [[`${c.context}: cluster ID ${c.clusterId}`, c.headroom.percent]],
    ),
  );
}

/** report (with `extra`, its own flags) and doctor -o json, on the same sources. */
async function both(args: string[], env?: Record<string, string>, extra: string[] = []) {
  const page = await runCli(['report', ...args, ...extra], { now: GOLDEN_NOW, env });
  const doctor = await runCli(['doctor', ...args, '-o', 'json'], { now: GOLDEN_NOW, env });
  return { page, doctor: JSON.parse(doctor.stdout) as Doctor };
}

describe('report across clusters: the figures are those of doctor -o json', () => {
  it('east and west (cluster IDs 1 and 2): every cluster, the mesh healthy', async () => {
    const { page, doctor } = await both(dumps('east', 'west'));
    expect({ code: page.code, stderr: page.stderr }).toEqual({ code: 0, stderr: '' });
    expect(doctor.contexts.map((c) => c.context)).toEqual(['east', 'west']);
    expectDoctors(page.stdout, doctor);
    expect(page.stdout).toContain('<dt>Verdict</dt><dd class="ok">healthy, 0 warnings</dd>');
    const source = /<dt>Source<\/dt><dd><ul class="sources">(.*?)<\/ul><\/dd>/.exec(page.stdout)?.[1] ?? '';
    expect([...source.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => textOf(m[1] ?? ''))).toEqual([
      `east: files ${meshPath('east')}`,
      `west: files ${meshPath('west')}`,
    ]);
  });

  it('north and south (both cluster ID 3): the collision as text, the verdict doctor gives; exit 0', async () => {
    const { page, doctor } = await both(dumps('north', 'south'));
    expect(page.code).toBe(0);
    expectDoctors(page.stdout, doctor);
    expect(tableRows(page.stdout, 'mesh-checks')[0]).toEqual([
      'shared cluster IDs',
      'problem',
      'cluster ID 3 in contexts "north", "south"',
    ]);
    expect(page.stdout).toContain('<dt>Verdict</dt><dd class="problem">1 problem (doctor exits 3), 0 warnings</dd>');
  });

  it('--all-contexts live, with --labels; a forbidden context listed on the page and on stderr: exit 1', async () => {
    const mesh = await startMesh(temp('cv-report-mesh-'), [
      { context: 'east', cluster: 'east' },
      { context: 'west', cluster: 'west' },
      { context: 'forbidden', cluster: 'west', server: { fault: () => ({ kind: 'status', code: 403 }) } },
    ]);
    meshes.push(mesh);
    const { page, doctor } = await both(['--all-contexts'], mesh.env, ['--labels', 'k8s:!app']);
    expect(page.code).toBe(1);
    expect(page.stderr).toMatch(/^forbidden: error: forbidden \(403\): [^\n]*\n$/);
    expectDoctors(page.stdout, doctor);
    expect(page.stdout).toMatch(/<li>east: context &quot;east&quot; \(https:\/\/127\.0\.0\.1:\d+\)<\/li>/);
    expect(page.stdout).toContain(`<li>${page.stderr.trimEnd().replaceAll('"', '&quot;')}</li>`);
    expect(page.stdout).toContain('0 warnings; 1 context not read (doctor exits 1)</dd>');
    for (const n of [1, 2]) expect(chartBars(page.stdout, `c${n}-chart-what-if`)).toHaveLength(2);
  });

  it('no context read: no page, their lines, exit 1', async () => {
    const mesh = await startMesh(temp('cv-report-mesh-'), [
      { context: 'east', cluster: 'east', down: true },
      { context: 'west', cluster: 'west', down: true },
    ]);
    meshes.push(mesh);
    const out = `${temp('cv-report-mesh-out-')}/mesh.html`;
    const result = await runCli(['report', '--all-contexts', '--out', out], { env: mesh.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^east: error: [^\n]+\nwest: error: [^\n]+\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('a context named as markup is text: escaped wherever the page names it', async () => {
    const hostile = '"><img src=x onerror=alert(1)><script>alert(2)</script>';
    const mesh = await startMesh(temp('cv-report-mesh-'), [
      { context: hostile, cluster: 'north' },
      { context: 'south', cluster: 'south' },
    ]);
    meshes.push(mesh);
    const { page, doctor } = await both(['--all-contexts'], mesh.env);
    expect(page.code).toBe(0);
    expectDoctors(page.stdout, doctor);
    const body = page.stdout.slice(page.stdout.indexOf('<body>'));
    expect(body.match(/<script>/g)).toHaveLength(1);
    expect(body).not.toContain('<img');
    expect(page.stdout).toContain(`data-context="${escaped(hostile)}"`);
    expect(tableRows(page.stdout, 'mesh-checks')[0]?.[2]).toBe(`cluster ID 3 in contexts "${hostile}", "south"`);
  });

  it('one --from NAME=PATH is a mesh of one: its page has the mesh section', async () => {
    const { page, doctor } = await both(dumps('east'));
    expect(page.code).toBe(0);
    expectDoctors(page.stdout, doctor);
  });
});
