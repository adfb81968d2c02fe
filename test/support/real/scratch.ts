/**
 * A temporary folder and the server processes that use it, removed on every exit path: close() on the
 * normal one; an `exit` handler when the test process ends on its own; and, when it is killed (Ctrl-C,
 * SIGKILL, a crashed vitest worker), a detached reaper shell that polls the test process, kills what it
 * left running and removes the folder.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REAPER = `
parent=$1 dir=$2
trap '' INT TERM HUP
while kill -0 "$parent" 2>/dev/null && [ -d "$dir" ]; do sleep 0.5; done
[ -d "$dir" ] || exit 0
for pid in $(cat "$dir/pids" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
rm -rf "$dir"
`;

const live = new Set<Scratch>();
process.on('exit', () => {
  for (const scratch of live) scratch.closeSync();
});

export class Scratch {
  readonly dir: string;
  private readonly children = new Set<ChildProcess>();

  constructor(prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), `cv-real-${prefix}-`));
    spawn('sh', ['-c', REAPER, 'cv-real-reaper', String(process.pid), this.dir], {
      detached: true,
      stdio: 'ignore',
    }).unref();
    live.add(this);
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  /** Starts a server process, its stdout and stderr appended to `<dir>/<name>.log`. */
  start(name: string, command: string, args: string[]): ChildProcess {
    const log = openSync(this.path(`${name}.log`), 'a');
    const child = spawn(command, args, { stdio: ['ignore', log, log], cwd: this.dir });
    if (child.pid !== undefined) appendFileSync(this.path('pids'), `${child.pid}\n`);
    this.children.add(child);
    child.on('exit', () => this.children.delete(child));
    return child;
  }

  /** The last lines of a process's log, for an error message. */
  logTail(name: string, lines = 15): string {
    try {
      return readFileSync(this.path(`${name}.log`), 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Ends one process and waits for it. */
  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async close(): Promise<void> {
    await Promise.all([...this.children].map((child) => this.stop(child)));
    this.closeSync();
  }

  closeSync(): void {
    for (const child of this.children) child.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
    live.delete(this);
  }
}

/** A port free on 127.0.0.1 right now (the kernel's pick); a server that then loses it is started again. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Runs a short command to its end (openssl); throws with its stderr when it fails. */
export function runSync(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr || result.error}`);
}

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; failed?: () => string | undefined },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const failure = options.failed?.();
    if (failure) throw new Error(`${what}: ${failure}`);
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${options.timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
