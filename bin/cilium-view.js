#!/usr/bin/env node
// CommonJS (bin/package.json says so), as the loader is: an ES module as the entry costs Node.js its ES
// module loader, about 5 ms of each start-up. The bundle sits two folders below the package root, as
// every module under src/ does, so the paths it finds next to itself (package.json, fixtures/demo) are
// the same in the bundle and in the sources.
require('../dist/cli/load.cjs').start();
