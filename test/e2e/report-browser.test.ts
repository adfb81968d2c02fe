/**
 * Report pages in a real browser, headless Chromium: no console error (a script or style the CSP refused
 * would be one), no request but the page itself, no dialog; every chart has a size and its text drawn
 * inside it; hostile labels are text in the DOM; a mesh's cluster-ID collision is text; the tables sort;
 * dark and print schemes apply. Screenshots of the demo report and of a mesh report are left in
 * dist/screenshots/ (git-ignored) for people to look at.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';
import { CHROMIUM, type Chromium, chromiumRequired, hasChromium, launchChromium } from '../support/chromium.js';
import { meshPath } from '../support/mesh.js';
import { type Cluster, HOSTILE, hostileCluster, SYNTHETIC_NOW, statefulSet, troubledCluster } from '../synthetic.js';

/** The mesh drawn: north and south collide on cluster ID 3; east has cluster ID 1. */
const MESH = ['north', 'south', 'east'] as const;

const SCREENSHOTS = fileURLToPath(new URL('../../dist/screenshots/', import.meta.url));

if (!hasChromium) {
  const message = `no Chromium at ${CHROMIUM} (apt-get install chromium): the report's browser tests are skipped`;
  if (chromiumRequired) {
    describe('Chromium', () => {
      it('is installed, as CV_REQUIRE_CHROMIUM=1 requires', () => {
        expect.fail(message.replace('are skipped', 'cannot run'));
      });
    });
  } else {
    console.warn(message);
  }
}

/** Made only where the tests run: hooks do not run when every test is skipped. */
let dir: string | undefined;
let chromium: Chromium | undefined;

beforeAll(async () => {
  if (!hasChromium) return;
  dir = mkdtempSync(join(tmpdir(), 'cv-report-browser-'));
  chromium = await launchChromium();
}, 60_000);
afterAll(async () => {
  await chromium?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** A file in the tests' folder. */
const path = (name: string): string => join(dir as string, name);

/** Writes the report of `args` to a file, on the clock of the synthetic clusters or else the demo's; its file: URL. */
async function report(name: string, args: string[], now?: Date): Promise<string> {
  const out = path(`${name}.html`);
  const result = await runCli(['report', ...args, '--out', out], { now });
  expect(result.code, result.stderr).toBe(0);
  return pathToFileURL(out).href;
}

function files(name: string, cluster: Cluster): string[] {
  const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
  writeFileSync(path(`${name}-cep.json`), list(cluster.endpoints));
  writeFileSync(path(`${name}-ciliumid.json`), list(cluster.identities));
  return ['--from', path(`${name}-cep.json`), '--from', path(`${name}-ciliumid.json`)];
}

interface Visit {
  page: Page;
  errors: string[];
  requests: string[];
  dialogs: string[];
}

async function visit(url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Visit> {
  const page = await (chromium as Chromium).context.newPage();
  await page.emulateMedia({ colorScheme });
  const visit: Visit = { page, errors: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') visit.errors.push(message.text());
  });
  page.on('pageerror', (error) => visit.errors.push(error.message));
  page.on('request', (request) => visit.requests.push(request.url()));
  page.on('dialog', async (dialog) => {
    visit.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return visit;
}

/** Each chart's size, and each of its texts: what it says and where it is drawn. */
const charts = (page: Page) =>
  page.$$eval('svg.chart', (svgs) =>
    (svgs as SVGSVGElement[]).map((svg) => {
      const box = svg.getBoundingClientRect();
      const scale = box.width / svg.viewBox.baseVal.width;
      return {
        id: svg.id,
        width: box.width,
        height: box.height,
        title: svg.querySelector('title')?.textContent ?? '',
        texts: [...svg.querySelectorAll('text')].map((text) => {
          const bounds = text.getBoundingClientRect();
          return {
            text: text.textContent ?? '',
            width: bounds.width,
            left: (bounds.left - box.left) / scale,
            right: (bounds.right - box.left) / scale,
          };
        }),
        bars: [...svg.querySelectorAll('rect.bar')].map((rect) => ({
          value: Number(rect.getAttribute('data-value')),
          width: rect.getBoundingClientRect().width,
        })),
      };
    }),
  );

describe.skipIf(!hasChromium)('report pages in headless Chromium', () => {
  let demo: string;
  let hostile: string;
  let mesh: string;
  let pages: [string, string][];
  beforeAll(async () => {
    demo = await report('demo', ['--demo', '--labels', 'k8s:!run']);
    const dumps = MESH.flatMap((name) => ['--from', `${name}=${meshPath(name)}`]);
    mesh = await report('mesh', dumps);
    const labels = `k8s:!${HOSTILE.script}`;
    hostile = await report('hostile', [...files('hostile', hostileCluster()), '--labels', labels], SYNTHETIC_NOW);
    pages = [
      ['the demo', demo],
      ['a hostile cluster', hostile],
      ['a cluster mesh with a cluster ID collision', mesh],
      ['a troubled cluster', await report('troubled', files('troubled', troubledCluster()), SYNTHETIC_NOW)],
      [
        'a StatefulSet of 50 with a what-if',
        await report(
          'web',
          [
            ...files('web', statefulSet('default', 'web', 50, 10_000)),
            '--labels',
            'k8s:!statefulset.kubernetes.io/pod-name',
          ],
          SYNTHETIC_NOW,
        ),
      ],
    ];
  }, 60_000);

  it('no console error, no request but the page, no dialog; every chart sized, its text drawn inside it', async () => {
    for (const [name, url] of pages) {
      const { page, errors, requests, dialogs } = await visit(url);
      expect({ name, errors, requests, dialogs }).toEqual({ name, errors: [], requests: [url], dialogs: [] });
      const drawn = await charts(page);
      expect(drawn.length, name).toBeGreaterThanOrEqual(6);
      for (const chart of drawn) {
        expect(chart.width * chart.height, `${name}: ${chart.id}`).toBeGreaterThan(0);
        expect(chart.title, chart.id).not.toBe('');
        expect(chart.texts.length, chart.id).toBeGreaterThan(0);
        for (const text of chart.texts) {
          expect(text.text, chart.id).not.toBe('');
          expect(text.width, `${name}: ${chart.id}: ${text.text}`).toBeGreaterThan(0);
          expect(text.left, `${name}: ${chart.id}: ${text.text}`).toBeGreaterThanOrEqual(0);
          expect(text.right, `${name}: ${chart.id}: ${text.text}`).toBeLessThanOrEqual(800);
        }
        for (const bar of chart.bars) expect(bar.width > 0, `${chart.id}: ${bar.value}`).toBe(bar.value > 0);
      }
      await page.close();
    }
  }, 120_000);

  it('hostile labels are text: nothing injected, nothing run', async () => {
    const { page, dialogs } = await visit(hostile);
    const dom = await page.evaluate(() => ({
      scripts: document.scripts.length,
      injected: document.querySelectorAll('img, iframe, object, embed, link, base, form').length,
      handlers: [...document.querySelectorAll('*')].flatMap((e) =>
        e.getAttributeNames().filter((name) => name.startsWith('on')),
      ),
      text: document.body.textContent,
      svgText: [...document.querySelectorAll('svg')].map((svg) => svg.textContent).join('\n'),
    }));
    expect(dialogs).toEqual([]);
    expect({ scripts: dom.scripts, injected: dom.injected, handlers: dom.handlers }).toEqual({
      scripts: 1,
      injected: 0,
      handlers: [],
    });
    for (const shown of [HOSTILE.script, HOSTILE.img, 'evil\\u202egnp.exe']) {
      expect(dom.text).toContain(shown);
    }
    expect(dom.svgText).toContain(`default/${HOSTILE.script}`);
    expect(dom.text).not.toContain('\u202e');
    await page.close();
  }, 60_000);

  it('a mesh: the collision is text a person reads; each cluster drawn in full', async () => {
    const { page, errors } = await visit(mesh);
    const collision = page.locator('#mesh-checks + table tbody tr').first();
    expect(await collision.isVisible()).toBe(true);
    expect(await collision.locator('td').allTextContents()).toEqual([
      'shared cluster IDs',
      'problem',
      'cluster ID 3 in contexts "north", "south"',
    ]);
    expect(await page.locator('#facts dd.problem').textContent()).toBe('1 problem (doctor exits 3), 0 warnings');
    expect(await page.locator('#facts ul.sources li').allInnerTexts()).toEqual(
      MESH.map((name) => `${name}: files ${meshPath(name)}`),
    );
    expect(await page.locator('article h2').allInnerTexts()).toEqual(
      MESH.flatMap((name) => ['Summary', 'Charts', 'Findings'].map((part) => `${name}: ${part}`)),
    );
    const drawn = await charts(page);
    expect(drawn.map((chart) => chart.id).filter((id) => id.startsWith('c3-'))).toHaveLength(6);
    expect(new Set(drawn.map((chart) => chart.id)).size).toBe(drawn.length);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'report-mesh-light.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a click on a header sorts the rows, numbers as numbers; again reverses', async () => {
    const { page, errors } = await visit(pages[3]?.[1] as string);
    const names = () =>
      page.$$eval('#unused + table tbody tr', (rows) =>
        (rows as HTMLTableRowElement[]).map((row) => row.cells[0]?.textContent),
      );
    const header = (name: string) =>
      page.locator('#unused + table th').nth(['NAME', 'NAMESPACE', 'AGE', 'MARKED'].indexOf(name));
    expect(await names()).toEqual(['30001', '31000', '31001', '31002']);
    await header('NAME').click();
    await header('NAME').click();
    expect(await names()).toEqual(['31002', '31001', '31000', '30001']);
    await header('MARKED').click();
    expect(await header('MARKED').getAttribute('aria-sort')).toBe('ascending');
    expect(await names()).toEqual(['31002', '30001', '31001', '31000']);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('dark and print schemes; a screenshot of the demo for people to look at', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors } = await visit(demo, scheme);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe(scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
      await page.screenshot({ path: join(SCREENSHOTS, `report-demo-${scheme}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }
    const { page } = await visit(demo, 'dark');
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    for (const chart of await charts(page)) expect(chart.width * chart.height).toBeGreaterThan(0);
    expect((await page.pdf()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  }, 60_000);
});
