#!/usr/bin/env node
// kubectl's completion hook for the plugin: `kubectl cilium-view <TAB>` runs this executable with the
// words typed after the plugin's name; they go to cilium-view's own `__complete` command.
process.argv.splice(2, 0, '__complete');
require('../dist/cli/load.cjs').start();
