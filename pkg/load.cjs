/**
 * The npm package's loader, copied by `npm run build` (pkg/bundle.mjs) to dist/cli/load.cjs: it runs the
 * bundle's scripts (dist/cli/*.js, each one of esbuild's chunks as a function, see pkg/bundle.mjs) with
 * `vm.Script`, which takes V8's code cache of each (made at build time, see cacheFile). A script
 * is compiled and run only when another one requires it, as an ES module would be imported: what a
 * command does not use is never read. V8 checks a cache before it uses it (its version, flags and the
 * source) and compiles from the source when the cache does not fit; the loader takes a cache only where
 * the same Node.js on the same platform made it and checks the rest (a checksum): the cache makes
 * start-up faster, nothing depends on it.
 */
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

const DIR = `${__dirname}/`;

/**
 * The name of a script in stack traces: the same wherever the package is installed. A code cache holds the
 * name the build compiled the script with, and V8 keeps that name for a script it takes from the cache.
 */
const SCRIPT_NAME = 'cilium-view/dist/cli/';
/** A cache file is the checksum of V8's cache data, then the data. */
const CHECKSUM = 'sha1';
const CHECKSUM_BYTES = 20;

/**
 * The code cache of a script, NAME.js.node-VERSION-PLATFORM-ARCH.cache: V8's cache data holds no mark of
 * the platform or architecture it was made for, so the Node.js that made it is in the file's name.
 */
const cacheFile = (filename) => `${filename}.node-${process.version}-${process.platform}-${process.arch}.cache`;

/** The code cache of a script, or undefined where there is none for this Node.js, or it is damaged. */
function cacheOf(filename) {
  let file;
  try {
    file = readFileSync(cacheFile(filename));
  } catch {
    return undefined;
  }
  // V8 checks a cache's version, flags and source, not its contents: a damaged one could crash it.
  const cache = file.subarray(CHECKSUM_BYTES);
  const checksum = createHash(CHECKSUM).update(cache).digest();
  return checksum.equals(file.subarray(0, CHECKSUM_BYTES)) ? cache : undefined;
}

/**
 * A loader of the scripts in this folder: `load('main.js')` runs a script (once) and gives its exports.
 * `scripts` keeps the compiled scripts: the build gives the same one to several loaders, each a fresh
 * run, to make the code cache of everything they ran (pkg/code-cache.mjs).
 */
function loader({ scripts = new Map(), cache = true } = {}) {
  const modules = new Map();
  const compile = (name, filename) => {
    let script = scripts.get(name);
    if (script === undefined) {
      const cachedData = cache ? cacheOf(filename) : undefined;
      script = new Script(readFileSync(filename, 'utf8'), { filename: `${SCRIPT_NAME}${name}`, cachedData });
      scripts.set(name, script);
    }
    return script;
  };
  // The scripts' `require`: another script, or what they do not carry (Node's builtins, and optional
  // packages they try) from this module's.
  const scriptRequire = Object.assign((id) => (id.startsWith('./') ? load(id.slice(2)) : require(id)), require);
  function load(name) {
    const loaded = modules.get(name);
    if (loaded !== undefined) return loaded.exports;
    const scriptModule = { exports: {} };
    modules.set(name, scriptModule);
    const filename = `${DIR}${name}`;
    const body = compile(name, filename).runInThisContext();
    body.call(scriptModule.exports, scriptModule.exports, scriptRequire, scriptModule, pathToFileURL(filename).href);
    return scriptModule.exports;
  }
  return load;
}

/** Runs the command line: main.js, whose body (it awaits at its top level) is its default export. */
const start = () => loader()('main.js').default();

module.exports = { CHECKSUM, cacheFile, loader, start };
