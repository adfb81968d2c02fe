#!/usr/bin/env node
// kubectl's completion hook for the plugin: `kubectl cilium-view <TAB>` runs this executable with the
// words typed after the plugin's name; they go to cilium-view's own `__complete` command.
import { start } from '../dist/cli/load.js';

process.argv.splice(2, 0, '__complete');
await start();
