#!/usr/bin/env node
/**
 * `npm run package`: the single-file executable for linux-x64 (Node's single executable applications) and
 * its krew archive and manifest.
 *
 *   1. esbuild bundles pkg/sea/snapshot.mjs, which imports src/main.ts and everything it imports,
 *      @kubernetes/client-node's KubeConfig included (without the generated API, see pkg/bundle.mjs),
 *      into one script. package.json and fixtures/demo/ are
 *      embedded in it (see pkg/sea/embedded-files.mjs), so nothing is read from beside the executable.
 *      A SEA's main script must be CommonJS and main.ts awaits at top level, which CommonJS cannot: the
 *      bundle is made as ESM without a single import statement (builtins are `require`d, which a SEA's
 *      main script may do) and wrapped in an async function.
 *   2. `node --experimental-sea-config` runs that script and saves the heap it leaves as a V8 start-up
 *      snapshot (`useSnapshot`, see pkg/sea/snapshot.mjs): the executable starts with the modules every
 *      command needs evaluated and the functions of a warm-up compiled, and evaluates src/main.ts at run
 *      time. Live `endpoints -A` on 5 endpoints takes about a quarter less wall time and CPU than with
 *      the code cache it replaces, `--version` no longer than `node -e 0`. Node 20 cannot save
 *      `node:http`, `node:https` or `node:tls`: the snapshot's bundle loads them on first use
 *      (`lazyBuiltinsPlugin`, pkg/sea/lazy-builtins.mjs). A copy of this node binary gets the blob injected
 *      with postject: OUT/cilium-view. The snapshot differs from build to build, so the executable does
 *      too, unless --reproducible: then src/main.ts is the main script, run with no snapshot and no code
 *      cache (slower to start).
 *   3. OUT/cilium-view-linux-amd64.tar.gz holds it as kubectl-cilium_view, with LICENSE and the licences of
 *      the bundled packages, THIRD-PARTY-LICENSES.txt (fixed order, owner and times: the same executable
 *      gives the same archive), and the krew manifest gets its sha256.
 *
 * Options: --out DIR (default dist/sea), --manifest FILE (default OUT/cilium-view.yaml, next to the
 * archive: a build leaves the working tree as it was), --reproducible (no snapshot: the same sources
 * and node binary give the same bytes). The committed plugins/cilium-view.yaml is rewritten only by the
 * release step, `npm run package:release` (--manifest plugins/cilium-view.yaml), whose archive is the
 * one to upload: the manifest carries its sha256.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Script } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { builtinsAsRequire, slimClientNode } from './bundle.mjs';
import { lazyBuiltinsPlugin } from './sea/lazy-builtins.mjs';
import { thirdParty } from './third-party.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEA_DIR = join(ROOT, 'pkg', 'sea');
/** Where the embedded files live for the bundled code: a root that exists on no disk. */
const EMBEDDED_ROOT = '/snapshot/cilium-view';
/** Files the CLI reads next to its code at run time, relative to the package root. */
const EMBEDDED = ['package.json', 'fixtures/demo'];
/** What the snapshot's warm-up loads as a kubeconfig (pkg/sea/snapshot.mjs), in the folder of the build. */
const WARM_UP_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: warm-up
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: ${Buffer.from('not a certificate').toString('base64')}
users:
- name: warm-up
  user:
    token: warm-up-token
contexts:
- name: warm-up
  context:
    cluster: warm-up
    user: warm-up
    namespace: default
current-context: warm-up
`;
/** What `import.meta.url` is for every bundled module: the place of dist/cli/main.js in the npm package. */
const IMPORT_META_URL = `file://${EMBEDDED_ROOT}/dist/cli/main.js`;
const SENTINEL_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const PLATFORM = { os: 'linux', arch: 'amd64' };
const PLUGIN_BIN = 'kubectl-cilium_view';
const ARCHIVE = `cilium-view-${PLATFORM.os}-${PLATFORM.arch}.tar.gz`;
/** The licences of the packages bundled into the executable (pkg/third-party.mjs). */
const LICENSES = 'THIRD-PARTY-LICENSES.txt';

const { values: options } = parseArgs({
  options: {
    out: { type: 'string', default: join(ROOT, 'dist', 'sea') },
    manifest: { type: 'string' },
    reproducible: { type: 'boolean', default: false },
  },
});
const OUT = resolve(options.out);
const MANIFEST = resolve(options.manifest ?? join(OUT, 'cilium-view.yaml'));
const WORK = join(OUT, 'build');

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

function run(command, args, opts = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...opts });
  if (result.error) fail(`${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result;
}

const step = (() => {
  let last = performance.now();
  return (what) => {
    const now = performance.now();
    process.stdout.write(`${what} (${((now - last) / 1000).toFixed(1)} s)\n`);
    last = now;
  };
})();

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Every file under the EMBEDDED paths, as { 'fixtures/demo/x.json': text }. */
function embeddedFiles() {
  const files = {};
  const add = (path) => {
    const absolute = join(ROOT, path);
    if (statSync(absolute).isDirectory()) {
      for (const name of readdirSync(absolute).sort()) add(`${path}/${name}`);
    } else {
      files[path] = readFileSync(absolute, 'utf8');
    }
  };
  for (const path of EMBEDDED) add(path);
  return files;
}

/** The CLI's own `node:fs` imports see the embedded files; everything else sees the disk. */
const embeddedFilesPlugin = {
  name: 'embedded-files',
  setup(b) {
    const src = `${join(ROOT, 'src')}/`;
    const overlays = {
      'node:fs': 'fs.mjs',
      fs: 'fs.mjs',
      'node:fs/promises': 'fs-promises.mjs',
      'fs/promises': 'fs-promises.mjs',
    };
    b.onResolve({ filter: /^(node:)?fs(\/promises)?$/ }, (args) =>
      args.importer.startsWith(src) ? { path: join(SEA_DIR, overlays[args.path]) } : undefined,
    );
    b.onResolve({ filter: /^cilium-view:embedded$/ }, () => ({ path: 'embedded', namespace: 'cilium-view' }));
    b.onLoad({ filter: /.*/, namespace: 'cilium-view' }, () => ({
      contents: JSON.stringify({ root: EMBEDDED_ROOT, files: embeddedFiles() }),
      loader: 'json',
    }));
  },
};

async function bundle(snapshot) {
  const result = await build({
    entryPoints: [snapshot ? join(SEA_DIR, 'snapshot.mjs') : join(ROOT, 'src', 'main.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    // No keepNames: its __name() call on every function and class cost about 20 ms of each start-up.
    legalComments: 'none',
    define: { 'import.meta.url': JSON.stringify(IMPORT_META_URL) },
    plugins: [slimClientNode, embeddedFilesPlugin, ...(snapshot ? [lazyBuiltinsPlugin] : []), builtinsAsRequire],
    logLevel: 'silent',
    metafile: true,
  });
  for (const warning of result.warnings) process.stderr.write(`esbuild warning: ${warning.text}\n`);
  let licenses;
  try {
    licenses = thirdParty(result.metafile, process.cwd());
  } catch (error) {
    fail(error.message);
  }
  // A SEA's require loads builtins only, and warns on anything else. The bundle asks for a few optional
  // packages it can do without (ws: bufferutil, utf-8-validate; node-fetch: encoding; debug:
  // supports-color) inside try/catch: they get the MODULE_NOT_FOUND a normal install would give. The
  // require of a snapshot's script gives that already (and node:module, used here for the others, is
  // not one a snapshot may load).
  const wrapped = snapshot
    ? `'use strict';
(async () => {
${result.outputFiles[0].text}
})();
`
    : `'use strict';
((require) => (async () => {
${result.outputFiles[0].text}
})())(((builtin, isBuiltin) => (id) => {
  if (isBuiltin(id)) return builtin(id);
  throw Object.assign(new Error(\`Cannot find module '\${id}'\`), { code: 'MODULE_NOT_FOUND' });
})(require, require('node:module').isBuiltin));
`;
  try {
    new Script(wrapped); // compiles only: an import statement or import.meta left in the bundle fails here
  } catch (error) {
    fail(`the bundle cannot run as a CommonJS script: ${error.message}`);
  }
  return { script: wrapped, licenses };
}

/** postject, run as its CLI: its ELF library's notes about section names are noise, shown only on failure. */
function inject(executable, blob) {
  let cli;
  try {
    cli = join(dirname(createRequire(import.meta.url).resolve('postject')), 'cli.js');
  } catch {
    fail('postject is not installed: run `npm install --save-dev postject@^1.0.0-alpha.6` (or npm ci)');
  }
  run(process.execPath, [cli, executable, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SENTINEL_FUSE]);
}

/** A tar.gz of `names` in `dir`, the same bytes from the same files: fixed order, owner and times. */
function archive(dir, names, target) {
  const tar = run(
    'tar',
    [
      '--create',
      '--format=ustar',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--mtime=@0',
      '--directory',
      dir,
      ...names,
    ],
    { encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024 },
  );
  writeFileSync(target, gzipSync(tar.stdout));
}

function manifest(pkg, sha256) {
  const version = `v${pkg.version}`;
  const homepage = pkg.homepage.replace(/#readme$/, '');
  const uri = `${homepage}/releases/download/${version}/${ARCHIVE}`;
  return `# Generated by \`npm run package\` (pkg/build.mjs); the sha256 is that of the archive it built.
apiVersion: krew.googlecontainertools.github.com/v1alpha2
kind: Plugin
metadata:
  name: cilium-view
spec:
  version: ${version}
  homepage: ${homepage}
  shortDescription: Cilium endpoints and identities as kubectl prints them
  description: |
    Reads Cilium's CiliumEndpoint and CiliumIdentity custom resources, from the
    cluster or from files (kubectl -o json/yaml output, an unpacked cilium
    sysdump), joins endpoints to identities by numeric identity ID, and prints
    tables byte for byte as kubectl get does. who-shares ID lists every pod
    behind a security identity; doctor and cardinality look for dangling,
    unused and high-cardinality identities. Read-only: it sends GET requests
    only. Try it without a cluster: kubectl cilium-view endpoints -A --demo
  platforms:
    - selector:
        matchLabels:
          os: ${PLATFORM.os}
          arch: ${PLATFORM.arch}
      uri: ${uri}
      sha256: ${sha256}
      bin: ${PLUGIN_BIN}
`;
}

async function main() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(`the single executable is built on linux-x64 only (this is ${process.platform}-${process.arch})`);
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });

  const script = join(WORK, 'main.cjs');
  const snapshot = !options.reproducible;
  const { script: code, licenses } = await bundle(snapshot);
  writeFileSync(script, code);
  if (snapshot) writeFileSync(join(WORK, 'warm-up.kubeconfig'), WARM_UP_KUBECONFIG);
  step(`bundled ${relative(ROOT, script)}: ${mib(statSync(script).size)}`);

  const blob = join(WORK, 'sea-prep.blob');
  const config = join(WORK, 'sea-config.json');
  writeFileSync(
    config,
    // Paths relative to WORK: the blob records the script's name, which must not depend on --out.
    JSON.stringify({
      main: relative(WORK, script),
      output: relative(WORK, blob),
      disableExperimentalSEAWarning: true,
      useSnapshot: snapshot,
    }),
  );
  // --no-warnings: a warning printed while the snapshot's script runs would read stderr there, which
  // the script refuses (pkg/sea/snapshot.mjs); it sees each warning itself.
  run(process.execPath, ['--no-warnings', '--experimental-sea-config', config], { cwd: WORK });
  step(`blob ${relative(ROOT, blob)}: ${mib(statSync(blob).size)}`);

  const executable = join(OUT, 'cilium-view');
  copyFileSync(process.execPath, executable);
  chmodSync(executable, 0o755);
  inject(executable, blob);
  step(`injected ${relative(ROOT, executable)}: ${mib(statSync(executable).size)}`);

  const stage = join(WORK, 'krew');
  mkdirSync(stage);
  copyFileSync(executable, join(stage, PLUGIN_BIN));
  chmodSync(join(stage, PLUGIN_BIN), 0o755);
  copyFileSync(join(ROOT, 'LICENSE'), join(stage, 'LICENSE'));
  chmodSync(join(stage, 'LICENSE'), 0o644);
  writeFileSync(join(stage, LICENSES), licenses);
  chmodSync(join(stage, LICENSES), 0o644);
  const tarball = join(OUT, ARCHIVE);
  archive(stage, [PLUGIN_BIN, 'LICENSE', LICENSES], tarball);
  rmSync(stage, { recursive: true });
  const sha256 = createHash('sha256').update(readFileSync(tarball)).digest('hex');
  step(`archived ${relative(ROOT, tarball)}: ${mib(statSync(tarball).size)}, sha256 ${sha256}`);

  mkdirSync(dirname(MANIFEST), { recursive: true });
  writeFileSync(MANIFEST, manifest(pkg, sha256));
  step(`wrote the krew manifest ${relative(ROOT, MANIFEST)}`);
}

await main();
