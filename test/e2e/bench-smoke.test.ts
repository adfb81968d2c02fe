/**
 * The benchmark harnesses (bench/run.ts, and bench/mesh.ts for several clusters) end to end on tiny clusters, one run of each command (after a
 * warm-up round), so that it cannot rot: every row, every ratio and every check is in the results file. It asserts the structure,
 * never a time. Without kubectl its rows are skipped, and so are the ratios that need them.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RATIOS } from '../../bench/plan.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const KUBECTL = '/usr/bin/kubectl';
/** The tiny cluster is the demo cluster, 5 endpoints; --sizes sets the others. */
const [TINY, SMALL, MEDIUM, BIG, LARGE] = ['5', '20', '40', '60', '80'];
const SEA = 'cilium-view (single executable)';

const ROWS = [
  ['node -e 0', ''],
  ['cilium-view --version', ''],
  ['cilium-view endpoints -A --demo', ''],
  [`${SEA} --version`, ''],
  ['cilium-view endpoints -A', TINY],
  [`${SEA} endpoints -A`, TINY],
  ['kubectl get ciliumendpoints.cilium.io -A', TINY],
  ['kubectl get ciliumendpoints.cilium.io -A --chunk-size=0', TINY],
  ['bench/floor.mjs tables', TINY],
  ['cilium-view who-shares ID', SMALL],
  ['cilium-view endpoints -A', MEDIUM],
  [`${SEA} endpoints -A`, MEDIUM],
  ['kubectl get ciliumendpoints.cilium.io -A', MEDIUM],
  ['kubectl get ciliumendpoints.cilium.io -A --chunk-size=0', MEDIUM],
  ['bench/floor.mjs tables', MEDIUM],
  ['cilium-view endpoints -A', BIG],
  ['kubectl get ciliumendpoints.cilium.io -A', BIG],
  ['kubectl get ciliumendpoints.cilium.io -A --chunk-size=0', BIG],
  ['bench/floor.mjs tables', BIG],
  ['cilium-view endpoints -A', LARGE],
  [`${SEA} endpoints -A`, LARGE],
  ['cilium-view endpoints -A -o json', LARGE],
  ['cilium-view identities -o wide', LARGE],
  ['cilium-view who-shares ID', LARGE],
  ['kubectl get ciliumendpoints.cilium.io -A', LARGE],
  ['kubectl get ciliumendpoints.cilium.io -A --chunk-size=0', LARGE],
  ['kubectl get ciliumendpoints.cilium.io -A -o json', LARGE],
  ['bench/floor.mjs tables', LARGE],
  ['bench/floor.mjs objects', LARGE],
];

/** The cells of the markdown table whose header line starts with `header`. */
function table(text: string, header: string): string[][] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(header));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

const runBench = (
  args: string[],
  script = 'bench/run.ts',
): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    // No tsx compile cache: it would stay behind in the temporary folder.
    const env = { ...process.env, TSX_DISABLE_CACHE: '1' };
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

describe('the benchmark harness', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cv-bench-smoke-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('measures every row and computes every ratio on tiny clusters', { timeout: 120_000 }, async () => {
    const out = join(dir, 'RESULTS.md');
    const sizes = [SMALL, MEDIUM, BIG, LARGE].join(',');
    // No single executable here (building it takes a while): its rows are skipped, as they would be anywhere.
    const sea = join(dir, 'no-such-executable');
    const args = ['--sizes', sizes, '--runs', '1', '--small-runs', '1', '--out', out, '--sea', sea];
    const { code, stderr } = await runBench(args);
    expect(code, stderr).toBe(0);
    const text = readFileSync(out, 'utf8');

    const rows = table(text, '| command |');
    expect(rows.map(([label, endpoints]) => [label?.replaceAll('`', ''), endpoints])).toEqual(ROWS);
    for (const [label, , wall, , rss, , notes] of rows) {
      if (label?.startsWith('`kubectl') && !existsSync(KUBECTL)) {
        expect(notes).toBe(`skipped: no kubectl at ${KUBECTL}`);
      } else if (label?.startsWith(`\`${SEA}`)) {
        expect(notes).toMatch(/^skipped: no single executable at .* \(npm run package\)$/);
      } else if (label?.startsWith('`cilium-view') && notes?.startsWith('unsupported/failed')) {
        expect(notes).toMatch(/^unsupported\/failed \(exit \d+: .*\)$/);
      } else {
        expect(wall).toMatch(/^\d+(\.\d+)? (ms|s)$/);
        expect(rss).toMatch(existsSync('/usr/bin/time') ? /^\d+ MiB$/ : /^n\/a$/);
      }
    }

    const ratios = table(text, '| ratio |');
    expect(ratios).toHaveLength(RATIOS.length);
    for (const [, , value, target, result] of ratios) {
      if (value === 'n/a') {
        expect(result).toMatch(/^skipped: /);
      } else {
        expect(value).toMatch(/^\d+\.\d\dx$/);
        expect(result).toMatch(target === '' ? /^reference$/ : /^(met|missed)$/);
      }
    }
    expect(ratios.slice(0, 2).map(([, , value]) => value)).not.toContain('n/a');

    const checks = text.split('\n').filter((line) => line.startsWith('- `cilium-view endpoints -A` at '));
    expect(checks.map((line) => line.split(':')[0])).toEqual(
      [TINY, MEDIUM, BIG, LARGE].map((size) => `- \`cilium-view endpoints -A\` at ${size}`),
    );
  });

  it('bench/mesh.ts lists several HTTPS clusters alone and together, with and without latency', {
    timeout: 120_000,
  }, async () => {
    const { code, stdout, stderr } = await runBench(
      ['--sizes', '20,40', '--runs', '1', '--latency', '0,5'],
      'bench/mesh.ts',
    );
    expect(code, stderr).toBe(0);
    const rows = table(stdout, '| latency |');
    expect(rows.map(([latency]) => latency)).toEqual(['0 ms', '5 ms']);
    for (const [, alone0, alone1, together, ratio] of rows) {
      for (const wall of [alone0, alone1, together]) expect(wall).toMatch(/^\d+\.\d\d s$/);
      expect(ratio).toMatch(/^\d+\.\d\d \(target <= 1\.3\)$/);
    }
  });
});
