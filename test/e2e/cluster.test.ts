/**
 * The live-cluster source over real HTTP(S), through the real @kubernetes/client-node, against the
 * local API server of test/support, and compared with the real kubectl where it is installed.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { GOLDEN_NOW, runCli } from '../run-cli.js';
import { type ApiServerOptions, type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { hasKubectl, kubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();

warnIfNoKubectl('the byte-for-byte comparisons with kubectl are skipped');

const golden = (name: string) => readFileSync(new URL(`../golden/${name}`, import.meta.url), 'utf8');

const servers: RunningApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function demoServer(options: ApiServerOptions = {}): Promise<{ server: RunningApiServer; kubeconfig: string }> {
  const server = await startApiServer({
    endpoints: demoEndpoints(),
    identities: demoIdentities(),
    tls: true,
    token: 'secret-test-token',
    now: () => GOLDEN_NOW,
    ...options,
  });
  servers.push(server);
  return { server, kubeconfig: server.writeKubeconfig(temp('cv-kc-')) };
}

const getRequests = (server: RunningApiServer) => server.requests.filter((r) => r.path.startsWith('/apis/cilium.io'));

describe('the same bytes as kubectl', () => {
  for (const crds of ['v1.14', 'v1.18'] as const) {
    it.skipIf(!hasKubectl)(`endpoints -A and identities, Cilium ${crds} CRDs`, async () => {
      const { server, kubeconfig } = await demoServer({ crds });
      const theirs = await kubectl(kubeconfig, ['get', 'ciliumendpoints.cilium.io', '-A']);
      const ours = await runCli(['endpoints', '-A', '--kubeconfig', kubeconfig]);
      expect(theirs.code).toBe(0);
      expect(ours).toEqual({ code: 0, stdout: theirs.stdout, stderr: '' });
      if (crds === 'v1.14') expect(ours.stdout).toBe(golden('get-cep-A.txt'));
      else
        expect(ours.stdout.split('\n')[0]).toMatch(/^NAMESPACE +NAME +SECURITY IDENTITY +ENDPOINT STATE +IPV4 +IPV6$/);

      const theirIds = await kubectl(kubeconfig, ['get', 'ciliumidentities.cilium.io']);
      const ourIds = await runCli(['identities', '--kubeconfig', kubeconfig]);
      expect(ourIds).toEqual({ code: 0, stdout: theirIds.stdout, stderr: '' });
      expect(ourIds.stdout).toBe(golden('get-ciliumid.txt'));

      const theirWide = await kubectl(kubeconfig, [
        'get',
        'ciliumendpoints.cilium.io',
        '-n',
        'kube-system',
        '-o',
        'wide',
      ]);
      const ourWide = await runCli(['endpoints', '-n', 'kube-system', '-o', 'wide', '--kubeconfig', kubeconfig]);
      expect(ourWide.stdout).toBe(theirWide.stdout);
      expect(server.requests.every((request) => request.method === 'GET')).toBe(true);
    });
  }

  it.skipIf(!hasKubectl)('an empty namespace: nothing on stdout, the same message on stderr, exit 0', async () => {
    const { kubeconfig } = await demoServer();
    const theirs = await kubectl(kubeconfig, ['get', 'ciliumendpoints.cilium.io', '-n', 'nope']);
    expect(await runCli(['endpoints', '-n', 'nope', '--kubeconfig', kubeconfig])).toEqual({
      code: 0,
      stdout: '',
      stderr: theirs.stderr,
    });
    expect(theirs.stderr).toBe('No resources found in nope namespace.\n');
  });

  it.skipIf(!hasKubectl)('--no-headers and pages of 2 give the same bytes as kubectl', async () => {
    const { kubeconfig } = await demoServer();
    const theirs = await kubectl(kubeconfig, [
      'get',
      'ciliumendpoints.cilium.io',
      '-A',
      '--no-headers',
      '--chunk-size=2',
    ]);
    const ours = await runCli(['endpoints', '-A', '--no-headers', '--chunk-size', '2', '--kubeconfig', kubeconfig]);
    expect(ours.stdout).toBe(theirs.stdout);
  });
});

describe('listing', () => {
  it('pages with limit and continue, never resourceVersion=0 with a limit, GET only', async () => {
    const { server, kubeconfig } = await demoServer();
    const result = await runCli(['endpoints', '-A', '--chunk-size', '2', '--kubeconfig', kubeconfig]);
    expect(result.stdout).toBe(golden('get-cep-A.txt'));
    const lists = getRequests(server);
    expect(lists.map((r) => [r.query.get('limit'), r.query.has('continue')])).toEqual([
      ['2', false],
      ['2', true],
      ['2', true],
    ]);
    expect(lists.every((r) => r.query.get('resourceVersion') !== '0')).toBe(true);
    expect(lists[0]?.headers.accept).toMatch(/^application\/json;as=Table;v=v1;g=meta\.k8s\.io,/);
    expect(server.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('--chunk-size 0 lists in one request; the default asks for 500', async () => {
    const { server, kubeconfig } = await demoServer();
    await runCli(['identities', '--chunk-size', '0', '--kubeconfig', kubeconfig]);
    await runCli(['identities', '--kubeconfig', kubeconfig]);
    expect(getRequests(server).map((r) => r.query.get('limit'))).toEqual([null, '500']);
  });

  it('-n lists one namespace; without -n the context namespace is used', async () => {
    const { server } = await demoServer();
    const dir = temp('cv-ns-');
    const kubeconfig = server.writeKubeconfig(dir, { namespace: 'kube-system' });
    expect((await runCli(['endpoints', '--kubeconfig', kubeconfig])).stdout).toBe(golden('get-cep-n-kube-system.txt'));
    expect(getRequests(server).map((r) => r.path)).toEqual([
      '/apis/cilium.io/v2/namespaces/kube-system/ciliumendpoints',
    ]);
  });

  it('who-shares lists the endpoints (with their objects) and gets the one identity', async () => {
    const { server, kubeconfig } = await demoServer();
    for (const id of ['27084', '16737']) {
      expect(await runCli(['who-shares', id, '--kubeconfig', kubeconfig])).toEqual(
        await runCli(['who-shares', id, '--demo']),
      );
    }
    expect(
      getRequests(server)
        .slice(0, 2)
        .map((r) => `${r.path}?${r.query}`)
        .sort(),
    ).toEqual([
      '/apis/cilium.io/v2/ciliumendpoints?includeObject=Object&limit=500',
      '/apis/cilium.io/v2/ciliumidentities/27084?',
    ]);
  });

  it('who-shares: an identity object that does not exist (404 NotFound) is reported as missing', async () => {
    const { kubeconfig } = await demoServer({ identities: [] });
    const result = await runCli(['who-shares', '27084', '--kubeconfig', kubeconfig]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('CiliumIdentity:   missing');
    const unknown = await runCli(['who-shares', '99999', '--kubeconfig', kubeconfig]);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
  });

  it('a 410 Expired on a continue restarts the list once, then fails clearly', async () => {
    let expiries = 1;
    const { server, kubeconfig } = await demoServer({
      fault: (r) =>
        r.query.has('continue') && expiries-- > 0 ? { kind: 'status', code: 410, reason: 'Expired' } : undefined,
    });
    const once = await runCli(['endpoints', '-A', '--chunk-size', '2', '--kubeconfig', kubeconfig]);
    expect(once).toEqual({ code: 0, stdout: golden('get-cep-A.txt'), stderr: '' });
    expect(getRequests(server).filter((r) => !r.query.has('continue'))).toHaveLength(2);

    expiries = 2;
    const twice = await runCli(['endpoints', '-A', '--chunk-size', '2', '--kubeconfig', kubeconfig]);
    expect(twice.code).toBe(1);
    expect(twice.stdout).toBe('');
    expect(twice.stderr).toMatch(/^error: .*410 Expired, twice.*--chunk-size=0\n$/);
  });

  it('429 and 5xx are retried (honouring Retry-After), then succeed', async () => {
    const faults = [
      { kind: 'status', code: 429, reason: 'TooManyRequests', retryAfter: 0 },
      { kind: 'status', code: 503, reason: 'ServiceUnavailable' },
    ] as const;
    let n = 0;
    const { server, kubeconfig } = await demoServer({
      fault: (r) => (r.path.startsWith('/apis/cilium.io') ? faults[n++] : undefined),
    });
    expect(await runCli(['identities', '--kubeconfig', kubeconfig])).toEqual({
      code: 0,
      stdout: golden('get-ciliumid.txt'),
      stderr: '',
    });
    expect(getRequests(server)).toHaveLength(3);
  });
});

describe('a server that answers with plain lists instead of Tables', () => {
  const plainList = (items: unknown[]) => ({
    kind: 'raw' as const,
    code: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiVersion: 'cilium.io/v2', kind: 'CiliumEndpointList', metadata: {}, items }),
  });

  it("uses the CRD's printer columns (here v1.18's)", async () => {
    const { server, kubeconfig } = await demoServer({
      crds: 'v1.18',
      fault: (r) => (r.path === '/apis/cilium.io/v2/ciliumendpoints' ? plainList(demoEndpoints()) : undefined),
    });
    const result = await runCli(['endpoints', '-A', '--kubeconfig', kubeconfig]);
    expect(result.stdout.split('\n').slice(0, 2)).toEqual([
      'NAMESPACE            NAME                                      SECURITY IDENTITY   ENDPOINT STATE   IPV4         IPV6',
      'default              nettool-1                                 41222               ready            10.1.2.112   ',
    ]);
    expect(server.requests.map((r) => r.path)).toContain(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ciliumendpoints.cilium.io',
    );
  });

  it('falls back to the built-in set of --cilium-version when the CRD cannot be read', async () => {
    const { kubeconfig } = await demoServer({
      fault: (r) =>
        r.path === '/apis/cilium.io/v2/ciliumendpoints'
          ? plainList(demoEndpoints())
          : r.path.startsWith('/apis/apiextensions.k8s.io')
            ? { kind: 'status', code: 403, reason: 'Forbidden' }
            : undefined,
    });
    expect((await runCli(['endpoints', '-A', '--kubeconfig', kubeconfig])).stdout).toBe(golden('get-cep-A.txt'));
    const v17 = await runCli(['endpoints', '-A', '--cilium-version', '1.17', '--kubeconfig', kubeconfig]);
    expect(v17.stdout.split('\n')[0]).toMatch(/^NAMESPACE +NAME +SECURITY IDENTITY +ENDPOINT STATE +IPV4 +IPV6$/);
  });
});

describe('connection flags', () => {
  const writeKubeconfig = (path: string, config: unknown) => {
    writeFileSync(path, stringify(config));
    return path;
  };

  it('KUBECONFIG merges files: the first file to set current-context and each name wins', async () => {
    const { server: good } = await demoServer();
    const { server: other } = await demoServer({ endpoints: [], identities: [] });
    const dir = temp('cv-merge-');
    const first = parse(readFileSync(good.writeKubeconfig(dir, { contextName: 'good' }), 'utf8'));
    const second = parse(readFileSync(other.writeKubeconfig(dir, { contextName: 'other' }), 'utf8'));
    // The second file also defines a cluster named like the first file's, pointing elsewhere: the first wins.
    second.clusters.push({ ...second.clusters[0], name: first.clusters[0].name });
    const a = writeKubeconfig(join(dir, 'a.yaml'), first);
    const b = writeKubeconfig(join(dir, 'b.yaml'), second);
    const missing = join(dir, 'missing.yaml');

    const merged = await runCli(['endpoints', '-A'], { env: { KUBECONFIG: `${missing}:${a}:${b}` } });
    expect(merged).toEqual({ code: 0, stdout: golden('get-cep-A.txt'), stderr: '' });

    const switched = await runCli(['endpoints', '-A', '--context', 'other'], { env: { KUBECONFIG: `${a}:${b}` } });
    expect(switched).toEqual({ code: 0, stdout: '', stderr: 'No resources found\n' });

    const reversed = await runCli(['endpoints', '-A'], { env: { KUBECONFIG: `${b}:${a}` } });
    expect(reversed.stderr).toBe('No resources found\n');
  });

  it('~/.kube/config is the default; --kubeconfig wins over KUBECONFIG', async () => {
    const { server, kubeconfig } = await demoServer();
    const home = temp('cv-home-');
    mkdirSync(join(home, '.kube'));
    renameSync(server.writeKubeconfig(join(home, '.kube'), { contextName: 'home' }), join(home, '.kube', 'config'));
    expect((await runCli(['identities'], { env: { HOME: home } })).stdout).toBe(golden('get-ciliumid.txt'));
    const both = await runCli(['identities', '--kubeconfig', kubeconfig], { env: { KUBECONFIG: '/nonexistent' } });
    expect(both.stdout).toBe(golden('get-ciliumid.txt'));
  });

  it('--request-timeout takes kubectl durations; a bad one is a usage error', async () => {
    const { kubeconfig } = await demoServer();
    for (const timeout of ['0', '30', '30s', '1m30s', '1.5s']) {
      expect(
        (await runCli(['identities', '--request-timeout', timeout, '--kubeconfig', kubeconfig])).code,
        timeout,
      ).toBe(0);
    }
    const bad = await runCli(['identities', '--request-timeout', 'soon', '--kubeconfig', kubeconfig]);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
  });
});

describe('--debug', () => {
  it('logs each request, never the bearer token, even when the request fails', async () => {
    const { kubeconfig } = await demoServer({
      fault: (r) =>
        r.path.startsWith('/apis/cilium.io') ? { kind: 'status', code: 403, reason: 'Forbidden' } : undefined,
    });
    const result = await runCli(['endpoints', '-A', '--debug', '--kubeconfig', kubeconfig]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^debug: GET \/apis\/cilium\.io\/v2\/ciliumendpoints\?includeObject=Metadata&limit=500 -> 403/,
    );
    expect(result.stderr).not.toContain('secret-test-token');
    expect(result.stderr).not.toMatch(/authorization/i);
  });
});

describe('errors: one line, exit 1, nothing on stdout', () => {
  const expectError = (result: { code: number; stdout: string; stderr: string }, pattern: RegExp) => {
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).toMatch(pattern);
  };

  it('no kubeconfig found', async () => {
    const home = temp('cv-empty-home-');
    expectError(
      await runCli(['endpoints', '-A'], { env: { HOME: home } }),
      /^error: no kubeconfig found: .*--from PATH or --demo/,
    );
    expectError(
      await runCli(['endpoints', '-A'], { env: { KUBECONFIG: '/nonexistent/a:/nonexistent/b' } }),
      /^error: no kubeconfig found: none of the files in KUBECONFIG exists/,
    );
  });

  it('context not found names the contexts there are', async () => {
    const { kubeconfig } = await demoServer();
    expectError(
      await runCli(['endpoints', '--context', 'prod', '--kubeconfig', kubeconfig]),
      /^error: context "prod" not found in .*; the contexts there are: /,
    );
  });

  it('server unreachable: connection refused', async () => {
    const { server, kubeconfig } = await demoServer();
    await server.close();
    expectError(
      await runCli(['endpoints', '-A', '--kubeconfig', kubeconfig]),
      /^error: cannot connect to the API server at https:\/\/127\.0\.0\.1:\d+ .*connection refused/,
    );
  });

  it('server unreachable: the host name does not resolve', async () => {
    const { kubeconfig } = await demoServer();
    const config = parse(readFileSync(kubeconfig, 'utf8'));
    config.clusters[0].cluster.server = 'https://cilium-view-test.invalid:6443';
    writeFileSync(kubeconfig, stringify(config));
    expectError(
      await runCli(['endpoints', '-A', '--kubeconfig', kubeconfig]),
      /^error: cannot resolve the API server's host cilium-view-test\.invalid/,
    );
  });

  it('server unreachable: no answer within --request-timeout', async () => {
    const { kubeconfig } = await demoServer({
      fault: (r) => (r.path.startsWith('/apis/cilium.io') ? { kind: 'hang' } : undefined),
    });
    expectError(
      await runCli(['endpoints', '-A', '--request-timeout', '1s', '--kubeconfig', kubeconfig]),
      /^error: the API server at .* did not answer within the --request-timeout of 1s/,
    );
  });

  it('TLS verification failure', async () => {
    const { server } = await demoServer();
    const kubeconfig = server.writeKubeconfig(temp('cv-tls-'), { withCA: false });
    expectError(
      await runCli(['endpoints', '-A', '--kubeconfig', kubeconfig]),
      /^error: TLS verification of the API server at/,
    );
  });

  it('--insecure-skip-tls-verify connects without the CA, with a warning', async () => {
    const { server } = await demoServer();
    const kubeconfig = server.writeKubeconfig(temp('cv-tls-'), { withCA: false });
    const result = await runCli(['identities', '--insecure-skip-tls-verify', '--kubeconfig', kubeconfig]);
    expect(result.stdout).toBe(golden('get-ciliumid.txt'));
    expect(result.stderr).toMatch(/^warning: TLS verification is off for https:\/\/127\.0\.0\.1:\d+/);
  });

  it('401: credentials rejected', async () => {
    const { server } = await demoServer();
    const kubeconfig = server.writeKubeconfig(temp('cv-401-'), { token: 'wrong' });
    expectError(
      await runCli(['endpoints', '-A', '--kubeconfig', kubeconfig]),
      /^error: .*rejected the credentials of context .*\(401 Unauthorized\).*log in again/,
    );
  });

  it('403: names the missing RBAC rule, cluster scope and namespace', async () => {
    const { kubeconfig } = await demoServer({
      fault: (r) =>
        r.path.startsWith('/apis/cilium.io')
          ? {
              kind: 'status',
              code: 403,
              reason: 'Forbidden',
              message: `ciliumendpoints.cilium.io is forbidden: User "alice" cannot list resource "ciliumendpoints" in API group "cilium.io"`,
            }
          : undefined,
    });
    expectError(
      await runCli(['endpoints', '-A', '--kubeconfig', kubeconfig]),
      /^error: forbidden \(403\): user "alice" cannot list ciliumendpoints\.cilium\.io at the cluster scope; the missing RBAC rule is: list ciliumendpoints\.cilium\.io at the cluster scope/,
    );
    expectError(
      await runCli(['endpoints', '-n', 'team-a', '--kubeconfig', kubeconfig]),
      /cannot list ciliumendpoints\.cilium\.io in the namespace "team-a"/,
    );
    // One object by name is a `get`, and the rule it lacks is `get` in that namespace (or cluster-wide).
    expectError(
      await runCli(['endpoints', 'web-1', '-n', 'team-a', '--kubeconfig', kubeconfig]),
      /cannot get ciliumendpoints\.cilium\.io in the namespace "team-a"; the missing RBAC rule is: get ciliumendpoints\.cilium\.io in the namespace "team-a" /,
    );
    expectError(
      await runCli(['identities', '27084', '--kubeconfig', kubeconfig]),
      /cannot get ciliumidentities\.cilium\.io at the cluster scope; the missing RBAC rule is: get ciliumidentities\.cilium\.io at the cluster scope /,
    );
  });

  it('404: the Cilium CRDs are not installed', async () => {
    const { kubeconfig } = await demoServer({ crds: 'none' });
    expectError(
      await runCli(['identities', '--kubeconfig', kubeconfig]),
      /^error: the server has no ciliumidentities\.cilium\.io resource \(404 Not Found\): Cilium's CRDs are not installed/,
    );
  });

  it('5xx that does not stop: a bounded number of retries, then the error', async () => {
    const { server, kubeconfig } = await demoServer({
      fault: (r) =>
        r.path.startsWith('/apis/cilium.io')
          ? { kind: 'status', code: 500, reason: 'InternalError', message: 'etcd down' }
          : undefined,
    });
    expectError(
      await runCli(['identities', '--kubeconfig', kubeconfig]),
      /^error: the API server at .* answered 500 \(InternalError: etcd down\) while listing ciliumidentities\.cilium\.io after 5 attempts; try again later/,
    );
    expect(getRequests(server)).toHaveLength(5);
  });

  it('a body that is not JSON (an HTML page from a proxy)', async () => {
    const { kubeconfig } = await demoServer({
      fault: (r) => (r.path.startsWith('/apis/cilium.io') ? { kind: 'html', code: 200 } : undefined),
    });
    expectError(
      await runCli(['endpoints', '-A', '--kubeconfig', kubeconfig]),
      /^error: .* with a text\/html body that is not JSON \(HTTP 200\): a proxy or load balancer in between\?/,
    );
  });

  it('a connection reset in the middle of a page, after a good first page: no partial table', async () => {
    const { kubeconfig } = await demoServer({
      fault: (r) => (r.query.has('continue') ? { kind: 'reset-mid-body' } : undefined),
    });
    expectError(
      await runCli(['endpoints', '-A', '--chunk-size', '2', '--kubeconfig', kubeconfig]),
      /^error: the connection to the API server at .* was reset while listing ciliumendpoints\.cilium\.io; nothing was printed/,
    );
  });
});

describe('progress', () => {
  it('on a terminal, a list of several pages shows a progress line on stderr, cleared before the table', async () => {
    const { kubeconfig } = await demoServer();
    const result = await runCli(['endpoints', '-A', '--chunk-size', '2', '--kubeconfig', kubeconfig], {
      stderrIsTTY: true,
    });
    expect(result.stdout).toBe(golden('get-cep-A.txt'));
    expect(result.stderr).toBe(
      [2, 4, 5].map((n) => `\r\x1b[Kfetching from context "cilium-view-test": ${n} ciliumendpoints`).join('') +
        '\r\x1b[K',
    );
  });

  it('never on a pipe, never with -o json, never for one page', async () => {
    const { kubeconfig } = await demoServer();
    for (const [args, stderrIsTTY] of [
      [['--chunk-size', '2'], false],
      [['--chunk-size', '2', '-o', 'json'], true],
      [[], true],
    ] as const) {
      const result = await runCli(['endpoints', '-A', ...args, '--kubeconfig', kubeconfig], { stderrIsTTY });
      expect(result.stderr, args.join(' ')).toBe('');
    }
  });
});
