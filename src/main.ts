/** The entry: the only module that touches the process (argv, streams, exit code). */
import { run } from './cli/program.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// A reader that stops early (`| head`) closes the pipe: stop quietly, as kubectl does.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

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
  stdout: { write: (text) => process.stdout.write(text) },
  stderr: { write: (text) => process.stderr.write(text) },
  readStdin,
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  now: () => new Date(),
  interruption,
});
