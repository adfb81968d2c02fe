/**
 * The benchmark of issue 6: wall time and peak RSS of cilium-view's commands, of kubectl's and of the bare
 * fetch-and-parse floor, measured in one run against the same generated clusters. Writes bench/RESULTS.md.
 *
 *   npm run build && npx tsx bench/run.ts [--quick] [--runs N] [--sizes 1000,10000,100000] [--out FILE]
 *                                         [--kubectl PATH]
 *
 * bench/README.md says what each row measures.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Cluster, GNU_TIME, measure, REPO, type Run, startCluster } from './measure.js';
import { formatCount, type Measure, type Ratio, type Result, renderReport } from './report.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    sizes: { type: 'string', default: '1000,10000,100000' },
    out: { type: 'string', default: join(REPO, 'bench/RESULTS.md') },
    kubectl: { type: 'string', default: '/usr/bin/kubectl' },
  },
});
const runs = Number(values.runs);
const [small, medium, large] = values.sizes.split(',').map(Number);
if (!(runs >= 1) || ![small, medium, large].every((n) => Number.isInteger(n) && (n as number) > 0)) {
  console.error(
    'usage: npx tsx bench/run.ts [--quick] [--runs N>=1] [--sizes SMALL,MEDIUM,LARGE] [--out FILE] [--kubectl PATH]',
  );
  process.exit(2);
}
const SIZES = { small: small as number, medium: medium as number, large: large as number };
type Size = keyof typeof SIZES;
const KUBECTL = values.kubectl;
const hasKubectl = existsSync(KUBECTL);
const TIMEOUT_MS = 20 * 60_000;

/**
 * One row. In args, {id} stands for the identity the most endpoints share. cilium-view's live commands get
 * `--kubeconfig`, kubectl `--kubeconfig` first, the floor the server's URL.
 */
interface Spec {
  id: string;
  tool: 'node' | 'cilium-view' | 'kubectl' | 'floor';
  args: string[];
  size?: Size;
  /** Keep the first run's stdout, for the byte-for-byte check. */
  keep?: boolean;
}

const ENDPOINTS = ['get', 'ciliumendpoints.cilium.io', '-A'];
const SPECS: Spec[] = [
  { id: 'node', tool: 'node', args: ['-e', '0'] },
  { id: 'version', tool: 'cilium-view', args: ['--version'] },
  { id: 'demo', tool: 'cilium-view', args: ['endpoints', '-A', '--demo'] },
  { id: 'who-shares@small', size: 'small', tool: 'cilium-view', args: ['who-shares', '{id}'] },
  { id: 'endpoints@medium', size: 'medium', tool: 'cilium-view', args: ['endpoints', '-A'], keep: true },
  { id: 'kubectl@medium', size: 'medium', tool: 'kubectl', args: ENDPOINTS, keep: true },
  { id: 'kubectl-chunk0@medium', size: 'medium', tool: 'kubectl', args: [...ENDPOINTS, '--chunk-size=0'] },
  { id: 'floor@medium', size: 'medium', tool: 'floor', args: ['tables'] },
  { id: 'endpoints@large', size: 'large', tool: 'cilium-view', args: ['endpoints', '-A'], keep: true },
  { id: 'json@large', size: 'large', tool: 'cilium-view', args: ['endpoints', '-A', '-o', 'json'] },
  { id: 'identities@large', size: 'large', tool: 'cilium-view', args: ['identities', '-o', 'wide'] },
  { id: 'who-shares@large', size: 'large', tool: 'cilium-view', args: ['who-shares', '{id}'] },
  { id: 'kubectl@large', size: 'large', tool: 'kubectl', args: ENDPOINTS, keep: true },
  { id: 'kubectl-chunk0@large', size: 'large', tool: 'kubectl', args: [...ENDPOINTS, '--chunk-size=0'] },
  { id: 'kubectl-json@large', size: 'large', tool: 'kubectl', args: [...ENDPOINTS, '-o', 'json'] },
  { id: 'floor@large', size: 'large', tool: 'floor', args: ['tables'] },
  { id: 'floor-objects@large', size: 'large', tool: 'floor', args: ['objects'] },
];

const TOOL_LABEL = { node: 'node', 'cilium-view': 'cilium-view', kubectl: 'kubectl', floor: 'bench/floor.mjs' };
const labelOf = (spec: Spec) => [TOOL_LABEL[spec.tool], ...spec.args].join(' ').replace('{id}', 'ID');

function argvOf(spec: Spec, cluster: Cluster | undefined): string[] {
  const args = spec.args.map((arg) => arg.replace('{id}', String(cluster?.sharedIdentity.id)));
  const kubeconfig = cluster === undefined ? [] : ['--kubeconfig', cluster.kubeconfig];
  switch (spec.tool) {
    case 'node':
      return [process.execPath, ...args];
    case 'cilium-view':
      return [process.execPath, join(REPO, 'bin/cilium-view.js'), ...args, ...kubeconfig];
    case 'kubectl':
      return [KUBECTL, ...kubeconfig, ...args];
    case 'floor':
      return [process.execPath, join(REPO, 'bench/floor.mjs'), String(cluster?.url), ...args];
  }
}

/** kubectl caches discovery under $HOME/.kube: a HOME of its own, shared by its runs. */
const kubectlHome = mkdtempSync(join(tmpdir(), 'cv-bench-kubectl-home-'));

async function runSpec(spec: Spec, cluster: Cluster | undefined): Promise<Result> {
  const label = labelOf(spec);
  const result: Result = { label, endpoints: cluster?.endpoints, status: 'ok', note: '', runs: [] };
  if (spec.args.includes('{id}') && cluster !== undefined) {
    const { id, endpoints } = cluster.sharedIdentity;
    result.note = `ID ${id}, shared by ${formatCount(endpoints)} endpoints`;
  }
  if (spec.tool === 'kubectl' && !hasKubectl)
    return { ...result, status: 'skipped', note: `skipped: no kubectl at ${KUBECTL}` };
  const env = spec.tool === 'kubectl' ? { ...process.env, HOME: kubectlHome } : process.env;
  for (let i = 0; i < runs; i++) {
    const run: Run = await measure(argvOf(spec, cluster), {
      env,
      keepStdout: spec.keep && i === 0,
      timeoutMs: TIMEOUT_MS,
    });
    console.error(
      `${label} (${cluster?.endpoints ?? '-'}): run ${i + 1}/${runs}: ${run.wall.toFixed(2)} s, exit ${run.code}`,
    );
    if (run.code !== 0) {
      const why = run.code === null ? `killed after ${TIMEOUT_MS / 60_000} min` : `exit ${run.code}`;
      return { ...result, status: 'failed', note: `unsupported/failed (${why}: ${run.firstStderrLine})` };
    }
    result.runs.push(run);
  }
  return result;
}

const results = new Map<string, Result>();
const clusters: string[] = [];
for (const size of [undefined, 'small', 'medium', 'large'] as const) {
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
  const cluster = size === undefined ? undefined : await startCluster(SIZES[size]);
  if (cluster !== undefined) {
    clusters.push(`${formatCount(cluster.endpoints)} endpoints and ${formatCount(cluster.identities)} identities`);
  }
  try {
    for (const spec of specs) results.set(spec.id, await runSpec(spec, cluster));
  } finally {
    await cluster?.stop();
  }
}
rmSync(kubectlHome, { recursive: true, force: true });

const get = (id: string) => results.get(id) as Result;
const ratio = (label: string, of: string, vs: string, measure: Measure, limit?: number): Ratio => ({
  label,
  of: get(of),
  vs: get(vs),
  measure,
  limit,
});
const at = (size: Size) => `at ${formatCount(SIZES[size])}`;
const ratios: Ratio[] = [
  ratio('start-up: `--version` / `node -e 0`', 'version', 'node', 'wall', 2),
  ratio('start-up: `endpoints -A --demo` / `node -e 0`', 'demo', 'node', 'wall', 2),
  ratio(
    `\`endpoints -A\` ${at('large')} / kubectl \`--chunk-size=0\``,
    'endpoints@large',
    'kubectl-chunk0@large',
    'wall',
    0.2,
  ),
  ratio(`\`endpoints -A\` ${at('large')} / kubectl (default flags)`, 'endpoints@large', 'kubectl@large', 'wall'),
  ratio(`\`endpoints -A\` ${at('large')} / the floor (Tables)`, 'endpoints@large', 'floor@large', 'wall', 3),
  ratio(`\`endpoints -A\` ${at('large')} / kubectl (default flags)`, 'endpoints@large', 'kubectl@large', 'rss', 0.35),
  ratio(
    `\`endpoints -A -o json\` ${at('large')} / kubectl \`-o json\``,
    'json@large',
    'kubectl-json@large',
    'wall',
    0.3,
  ),
  ratio(
    `\`endpoints -A -o json\` ${at('large')} / kubectl \`-o json\``,
    'json@large',
    'kubectl-json@large',
    'rss',
    0.3,
  ),
  ratio(
    `\`who-shares\` ${at('large')} / \`who-shares\` ${at('small')}`,
    'who-shares@large',
    'who-shares@small',
    'rss',
    1.5,
  ),
  ratio(
    `\`endpoints -A\` ${at('medium')} / kubectl \`--chunk-size=0\``,
    'endpoints@medium',
    'kubectl-chunk0@medium',
    'wall',
  ),
  ratio(`\`endpoints -A\` ${at('medium')} / the floor (Tables)`, 'endpoints@medium', 'floor@medium', 'wall'),
  ratio(`\`endpoints -A\` ${at('medium')} / kubectl (default flags)`, 'endpoints@medium', 'kubectl@medium', 'rss'),
];

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
  `runs: ${runs} of each command${values.quick ? `, --quick: the ${formatCount(SIZES.large)}-endpoint rows are skipped` : ''}; wall time from spawn to exit, stdout drained from a pipe`,
  `peak RSS: ${existsSync(GNU_TIME) ? `${GNU_TIME} -f %M` : `n/a (no ${GNU_TIME})`}`,
  `clusters (bench/generate.ts, seed 1, served by bench/server.ts in its own process): ${clusters.join('; ')}`,
];
const checks = (values.quick ? (['medium'] as const) : (['medium', 'large'] as const)).map(compare);
writeFileSync(values.out, renderReport({ machine, results: [...results.values()], ratios, checks }));
console.error(`wrote ${values.out}`);
