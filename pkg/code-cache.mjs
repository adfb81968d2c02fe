/**
 * `node pkg/code-cache.mjs DIR`, run by `npm run build` (pkg/bundle.mjs) on the scripts it wrote to DIR
 * (dist/cli): V8's code cache of each script, for this Node.js (NAME.js.node-VERSION-PLATFORM-ARCH.cache
 * after the checksum the loader checks, see pkg/load.cjs), made after the commands below have run in this
 * process through the package's loader (DIR/load.cjs). A cache made after a run holds the functions that
 * run compiled as well as the top-level code, so a command that runs the same functions compiles none of
 * them. The live runs read the demo cluster from the test API server over HTTPS with a bearer token, as
 * a real cluster is read. The commands' output is this process's stdout: the build discards it.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = resolve(process.argv[2]);

/**
 * What the build runs: start-up, every command on the file source (the demo) and the commands of a live
 * cluster, each as a user types it. Compared in one run (medians of 40), this set and the three measured
 * commands alone (--version, endpoints -A on the demo and live) start up equally fast: a script's cache
 * grows little with functions a command does not run, and each command's own scripts get a cache.
 */
const RUNS = [
  ['--version'],
  ['--help'],
  ['endpoints', '-A', '--demo'],
  ['endpoints', '-A', '-o', 'wide', '--demo'],
  ['endpoints', '-A', '-o', 'json', '--demo'],
  ['endpoints', '-A', '-o', 'yaml', '--demo'],
  ['identities', '--demo'],
  ['who-shares', '27084', '--demo'],
  ['doctor', '--demo'],
  ['cardinality', '--demo'],
  ['report', '--demo'],
  ['endpoints', '-A', 'KUBECONFIG'],
  ['identities', 'KUBECONFIG'],
  ['who-shares', '27084', 'KUBECONFIG'],
];

const demo = (kind) => JSON.parse(readFileSync(join(ROOT, 'fixtures', 'demo', `${kind}.json`), 'utf8')).items;

const { startApiServer } = await tsImport('../test/support/apiserver/index.ts', import.meta.url);
const server = await startApiServer({
  endpoints: demo('ciliumendpoints'),
  identities: demo('ciliumidentities'),
  tls: true,
  token: 'cilium-view-code-cache',
});
const temp = mkdtempSync(join(tmpdir(), 'cv-code-cache-'));
try {
  const kubeconfig = server.writeKubeconfig(temp);
  const { loader, cacheFile, CHECKSUM } = createRequire(import.meta.url)(join(DIR, 'load.cjs'));
  const scripts = new Map();
  for (const run of RUNS) {
    const args = run.flatMap((arg) => (arg === 'KUBECONFIG' ? ['--kubeconfig', kubeconfig] : [arg]));
    process.argv = [process.execPath, 'cilium-view', ...args];
    await loader({ scripts, cache: false })('main.js').default();
    if (process.exitCode !== 0) throw new Error(`cilium-view ${args.join(' ')} exited ${process.exitCode}`);
  }
  for (const [name, script] of scripts) {
    const cache = script.createCachedData();
    const checksum = createHash(CHECKSUM).update(cache).digest();
    writeFileSync(cacheFile(join(DIR, name)), Buffer.concat([checksum, cache]));
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
  await server.close();
}
