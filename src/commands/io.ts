import { escapeTerminal } from '../print/sanitize.js';

/** What a command may touch: its streams, its input, the environment and the clock. The entry builds the real one. */
export interface Output {
  write(text: string): void;
}

export interface Io {
  stdout: Output;
  stderr: Output;
  /** The bytes of stdin, as they arrive (read only for `--from -`). */
  stdin(): AsyncIterable<Uint8Array>;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour in `--color auto`). */
  isTTY: boolean;
  /** Whether stderr is a terminal (progress lines). */
  stderrIsTTY: boolean;
  /** Reports how far a long list has come (see progress.ts); absent where nobody should see it. */
  progress?: (resource: string, count: number, context: string) => void;
  now(): Date;
  /**
   * Aborted when the user interrupts (Ctrl-C). Only a command that asks for it (a watch) handles Ctrl-C,
   * ending normally with exit 0; for every other command Ctrl-C stops the process as usual.
   */
  interruption(): AbortSignal;
}

/** Warnings name objects from the data: shown safe for a terminal. */
export function warner(io: Io): (message: string) => void {
  return (message) => io.stderr.write(`warning: ${escapeTerminal(message)}\n`);
}
