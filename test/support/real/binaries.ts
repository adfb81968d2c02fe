/**
 * kube-apiserver and etcd, built from source by the Go module in test/real/ into a cache folder outside the
 * repository: ${CV_REAL_CACHE:-~/.cache/cilium-view/real}/<hash of the pins>/. The hash covers what decides
 * the binaries (go.mod, go.sum, the main package, the build flags), so a fresh clone reuses them and a
 * change of pin builds new ones beside the old.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Go module: go.mod, go.sum, and etcd/, the one main package of our own. */
export const MODULE_DIR = fileURLToPath(new URL('../../real/', import.meta.url));
const PINNED_FILES = ['go.mod', 'go.sum', 'etcd/main.go'];

/** Parsed from go.mod: the versions the binaries are built from. */
export function pins(): { kubernetes: string; etcd: string } {
  const goMod = readFileSync(join(MODULE_DIR, 'go.mod'), 'utf8');
  const version = (module: string) => {
    const found = new RegExp(`^(?:require )?\\s*${module.replace(/[./]/g, '\\$&')} (v\\S+)`, 'm').exec(goMod)?.[1];
    if (!found) throw new Error(`test/real/go.mod does not require ${module}`);
    return found;
  };
  return { kubernetes: version('k8s.io/kubernetes'), etcd: version('go.etcd.io/etcd/server/v3') };
}

/** `go build` as kube-apiserver's own build runs it: static, trimmed, its version stamped in. */
function buildArgs(outDir: string): string[] {
  const { kubernetes } = pins();
  const [major, minor] = kubernetes.slice(1).split('.');
  const version = 'k8s.io/component-base/version';
  const ldflags = [
    '-s -w',
    `-X ${version}.gitVersion=${kubernetes}`,
    `-X ${version}.gitMajor=${major}`,
    `-X ${version}.gitMinor=${minor}`,
    `-X ${version}.gitTreeState=clean`,
  ].join(' ');
  return [
    'build',
    '-trimpath',
    '-ldflags',
    ldflags,
    '-o',
    `${outDir}/`,
    'k8s.io/kubernetes/cmd/kube-apiserver',
    './etcd',
  ];
}
const BUILD_ENV = { CGO_ENABLED: '0', GOFLAGS: '-mod=readonly -buildvcs=false' };

/** Set by .ci/run: the real-server tests must run, so missing binaries are built, never skipped. */
export const REQUIRE_REAL = process.env.CV_REQUIRE_REAL_APISERVER === '1';

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.CV_REAL_CACHE || join(homedir(), '.cache', 'cilium-view', 'real');
}

/** The binaries' folder for the current pins. */
export function binDir(env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha256');
  for (const file of PINNED_FILES)
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(MODULE_DIR, file)))
      .update('\0');
  hash.update(JSON.stringify([buildArgs('OUT'), BUILD_ENV]));
  return join(cacheRoot(env), hash.digest('hex').slice(0, 16));
}

export interface Binaries {
  kubeApiserver: string;
  etcd: string;
}

/** The cached binaries, or undefined when they are not built yet. */
export function cachedBinaries(env: NodeJS.ProcessEnv = process.env): Binaries | undefined {
  const dir = binDir(env);
  return existsSync(join(dir, 'complete'))
    ? { kubeApiserver: join(dir, 'kube-apiserver'), etcd: join(dir, 'etcd') }
    : undefined;
}

export function hasGo(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Builds the binaries when they are not cached: into a temporary folder beside the target, renamed into
 * place when complete, so an interrupted or concurrent build never leaves a half-written cache entry.
 * `log` receives go's output (the module downloads, compile errors).
 */
export async function buildBinaries(
  log: (text: string) => void = (text) => process.stderr.write(text),
  env: NodeJS.ProcessEnv = process.env,
): Promise<Binaries> {
  const cached = cachedBinaries(env);
  if (cached) return cached;
  const target = binDir(env);
  mkdirSync(cacheRoot(env), { recursive: true });
  const work = mkdtempSync(`${target}.building-`);
  try {
    const started = Date.now();
    log(`building kube-apiserver ${pins().kubernetes} and etcd ${pins().etcd} from source into ${target}\n`);
    const code = await new Promise<number | null>((resolve, reject) => {
      const go = spawn('go', buildArgs(work), {
        cwd: MODULE_DIR,
        env: { ...env, ...BUILD_ENV },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      go.stdout.on('data', (chunk: Buffer) => log(chunk.toString()));
      go.stderr.on('data', (chunk: Buffer) => log(chunk.toString()));
      go.on('error', reject);
      go.on('close', resolve);
    });
    if (code !== 0) throw new Error(`go build in test/real failed (exit ${code})`);
    writeFileSync(join(work, 'complete'), `${JSON.stringify({ ...pins(), seconds: (Date.now() - started) / 1000 })}\n`);
    try {
      renameSync(work, target);
    } catch (error) {
      // Another build finished first: its binaries are as good.
      if (!cachedBinaries(env)) throw error;
    }
    log(`built in ${Math.round((Date.now() - started) / 1000)} s\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return cachedBinaries(env) as Binaries;
}
