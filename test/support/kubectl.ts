/**
 * The real kubectl, run against the local API server of test/support/apiserver/. That server lives in the
 * test process, so kubectl runs asynchronously (spawnSync would block the server and deadlock), with a
 * temporary HOME of its own: no ~/.kube/config of the machine, a fresh discovery cache, removed when
 * kubectl ends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KUBECTL = '/usr/bin/kubectl';
export const hasKubectl: boolean = existsSync(KUBECTL);

/** Warns when kubectl is missing, with what is skipped then, e.g. "the selector comparisons are skipped". */
export function warnIfNoKubectl(what: string): void {
  if (!hasKubectl) console.warn(`kubectl not found at ${KUBECTL}: ${what}`);
}

export interface KubectlResult {
  /** The exit code; null when kubectl was ended by a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface KubectlOptions {
  /** kubectl's HOME: a new temporary directory for each run, removed when kubectl ends, unless given. */
  home?: string;
  /** Added to the environment of the test process. */
  env?: Record<string, string>;
}

export interface RunningKubectl {
  child: ChildProcess;
  /** stdout so far. */
  stdout: () => string;
  /** stdout and stderr, each decoded as a whole, once kubectl has ended. */
  result: Promise<KubectlResult>;
}

/** The HOME folders of kubectl runs still going; removed at exit when a test file ends before its kubectl. */
const homes = new Set<string>();
process.on('exit', () => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** Starts `kubectl --kubeconfig KUBECONFIG ARGS`, for a run that is watched or stopped while it runs (`-w`). */
export function startKubectl(kubeconfig: string, args: string[], options: KubectlOptions = {}): RunningKubectl {
  const ownHome = options.home === undefined ? mkdtempSync(join(tmpdir(), 'cv-kubectl-home-')) : undefined;
  const home = options.home ?? ownHome;
  if (ownHome !== undefined) homes.add(ownHome);
  const child = spawn(KUBECTL, ['--kubeconfig', kubeconfig, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HOME: home, ...options.env },
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  // Decoded whole, never chunk by chunk: a chunk may end inside a multi-byte character.
  const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
  const result = new Promise<KubectlResult>((resolve, reject) => {
    const removeHome = () => {
      if (ownHome === undefined) return;
      rmSync(ownHome, { recursive: true, force: true });
      homes.delete(ownHome);
    };
    child.on('error', (error) => {
      removeHome();
      reject(error);
    });
    child.on('close', (code) => {
      removeHome();
      resolve({ code, stdout: text(stdout), stderr: text(stderr) });
    });
  });
  return { child, stdout: () => text(stdout), result };
}

/** Runs `kubectl --kubeconfig KUBECONFIG ARGS` (ARGS in full: nothing, not even `get`, is added) to its end. */
export function kubectl(kubeconfig: string, args: string[], options: KubectlOptions = {}): Promise<KubectlResult> {
  return startKubectl(kubeconfig, args, options).result;
}
