/**
 * The fault catalogue (README, "Faults"), beyond the connection errors of cluster.test.ts: each fault
 * served by the local API server, through the real client; for each, nothing half-printed on stdout and
 * the documented exit code.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { type CliResult, GOLDEN_NOW, runCli } from '../run-cli.js';
import { type Fault, type RequestInfo, type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();

const servers: RunningApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function faulty(fault: (request: RequestInfo) => Fault | undefined): Promise<string> {
  const server = await startApiServer({
    endpoints: demoEndpoints(),
    identities: demoIdentities(),
    now: () => GOLDEN_NOW,
    fault,
  });
  servers.push(server);
  return server.writeKubeconfig(temp('cv-faults-'));
}

const onList = (fault: Fault) => (request: RequestInfo) =>
  request.path === '/apis/cilium.io/v2/ciliumendpoints' ? fault : undefined;

const json = (body: unknown): Fault => ({
  kind: 'raw',
  code: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const list = (items: unknown[], next?: string) => ({
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumEndpointList',
  metadata: { resourceVersion: '7', ...(next === undefined ? {} : { continue: next }) },
  items,
});

function expectFailure(result: CliResult, message: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n')).toHaveLength(2);
  expect(result.stderr).toMatch(message);
}

const endpointsA = (kubeconfig: string, ...extra: string[]) =>
  runCli(['endpoints', '-A', '--kubeconfig', kubeconfig, ...extra]);

describe('faults', () => {
  it('a body cut off in the middle of its JSON', async () => {
    const kubeconfig = await faulty(onList({ kind: 'truncate-body' }));
    expectFailure(await endpointsA(kubeconfig), /ends before its JSON does .* nothing was printed/);
  });

  it('a 200 whose body is a Status', async () => {
    const status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'InternalError', code: 500 };
    const kubeconfig = await faulty(onList(json(status)));
    expectFailure(await endpointsA(kubeconfig), /answered ciliumendpoints\.cilium\.io with a Status \(InternalError\)/);
  });

  it('a list of the wrong kind', async () => {
    const kubeconfig = await faulty(onList(json({ apiVersion: 'v1', kind: 'PodList', metadata: {}, items: [] })));
    expectFailure(await endpointsA(kubeconfig), /with kind PodList, not a CiliumEndpointList or Table/);
  });

  it('a page that never finishes is bounded by --request-timeout', async () => {
    const kubeconfig = await faulty((r) => (r.query.has('continue') ? { kind: 'hang' } : undefined));
    expectFailure(
      await endpointsA(kubeconfig, '--chunk-size', '2', '--request-timeout', '1s'),
      /did not answer within the --request-timeout of 1s/,
    );
  });

  it('an answer held whole (not a list) of more than 64 MB is refused before it is read', async () => {
    const huge: Fault = {
      kind: 'raw',
      code: 404,
      headers: { 'content-type': 'application/json', 'content-length': String(65 * 1024 * 1024) },
      body: '{',
    };
    const kubeconfig = await faulty(onList(huge));
    expectFailure(await endpointsA(kubeconfig), /more than 64 MB in one response while listing/);
  });

  it('a list is read one object at a time: one object of more than 64 MB is refused, not the list', async () => {
    const [first] = demoEndpoints();
    const huge = { ...(first as object), padding: 'x'.repeat(65 * 1024 * 1024) };
    const kubeconfig = await faulty(onList(json(list([first, huge]))));
    expectFailure(
      await endpointsA(kubeconfig, '--chunk-size=0'),
      /sent a ciliumendpoints\.cilium\.io object of more than 64 MB while listing it \(ciliumendpoints page 1\)/,
    );
  });

  it('a server that keeps returning the same continue token is stopped', async () => {
    const [first] = demoEndpoints();
    const kubeconfig = await faulty((r) =>
      r.path.endsWith('ciliumendpoints') ? json(list([first], 'again')) : undefined,
    );
    const result = await endpointsA(kubeconfig, '--chunk-size', '1');
    expect([result.code, result.stdout]).toEqual([1, '']);
    // The repeated page's object is warned about once, then the loop is stopped.
    expect(result.stderr.split('\n').at(-2)).toMatch(/^error: .*sent the same continue token twice/);
  });

  it('duplicate items across pages are listed once, with a warning', async () => {
    const [a, b, c] = demoEndpoints();
    const kubeconfig = await faulty((r) =>
      r.path.endsWith('ciliumendpoints')
        ? json(r.query.has('continue') ? list([b, c]) : list([a, b], 'next'))
        : undefined,
    );
    const result = await endpointsA(kubeconfig, '--chunk-size', '2');
    expect(result.code).toBe(0);
    const rows = result.stdout.split('\n').slice(1, -1);
    expect(rows.map((row) => row.split(/ +/)[1])).toEqual(['nettool-1', 'nettool-2', 'coredns-5d78c9869d-62zlb']);
    expect(result.stderr).toMatch(
      /^warning: .*CiliumEndpoint default\/nettool-2 was already listed on an earlier page; ignoring it\n$/,
    );
  });

  it('only GET reaches the server, whatever the command', async () => {
    const server = await startApiServer({ endpoints: demoEndpoints(), identities: demoIdentities() });
    servers.push(server);
    const kubeconfig = server.writeKubeconfig(temp('cv-get-only-'));
    for (const args of [
      ['endpoints', '-A'],
      ['identities', '-o', 'wide'],
      ['who-shares', '27084'],
      ['doctor'],
      ['cardinality'],
      ['endpoints', '-A', '--dangling'],
      ['identities', '27084', '-o', 'yaml'],
    ]) {
      await runCli([...args, '--kubeconfig', kubeconfig]);
    }
    expect(server.requests.length).toBeGreaterThan(7);
    expect(new Set(server.requests.map((r) => r.method))).toEqual(new Set(['GET']));
  });
});

describe('-o json while the list restarts', () => {
  it('a 410 on a continue starts the list over without printing the first attempt twice', async () => {
    let expiries = 1;
    const kubeconfig = await faulty((r) =>
      r.query.has('continue') && expiries-- > 0 ? { kind: 'status', code: 410, reason: 'Expired' } : undefined,
    );
    const result = await endpointsA(kubeconfig, '--chunk-size', '2', '-o', 'json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(
      (demoEndpoints() as Array<{ metadata: { name: string } }>).map((e) => e.metadata.name),
    );
  });
});
