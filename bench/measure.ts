/**
 * Running what the benchmark measures: one command as a child process (wall time, peak RSS through
 * GNU time, stdout drained from a pipe), and a generated cluster served by bench/server.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const GNU_TIME = '/usr/bin/time';
export const REPO = fileURLToPath(new URL('..', import.meta.url));

export interface Run {
  /** Seconds, from spawn to exit, measured here. */
  wall: number;
  /** Peak resident set size in KiB; undefined without GNU time. */
  rssKiB: number | undefined;
  code: number | null;
  /** The first line on stderr that is not GNU time's. */
  firstStderrLine: string;
  /** stdout, when asked to keep it. */
  stdout: Buffer | undefined;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  keepStdout?: boolean;
  timeoutMs: number;
}

/** Runs argv once; stdout is read from a pipe as fast as it comes (and dropped unless kept). */
export async function measure(argv: string[], options: RunOptions): Promise<Run> {
  const timed = existsSync(GNU_TIME);
  const dir = mkdtempSync(join(tmpdir(), 'cv-bench-run-'));
  const timeFile = join(dir, 'time');
  const [file, ...args] = timed ? [GNU_TIME, '-f', '%e %M', '-o', timeFile, ...argv] : argv;
  const started = performance.now();
  // detached: a process group of its own, so that a timeout ends the command and not only GNU time
  const child = spawn(file as string, args, {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    if (options.keepStdout) stdout.push(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 65_536) stderr += chunk;
  });
  const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), options.timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => resolve(signal === null ? exitCode : null));
  });
  const wall = (performance.now() - started) / 1000;
  clearTimeout(timer);
  // GNU time writes "%e %M" last, after "Command exited with non-zero status N" when there is one.
  const timeLine = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) : undefined;
  const rssKiB = Number(timeLine?.split(' ')[1]);
  rmSync(dir, { recursive: true, force: true });
  return {
    wall,
    rssKiB: Number.isFinite(rssKiB) ? rssKiB : undefined,
    code,
    firstStderrLine: stderr.split('\n').find((line) => line.trim() !== '') ?? '',
    stdout: options.keepStdout ? Buffer.concat(stdout) : undefined,
  };
}

export interface Cluster {
  url: string;
  kubeconfig: string;
  /** The bearer token and CA file of an HTTPS server. */
  token: string | undefined;
  ca: string | undefined;
  endpoints: number;
  identities: number;
  sharedIdentity: { id: number; endpoints: number };
  stop(): Promise<void>;
}

/**
 * Starts bench/server.ts with N endpoints (HTTPS, a bearer token) in a process of its own, under the TypeScript loader this
 * process runs under (tsx's flags are in execArgv); resolves once it serves.
 */
export async function startCluster(endpoints: number | 'demo'): Promise<Cluster> {
  const server = [join(REPO, 'bench/server.ts'), String(endpoints), '--tls'];
  const child = spawn(process.execPath, [...process.execArgv, ...server], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const firstLine = await new Promise<string | undefined>((resolve) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(line));
    lines.once('close', () => resolve(undefined));
  });
  if (firstLine === undefined) throw new Error(`bench/server.ts ${endpoints} exited before serving`);
  return {
    ...JSON.parse(firstLine),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
