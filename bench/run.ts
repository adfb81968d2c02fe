/**
 * The benchmark of issues 6 and 15: wall time and peak RSS of cilium-view's commands (npm build and single
 * executable), of kubectl's and of the bare fetch-and-parse floor, measured in one run against the same
 * generated clusters, served over HTTPS with a bearer token. Writes bench/RESULTS.md.
 *
 *   npm run bench    # = npm run build && npm run package && npx tsx bench/run.ts
 *   npx tsx bench/run.ts [--quick] [--runs N] [--small-runs N] [--sizes 1000,2000,10000,100000]
 *                        [--out FILE] [--kubectl PATH] [--sea PATH]
 *
 * bench/README.md says what each row measures.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Cluster, GNU_TIME, measure, REPO, startCluster } from './measure.js';
import { COMPARED, DEFAULT_SIZES, ENDPOINTS, RATIOS, SIZE_NAMES, type Size, SPECS, type Spec } from './plan.js';
import { formatCount, type Ratio, type Result, renderReport } from './report.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    'small-runs': { type: 'string', default: '10' },
    sizes: { type: 'string', default: DEFAULT_SIZES },
    out: { type: 'string', default: join(REPO, 'bench/RESULTS.md') },
    kubectl: { type: 'string', default: '/usr/bin/kubectl' },
    sea: { type: 'string', default: join(REPO, 'dist/sea/cilium-view') },
  },
});
const runs = Number(values.runs);
const smallRuns = Number(values['small-runs']);
const counts = values.sizes.split(',').map(Number);
if (
  !(runs >= 1 && smallRuns >= 1) ||
  counts.length !== SIZE_NAMES.length - 1 ||
  !counts.every((n) => Number.isInteger(n) && n > 0)
) {
  console.error(
    'usage: npx tsx bench/run.ts [--quick] [--runs N>=1] [--small-runs N>=1] [--sizes SMALL,MEDIUM,BIG,LARGE] [--out FILE] [--kubectl PATH] [--sea PATH]',
  );
  process.exit(2);
}
/** Endpoints per cluster; the tiny one is the demo cluster's 5. */
const SIZES = Object.fromEntries(
  SIZE_NAMES.map((name, i) => [name, i === 0 ? 5 : (counts[i - 1] as number)]),
) as Record<Size, number>;
/** Clusters this small (and commands without one) are quick: measured --small-runs times. */
const SMALL_SIZES: (Size | undefined)[] = [undefined, 'tiny', 'small', 'medium'];
const KUBECTL = values.kubectl;
const hasKubectl = existsSync(KUBECTL);
const SEA = values.sea;
const hasSea = existsSync(SEA);
const TIMEOUT_MS = 20 * 60_000;

const TOOL_LABEL = {
  node: 'node',
  'cilium-view': 'cilium-view',
  sea: 'cilium-view (single executable)',
  kubectl: 'kubectl',
  floor: 'bench/floor.mjs',
};
const labelOf = (spec: Spec) => [TOOL_LABEL[spec.tool], ...spec.args].join(' ').replace('{id}', 'ID');

function argvOf(spec: Spec, cluster: Cluster | undefined): string[] {
  const args = spec.args.map((arg) => arg.replace('{id}', String(cluster?.sharedIdentity.id)));
  const kubeconfig = cluster === undefined ? [] : ['--kubeconfig', cluster.kubeconfig];
  switch (spec.tool) {
    case 'node':
      return [process.execPath, ...args];
    case 'cilium-view':
      return [process.execPath, join(REPO, 'bin/cilium-view.js'), ...args, ...kubeconfig];
    case 'sea':
      return [SEA, ...args, ...kubeconfig];
    case 'kubectl':
      return [KUBECTL, ...kubeconfig, ...args];
    case 'floor': {
      const credentials = cluster?.token === undefined ? [] : ['--token', cluster.token, '--ca', String(cluster.ca)];
      return [process.execPath, join(REPO, 'bench/floor.mjs'), String(cluster?.url), ...args, ...credentials];
    }
  }
}

/** kubectl caches discovery under $HOME/.kube: a HOME of its own, shared by its runs. */
const kubectlHome = mkdtempSync(join(tmpdir(), 'cv-bench-kubectl-home-'));

function skippedWhy(spec: Spec): string | undefined {
  if (spec.tool === 'kubectl' && !hasKubectl) return `skipped: no kubectl at ${KUBECTL}`;
  if (spec.tool === 'sea' && !hasSea) return `skipped: no single executable at ${SEA} (npm run package)`;
  return undefined;
}

/**
 * Every spec of one cluster, `n` rounds of one run each (the specs take turns, so that a slow spell of a
 * shared machine falls on all of them), after one unmeasured round where `warm` (a cold page cache, and
 * kubectl's discovery cache, are not what is measured).
 */
async function runSpecs(specs: Spec[], cluster: Cluster | undefined, n: number, warm: boolean): Promise<Result[]> {
  const env = (spec: Spec) => (spec.tool === 'kubectl' ? { ...process.env, HOME: kubectlHome } : process.env);
  const results = specs.map((spec): Result => {
    const result: Result = { label: labelOf(spec), endpoints: cluster?.endpoints, status: 'ok', note: '', runs: [] };
    if (spec.args.includes('{id}') && cluster !== undefined) {
      const { id, endpoints } = cluster.sharedIdentity;
      result.note = `ID ${id}, shared by ${formatCount(endpoints)} endpoints`;
    }
    const skipped = skippedWhy(spec);
    return skipped === undefined ? result : { ...result, status: 'skipped', note: skipped };
  });
  if (hasKubectl && cluster !== undefined) {
    await measure([KUBECTL, '--kubeconfig', cluster.kubeconfig, 'api-resources'], {
      env: env({ id: '', tool: 'kubectl', args: [] }),
      timeoutMs: TIMEOUT_MS,
    });
  }
  for (let round = warm ? 0 : 1; round <= n; round++) {
    for (const [i, spec] of specs.entries()) {
      const result = results[i] as Result;
      if (result.status !== 'ok') continue;
      const run = await measure(argvOf(spec, cluster), {
        env: env(spec),
        keepStdout: spec.keep && round === 1,
        timeoutMs: TIMEOUT_MS,
      });
      const what = round === 0 ? 'warm-up' : `run ${round}/${n}`;
      console.error(
        `${result.label} (${cluster?.endpoints ?? '-'}): ${what}: ${run.wall.toFixed(2)} s, exit ${run.code}`,
      );
      if (run.code !== 0) {
        const why = run.code === null ? `killed after ${TIMEOUT_MS / 60_000} min` : `exit ${run.code}`;
        results[i] = { ...result, status: 'failed', note: `unsupported/failed (${why}: ${run.firstStderrLine})` };
      } else if (round > 0) {
        result.runs.push(run);
      }
    }
  }
  return results;
}

const results = new Map<string, Result>();
const clusters: string[] = [];
for (const size of [undefined, ...SIZE_NAMES]) {
  const specs = SPECS.filter((spec) => spec.size === size);
  if (size === 'large' && values.quick) {
    for (const spec of specs) {
      const result: Result = {
        label: labelOf(spec),
        endpoints: SIZES.large,
        status: 'skipped',
        note: 'skipped: --quick',
        runs: [],
      };
      results.set(spec.id, result);
    }
    continue;
  }
  const cluster = size === undefined ? undefined : await startCluster(size === 'tiny' ? 'demo' : SIZES[size]);
  if (cluster !== undefined) {
    clusters.push(`${formatCount(cluster.endpoints)} endpoints and ${formatCount(cluster.identities)} identities`);
  }
  try {
    const small = SMALL_SIZES.includes(size);
    const measured = await runSpecs(specs, cluster, small ? smallRuns : runs, small);
    specs.forEach((spec, i) => {
      results.set(spec.id, measured[i] as Result);
    });
  } finally {
    await cluster?.stop();
  }
}
rmSync(kubectlHome, { recursive: true, force: true });

const get = (id: string) => results.get(id) as Result;
const at = (size: Size) => `at ${formatCount(SIZES[size])}`;
const ratios: Ratio[] = RATIOS.map((spec) => ({
  label: spec.label.replace(/\{(\w+)\}/g, (_, size: Size) => at(size)),
  of: get(spec.of),
  vs: get(spec.vs),
  measure: spec.measure,
  limit: spec.limit,
}));

/** cilium-view's `endpoints -A` against kubectl's, byte for byte. */
function compare(size: Size): string {
  const ours = get(`endpoints@${size}`);
  const theirs = get(`kubectl@${size}`);
  const what = `\`cilium-view endpoints -A\` ${at(size)}`;
  const missing = [ours, theirs].find((r) => r.status !== 'ok');
  if (missing !== undefined) return `${what}: not compared with kubectl (\`${missing.label}\` ${missing.status})`;
  const a = ours.runs[0]?.stdout as Buffer;
  const b = theirs.runs[0]?.stdout as Buffer;
  if (a.equals(b)) return `${what}: the same ${formatCount(a.length)} bytes as \`kubectl ${ENDPOINTS.join(' ')}\``;
  const linesA = a.toString().split('\n');
  const linesB = b.toString().split('\n');
  const line = linesA.findIndex((text, i) => text !== linesB[i]);
  const show = (text: string | undefined) => JSON.stringify(text?.slice(0, 160) ?? '(no line)');
  return `${what}: DIFFERS from kubectl's output (${formatCount(a.length)} vs ${formatCount(b.length)} bytes); first at line ${line + 1}: cilium-view ${show(linesA[line])}, kubectl ${show(linesB[line])}`;
}

const machine = [
  `date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
  `machine: ${availableParallelism()} CPUs (nproc), ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}`,
  `node: ${process.version}`,
  `kubectl: ${hasKubectl ? `${KUBECTL} (the server answers /version with v1.32.4)` : `none at ${KUBECTL}: its rows are skipped`}`,
  `runs: ${smallRuns} of each command without a cluster or with up to ${formatCount(SIZES.medium)} endpoints (after one unmeasured warm-up round), ${runs} of the others${values.quick ? `, --quick: the ${formatCount(SIZES.large)}-endpoint rows are skipped` : ''}; the commands of a cluster take turns, one run each; wall time from spawn to exit, stdout drained from a pipe`,
  `single executable: ${hasSea ? SEA : `none at ${SEA}: its rows are skipped (npm run package builds it)`}`,
  `peak RSS: ${existsSync(GNU_TIME) ? `${GNU_TIME} -f %M` : `n/a (no ${GNU_TIME})`}`,
  `clusters (bench/generate.ts, seed 1, served over HTTPS with a bearer token by bench/server.ts in its own process; kubectl's discovery cache warm): ${clusters.join('; ')}`,
];
const checks = COMPARED.filter((size) => !(values.quick && size === 'large')).map(compare);
writeFileSync(values.out, renderReport({ machine, results: [...results.values()], ratios, checks }));
console.error(`wrote ${values.out}`);
