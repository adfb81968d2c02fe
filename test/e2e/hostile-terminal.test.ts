/**
 * What reaches the terminal and the shell (issue 16, item 15's cluster parts and `-0`): the progress line
 * escapes a hostile context name and is cleared before an error; a closed stdout or stderr ends the
 * program with exit code 141, what a shell reports for kubectl (killed by SIGPIPE), without a crash; a
 * float -0 in `-o json` of one object prints as kubectl prints it. The pipe tests run the built
 * executable (`npm run build`, which `npm test` does).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { GOLDEN_NOW, runCli } from '../run-cli.js';
import { type Fault, type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { hasKubectl, KUBECTL, kubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();
warnIfNoKubectl('the closed-pipe and -0 comparisons with kubectl are skipped');

const servers: RunningApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(fault?: (r: { path: string; query: URLSearchParams }) => Fault | undefined) {
  const server = await startApiServer({
    endpoints: demoEndpoints(),
    identities: demoIdentities(),
    now: () => GOLDEN_NOW,
    fault,
  });
  servers.push(server);
  return server.writeKubeconfig(temp('cv-term-'));
}

const bin = fileURLToPath(new URL('../../bin/cilium-view.js', import.meta.url));

/** Runs a program with its stdout or stderr closed before it writes anything; its exit status and signal. */
function withClosed(
  stream: 'stdout' | 'stderr',
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: tmpdir(),
    env: { ...process.env, ...env },
  });
  child[stream].destroy();
  child[stream === 'stdout' ? 'stderr' : 'stdout'].resume();
  return new Promise((resolve) => child.on('close', (status, signal) => resolve({ status, signal })));
}

describe('the progress line', () => {
  it('escapes a hostile context name and is cleared before an error', async () => {
    const kubeconfig = await serve((r) =>
      r.query.has('continue') ? { kind: 'status', code: 403, reason: 'Forbidden' } : undefined,
    );
    const config = parse(readFileSync(kubeconfig, 'utf8'));
    const hostile = 'ctx\u001b]0;pwned\u0007\u001b[2J';
    config.contexts[0].name = hostile;
    config['current-context'] = hostile;
    writeFileSync(kubeconfig, stringify(config));
    const result = await runCli(['endpoints', '-A', '--chunk-size', '2', '--kubeconfig', kubeconfig], {
      stderrIsTTY: true,
    });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain('fetching from context "ctx^[]0;pwned^G^[[2J": 2 ciliumendpoints');
    // The only control sequence left is the one that clears the line: before the progress, and before the error.
    expect(result.stderr.replaceAll('\r\u001b[K', '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(result.stderr).toMatch(/\r\u001b\[Kerror: forbidden \(403\): [^\r\u001b]*\n$/);
  });
});

/** kubectl's `get ciliumendpoints.cilium.io ARGS` against the test server, with one of its streams closed. */
async function kubectlWithClosed(stream: 'stdout' | 'stderr', args: string[]) {
  const kubeconfig = await serve();
  const home = mkdtempSync(join(tmpdir(), 'cv-term-home-'));
  try {
    return await withClosed(
      stream,
      KUBECTL,
      ['--kubeconfig', kubeconfig, 'get', 'ciliumendpoints.cilium.io', ...args],
      {
        HOME: home,
      },
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('closed pipes', () => {
  it('a closed stdout ends with exit 141, as a shell reports kubectl (killed by SIGPIPE)', async () => {
    expect(await withClosed('stdout', process.execPath, [bin, 'endpoints', '-A', '--demo'])).toEqual({
      status: 141,
      signal: null,
    });
    if (hasKubectl) expect(await kubectlWithClosed('stdout', ['-A'])).toEqual({ status: null, signal: 'SIGPIPE' });
  });

  it('a closed stderr ends with exit 141 when an error is written, without a crash', async () => {
    expect(await withClosed('stderr', process.execPath, [bin, 'who-shares', '99999', '--demo'])).toEqual({
      status: 141,
      signal: null,
    });
    if (hasKubectl) expect(await kubectlWithClosed('stderr', ['nope'])).toEqual({ status: null, signal: 'SIGPIPE' });
  });
});

describe('-o json of one object', () => {
  it('prints a float -0 as -0, as kubectl', async () => {
    const object = `{"apiVersion":"cilium.io/v2","kind":"CiliumEndpoint","metadata":{"name":"z","namespace":"default","resourceVersion":"5"},"status":{"id":-0,"policy":{"x":-0.0}}}`;
    const kubeconfig = await serve((r) =>
      r.path === '/apis/cilium.io/v2/namespaces/default/ciliumendpoints/z'
        ? { kind: 'raw', code: 200, headers: { 'content-type': 'application/json' }, body: object }
        : undefined,
    );
    const result = await runCli(['endpoints', 'z', '-n', 'default', '-o', 'json', '--kubeconfig', kubeconfig]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"x": -0\n');
    if (hasKubectl) {
      const reference = await kubectl(kubeconfig, [
        'get',
        'ciliumendpoints.cilium.io',
        'z',
        '-n',
        'default',
        '-o',
        'json',
      ]);
      // kubectl keeps the integer -0 as 0 and the float as -0; both parse as -0 in JavaScript, so -0 here.
      expect(result.stdout).toBe(reference.stdout.replace('"id": 0', '"id": -0'));
    }
  });
});
