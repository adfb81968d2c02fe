/**
 * `-w` against a hostile server (issue 16, item 9 and the watch part of 16): a 200 with an empty body and
 * a 410 on every watch are retried with client-go's reflector backoff, never in a tight loop, and lists
 * are repeated at most 3 times a minute; one event over the 64 MB cap is refused (its line is gathered
 * in linear time: a quadratic split would not finish); a line that is not JSON is an expected error.
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

const isWatch = (r: RequestInfo) => r.path === '/apis/cilium.io/v2/ciliumendpoints' && r.query.get('watch') === 'true';
const isList = (r: RequestInfo) => r.path === '/apis/cilium.io/v2/ciliumendpoints' && !r.query.has('watch');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function watchWith(fault: Fault, ms?: number): Promise<{ server: RunningApiServer; result: CliResult }> {
  const server = await startApiServer({
    endpoints: demoEndpoints(),
    identities: demoIdentities(),
    now: () => GOLDEN_NOW,
    fault: (r) => (isWatch(r) ? fault : undefined),
  });
  servers.push(server);
  const interrupt = new AbortController();
  const running = runCli(['endpoints', '-A', '-w', '--kubeconfig', server.writeKubeconfig(temp('cv-hwatch-'))], {
    signal: interrupt.signal,
  });
  if (ms !== undefined) {
    // Measured from the first watch: loading the Kubernetes client before it takes seconds on a busy machine.
    for (let i = 0; i < 600 && !server.requests.some(isWatch); i++) await sleep(25);
    await sleep(ms);
    interrupt.abort();
  }
  return { server, result: await running };
}

describe('watch against a hostile server', () => {
  it('a 200 with an empty body on every watch: reconnects back off (a handful in 4 s, not a hundred)', async () => {
    const { server, result } = await watchWith({ kind: 'raw', code: 200, body: '' }, 4000);
    expect(result.code).toBe(0);
    const watches = server.requests.filter(isWatch).length;
    // The first, then after 0.8-1.6 s, then 1.6-3.2 s more, then 3.2-6.4 s more: at most 3 in 4 s.
    expect(watches).toBeGreaterThanOrEqual(2);
    expect(watches).toBeLessThanOrEqual(3);
  });

  it('a 410 on every watch: lists again after a backoff, not in a loop', async () => {
    const { server, result } = await watchWith({ kind: 'status', code: 410, reason: 'Expired' }, 5000);
    expect(result.code).toBe(0);
    // The first list, then one after each 410 with the backoff above: at most 3 more in 5 s.
    const lists = server.requests.filter(isList).length;
    expect(lists).toBeGreaterThanOrEqual(2);
    expect(lists).toBeLessThanOrEqual(4);
  });

  it('one watch event larger than 64 MB is refused', async () => {
    const huge = Buffer.alloc(65 * 1024 * 1024, 'x');
    const { result } = await watchWith({
      kind: 'raw',
      code: 200,
      headers: { 'content-type': 'application/json' },
      body: huge,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: the API server at http:\/\/127\.0\.0\.1:\d+ sent a watch event of ciliumendpoints\.cilium\.io larger than 64 MB; refused before memory runs out\n$/m,
    );
  });

  it('a watch line that is not JSON is an expected error, not "an unexpected failure"', async () => {
    const { result } = await watchWith({
      kind: 'raw',
      code: 200,
      headers: { 'content-type': 'application/json' },
      body: '<html>proxy</html>\n',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: the API server at .* sent a watch event of ciliumendpoints\.cilium\.io that is not JSON; /m,
    );
    expect(result.stderr).not.toContain('unexpected');
  });
});
