// Preloaded with `node --import`: records, one a line in the file named by CV_TRACE_FILE, the URL of every
// ES module the program loads, and the name of every script it compiles with `vm.Script` (the npm
// package's bundle: cilium-view/dist/cli/NAME, see pkg/load.cjs) followed by what V8 did with the script's code cache: `cache=accepted`,
// `cache=rejected` or `cache=none`. Used to prove what start-up does not load, and that it takes the cache.
import { appendFileSync } from 'node:fs';
import { register, syncBuiltinESMExports } from 'node:module';
import vm from 'node:vm';

const Script = vm.Script;
vm.Script = class TracedScript extends Script {
  constructor(code, options) {
    super(code, options);
    const cache =
      options?.cachedData === undefined ? 'none' : this.cachedDataRejected === true ? 'rejected' : 'accepted';
    appendFileSync(process.env.CV_TRACE_FILE, `${options.filename} cache=${cache}\n`);
  }
};
syncBuiltinESMExports();

register('./trace-modules-hooks.mjs', import.meta.url);
