#!/usr/bin/env node
// The bundle sits two folders below the package root, as every module under src/ does, so the paths it
// finds next to itself (package.json, fixtures/demo) are the same in the bundle and in the sources.
import { start } from '../dist/cli/load.js';

await start();
