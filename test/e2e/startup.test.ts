/**
 * What start-up does not pay for: @kubernetes/client-node (about 0.8 s to import) is loaded only when a
 * live cluster is read. Its dependencies (ws, node-fetch) are CommonJS and show in require.cache; the
 * cluster run is the control that proves the probe sees them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApiServer, startApiServer } from '../support/apiserver.js';

const probe = fileURLToPath(new URL('../support/loaded-modules.cjs', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/cilium-view.js', import.meta.url));

/** Runs the built executable with the probe preloaded (async: the API server lives in this process). */
const loadedPackages = (kubeconfig: string, args: string[]): Promise<string[]> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', probe, bin, ...args], {
      env: { ...process.env, KUBECONFIG: kubeconfig },
    });
    let out = '';
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', () => resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '[]')));
  });

const CLIENT_NODE_DEPENDENCIES = ['ws', 'node-fetch'];

describe('lazy loading of the Kubernetes client', () => {
  let server: RunningApiServer;
  let kubeconfig: string;
  beforeAll(async () => {
    server = await startApiServer({ endpoints: [], identities: [] });
    kubeconfig = server.writeKubeconfig(mkdtempSync(join(tmpdir(), 'cv-lazy-')));
  });
  afterAll(() => server.close());

  for (const args of [['--version'], ['--help'], ['endpoints', '-A', '--demo'], ['who-shares', '27084', '--demo']]) {
    it(`${args.join(' ')} does not load it`, async () => {
      const packages = await loadedPackages(kubeconfig, args);
      expect(packages.filter((name) => CLIENT_NODE_DEPENDENCIES.includes(name))).toEqual([]);
    });
  }

  it('a live-cluster command does', async () => {
    const packages = await loadedPackages(kubeconfig, ['endpoints', '-A']);
    expect(packages).toEqual(expect.arrayContaining(CLIENT_NODE_DEPENDENCIES));
  });
});
