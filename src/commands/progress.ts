/**
 * Progress a person can see: while a live list takes more than one page, one line on stderr (a terminal
 * only) says how many objects have arrived and from which context; it is cleared before anything else is
 * written. Never on a pipe, never for `-o json|yaml|name` (whose output is for programs).
 */
import type { CommonOptions } from './common.js';
import type { Io } from './io.js';

const CLEAR_LINE = '\r\x1b[K';

export function withProgress(io: Io, options: CommonOptions): Io {
  const { output } = options.print;
  const wanted = io.stderrIsTTY && options.source.kind === 'cluster' && !['json', 'yaml', 'name'].includes(output.kind);
  if (!wanted) return io;
  const counts = new Map<string, number>();
  let shown = false;
  const clear = () => {
    if (shown) io.stderr.write(CLEAR_LINE);
    shown = false;
  };
  return {
    ...io,
    stdout: {
      write: (text) => {
        clear();
        io.stdout.write(text);
      },
    },
    stderr: {
      write: (text) => {
        clear();
        io.stderr.write(text);
      },
    },
    progress: (resource, count, context) => {
      counts.set(resource, count);
      const fetched = [...counts].map(([name, n]) => `${n} ${name}`).join(', ');
      io.stderr.write(`${CLEAR_LINE}fetching from context "${context}": ${fetched}`);
      shown = true;
    },
  };
}
