/**
 * What start-up does not pay for: @kubernetes/client-node (bundled into a chunk of its own, about 0.4 s to
 * load; 0.9 s as separate modules) is loaded only when a live cluster is read. A loader hook records every
 * module the built executable loads; the live-cluster run is the control that proves it sees the client.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();

const trace = fileURLToPath(new URL('../support/trace-modules.mjs', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/cilium-view.js', import.meta.url));

/** Whether running the built executable with `args` loaded a module whose text includes `marker`. */
const loads = (marker: string, kubeconfig: string, args: string[]): Promise<boolean> =>
  new Promise((resolve, reject) => {
    const traceFile = join(temp('cv-trace-'), 'modules.txt');
    const child = spawn(process.execPath, ['--import', trace, bin, ...args], {
      env: { ...process.env, KUBECONFIG: kubeconfig, CV_TRACE_FILE: traceFile },
    });
    child.on('error', reject);
    child.on('close', () => {
      const files = readFileSync(traceFile, 'utf8')
        .split('\n')
        .filter((url) => url.startsWith('file://'))
        .map((url) => fileURLToPath(url))
        .filter((path) => existsSync(path));
      resolve(files.some((path) => readFileSync(path, 'utf8').includes(marker)));
    });
  });

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
