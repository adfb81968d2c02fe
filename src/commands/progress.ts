/**
 * Progress a person can see: while a live list takes more than one page, one line on stderr (a terminal
 * only) says how many objects have arrived and from which context; it is cleared before anything else is
 * written, an error included. Never on a pipe, never for `-o json|yaml|name` (whose output is for
 * programs). The context's name is the kubeconfig's, so it is escaped like any text from outside.
 */
import { escapeTerminal } from '../print/sanitize.js';
import type { CommonOptions } from './common.js';
import type { Io } from './io.js';

const CLEAR_LINE = '\r\x1b[K';

/** The io of a command, with progress where wanted, and `clear` for the line left when the command ends. */
export function withProgress(io: Io, options: CommonOptions): { io: Io; clear: () => void } {
  const { output } = options.print;
  const wanted =
    io.stderrIsTTY &&
    ['cluster', 'contexts'].includes(options.source.kind) &&
    !['json', 'yaml', 'name'].includes(output.kind);
  if (!wanted) return { io, clear: () => {} };
  const counts = new Map<string, number>();
  let shown = false;
  const clear = () => {
    if (shown) io.stderr.write(CLEAR_LINE);
    shown = false;
  };
  const progressIo: Io = {
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
    progress: (resource, count, context, loading) => {
      counts.set(resource, count);
      const fetched = [...counts].map(([name, n]) => `${n} ${name}`).join(', ');
      const from =
        loading === undefined
          ? `context "${context}"`
          : `contexts ${loading.map((name) => `"${name}"`).join(', ')} (still loading)`;
      io.stderr.write(`${CLEAR_LINE}fetching from ${escapeTerminal(from)}: ${escapeTerminal(fetched)}`);
      shown = true;
    },
  };
  return { io: progressIo, clear };
}
