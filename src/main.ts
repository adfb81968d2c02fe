/** The entry: the only module that touches the process (argv, streams, exit code). */
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { run } from './cli/program.js';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * stdout is written with blocking writes to file descriptor 1, so a slow reader holds the writer back:
 * `process.stdout` on a pipe queues everything it cannot write at once, which for the 300 MB of
 * `-o json` on a large cluster is memory. A reader that stops early (`| head`) ends the program
 * quietly, as kubectl does.
 */
function writeOut(text: string): void {
  const bytes = Buffer.from(text);
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(0);
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

let interrupted: AbortController | undefined;
function interruption(): AbortSignal {
  if (interrupted === undefined) {
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    interrupted = controller;
  }
  return interrupted.signal;
}

process.exitCode = await run(process.argv.slice(2), {
  stdout: { write: writeOut },
  stderr: { write: (text) => process.stderr.write(text) },
  stdin: () => process.stdin,
  env: process.env,
  isTTY: isatty(1),
  stderrIsTTY: process.stderr.isTTY === true,
  now: () => new Date(),
  interruption,
});
