/**
 * The README's Troubleshooting table is the list of error messages: this test reads it and makes each
 * message happen (over the local API server, files, or the command line), so the two cannot drift apart.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { TRANSPORT_TIMEOUTS } from '../../src/source/cluster/http.js';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { type CliResult, runCli } from '../run-cli.js';
import {
  type ApiServerOptions,
  type Fault,
  type RunningApiServer,
  startApiServer,
  testCertPaths,
} from '../support/apiserver/index.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Troubleshooting'), readme.indexOf('## Development'));
const rows = [...section.matchAll(/^\| `(.+?)` \| (\d) \|/gm)].map((m) => ({
  message: m[1] as string,
  exit: Number(m[2]),
}));

const PLACEHOLDERS = /\b(URL|NAME|FILE|HOST|D|CODE|USER|R|NS|REASON|PATH|L|C|ID|POD|FLAG|COMMAND|FORMAT|TEXT)\b/g;

/** The README's message as a pattern: `...` is any text, capitals are what the message fills in. */
function pattern(message: string): RegExp {
  const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^error: ${escaped.replaceAll('\\.\\.\\.', '.*').replace(PLACEHOLDERS, '.+?')}\n$`);
}

const servers: RunningApiServer[] = [];
afterAll(() => Promise.all(servers.map((server) => server.close())));

async function cluster(options: ApiServerOptions = {}, args: string[] = ['endpoints', '-A']): Promise<CliResult> {
  const server = await startApiServer({
    endpoints: demoEndpoints(),
    identities: demoIdentities(),
    tls: true,
    token: 't',
    ...options,
  });
  servers.push(server);
  const kubeconfig = server.writeKubeconfig(temp('cv-trouble-'));
  return runCli([...args, '--kubeconfig', kubeconfig]);
}

const onList = (fault: Fault): ApiServerOptions => ({
  fault: (r) => (r.path === '/apis/cilium.io/v2/ciliumendpoints' ? fault : undefined),
});

interface Kubeconfig {
  clusters: Array<{ cluster: Record<string, unknown> }>;
  users: Array<{ user: Record<string, unknown> }>;
}

async function withKubeconfig(edit: (config: Kubeconfig) => void, args: string[]): Promise<CliResult> {
  const server = await startApiServer({ endpoints: demoEndpoints(), tls: true, token: 't' });
  servers.push(server);
  const file = server.writeKubeconfig(temp('cv-trouble-'));
  const config = parse(readFileSync(file, 'utf8'));
  edit(config);
  writeFileSync(file, stringify(config));
  return runCli([...args, '--kubeconfig', file]);
}

/** The endpoints of a kubeconfig whose server is `listener` (on 127.0.0.1, closed after the tests). */
async function misbehaving(listener: Server): Promise<CliResult> {
  const sockets = new Set<Socket>();
  listener.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  } as RunningApiServer);
  const port = (listener.address() as AddressInfo).port;
  return withKubeconfig(
    (config) => {
      for (const { cluster } of config.clusters) cluster.server = `https://127.0.0.1:${port}`;
    },
    ['endpoints', '-A'],
  );
}

const tlsWith = (cert: string) =>
  misbehaving(createHttpsServer({ cert: readFileSync(cert), key: readFileSync(testCertPaths.serverKey) }));

const json = (body: unknown): Fault => ({
  kind: 'raw',
  code: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const onWatch = (fault: Fault): ApiServerOptions => ({
  fault: (r) => (r.query.get('watch') === 'true' ? fault : undefined),
});

function file(name: string, text: string): string {
  const dir = temp('cv-trouble-files-');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

const scenarios: Record<string, () => Promise<CliResult>> = {
  'no kubeconfig found: ...': () => runCli(['endpoints', '-A'], { env: { HOME: temp('cv-home-') } }),
  'context "NAME" not found in FILE; the contexts there are: ...': () =>
    cluster({}, ['endpoints', '--context', 'prod']),
  'cannot connect to the API server at URL (context "NAME"): connection refused; ...': async () => {
    const server = await startApiServer({ tls: true, token: 't' });
    const kubeconfig = server.writeKubeconfig(temp('cv-trouble-'));
    await server.close();
    return runCli(['endpoints', '-A', '--kubeconfig', kubeconfig]);
  },
  'cannot resolve the API server\'s host HOST (context "NAME"): ...': () =>
    withKubeconfig(
      (config) => {
        for (const { cluster } of config.clusters) cluster.server = 'https://cilium-view-test.invalid:6443';
      },
      ['endpoints', '-A'],
    ),
  'the API server at URL did not answer within the --request-timeout of D; ...': () =>
    cluster(onList({ kind: 'hang' }), ['endpoints', '-A', '--request-timeout', '1s']),
  'TLS verification of the API server at URL failed (CODE): ...': () =>
    withKubeconfig(
      (config) => {
        for (const { cluster } of config.clusters) delete cluster['certificate-authority-data'];
      },
      ['endpoints', '-A'],
    ),
  'the API server at URL rejected the credentials of context "NAME" (401 Unauthorized): ...': () =>
    withKubeconfig(
      (config) => {
        for (const { user } of config.users) user.token = 'wrong';
      },
      ['endpoints', '-A'],
    ),
  'forbidden (403): the API server at URL took the request as user "system:anonymous": ...': () =>
    withKubeconfig(
      (config) => {
        for (const { user } of config.users) delete user.token;
      },
      ['endpoints', '-A'],
    ),
  'forbidden (403): user "USER" cannot list R at the cluster scope; the missing RBAC rule is: ...': () =>
    cluster(onList({ kind: 'status', code: 403, reason: 'Forbidden' })),
  "the server has no R resource (404 Not Found): Cilium's CRDs are not installed ...": () => cluster({ crds: 'none' }),
  'the API server at URL answered CODE (...) while listing R after 5 attempts; try again later': () =>
    cluster(onList({ kind: 'status', code: 503, reason: 'ServiceUnavailable', retryAfter: 0 })),
  'the API server at URL answered R with a text/html body that is not JSON (HTTP CODE): ...': () =>
    cluster(onList({ kind: 'html', code: 502 })),
  'the API server at URL sent a R response that ends before its JSON does ...': () =>
    cluster(onList({ kind: 'truncate-body' })),
  'the API server answered R with a Status (REASON), not a ...': () =>
    cluster(
      onList({
        kind: 'raw',
        code: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'InternalError' }),
      }),
    ),
  'the connection to the API server at URL was reset while listing R; nothing was printed; try again': () =>
    cluster(onList({ kind: 'reset-mid-body' })),
  'the API server at URL sent more than 64 MB in one response while listing R; ...': () =>
    cluster(onList({ kind: 'raw', code: 404, headers: { 'content-length': String(65 * 1024 * 1024) }, body: '{' })),
  'the API server at URL sent a R object of more than 64 MB while listing it (...); refused before memory runs out':
    () =>
      cluster(
        onList({
          kind: 'raw',
          code: 200,
          headers: { 'content-type': 'application/json' },
          body: `{"kind":"CiliumEndpointList","apiVersion":"cilium.io/v2","metadata":{},"items":[{"padding":"${'x'.repeat(65 * 1024 * 1024)}"}]}`,
        }),
      ),
  'the API server sent the same continue token twice while listing R; ...': () =>
    cluster(
      onList({
        kind: 'raw',
        code: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'CiliumEndpointList',
          apiVersion: 'cilium.io/v2',
          metadata: { continue: 'x' },
          items: [],
        }),
      }),
    ),
  'the list of R changed faster than it could be paged (410 Expired, twice); ...': () =>
    cluster(
      { fault: (r) => (r.query.has('continue') ? { kind: 'status', code: 410, reason: 'Expired' } : undefined) },
      ['endpoints', '-A', '--chunk-size', '2'],
    ),
  'the API server at URL did not complete the TLS handshake within D (TLS handshake timeout); ...': async () => {
    const saved = TRANSPORT_TIMEOUTS.tlsHandshakeMs;
    TRANSPORT_TIMEOUTS.tlsHandshakeMs = 200;
    try {
      return await misbehaving(createTcpServer(() => {}));
    } finally {
      TRANSPORT_TIMEOUTS.tlsHandshakeMs = saved;
    }
  },
  'TLS verification of the API server at URL failed: its certificate has expired or is not yet valid ...': () =>
    tlsWith(testCertPaths.expiredCert),
  'TLS verification of the API server at URL failed: its certificate is valid for NAME, not HOST ...': () =>
    tlsWith(testCertPaths.otherHostCert),
  'the TLS handshake with the API server at URL failed (CODE: ...); ...': () =>
    misbehaving(
      createHttpsServer({
        cert: readFileSync(testCertPaths.serverCert),
        key: readFileSync(testCertPaths.serverKey),
        ca: readFileSync(testCertPaths.ca),
        requestCert: true,
        rejectUnauthorized: true,
      }),
    ),
  'the server at URL does not speak TLS ...': () =>
    misbehaving(createTcpServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'))),
  'the certificate-authority of context "NAME" in FILE is not a PEM certificate ...': () =>
    withKubeconfig(
      (config) => {
        for (const { cluster } of config.clusters) cluster['certificate-authority-data'] = 'Z2FyYmFnZQ==';
      },
      ['endpoints', '-A'],
    ),
  'the client key of context "NAME" in FILE is not the key of its client certificate ...': () =>
    withKubeconfig(
      (config) => {
        for (const { user } of config.users) {
          user['client-certificate-data'] = readFileSync(testCertPaths.clientCert).toString('base64');
          user['client-key-data'] = readFileSync(testCertPaths.serverKey).toString('base64');
        }
      },
      ['endpoints', '-A'],
    ),
  'the client certificate or key of context "NAME" in FILE does not parse ...': () =>
    withKubeconfig(
      (config) => {
        for (const { user } of config.users) {
          user['client-certificate-data'] = readFileSync(testCertPaths.clientCert).toString('base64');
          user['client-key-data'] = 'Z2FyYmFnZQ==';
        }
      },
      ['endpoints', '-A'],
    ),
  'the server "URL" of cluster "NAME" in FILE is not an https:// (or http://) URL; ...': () =>
    withKubeconfig(
      (config) => {
        for (const { cluster } of config.clusters) cluster.server = '127.0.0.1:6443';
      },
      ['endpoints', '-A'],
    ),
  'no Auth Provider found for name "NAME"': () =>
    withKubeconfig(
      (config) => {
        for (const { user } of config.users) user['auth-provider'] = { name: 'bogus' };
      },
      ['endpoints', '-A'],
    ),
  'cannot authenticate as the user of context "NAME": the exec plugin PATH did not print an ExecCredential ...': () => {
    const plugin = file('plugin.sh', '#!/bin/sh\necho a-bare-token\n');
    chmodSync(plugin, 0o755);
    return withKubeconfig(
      (config) => {
        for (const { user } of config.users) {
          delete user.token;
          user.exec = { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' };
        }
      },
      ['endpoints', '-A'],
    );
  },
  'cannot read the tokenFile PATH of user "NAME" in FILE: no such file': () =>
    withKubeconfig(
      (config) => {
        for (const { user } of config.users) {
          delete user.token;
          user.tokenFile = 'missing-token';
        }
      },
      ['endpoints', '-A'],
    ),
  'the API server sent 3 pages in a row with a continue token and no new object while listing R; ...': () => {
    let n = 0;
    return cluster({
      fault: (r) =>
        r.path === '/apis/cilium.io/v2/ciliumendpoints'
          ? json({
              kind: 'CiliumEndpointList',
              apiVersion: 'cilium.io/v2',
              metadata: { continue: `t${n++}` },
              items: [],
            })
          : undefined,
    });
  },
  'the API server answered R with a NAME whose items is ..., not an array; ...': () =>
    cluster(onList(json({ kind: 'CiliumEndpointList', apiVersion: 'cilium.io/v2', metadata: {}, items: {} }))),
  'the API server at URL sent a compressed body that does not decompress while listing R; try again': () =>
    cluster(onList({ kind: 'raw', code: 200, headers: { 'content-encoding': 'gzip' }, body: 'not gzip' })),
  'the API server at URL sent a watch event of R that is not JSON; ...': () =>
    cluster(onWatch({ kind: 'raw', code: 200, body: '<html></html>\n' }), ['endpoints', '-A', '--watch-only']),
  'the API server at URL sent a watch event of R larger than 64 MB; refused before memory runs out': () =>
    cluster(onWatch({ kind: 'raw', code: 200, body: Buffer.alloc(65 * 1024 * 1024, 'x') }), [
      'endpoints',
      '-A',
      '--watch-only',
    ]),
  'cannot read PATH: no such file or directory; check the path given to --from': () =>
    runCli(['endpoints', '--from', '/nonexistent/cep.json']),
  'FILE: invalid JSON at line L, column C: ...': () =>
    runCli(['endpoints', '--from', file('bad.json', '{\n  "items": [}\n')]),
  'FILE: invalid YAML at line L, column C: ...': () => runCli(['endpoints', '--from', file('bad.yaml', 'items: [\n')]),
  'stdin was empty: nothing came through the pipe to --from - (did the command before it fail?)': () =>
    runCli(['endpoints', '--from', '-'], { stdin: '' }),
  'FILE is empty; check the path given to --from': () => runCli(['endpoints', '--from', file('empty.yaml', '')]),
  'FILE: the object at line L is larger than ..., the most one object may take (CILIUM_VIEW_MAX_OBJECT_SIZE); is this the right file?':
    () =>
      runCli(
        ['endpoints', '--from', file('big.json', JSON.stringify({ kind: 'List', items: [{ a: 'x'.repeat(2000) }] }))],
        {
          env: { CILIUM_VIEW_MAX_OBJECT_SIZE: '1Ki' },
        },
      ),
  'FILE: the endpoints and identities read from files take more than ... (CILIUM_VIEW_MAX_KEPT_SIZE); ...': () =>
    runCli(['endpoints', '--demo'], { env: { CILIUM_VIEW_MAX_KEPT_SIZE: '1Ki' } }),
  'identity ID not found: no CiliumIdentity named ID and no endpoint carries it in ...': () =>
    runCli(['who-shares', '12345', '--demo']),
  'no CiliumEndpoint for pod NS/POD in ...': () => runCli(['who-shares', 'default/nope', '--demo']),
  "unknown flag: FLAG; see 'cilium-view COMMAND --help' for usage": () => runCli(['endpoints', '--nope']),
  'unknown command "NAME" for "cilium-view"...; see \'cilium-view --help\' for usage': () => runCli(['endpoint']),
  'unknown help topic "NAME"; see \'cilium-view --help\' for usage': () => runCli(['help', 'nope']),
  "no command given: one of ...; see 'cilium-view --help' for usage": () => runCli(['--demo']),
  'resource name may not be empty': () => runCli(['identities', '', '--demo']),
  'unable to match a printer suitable for the output format "FORMAT", allowed formats are: ...': () =>
    runCli(['endpoints', '-o', 'xml', '--demo']),
  'identity ID must be a number, got "TEXT"': () => runCli(['who-shares', '--demo', '--', '-1']),
  'FLAG is for a live cluster and cannot be combined with --demo; drop one of them': () =>
    runCli(['endpoints', '--demo', '--chunk-size', '10']),
  '--watch needs a live cluster: files do not change': () => runCli(['endpoints', '-w', '--demo']),
  'invalid selector: ...': () => runCli(['endpoints', '-l', 'app in (a b)', '--demo']),
  'a resource cannot be retrieved by name across all namespaces': () => runCli(['endpoints', '-A', 'x', '--demo']),
  'report writes an HTML page: give --out FILE (e.g. --out report.html), or redirect stdout': () =>
    runCli(['report', '--demo'], { isTTY: true }),
  'cannot write the report to PATH: no such directory; check --out': () =>
    runCli(['report', '--demo', '--out', '/nonexistent/report.html']),
  'CILIUM_VIEW_MAX_..._SIZE must be a size in bytes, such as 268435456 or 256Mi (suffixes Ki, Mi, Gi, Ti), got "TEXT"':
    () => runCli(['endpoints', '--demo'], { env: { CILIUM_VIEW_MAX_KEPT_SIZE: '1.5Gi' } }),
};

describe('README Troubleshooting', () => {
  it('lists exactly the messages this test makes happen', () => {
    expect(rows.map((row) => row.message).sort()).toEqual(Object.keys(scenarios).sort());
  });

  for (const { message, exit } of rows) {
    it(message, async () => {
      const scenario = scenarios[message];
      if (scenario === undefined) throw new Error(`no scenario for ${message}`);
      const result = await scenario();
      expect(result.stdout).toBe('');
      expect(result.code).toBe(exit);
      expect(result.stderr).toMatch(pattern(message));
    });
  }
});
