#!/usr/bin/env node
/**
 * `npm run build`: the npm package's bundle, dist/cli, its metafile dist/cli.meta.json, and the licences
 * of what it carries (pkg/third-party.mjs).
 *
 * esbuild bundles src/main.ts as ES modules code-split at its dynamic imports, so that what a command
 * does not use is not loaded, and each chunk becomes a script (toScript) that the package's loader,
 * dist/cli/load.cjs (pkg/load.cjs), compiles with V8's code cache made by the Node.js that builds:
 * Node 20 has no code cache for ES modules, and compiling them was a fifth of the start-up.
 * pkg/code-cache.mjs makes the cache after running the commands of start-up, the file source and the
 * live cluster, so it holds the functions they compile as well as each script's top level.
 * bin/cilium-view.js starts the loader.
 *
 * The live-cluster path loads @kubernetes/client-node's KubeConfig (kubeconfig loading, exec plugins,
 * tokens, client certificates, in-cluster config, TLS) from its dist/config.js, not the package's index:
 * the index also brings the generated API of every Kubernetes group, which this tool never calls. Of
 * that generated code, config.js uses two things (createConfiguration and ServerConfiguration, for its
 * own API clients); `slimClientNode` points its import of the generated index at those two modules, so
 * the client's chunk is a quarter of the size and loads in a quarter of the time. pkg/build.mjs bundles
 * the single executable with the same plugin.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { build, transform } from 'esbuild';
import { thirdParty } from './third-party.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Packages client-node imports at the top of its modules but uses only for one kind of cluster or user:
 * a proxy (socks-proxy-agent, hpagent), an OIDC auth-provider (openid-client), a GCP or Azure
 * auth-provider (jsonpath-plus). Each is bundled as usual and evaluated the first time one of its exports
 * is used, not when the client loads.
 */
const LOAD_ON_USE = ['socks-proxy-agent', 'hpagent', 'openid-client', 'jsonpath-plus'];
/** The module that loads one of them on use: the package's file, with this after its name. */
const LAZY_SUFFIX = '.load-on-use.js';

/** The module that stands for the generated index: a name no file of client-node has (so no other importer shares it). */
const SLIM_GEN_INDEX = 'index.kubeconfig-only.js';
const CLIENT_NODE = /[\\/]node_modules[\\/]@kubernetes[\\/]client-node[\\/]dist[\\/]/;

/** client-node's config.js imports `./gen/index.js` (every generated API) for two of its exports. */
export const slimClientNode = {
  name: 'slim-client-node',
  setup(b) {
    b.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (args) =>
      /[\\/]@kubernetes[\\/]client-node[\\/]dist[\\/]config\.js$/.test(args.importer)
        ? { path: join(dirname(args.importer), 'gen', SLIM_GEN_INDEX) }
        : undefined,
    );
    // node-fetch (for client-node's Headers) takes URL from `node:url` and falls back to whatwg-url, with
    // its 260 KB Unicode table, only where Node has no URL class: Node 20 always has one.
    b.onResolve({ filter: /^whatwg-url$/ }, (args) =>
      /[\\/]node_modules[\\/]node-fetch[\\/]/.test(args.importer)
        ? { path: 'whatwg-url', namespace: 'node-url-class' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'node-url-class' }, () => ({
      contents: 'export default { URL: globalThis.URL };',
      loader: 'js',
    }));
    const lazy = new RegExp(`^(${LOAD_ON_USE.join('|')})$`);
    b.onResolve({ filter: lazy }, async (args) => {
      if (args.pluginData === 'load-on-use' || !CLIENT_NODE.test(args.importer)) return undefined;
      const real = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: 'load-on-use',
      });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: `${real.path}${LAZY_SUFFIX}` };
    });
    b.onLoad({ filter: new RegExp(`${LAZY_SUFFIX.replaceAll('.', '\\.')}$`) }, async (args) => {
      const path = args.path.slice(0, -LAZY_SUFFIX.length);
      const names = Object.keys(await import(pathToFileURL(path).href)).filter((name) => name !== 'default');
      const getters = names.map((name) => `  get ${name}() { return load().${name}; },`);
      return {
        contents: [
          'let loaded;',
          `const load = () => (loaded ??= require(${JSON.stringify(path)}));`,
          'module.exports = {',
          ...getters,
          '};',
        ].join('\n'),
        resolveDir: dirname(path),
        loader: 'js',
      };
    });
    b.onLoad({ filter: new RegExp(`[\\\\/]gen[\\\\/]${SLIM_GEN_INDEX.replace('.', '\\.')}$`) }, (args) => ({
      contents: [
        "export { createConfiguration } from './configuration.js';",
        "export { ServerConfiguration } from './servers.js';",
      ].join('\n'),
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/** What `import.meta.url` becomes in a script: the loader passes each script its own file's URL. */
const IMPORT_META_URL = '__cv_import_meta_url';

/**
 * One of esbuild's ES module chunks as a script `vm.Script` can compile (and cache): a function of
 * (exports, require, module, import.meta.url). esbuild itself turns the chunk into CommonJS, its imports
 * (static and dynamic) into `require` calls and the bindings they import into reads of the required
 * exports (live, as ES modules have them). The entry awaits at its top level, which CommonJS cannot: its
 * body, after the import statements esbuild writes first, becomes its default export, an async function
 * the loader calls once the chunks it imports have run.
 */
async function toScript(chunk, entry) {
  let module = chunk;
  if (entry) {
    const imports = /^(?:\s*import[^"]*"[^"]*";)*/.exec(chunk)[0];
    module = `${imports}\nexport default async function() {\n${chunk.slice(imports.length)}\n}`;
  }
  const { code } = await transform(module, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': IMPORT_META_URL },
    logLevel: 'warning',
  });
  return `(function (exports, require, module, ${IMPORT_META_URL}) {"use strict";${code}\n})`;
}

/** Fails the build unless `script` compiles and requires every chunk esbuild says `output` imports. */
function check(name, script, output) {
  try {
    new Script(script);
  } catch (error) {
    fail(`${name} cannot run as a script: ${error.message}`);
  }
  for (const { path, external } of output.imports) {
    const required = `require("./${basename(path)}")`;
    if (!external && !script.includes(required)) fail(`${name} does not ${required}`);
  }
}

/**
 * Node's builtins become `require` calls where the sources import them: the entry's import statements
 * are then the chunks it imports, which esbuild writes at its top (see toScript). The single executable
 * (pkg/build.mjs) bundles with it too: its script can then be wrapped in a function, and a SEA's main
 * script can `require` builtins.
 */
export const builtinsAsRequire = {
  name: 'builtins-as-require',
  setup(b) {
    const names = builtinModules.map((name) => name.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&'));
    const filter = new RegExp(`^(node:)?(${names.join('|')})$`);
    b.onResolve({ filter }, (args) =>
      args.namespace === 'builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

async function main() {
  const outdir = join(ROOT, 'dist', 'cli');
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: [join(ROOT, 'src', 'main.ts')],
    bundle: true,
    splitting: true,
    minify: true,
    // No keepNames: its __name() call on every function and class cost about 20 ms of each start-up.
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    chunkNames: '[name]-[hash]',
    logLevel: 'warning',
    metafile: true,
    write: false,
    plugins: [slimClientNode, builtinsAsRequire],
  });
  mkdirSync(outdir, { recursive: true });
  for (const file of result.outputFiles) {
    const name = relative(outdir, file.path);
    const output = result.metafile.outputs[relative(process.cwd(), file.path)];
    const script = await toScript(file.text, name === 'main.js');
    check(name, script, output);
    writeFileSync(file.path, script);
  }
  copyFileSync(join(ROOT, 'pkg', 'load.cjs'), join(outdir, 'load.cjs'));
  writeFileSync(join(ROOT, 'dist', 'cli.meta.json'), JSON.stringify(result.metafile));
  try {
    writeFileSync(join(outdir, 'THIRD-PARTY-LICENSES.txt'), thirdParty(result.metafile, ROOT));
  } catch (error) {
    fail(error.message);
  }
  // V8 takes a cache only under the flags it was made with: those of a plain `node`, not NODE_OPTIONS'.
  // tsx (for the test API server) keeps no cache of its own in the temporary folder.
  const { NODE_OPTIONS: _, ...env } = process.env;
  const cache = spawnSync(process.execPath, [join(ROOT, 'pkg', 'code-cache.mjs'), outdir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...env, TSX_DISABLE_CACHE: '1' },
  });
  if (cache.status !== 0) fail(`making the code cache failed:\n${cache.stderr || cache.error}`);
}

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
