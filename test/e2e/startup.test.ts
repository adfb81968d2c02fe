/**
 * What start-up does not pay for: @kubernetes/client-node (its KubeConfig, in scripts of its own) is loaded
 * only when a live cluster is read, and each command loads only its own code. The npm package's bundle is
 * scripts that its loader compiles with V8's code cache (pkg/load.cjs): a preload (trace-modules.mjs)
 * records every ES module and every script the built executable loads, and what V8 did with each script's
 * cache; the live-cluster run is the control that proves it sees the client.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();

const trace = fileURLToPath(new URL('../support/trace-modules.mjs', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The name the loader gives the script dist/cli/NAME. */
const SCRIPT = /^cilium-view\/dist\/cli\/([^/]+) cache=(accepted|rejected|none)$/;

interface Run {
  stdout: string;
  /** The files loaded, ES modules and scripts. */
  files: string[];
  /** What V8 did with the code cache of each script, by the script's name in dist/cli. */
  caches: Map<string, string>;
}

/** Runs the built executable of the package at `root` (the repository, or a copy of what it ships). */
const run = (args: string[], kubeconfig: string, root = REPO): Promise<Run> =>
  new Promise((resolve, reject) => {
    const traceFile = join(temp('cv-trace-'), 'modules.txt');
    const child = spawn(process.execPath, ['--import', trace, join(root, 'bin', 'cilium-view.js'), ...args], {
      env: { ...process.env, KUBECONFIG: kubeconfig, CV_TRACE_FILE: traceFile },
    });
    let stdout = '';
    child.stdout.on('data', (data) => {
      stdout += data;
    });
    child.on('error', reject);
    child.on('close', () => {
      const files: string[] = [];
      const caches = new Map<string, string>();
      for (const line of readFileSync(traceFile, 'utf8').split('\n')) {
        const [, name, cache] = SCRIPT.exec(line) ?? [];
        if (name !== undefined && cache !== undefined) {
          files.push(join(root, 'dist', 'cli', name));
          caches.set(name, cache);
        } else if (line.startsWith('file://')) {
          files.push(fileURLToPath(line));
        }
      }
      resolve({ stdout, files: files.filter((path) => existsSync(path)), caches });
    });
  });

/** Whether running the built executable with `args` loaded a module or script whose text includes `marker`. */
const loads = async (marker: string, kubeconfig: string, args: string[]): Promise<boolean> =>
  (await run(args, kubeconfig)).files.some((path) => readFileSync(path, 'utf8').includes(marker));

/** Whether running the built executable with `args` loaded the Kubernetes client (its KubeConfig code). */
const loadsTheClient = (kubeconfig: string, args: string[]) => loads('loadFromDefault', kubeconfig, args);

describe('lazy loading of the Kubernetes client', () => {
  let server: RunningApiServer;
  let kubeconfig: string;
  beforeAll(async () => {
    server = await startApiServer({ endpoints: [], identities: [] });
    kubeconfig = server.writeKubeconfig(temp('cv-lazy-'));
  });
  afterAll(() => server.close());

  for (const args of [['--version'], ['--help'], ['endpoints', '-A', '--demo'], ['who-shares', '27084', '--demo']]) {
    it(`${args.join(' ')} does not load it`, async () => {
      expect(await loadsTheClient(kubeconfig, args)).toBe(false);
    });
  }

  it('a live-cluster command does', async () => {
    expect(await loadsTheClient(kubeconfig, ['endpoints', '-A'])).toBe(true);
  });

  it('a mesh over every context loads its KubeConfig, never the generated API of every group', async () => {
    const args = ['endpoints', '-A', '--all-contexts'];
    expect(await loadsTheClient(kubeconfig, args)).toBe(true);
    expect(await loads('CoreV1Api', kubeconfig, args)).toBe(false);
  });

  it('the scripts of start-up, the file source and the live cluster take the code cache built with them', async () => {
    for (const args of [['--version'], ['endpoints', '-A', '--demo'], ['endpoints', '-A']]) {
      const { caches } = await run(args, kubeconfig);
      expect(caches.size, args.join(' ')).toBeGreaterThan(0);
      expect(
        [...caches.values()].filter((cache) => cache !== 'accepted'),
        args.join(' '),
      ).toEqual([]);
    }
  });
});

describe('each command loads only its own code', () => {
  const kubeconfig = '/nonexistent/kubeconfig';
  /** The report's HTML page, and doctor's rules. */
  const page = (args: string[]) => loads('Content-Security-Policy', kubeconfig, args);
  const rules = (args: string[]) => loads('no two identities have the same labels', kubeconfig, args);

  it('endpoints loads neither the report page nor doctor; report loads its page', async () => {
    expect(await page(['endpoints', '-A', '--demo'])).toBe(false);
    expect(await rules(['endpoints', '-A', '--demo'])).toBe(false);
    expect(await page(['report', '--demo'])).toBe(true);
  });
});

describe('a code cache V8 does not take', () => {
  /** A copy of what the package ships, to damage. */
  const copy = () => {
    const root = temp('cv-cache-');
    for (const path of ['package.json', 'bin', 'dist/cli', 'fixtures/demo']) {
      cpSync(join(REPO, path), join(root, path), { recursive: true });
    }
    return { root, cli: join(root, 'dist', 'cli') };
  };
  const caches = (cli: string) => readdirSync(cli).filter((name) => name.endsWith('.cache'));
  const args = ['endpoints', '-A', '--demo'];

  /** Rewrites every cache file of `cli`, given V8's cache data in each (after a sha1 checksum, pkg/load.cjs). */
  const rewrite = (cli: string, change: (data: Buffer) => Buffer, checksum: (data: Buffer) => Buffer) => {
    for (const name of caches(cli)) {
      const data = change(readFileSync(join(cli, name)).subarray(20));
      writeFileSync(join(cli, name), Buffer.concat([checksum(data), data]));
    }
  };
  const sha1 = (data: Buffer) => createHash('sha1').update(data).digest();

  it('one V8 declines (another V8, other V8 flags): the scripts are compiled from their source, the output is the same', async () => {
    const { root, cli } = copy();
    // V8's version hash, the cache data's second 32-bit word.
    rewrite(cli, (data) => Buffer.from(data).fill(0x5a, 4, 8), sha1);
    const other = await run(args, '/nonexistent/kubeconfig', root);
    expect(new Set(other.caches.values())).toEqual(new Set(['rejected']));
    expect(other.stdout).toBe((await run(args, '/nonexistent/kubeconfig')).stdout);
  });

  it('damaged (V8 does not check what a cache holds, and could crash on it): the loader does not pass it', async () => {
    const { root, cli } = copy();
    rewrite(
      cli,
      (data) => Buffer.from(data).fill(0x5a, data.length >> 1),
      () => sha1(readFileSync(join(REPO, 'LICENSE'))),
    );
    const damaged = await run(args, '/nonexistent/kubeconfig', root);
    expect(new Set(damaged.caches.values())).toEqual(new Set(['none']));
    expect(damaged.stdout).toBe((await run(args, '/nonexistent/kubeconfig')).stdout);
  });

  it('missing, or made for another Node.js, platform or architecture (the file names carry them): the same', async () => {
    const { root, cli } = copy();
    for (const name of caches(cli)) rmSync(join(cli, name));
    const missing = await run(args, '/nonexistent/kubeconfig', root);
    expect(new Set(missing.caches.values())).toEqual(new Set(['none']));
    expect(missing.stdout).toBe((await run(args, '/nonexistent/kubeconfig')).stdout);
  });
});
