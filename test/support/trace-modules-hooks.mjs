// Module loader hooks for trace-modules.mjs (they run on the loader's own thread).
import { appendFileSync } from 'node:fs';

export async function load(url, context, next) {
  appendFileSync(process.env.CV_TRACE_FILE, `${url}\n`);
  return next(url, context);
}
