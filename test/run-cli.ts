/** Runs the whole program in memory, as the entry would, with a fixed clock and captured streams. */
import { run } from '../src/cli/program.js';

/** The clock of the golden files: 58 to 60 minutes after the demo identities were created. */
export const GOLDEN_NOW = new Date('2023-08-08T08:00:00Z');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  args: string[],
  options: {
    /** What stdin holds: a text, or bytes in chunks as a pipe would bring them. */
    stdin?: string | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
    now?: Date;
    env?: Record<string, string>;
    isTTY?: boolean;
    stderrIsTTY?: boolean;
    /** The Ctrl-C of a test: aborting it interrupts a watch. */
    signal?: AbortSignal;
    /** Sees stdout as it is written (a watch prints while it runs). */
    onStdout?: (text: string) => void;
  } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: {
      write: (text) => {
        stdout += text;
        options.onStdout?.(text);
      },
    },
    stderr: {
      write: (text) => {
        stderr += text;
      },
    },
    stdin: () => stdinChunks(options.stdin ?? ''),
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    stderrIsTTY: options.stderrIsTTY ?? false,
    now: () => options.now ?? GOLDEN_NOW,
    interruption: () => options.signal ?? new AbortController().signal,
  });
  return { code, stdout, stderr };
}

async function* stdinChunks(
  stdin: string | Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  if (typeof stdin === 'string') {
    if (stdin !== '') yield Buffer.from(stdin);
    return;
  }
  yield* stdin;
}
