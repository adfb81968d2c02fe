/**
 * The report's targets (issue 14): on a generated cluster, `cilium-view report` takes at most 1.5x the
 * wall time of `cilium-view doctor` against the same server, and its page stays under 2 MB. Both commands
 * run as processes, alternately, `--runs` times; the ratio is of the medians, measured in the same run.
 *
 *   npm run build && npx tsx bench/html-report.ts [--endpoints 100000] [--runs 3]
 *
 * A third command, the report with a `--labels` what-if, is measured for reference. Prints one line per
 * command and the two targets, met or missed; exits 0 either way (a benchmark
 * reports, it does not judge the machine it ran on), 1 when a command failed.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measure, REPO, type Run, startCluster } from './measure.js';
import { formatCount, median } from './report.js';

const { values } = parseArgs({
  options: { endpoints: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' } },
});
const endpoints = Number(values.endpoints);
const runs = Number(values.runs);
if (!Number.isInteger(endpoints) || endpoints < 1 || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: npx tsx bench/html-report.ts [--endpoints N>=1] [--runs N>=1]');
  process.exit(2);
}
const TIME_LIMIT = 1.5;
const SIZE_LIMIT = 2 * 1024 * 1024;
/** doctor exits 3 when it finds a problem, which a generated cluster has (endpoints not ready). */
const DOCTOR_OK = new Set([0, 3]);

const dir = mkdtempSync(join(tmpdir(), 'cv-bench-html-'));
const page = join(dir, 'report.html');
const cluster = await startCluster(endpoints);
const cli = (...args: string[]) => [process.execPath, join(REPO, 'bin/cilium-view.js'), ...args];
const commands = [
  { label: 'cilium-view doctor', argv: cli('doctor', '--kubeconfig', cluster.kubeconfig), ok: DOCTOR_OK },
  { label: 'cilium-view report --out FILE', argv: cli('report', '--kubeconfig', cluster.kubeconfig, '--out', page) },
  {
    label: "cilium-view report --labels 'k8s:!app' --out FILE (reference: with a what-if)",
    argv: cli('report', '--kubeconfig', cluster.kubeconfig, '--labels', 'k8s:!app', '--out', join(dir, 'what-if.html')),
  },
];
const times: number[][] = commands.map(() => []);
let failed = false;
try {
  for (let i = 0; i < runs; i++) {
    for (const [c, command] of commands.entries()) {
      const run: Run = await measure(command.argv, { timeoutMs: 20 * 60_000 });
      console.error(`${command.label}: run ${i + 1}/${runs}: ${run.wall.toFixed(2)} s, exit ${run.code}`);
      if (!(command.ok ?? new Set([0])).has(run.code as number)) {
        console.error(`${command.label} failed (exit ${run.code}): ${run.firstStderrLine}`);
        failed = true;
      }
      times[c]?.push(run.wall);
    }
  }
  const bytes = statSync(page).size;
  const [doctor, report] = times.map((t) => median(t)) as [number, number, number];
  const ratio = report / doctor;
  const verdict = (met: boolean) => (met ? 'met' : 'missed');
  console.log(
    [
      `cluster: ${formatCount(cluster.endpoints)} endpoints, ${formatCount(cluster.identities)} identities (bench/generate.ts, seed 1); ${runs} runs each, alternately`,
      ...commands.map(
        (command, c) =>
          `${command.label}: median ${median(times[c] as number[]).toFixed(2)} s (${Math.min(...(times[c] as number[])).toFixed(2)} - ${Math.max(...(times[c] as number[])).toFixed(2)} s)`,
      ),
      `report / doctor: ${ratio.toFixed(2)}x (target <= ${TIME_LIMIT}x): ${verdict(ratio <= TIME_LIMIT)}`,
      `page: ${formatCount(bytes)} bytes (target < ${formatCount(SIZE_LIMIT)}): ${verdict(bytes < SIZE_LIMIT)}`,
    ].join('\n'),
  );
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
