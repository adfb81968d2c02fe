/**
 * `cilium-view report` as a whole command: its figures against `doctor -o json` and `cardinality -o json`
 * run on the same source (the demo, files, the local API server), where the page goes (--out, stdout,
 * never a terminal), its errors, and the examples of its help run as they are written.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { chartBars, headingCount, summaryFigures } from '../report-page.js';
import { runCli } from '../run-cli.js';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { type Cluster, SYNTHETIC_NOW, statefulSet, troubledCluster } from '../synthetic.js';

const BIN = fileURLToPath(new URL('../../bin/cilium-view.js', import.meta.url));
const POD_NAME_EXCLUDE = 'k8s:!statefulset.kubernetes.io/pod-name';

const dir = mkdtempSync(join(tmpdir(), 'cv-report-'));
const servers: RunningApiServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  rmSync(dir, { recursive: true, force: true });
});

let files = 0;
/** The cluster as two kubectl -o json dumps: the --from flags that read them. */
function dump(cluster: Cluster): string[] {
  const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
  const [endpoints, identities] = [join(dir, `cep-${++files}.json`), join(dir, `ciliumid-${files}.json`)];
  writeFileSync(endpoints, list(cluster.endpoints));
  writeFileSync(identities, list(cluster.identities));
  return ['--from', endpoints, '--from', identities];
}

async function serve(cluster: Cluster): Promise<string> {
  const server = await startApiServer({ endpoints: cluster.endpoints, identities: cluster.identities });
  servers.push(server);
  return server.writeKubeconfig(mkdtempSync(join(dir, 'kubeconfig-')));
}

const cli = (args: string[], isTTY = false) => runCli(args, { now: SYNTHETIC_NOW, isTTY });

async function json(args: string[]) {
  return JSON.parse((await cli([...args, '-o', 'json'])).stdout);
}

describe('the figures are those of doctor -o json and cardinality -o json on the same source', () => {
  it.each([
    ['the demo', async () => ['--demo']],
    ['files of a troubled cluster', async () => dump(troubledCluster())],
    ['a live cluster', async () => ['--kubeconfig', await serve(troubledCluster())]],
  ])('%s', async (_name, source) => {
    const args = await source();
    const page = await cli(['report', ...args]);
    expect(page.code).toBe(0);
    const doctor = await json(['doctor', ...args]);
    expect(summaryFigures(page.stdout)).toMatchObject({
      endpoints: String(doctor.endpoints.total),
      identities: String(doctor.identities.total),
      unused: String(doctor.unused.length),
      dangling: String(doctor.dangling.length),
      duplicates: String(doctor.duplicates.length),
      'not-ready': String(doctor.endpoints.notReady.length),
    });
    const states = chartBars(page.stdout, 'chart-endpoint-states').map(({ label, value }) => [label, value]);
    expect(states).toEqual(Object.entries(doctor.endpoints.byState));
    expect(chartBars(page.stdout, 'chart-headroom').map((bar) => bar.value)).toEqual(
      doctor.headroom.map((h: { percent: number }) => h.percent),
    );
    const cardinality = await json(['cardinality', ...args]);
    expect(chartBars(page.stdout, 'chart-splitting-keys').map((bar) => bar.value)).toEqual(
      cardinality.splittingKeys.map((s: { identitiesSaved: number }) => s.identitiesSaved),
    );
  });

  it('a StatefulSet of 50: 50 identities, and the what-if leaves 1, as cardinality says', async () => {
    const args = dump(statefulSet('default', 'web', 50, 10_000));
    const page = await cli(['report', ...args, '--labels', POD_NAME_EXCLUDE]);
    const { whatIf } = await json(['cardinality', ...args, '--labels', POD_NAME_EXCLUDE]);
    expect(summaryFigures(page.stdout).identities).toBe('50');
    expect(chartBars(page.stdout, 'chart-what-if').map((bar) => bar.value)).toEqual([
      whatIf.identitiesBefore,
      whatIf.identitiesAfter,
    ]);
    expect([whatIf.identitiesBefore, whatIf.identitiesAfter]).toEqual([50, 1]);
    expect(headingCount(page.stdout, 'policy-relevant')).toBe(whatIf.policyRelevantKeys.length);
  });

  it('the same page from files and from the API server, but for where it came from', async () => {
    const fromFiles = await cli(['report', ...dump(troubledCluster())]);
    const fromCluster = await cli(['report', '--kubeconfig', await serve(troubledCluster())]);
    const source = /<dt>Source<\/dt><dd>([^<]*)<\/dd>/;
    expect(source.exec(fromCluster.stdout)?.[1]).toMatch(
      /^context &quot;cilium-view-test&quot; \(https?:\/\/127\.0\.0\.1:\d+\)$/,
    );
    const anonymous = (html: string) => html.replace(source, '').replace(/<title>[^<]*<\/title>/, '');
    expect(anonymous(fromCluster.stdout)).toBe(anonymous(fromFiles.stdout));
  });
});

describe('where the page goes', () => {
  it('to --out, whole, with one line on stderr; exit 0 even when doctor would exit 3', async () => {
    const out = join(dir, 'troubled.html');
    const result = await cli(['report', ...dump(troubledCluster()), '--out', out]);
    const html = readFileSync(out, 'utf8');
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr: `report written to ${out} (${Math.ceil(Buffer.byteLength(html) / 1024)} KB)\n`,
    });
    expect(html.startsWith('<!DOCTYPE html>\n') && html.endsWith('</html>\n')).toBe(true);
    expect(html).toContain('<dt>Verdict</dt><dd class="problem">3 problems (doctor exits 3), 2 warnings</dd>');
    expect(readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('not to a terminal: a usage error with a hint, before anything is read', async () => {
    expect(await cli(['report', '--from', '/nonexistent/cv-report.json'], true)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: report writes an HTML page: give --out FILE (e.g. --out report.html), or redirect stdout\n',
    });
  });

  it('shows the Cilium version whose rules it assumed', async () => {
    const { stdout } = await cli(['report', '--demo', '--cilium-version', 'v1.18.2']);
    expect(stdout).toContain('<dt>Cilium version</dt><dd>1.18 (its reserved identity IDs and default label filter');
  });
});

describe('errors', () => {
  const NOWHERE = ['--from', '/nonexistent/cv-report.json'];
  it.each([
    ['an empty --out', [...NOWHERE, '--out', ''], 2, 'error: --out needs a file name\n'],
    [
      'a --labels that does not parse, before the folder of --out is looked at',
      [...NOWHERE, '--labels', 'k8s:!(', '--out', '/nonexistent/r.html'],
      2,
      /^error: label pattern "k8s:!\(" is not a valid regular expression: /,
    ],
    [
      'an --out in a folder that does not exist, before the source is read',
      [...NOWHERE, '--out', '/nonexistent/r.html'],
      1,
      'error: cannot write the report to /nonexistent/r.html: no such directory; check --out\n',
    ],
    [
      'an --out that is a folder',
      ['--demo', '--out', tmpdir()],
      1,
      `error: cannot write the report to ${tmpdir()}: it is a directory; check --out\n`,
    ],
    [
      'a cluster flag with --demo',
      ['--demo', '--context', 'x'],
      2,
      'error: --context is for a live cluster and cannot be combined with --demo; drop one of them\n',
    ],
  ])('%s', async (_name, args, code, stderr) => {
    const result = await cli(['report', ...args]);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    if (typeof stderr === 'string') expect(result.stderr).toBe(stderr);
    else expect(result.stderr).toMatch(stderr);
  });
});

describe('the examples of report --help, run as written', () => {
  it('against a live cluster (KUBECONFIG) and an unpacked sysdump, in a folder of their own', async () => {
    const help = (await cli(['report', '--help'])).stdout;
    const examples = help
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('cilium-view report '));
    expect(examples).toHaveLength(2);
    const cwd = mkdtempSync(join(dir, 'examples-'));
    const web = statefulSet('default', 'web', 50, 10_000);
    mkdirSync(join(cwd, 'sysdump'));
    writeFileSync(
      join(cwd, 'sysdump/ciliumendpoints-20240601-120000.yaml'),
      stringify({ kind: 'List', apiVersion: 'v1', items: web.endpoints }),
    );
    writeFileSync(
      join(cwd, 'sysdump/ciliumidentities-20240601-120000.yaml'),
      stringify({ kind: 'List', apiVersion: 'v1', items: web.identities }),
    );
    const env = { ...process.env, KUBECONFIG: await serve(troubledCluster()) };
    for (const example of examples) {
      const words = [...example.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
      // Asynchronously: the API server answers from this process.
      const { stderr } = await promisify(execFile)(process.execPath, [BIN, ...words.slice(1)], { cwd, env });
      const out = words.at(-1) as string;
      expect(stderr, example).toMatch(new RegExp(`^report written to ${out} \\(\\d+ KB\\)\\n$`));
      expect(existsSync(join(cwd, out))).toBe(true);
    }
    const sysdump = readFileSync(join(cwd, 'sysdump.html'), 'utf8');
    expect(chartBars(sysdump, 'chart-what-if').map((bar) => bar.value)).toEqual([50, 1]);
    const live = readFileSync(join(cwd, 'identity-report.html'), 'utf8');
    expect(summaryFigures(live).dangling).toBe('1');
  });
});
