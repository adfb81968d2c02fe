/**
 * Kubeconfigs from a hostile or merely real world (issue 16, items 2-7 and the kubeconfig parts of 16),
 * each over the local API server and, where kubectl has a behaviour, compared with kubectl 1.32: no
 * bearer token over plain http://, an exec plugin's stdout never echoed, a server URL's path prefix kept,
 * `tokenFile`, an exec command beside the kubeconfig, an empty file in KUBECONFIG, an unknown
 * auth-provider, a `server:` without a scheme, a CA that is not PEM, a client key of another certificate.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { GOLDEN_NOW, runCli } from '../run-cli.js';
import {
  type ApiServerOptions,
  type RunningApiServer,
  startApiServer,
  testCertPaths,
} from '../support/apiserver/index.js';
import { hasKubectl, kubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();
warnIfNoKubectl('the kubeconfig comparisons with kubectl are skipped');

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function serve(options: ApiServerOptions = {}): Promise<RunningApiServer> {
  const server = await startApiServer({
    endpoints: demoEndpoints(),
    identities: demoIdentities(),
    now: () => GOLDEN_NOW,
    ...options,
  });
  closers.push(() => server.close());
  return server;
}

interface Kubeconfig {
  clusters: Array<{ name: string; cluster: Record<string, unknown> }>;
  users: Array<{ name: string; user: Record<string, unknown> }>;
}

function edit(file: string, change: (config: Kubeconfig) => void): string {
  const config = parse(readFileSync(file, 'utf8')) as Kubeconfig;
  change(config);
  writeFileSync(file, stringify(config));
  return file;
}

const ours = (kubeconfig: string, env?: Record<string, string>) =>
  runCli(['endpoints', '-A', ...(kubeconfig === '' ? [] : ['--kubeconfig', kubeconfig])], { env });
const theirs = (kubeconfig: string, env?: Record<string, string>) =>
  kubectl(kubeconfig, ['get', 'ciliumendpoints.cilium.io', '-A'], { env });

describe('credentials', () => {
  it('never sends a bearer token over plain http://, as kubectl, and says so', async () => {
    const server = await serve({ token: 'secret-token' });
    const kubeconfig = server.writeKubeconfig(temp('cv-kc-'));
    const result = await ours(kubeconfig);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(result.stderr).toMatch(
      /^warning: not sending the credentials of context "cilium-view-test" to http:\/\/127\.0\.0\.1:\d+: the server URL is plain http:\/\/ /m,
    );
    // No credential at all: the server takes the request as system:anonymous and forbids it, as kube-apiserver does.
    expect(result.stderr).toMatch(/took the request as user "system:anonymous"/);
    expect(result.code).toBe(1);
    if (hasKubectl) {
      const before = server.requests.length;
      await theirs(kubeconfig);
      const sent = server.requests.slice(before);
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.every((r) => r.headers.authorization === undefined)).toBe(true);
    }
  });

  it('an exec plugin that prints a bare token: "not an ExecCredential", the token never shown', async () => {
    const server = await serve({ tls: true, token: 't' });
    const dir = temp('cv-kc-');
    const plugin = join(dir, 'plugin.sh');
    writeFileSync(plugin, '#!/bin/sh\necho SECRET-TOKEN-4711\n');
    chmodSync(plugin, 0o755);
    const kubeconfig = edit(server.writeKubeconfig(dir), (config) => {
      for (const { user } of config.users) {
        for (const key of Object.keys(user)) delete user[key];
        user.exec = { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' };
      }
    });
    const result = await ours(kubeconfig);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/did not print an ExecCredential on its stdout/);
    expect(result.stderr).not.toContain('SECRET-TOKEN-4711');
    if (hasKubectl) {
      const reference = await theirs(kubeconfig);
      expect(reference.code).toBe(1);
      expect(reference.stderr).toContain("decoding stdout: couldn't get version/kind");
      expect(reference.stderr).not.toContain('SECRET-TOKEN-4711');
    }
  });

  it('tokenFile (and token-file) is read relative to the kubeconfig, trimmed, as kubectl reads tokenFile', async () => {
    const server = await serve({ tls: true, token: 'file-token' });
    for (const key of ['tokenFile', 'token-file']) {
      const dir = temp('cv-kc-');
      writeFileSync(join(dir, 'token'), 'file-token\n');
      const kubeconfig = edit(server.writeKubeconfig(dir, { token: '' }), (config) => {
        for (const { user } of config.users) user[key] = 'token';
      });
      const result = await runCli(['endpoints', '-A', '--kubeconfig', kubeconfig], { env: {} });
      expect([key, result.code, result.stderr]).toEqual([key, 0, '']);
      if (hasKubectl && key === 'tokenFile') {
        const reference = await theirs(kubeconfig);
        expect(result.stdout).toBe(reference.stdout);
      }
    }
  });

  it('an exec command with a "/" runs from the kubeconfig\'s folder, not the working directory', async () => {
    const server = await serve({ tls: true, token: 'plugin-token' });
    const dir = temp('cv-kc-');
    mkdirSync(join(dir, 'bin'));
    const credential = JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: 'plugin-token' },
    });
    writeFileSync(join(dir, 'bin', 'plugin.sh'), `#!/bin/sh\necho '${credential}'\n`);
    chmodSync(join(dir, 'bin', 'plugin.sh'), 0o755);
    const kubeconfig = edit(server.writeKubeconfig(dir, { token: '' }), (config) => {
      for (const { user } of config.users) {
        user.exec = {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: './bin/plugin.sh',
          interactiveMode: 'Never',
        };
      }
    });
    // The working directory of the tests has no ./bin/plugin.sh: only the kubeconfig's folder has one.
    const result = await ours(kubeconfig);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(server.requests.some((r) => r.headers.authorization === 'Bearer plugin-token')).toBe(true);
    if (hasKubectl) expect(result.stdout).toBe((await theirs(kubeconfig)).stdout);
  });

  it('an unknown auth-provider: kubectl\'s "no Auth Provider found", before any request', async () => {
    const server = await serve({ tls: true, token: 't' });
    const kubeconfig = edit(server.writeKubeconfig(temp('cv-kc-')), (config) => {
      for (const { user } of config.users) user['auth-provider'] = { name: 'bogus\u001b[31m' };
    });
    const result = await ours(kubeconfig);
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'error: no Auth Provider found for name "bogus^[[31m"\n' });
    expect(server.requests).toHaveLength(0);
    if (hasKubectl) expect((await theirs(kubeconfig)).stderr).toContain('no Auth Provider found for name "bogus');
  });
});

describe('kubeconfig files', () => {
  it('an empty file in KUBECONFIG is skipped, as kubectl skips it', async () => {
    const server = await serve({ tls: true, token: 't' });
    const dir = temp('cv-kc-');
    writeFileSync(join(dir, 'empty'), '');
    const env = { KUBECONFIG: `${join(dir, 'empty')}:${server.writeKubeconfig(dir)}`, HOME: dir };
    const result = await ours('', env);
    expect([result.code, result.stderr]).toEqual([0, '']);
    if (hasKubectl) expect(result.stdout).toBe((await theirs('', env)).stdout);
  });

  it('a server URL with a path (a Rancher-style proxy) keeps its prefix on every request', async () => {
    const server = await serve({ token: undefined });
    const upstream = new URL(server.url);
    const prefix = '/k8s/clusters/c-abc';
    const seen: string[] = [];
    const proxy = createServer((req, res) => {
      seen.push(req.url ?? '');
      if (!req.url?.startsWith(`${prefix}/`)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not under the prefix');
        return;
      }
      const forward = request(
        { host: upstream.hostname, port: upstream.port, path: req.url.slice(prefix.length), headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => proxy.close(() => resolve())));
    proxy.on('connection', (socket) => closers.push(async () => void socket.destroy()));
    const port = (proxy.address() as AddressInfo).port;
    const kubeconfig = edit(server.writeKubeconfig(temp('cv-kc-')), (config) => {
      for (const { cluster } of config.clusters) cluster.server = `http://127.0.0.1:${port}${prefix}`;
    });
    const result = await runCli(['endpoints', '-A', '--chunk-size', '2', '--kubeconfig', kubeconfig]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((path) => path.startsWith(`${prefix}/apis/cilium.io/v2/`))).toBe(true);
    if (hasKubectl) expect(result.stdout).toBe((await theirs(kubeconfig)).stdout);
  });

  it('a kubeconfig that is a YAML alias bomb is an expected error naming the file', async () => {
    const dir = temp('cv-kc-');
    const file = join(dir, 'bomb.yaml');
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    writeFileSync(file, `${levels.join('\n')}\n`);
    const result = await ours(file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^error: cannot load kubeconfig ${file} \\(from --kubeconfig\\): not YAML: `),
    );
    expect(result.stderr).not.toContain('unexpected');
  });

  it('a server without a scheme is an expected error that says how to write it', async () => {
    const server = await serve({ tls: true, token: 't' });
    const kubeconfig = edit(server.writeKubeconfig(temp('cv-kc-')), (config) => {
      for (const { cluster } of config.clusters) cluster.server = server.url.replace('https://', '');
    });
    const result = await ours(kubeconfig);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: the server "127\.0\.0\.1:\d+" of cluster "cilium-view-test-cluster" in .* is not an https:\/\/ \(or http:\/\/\) URL; write it with its scheme, as https:\/\/127\.0\.0\.1:\d+\n$/,
    );
  });

  it('a certificate-authority that is not PEM, and a client key of another certificate, say so as kubectl', async () => {
    const server = await serve({ tls: true, clientCertAuth: true });
    const notPem = edit(server.writeKubeconfig(temp('cv-kc-')), (config) => {
      for (const { cluster } of config.clusters)
        cluster['certificate-authority-data'] = Buffer.from('garbage').toString('base64');
    });
    const otherKey = edit(server.writeKubeconfig(temp('cv-kc-'), { clientCert: true }), (config) => {
      for (const { user } of config.users)
        user['client-key-data'] = readFileSync(testCertPaths.serverKey).toString('base64');
    });
    const [caResult, keyResult] = [await ours(notPem), await ours(otherKey)];
    expect(caResult.stderr).toMatch(
      /^error: the certificate-authority of context "cilium-view-test" in .* is not a PEM certificate \(unable to load root certificates: unable to parse bytes as PEM block\); /,
    );
    expect(keyResult.stderr).toMatch(
      /^error: the client key of context "cilium-view-test" in .* is not the key of its client certificate \(tls: private key does not match public key\); /,
    );
    expect([caResult.code, keyResult.code, server.requests.length]).toEqual([1, 1, 0]);
    if (hasKubectl) {
      expect((await theirs(notPem)).stderr).toContain(
        'unable to load root certificates: unable to parse bytes as PEM block',
      );
      expect((await theirs(otherKey)).stderr).toContain('tls: private key does not match public key');
    }
  });
});
