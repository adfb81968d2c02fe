#!/usr/bin/env node
/**
 * `npm run build`: the npm package's bundle, dist/cli (esbuild, ESM, code-split so that what a command
 * does not use is not loaded), its metafile dist/cli.meta.json, and the licences of what it carries
 * (pkg/third-party.mjs).
 *
 * The live-cluster path loads @kubernetes/client-node's KubeConfig (kubeconfig loading, exec plugins,
 * tokens, client certificates, in-cluster config, TLS) from its dist/config.js, not the package's index:
 * the index also brings the generated API of every Kubernetes group, which this tool never calls. Of
 * that generated code, config.js uses two things (createConfiguration and ServerConfiguration, for its
 * own API clients); `slimClientNode` points its import of the generated index at those two modules, so
 * the client's chunk is a quarter of the size and loads in a quarter of the time. pkg/build.mjs bundles
 * the single executable with the same plugin.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
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
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    plugins: [slimClientNode],
  });
  writeFileSync(join(ROOT, 'dist', 'cli.meta.json'), JSON.stringify(result.metafile));
  try {
    writeFileSync(join(outdir, 'THIRD-PARTY-LICENSES.txt'), thirdParty(result.metafile, ROOT));
  } catch (error) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
