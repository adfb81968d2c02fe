/**
 * Transports from a hostile world (issue 16, items 8, 10 and the cluster parts of 16), each against a
 * small misbehaving server on 127.0.0.1 or the local API server with a fault, compared with kubectl 1.32
 * where it has a behaviour: a TLS handshake that never ends, TLS failures told apart, a gzip body,
 * headers over 16 KB, a --request-timeout beyond 2^31 ms, continue tokens without end, `items` that is
 * not an array.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { TRANSPORT_TIMEOUTS } from '../../src/source/cluster/http.js';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { GOLDEN_NOW, runCli } from '../run-cli.js';
import { type Fault, type RunningApiServer, startApiServer, testCertPaths } from '../support/apiserver/index.js';
import { hasKubectl, kubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();
warnIfNoKubectl('the transport comparisons with kubectl are skipped');

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function apiServer(fault?: (r: { path: string; query: URLSearchParams }) => Fault | undefined) {
  const server: RunningApiServer = await startApiServer({
    endpoints: demoEndpoints(),
    identities: demoIdentities(),
    now: () => GOLDEN_NOW,
    fault,
  });
  closers.push(() => server.close());
  return { server, kubeconfig: server.writeKubeconfig(temp('cv-transport-')) };
}

/** A listener on 127.0.0.1 (closed after the test), and a kubeconfig for it over https with the test CA. */
async function misbehaving(listener: Server) {
  const sockets = new Set<Socket>();
  listener.on('connection', (socket: Socket) => sockets.add(socket));
  listener.on('secureConnection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => listener.close(() => resolve()));
  });
  const { kubeconfig, server } = await apiServer();
  const port = (listener.address() as AddressInfo).port;
  const config = parse(readFileSync(kubeconfig, 'utf8'));
  config.clusters[0].cluster.server = `https://127.0.0.1:${port}`;
  config.clusters[0].cluster['certificate-authority-data'] = readFileSync(testCertPaths.ca).toString('base64');
  config.users[0].user = { token: 't' };
  const file = server.writeKubeconfig(temp('cv-transport-'));
  writeFileSync(file, stringify(config));
  return file;
}

const ours = (kubeconfig: string, ...extra: string[]) =>
  runCli(['endpoints', '-A', '--kubeconfig', kubeconfig, ...extra]);
const theirs = (kubeconfig: string, ...extra: string[]) =>
  kubectl(kubeconfig, ['get', 'ciliumendpoints.cilium.io', '-A', ...extra]);

const tlsServer = (cert: string) =>
  createHttpsServer({ cert: readFileSync(cert), key: readFileSync(testCertPaths.serverKey) }, (_req, res) =>
    res.end('{}'),
  );

describe('TLS', () => {
  it('a server that accepts the connection and never completes TLS: "TLS handshake timeout" without --request-timeout', async () => {
    const kubeconfig = await misbehaving(createTcpServer(() => {}));
    const saved = TRANSPORT_TIMEOUTS.tlsHandshakeMs;
    TRANSPORT_TIMEOUTS.tlsHandshakeMs = 300;
    try {
      const result = await ours(kubeconfig);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(
        /^error: the API server at https:\/\/127\.0\.0\.1:\d+ did not complete the TLS handshake within 300ms \(TLS handshake timeout\); /,
      );
    } finally {
      TRANSPORT_TIMEOUTS.tlsHandshakeMs = saved;
    }
  });

  it('a server whose connection never completes: the connect timeout, without --request-timeout', async () => {
    // A stopped process's listener with a full backlog: the kernel drops new connection attempts.
    const child = spawn(process.execPath, [
      '-e',
      "require('node:net').createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, function () { console.log(this.address().port) })",
    ]);
    closers.push(() => void child.kill('SIGKILL'));
    const port = Number(
      await new Promise<string>((resolve) => child.stdout.once('data', (data) => resolve(String(data)))),
    );
    child.kill('SIGSTOP');
    const fillers = Array.from({ length: 4 }, () => connect(port, '127.0.0.1').on('error', () => {}));
    closers.push(() => {
      for (const socket of fillers) socket.destroy();
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const kubeconfig = await misbehaving(createTcpServer(() => {}));
    const config = parse(readFileSync(kubeconfig, 'utf8'));
    config.clusters[0].cluster.server = `https://127.0.0.1:${port}`;
    writeFileSync(kubeconfig, stringify(config));
    const saved = TRANSPORT_TIMEOUTS.connectMs;
    TRANSPORT_TIMEOUTS.connectMs = 300;
    try {
      const result = await ours(kubeconfig);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(
        /^error: the connection to the API server at https:\/\/127\.0\.0\.1:\d+ timed out; /,
      );
    } finally {
      TRANSPORT_TIMEOUTS.connectMs = saved;
    }
  });

  it('an expired certificate, a certificate for another host, and a server that does not speak TLS are told apart', async () => {
    const cases: Array<[Server, RegExp, string | undefined]> = [
      [
        tlsServer(testCertPaths.expiredCert),
        /failed: its certificate has expired or is not yet valid/,
        'x509: certificate has expired or is not yet valid',
      ],
      [
        tlsServer(testCertPaths.otherHostCert),
        /failed: its certificate is valid for other\.example, not 127\.0\.0\.1/,
        'x509: cannot validate certificate for 127.0.0.1',
      ],
      [
        createTcpServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')),
        /^error: the server at https:\/\/127\.0\.0\.1:\d+ does not speak TLS/,
        'server gave HTTP response to HTTPS client',
      ],
      [
        createTcpServer((socket) => socket.destroy()),
        /^error: the server at https:\/\/127\.0\.0\.1:\d+ does not speak TLS/,
        undefined,
      ],
    ];
    for (const [listener, message, kubectlSays] of cases) {
      const kubeconfig = await misbehaving(listener);
      const result = await ours(kubeconfig);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(message);
      expect(result.stderr.split('\n')).toHaveLength(2);
      // kubectl retries a connection closed in the handshake for 40 s before it says EOF: not waited for here.
      if (hasKubectl && kubectlSays !== undefined) {
        expect((await theirs(kubeconfig, '--request-timeout', '5s')).stderr).toContain(kubectlSays);
      }
    }
  });
});

const LIST = JSON.stringify({
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumEndpointList',
  metadata: { resourceVersion: '7' },
  items: demoEndpoints(),
});
const onList = (fault: Fault) => (r: { path: string; query: URLSearchParams }) =>
  r.path === '/apis/cilium.io/v2/ciliumendpoints' && !r.query.has('watch') ? fault : undefined;

describe('responses', () => {
  it('a gzip body is decoded, and response headers over 16 KB are accepted, as by kubectl', async () => {
    const plain = await apiServer(
      onList({ kind: 'raw', code: 200, headers: { 'content-type': 'application/json' }, body: LIST }),
    );
    const expected = await ours(plain.kubeconfig);
    expect([expected.code, expected.stderr]).toEqual([0, '']);
    const odd: Fault[] = [
      {
        kind: 'raw',
        code: 200,
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: gzipSync(LIST),
      },
      {
        kind: 'raw',
        code: 200,
        headers: { 'content-type': 'application/json', 'x-padding': 'p'.repeat(40_000) },
        body: LIST,
      },
    ];
    for (const fault of odd) {
      const { kubeconfig } = await apiServer(onList(fault));
      expect(await ours(kubeconfig)).toEqual(expected);
      if (hasKubectl) {
        const reference = await theirs(kubeconfig);
        expect([reference.code, reference.stdout]).toEqual([0, expect.stringContaining('nettool-1')]);
      }
    }
  });

  it('`items` that is not an array says so', async () => {
    const body = JSON.stringify({ apiVersion: 'cilium.io/v2', kind: 'CiliumEndpointList', metadata: {}, items: 'x' });
    const { kubeconfig } = await apiServer(
      onList({ kind: 'raw', code: 200, headers: { 'content-type': 'application/json' }, body }),
    );
    const result = await ours(kubeconfig);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/with a CiliumEndpointList whose items is a string, not an array/);
  });

  it('a page is read alike held whole (up to 512 KB) or parsed as it arrives: the same rows, `items` twice refused', async () => {
    const endpoints = demoEndpoints().slice(0, 2) as Array<{ metadata: { namespace: string; name: string } }>;
    const items = JSON.stringify(endpoints);
    const run = async (padding: number, tail: string) => {
      const body = `{"apiVersion":"cilium.io/v2","kind":"CiliumEndpointList","metadata":{},"padding":"${'x'.repeat(padding)}","items":${items}${tail}}`;
      const { kubeconfig } = await apiServer(
        onList({ kind: 'raw', code: 200, headers: { 'content-type': 'application/json' }, body }),
      );
      return ours(kubeconfig);
    };
    for (const padding of [0, 5 * 1024 * 1024]) {
      const listed = await run(padding, '');
      expect(listed).toMatchObject({ code: 0, stderr: '' });
      expect(
        listed.stdout
          .split('\n')
          .slice(1, 3)
          .map((line) => line.split(/ +/).slice(0, 2)),
      ).toEqual(endpoints.map((e) => [e.metadata.namespace, e.metadata.name]));
      // Written plainly or with an escaped letter, a repeated key is the same key.
      for (const twice of [`,"items":${items}`, `,"it\\u0065ms":${items}`]) {
        const result = await run(padding, twice);
        expect(result).toMatchObject({ code: 1, stdout: '' });
        expect(result.stderr).toMatch(/sent a ciliumendpoints\.cilium\.io response with "items" twice/);
      }
    }
  });

  it('--request-timeout 597h (over 2^31 ms) is accepted, as by kubectl, without Node warnings', async () => {
    const { kubeconfig } = await apiServer();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const result = await ours(kubeconfig, '--request-timeout', '597h');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect([result.code, result.stderr, warnings]).toEqual([0, '', []]);
      if (hasKubectl) expect(result.stdout).toBe((await theirs(kubeconfig, '--request-timeout', '597h')).stdout);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('fresh continue tokens without end are stopped after 3 pages that bring no new object', async () => {
    for (const items of [[], demoEndpoints().slice(0, 2)]) {
      let n = 0;
      const { server, kubeconfig } = await apiServer((r) => {
        if (r.path !== '/apis/cilium.io/v2/ciliumendpoints') return undefined;
        n++;
        const body = {
          apiVersion: 'cilium.io/v2',
          kind: 'CiliumEndpointList',
          metadata: { continue: `token-${n}` },
          items,
        };
        return { kind: 'raw', code: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      });
      const result = await ours(kubeconfig, '--chunk-size', '2');
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(
        /^error: the API server sent 3 pages in a row with a continue token and no new object while listing ciliumendpoints\.cilium\.io; /m,
      );
      expect(server.requests.filter((r) => r.path === '/apis/cilium.io/v2/ciliumendpoints').length).toBeLessThanOrEqual(
        6,
      );
    }
  });
});
