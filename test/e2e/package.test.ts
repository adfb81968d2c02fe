/**
 * What a user installs, run as a user runs it.
 *
 * The npm package: a copy of the repository (without node_modules/, dist/, .git/) is packed with
 * `npm pack`, whose `prepack` builds dist/ (in the copy: the dist/ that other tests run is not rewritten
 * under them), and the tarball is installed into an empty prefix with `npm install -g --offline` and an
 * empty npm cache: the install cannot fetch a package, so it succeeds only if the package needs none.
 * One install serves every assertion. The installed commands run from unrelated folders, from `/` with
 * an empty HOME and a bare environment: nothing in the package may reach outside it.
 *
 * The single executable (`npm run package`, pkg/build.mjs) is built into a temporary folder on linux-x64
 * (skipped elsewhere, or with CILIUM_VIEW_SKIP_SEA=1: the build takes 30 to 45 s on two busy cores), in
 * parallel with the npm install. It must print the same bytes with no file beside it, the krew manifest
 * (written next to the archive) must carry the sha256 of the archive, and the build must leave the
 * working tree as it found it. It starts from a V8 snapshot of a heap made at build time: the
 * environment, the terminal and the clock must be those of the process that runs, which a run with
 * other ones than the build's shows (a pseudo-terminal through util-linux `script`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { versionText as versionTextOf } from '../../src/cli/version.js';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { GOLDEN_NOW, runCli } from '../run-cli.js';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { hasKubectl, KUBECTL, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const PKG = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
const golden = (name: string) => readFileSync(join(REPO, 'test', 'golden', name), 'utf8');
const SETUP_TIMEOUT = 240_000;

const SEA_SKIP =
  process.platform !== 'linux' || process.arch !== 'x64'
    ? `the single executable is built on linux-x64 only, this is ${process.platform}-${process.arch}`
    : process.env.CILIUM_VIEW_SKIP_SEA === '1'
      ? 'CILIUM_VIEW_SKIP_SEA=1'
      : undefined;
if (SEA_SKIP !== undefined) console.warn(`single-executable tests skipped: ${SEA_SKIP}`);
warnIfNoKubectl('`kubectl cilium-view` through the installed package is skipped');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a process without blocking: the test API server lives in this process. */
const exec = (command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

async function ok(command: string, args: string[], options: { cwd: string }): Promise<Run> {
  const result = await exec(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${result.stderr}\n${result.stdout}`);
  }
  return result;
}

/** About 300 MB: two executables, an archive, an install; removed after the tests, failed ones too. */
const work = temp('cv-package-');
/** A folder with nothing in it, for HOME. */
const emptyDir = (name: string) => {
  const dir = join(work, name);
  mkdirSync(dir);
  return dir;
};

/** What a user's shell gives a command, and no more: no KUBECONFIG, no NODE_PATH, an empty HOME. */
const bareEnv = (home: string): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home });

const seaOut = join(work, 'sea');
/** Where a build writes the krew manifest unless told otherwise: next to the archive, not over plugins/. */
const seaManifest = join(seaOut, 'cilium-view.yaml');
/** The working tree as the build found it: `git status` and the committed manifest. */
const treeState = () => ({
  status: spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: REPO, encoding: 'utf8' }).stdout,
  manifest: readFileSync(join(REPO, 'plugins', 'cilium-view.yaml'), 'utf8'),
});
let treeBeforeSea: ReturnType<typeof treeState> | undefined;
/** Started before the npm install, so that the two overlap. */
let seaBuild: Promise<Run> | undefined;

/** The version text of the sources (whatever --version prints, the packages must print the same). */
let versionText = '';
let server: RunningApiServer;
let kubeconfig = '';

beforeAll(async () => {
  if (SEA_SKIP === undefined) {
    treeBeforeSea = treeState();
    seaBuild = exec(process.execPath, ['pkg/build.mjs', '--out', seaOut], { cwd: REPO });
  }
  versionText = (await runCli(['--version'])).stdout;
  server = await startApiServer({
    endpoints: demoEndpoints(),
    identities: demoIdentities(),
    tls: true,
    token: 'package-test-token',
    now: () => GOLDEN_NOW,
  });
  kubeconfig = server.writeKubeconfig(emptyDir('kubeconfig'));
});

afterAll(async () => {
  await seaBuild;
  await server?.close();
});

/** The assertions both packages answer: the same bytes as the sources, from anywhere, on files and clusters. */
function behavesLikeTheSources(command: () => string) {
  it('prints the golden demo table from an unrelated folder', async () => {
    const result = await exec(command(), ['endpoints', '-A', '--demo'], {
      cwd: emptyDir(`cwd-${Math.random().toString(36).slice(2)}`),
    });
    expect(result).toEqual({ code: 0, stdout: golden('get-cep-A.txt'), stderr: '' });
  });

  it('reaches nothing outside itself: from / with an empty HOME and a bare environment', async () => {
    const env = bareEnv(emptyDir(`home-${Math.random().toString(36).slice(2)}`));
    const demo = await exec(command(), ['endpoints', '-A', '--demo'], { cwd: '/', env });
    expect(demo).toEqual({ code: 0, stdout: golden('get-cep-A.txt'), stderr: '' });
    const shares = await exec(command(), ['who-shares', '27084', '--demo'], { cwd: '/', env });
    expect([shares.code, shares.stderr, shares.stdout.split('\n')[0]]).toEqual([0, '', 'Identity:    27084']);
    const version = await exec(command(), ['--version'], { cwd: '/', env });
    expect(version).toEqual({ code: 0, stdout: versionText, stderr: '' });
  });

  it('--version prints what the sources print, the version first', async () => {
    const result = await exec(command(), ['--version'], { cwd: work });
    expect(result).toEqual({ code: 0, stdout: versionText, stderr: '' });
    expect(result.stdout.split('\n')[0]?.split(' ').at(-1)).toBe(PKG.version);
  });

  it('reads a live cluster over TLS with its own Kubernetes client', async () => {
    const result = await exec(command(), ['endpoints', '-A', '--kubeconfig', kubeconfig], {
      cwd: '/',
      env: bareEnv(emptyDir(`home-${Math.random().toString(36).slice(2)}`)),
    });
    expect(result).toEqual({ code: 0, stdout: golden('get-cep-A.txt'), stderr: '' });
  });
}

describe("npm's install-script policy (npm 11)", () => {
  it('covers every dependency with an install script: npm ci prints no warning about one', async () => {
    const result = await exec('npm', ['install-scripts', 'ls', '--json'], { cwd: REPO });
    if (result.code !== 0 && /Unknown command/i.test(result.stderr + result.stdout)) {
      console.warn('this npm has no install-script policy (npm install-scripts): nothing to check');
      return;
    }
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ allowScripts: [] });
  });
});

describe('the version text', () => {
  it('names the version first, then the CiliumEndpoint column sets', () => {
    expect(versionTextOf('0.1.0')).toBe(
      'cilium-view 0.1.0\nCiliumEndpoint column sets: v1.9 (Cilium 1.9 to 1.12.1), v1.14 (1.12.2 to 1.14), v1.15 (1.15 and 1.16), v1.17 (1.17 and later)\nCilium releases known: 1.9 to 1.19\n',
    );
  });
});

describe('the npm package, packed and installed into an empty prefix', () => {
  const prefix = join(work, 'prefix');
  const checkout = join(work, 'checkout');
  let packed: { filename: string; files: { path: string }[] };
  let install: Run;

  beforeAll(async () => {
    const skipped = new Set(['node_modules', 'dist', '.git']);
    cpSync(REPO, checkout, {
      recursive: true,
      filter: (source) => !skipped.has(relative(REPO, source).split(sep)[0] ?? ''),
    });
    symlinkSync(join(REPO, 'node_modules'), join(checkout, 'node_modules'));
    const pack = await ok('npm', ['pack', '--json', '--pack-destination', work], { cwd: checkout });
    const [first] = JSON.parse(pack.stdout) as (typeof packed)[];
    if (first === undefined) throw new Error(`npm pack described no package:\n${pack.stdout}`);
    packed = first;
    // No network for packages: --offline with a cache that holds nothing. A dependency would fail the install.
    install = await ok(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--offline',
        '--cache',
        emptyDir('npm-cache'),
        '--no-audit',
        '--no-fund',
        join(work, packed.filename),
      ],
      { cwd: work },
    );
  }, SETUP_TIMEOUT);

  it('installs offline from an empty cache, without a warning', () => {
    expect(install.stderr).toBe('');
    expect(install.stdout).toMatch(/^added 1 package in /m);
  });

  it('depends on nothing: the installed tree is the package alone', () => {
    const manifest = JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies']) {
      expect(manifest[field], field).toBeUndefined();
    }
    const installed = join(prefix, 'lib', 'node_modules');
    expect(readdirSync(installed)).toEqual([PKG.name]);
    expect(readdirSync(join(installed, PKG.name)).sort()).toEqual(
      ['bin', 'CHANGELOG.md', 'deploy', 'dist', 'fixtures', 'LICENSE', 'package.json', 'README.md'].sort(),
    );
  });

  it('every chunk of the bundle, the lazy ones too, loads from the installed package alone', async () => {
    const cli = join(prefix, 'lib', 'node_modules', PKG.name, 'dist', 'cli');
    // The scripts of the bundle, run by its loader (load.cjs, pkg/load.cjs) as the executable does.
    const chunks = readdirSync(cli).filter((name) => name.endsWith('.js') && name !== 'main.js');
    expect(chunks.length).toBeGreaterThan(5);
    const script = `const { loader } = await import(${JSON.stringify(`${cli}/load.cjs`)}); const load = loader(); for (const chunk of ${JSON.stringify(chunks)}) load(chunk);`;
    const result = await exec(process.execPath, ['--input-type=module', '--eval', script], {
      cwd: '/',
      env: bareEnv(emptyDir('home-chunks')),
    });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('the README names the packages the bundle carries, and their licences ship with it', () => {
    const meta = JSON.parse(readFileSync(join(checkout, 'dist', 'cli.meta.json'), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    const bundled = new Set(
      Object.keys(meta.inputs).flatMap(
        (input) => /^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? [],
      ),
    );
    const devDependencies = Object.keys(
      (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { devDependencies: object }).devDependencies,
    );
    const direct = devDependencies.filter((name) => bundled.has(name));
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const named = /^ *Bundled: (.*)\.$/m
      .exec(readme)?.[1]
      ?.split(', ')
      .map((name) => name.replace(/`/g, ''));
    expect(named).toEqual(direct);
    const licenses = readFileSync(
      join(prefix, 'lib', 'node_modules', PKG.name, 'dist', 'cli', 'THIRD-PARTY-LICENSES.txt'),
      'utf8',
    );
    for (const name of bundled) expect(licenses, name).toMatch(new RegExp(`^${name} \\S+ \\(`, 'm'));
  });

  it('a bundle that leaves a package to be loaded at run time fails the build', async () => {
    const meta = join(work, 'undeclared.meta.json');
    const imports = [
      { path: 'node:fs', kind: 'import-statement', external: true },
      { path: 'bufferutil', kind: 'require-call', external: true },
      { path: 'left-pad', kind: 'require-call', external: true },
    ];
    writeFileSync(meta, JSON.stringify({ inputs: {}, outputs: { 'dist/cli/main.js': { imports } } }));
    const result = await exec(process.execPath, ['pkg/third-party.mjs', meta, join(work, 'undeclared.txt')], {
      cwd: REPO,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: the bundle loads left-pad at run time; /);
  });

  it('holds what runs and nothing else: no src/, test/, bench/', () => {
    const paths = packed.files.map((file) => file.path).sort();
    const allowed =
      /^(bin\/|dist\/cli\/|fixtures\/demo\/|deploy\/rbac\.yaml$|README\.md$|LICENSE$|CHANGELOG\.md$|package\.json$)/;
    expect(paths.filter((path) => !allowed.test(path))).toEqual([]);
    expect(paths.filter((path) => /^(src|test|bench|pkg|plugins)\//.test(path))).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'CHANGELOG.md',
        'README.md',
        'bin/cilium-view.js',
        'bin/kubectl_complete-cilium_view.js',
        'deploy/rbac.yaml',
        'dist/cli/main.js',
        'fixtures/demo/ciliumendpoints.json',
        'fixtures/demo/ciliumidentities.json',
      ]),
    );
  });

  it('installs cilium-view and the two kubectl plugin commands', () => {
    expect(readdirSync(join(prefix, 'bin')).sort()).toEqual([
      'cilium-view',
      'kubectl-cilium_view',
      'kubectl_complete-cilium_view',
    ]);
  });

  it('has no path of the machine that built it in its files', () => {
    const installed = join(prefix, 'lib', 'node_modules', PKG.name);
    const offenders: string[] = [];
    const visit = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (name === 'node_modules') continue;
        if (statSync(path).isDirectory()) visit(path);
        else if (readFileSync(path, 'utf8').includes(REPO.replace(/\/$/, '')))
          offenders.push(relative(installed, path));
        else if (readFileSync(path, 'utf8').includes(work)) offenders.push(relative(installed, path));
      }
    };
    visit(installed);
    expect(offenders).toEqual([]);
  });

  behavesLikeTheSources(() => join(prefix, 'bin', 'cilium-view'));

  it('runs as the kubectl plugin too', async () => {
    const result = await exec(join(prefix, 'bin', 'kubectl-cilium_view'), ['endpoints', '-A', '--demo'], { cwd: '/' });
    expect(result).toEqual({ code: 0, stdout: golden('get-cep-A.txt'), stderr: '' });
  });

  it.skipIf(!hasKubectl && process.env.CI !== 'true')(
    'kubectl cilium-view finds the installed plugin on PATH, on the demo and on a live cluster',
    async () => {
      const env = { PATH: `${join(prefix, 'bin')}:/usr/bin:/bin`, HOME: emptyDir('home-kubectl-plugin') };
      const demo = await exec(KUBECTL, ['cilium-view', 'endpoints', '-A', '--demo'], { cwd: '/', env });
      expect(demo).toEqual({ code: 0, stdout: golden('get-cep-A.txt'), stderr: '' });
      const live = await exec(KUBECTL, ['cilium-view', 'endpoints', '-A', '--kubeconfig', kubeconfig], {
        cwd: '/',
        env,
      });
      expect(live).toEqual({ code: 0, stdout: golden('get-cep-A.txt'), stderr: '' });
    },
  );
});

const SCRIPT = '/usr/bin/script';
const hasScript = existsSync(SCRIPT);
if (SEA_SKIP === undefined && !hasScript) {
  console.warn(`no ${SCRIPT} (util-linux): the single executable on a terminal is not checked`);
}

describe.skipIf(SEA_SKIP !== undefined)('the single executable and its krew archive (npm run package)', () => {
  const archive = join(seaOut, 'cilium-view-linux-amd64.tar.gz');
  const sea = () => join(seaOut, 'cilium-view');
  /** When the build was over, or later. */
  let builtAt = 0;
  let manifest: {
    apiVersion: string;
    kind: string;
    metadata: { name: string };
    spec: { version: string; homepage: string; platforms: Record<string, unknown>[] };
  };

  beforeAll(async () => {
    const built = await seaBuild;
    if (built?.code !== 0) throw new Error(`pkg/build.mjs exited ${built?.code}:\n${built?.stderr}`);
    builtAt = Date.now();
    manifest = parse(readFileSync(seaManifest, 'utf8'));
  }, SETUP_TIMEOUT);

  behavesLikeTheSources(sea);

  const ANSI = /\x1b\[/;
  const demoTable = (env: NodeJS.ProcessEnv) =>
    exec(sea(), ['endpoints', '-A', '--demo'], {
      cwd: '/',
      env: { ...bareEnv(emptyDir(`home-${Math.random().toString(36).slice(2)}`)), ...env },
    });

  it('reads the environment when it runs, not when it was built: FORCE_COLOR, KUBECONFIG', async () => {
    const plain = await demoTable({});
    expect(plain).toEqual({ code: 0, stdout: golden('get-cep-A.txt'), stderr: '' });
    const forced = await demoTable({ FORCE_COLOR: '1' });
    expect([forced.code, forced.stderr, ANSI.test(forced.stdout)]).toEqual([0, '', true]);
    const live = await exec(sea(), ['endpoints', '-A'], {
      cwd: '/',
      env: { ...bareEnv(emptyDir('home-kubeconfig-env')), KUBECONFIG: kubeconfig },
    });
    expect(live).toEqual({ code: 0, stdout: golden('get-cep-A.txt'), stderr: '' });
  });

  it.skipIf(!hasScript && process.env.CI !== 'true')(
    'sees a terminal when it runs on one: colour, unless NO_COLOR',
    async () => {
      const onTerminal = (env: NodeJS.ProcessEnv) =>
        exec(SCRIPT, ['--quiet', '--return', '--command', `${sea()} endpoints -A --demo`, '/dev/null'], {
          cwd: '/',
          env: { ...bareEnv(emptyDir(`home-${Math.random().toString(36).slice(2)}`)), ...env },
        });
      const coloured = await onTerminal({});
      expect([coloured.code, ANSI.test(coloured.stdout)]).toEqual([0, true]);
      expect(coloured.stdout).toMatch(/^NAMESPACE /);
      const uncoloured = await onTerminal({ NO_COLOR: '1' });
      expect([uncoloured.code, ANSI.test(uncoloured.stdout)]).toEqual([0, false]);
      expect(uncoloured.stdout.replace(/\r\n/g, '\n')).toBe(golden('get-cep-A.txt'));
    },
  );

  it('reads the clock when it runs: an identity created after the build is seconds old, not in the future', async () => {
    const created = Math.ceil((builtAt + 1000) / 1000) * 1000;
    await sleep(Math.max(0, created + 2000 - Date.now()));
    const [identity] = demoIdentities() as { metadata: Record<string, unknown> }[];
    const file = join(work, 'identity-after-build.json');
    const item = {
      ...identity,
      metadata: { ...identity?.metadata, creationTimestamp: new Date(created).toISOString().replace('.000', '') },
    };
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [item] }));
    const result = await exec(sea(), ['identities', '--from', file], { cwd: '/' });
    const upTo = Math.floor((Date.now() - created) / 1000);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const age = /(\S+)\n$/.exec(result.stdout)?.[1] ?? '';
    expect(age).toMatch(/^\d+s$/);
    expect(Number.parseInt(age, 10)).toBeGreaterThanOrEqual(2);
    expect(Number.parseInt(age, 10)).toBeLessThanOrEqual(upTo);
  });

  it("writes a krew manifest with the archive's sha256", () => {
    const sha256 = createHash('sha256').update(readFileSync(archive)).digest('hex');
    expect(manifest).toMatchObject({
      apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
      kind: 'Plugin',
      metadata: { name: 'cilium-view' },
      spec: { version: `v${PKG.version}` },
    });
    expect(manifest.spec.platforms).toEqual([
      {
        selector: { matchLabels: { os: 'linux', arch: 'amd64' } },
        uri: `https://github.com/cilium-view/cilium-view/releases/download/v${PKG.version}/cilium-view-linux-amd64.tar.gz`,
        sha256,
        bin: 'kubectl-cilium_view',
      },
    ]);
  });

  it('archives the executable as kubectl-cilium_view, with LICENSE and the bundled licences', async () => {
    const listing = await ok('tar', ['--list', '--verbose', '--numeric-owner', '--file', archive], { cwd: work });
    const entries = listing.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/));
    expect(entries.map((fields) => [fields[0], fields.at(-1)])).toEqual([
      ['-rwxr-xr-x', 'kubectl-cilium_view'],
      ['-rw-r--r--', 'LICENSE'],
      ['-rw-r--r--', 'THIRD-PARTY-LICENSES.txt'],
    ]);
    const unpacked = emptyDir('krew-unpacked');
    await ok('tar', ['--extract', '--file', archive, '--directory', unpacked], { cwd: work });
    const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(digest(join(unpacked, 'kubectl-cilium_view'))).toBe(digest(join(seaOut, 'cilium-view')));
    expect(readFileSync(join(unpacked, 'LICENSE'), 'utf8')).toBe(readFileSync(join(REPO, 'LICENSE'), 'utf8'));
    expect(readFileSync(join(unpacked, 'THIRD-PARTY-LICENSES.txt'), 'utf8')).toMatch(/^@kubernetes\/client-node 1\./m);
  });

  it('leaves the working tree as it was: the committed manifest is rewritten only by package:release', () => {
    expect(treeState()).toEqual(treeBeforeSea);
  });

  it('matches the committed plugins/cilium-view.yaml except for the sha256', () => {
    const withoutSha = (text: string) => text.replace(/sha256: [0-9a-f]{64}/, 'sha256: <sha256>');
    expect(withoutSha(readFileSync(join(REPO, 'plugins', 'cilium-view.yaml'), 'utf8'))).toBe(
      withoutSha(readFileSync(seaManifest, 'utf8')),
    );
  });
});
