// Preloaded with `node --import`: records the URL of every module the program loads, one a line, in the
// file named by CV_TRACE_FILE. Used to prove what start-up does not load.
import { register } from 'node:module';

register('./trace-modules-hooks.mjs', import.meta.url);
