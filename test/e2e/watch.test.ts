/**
 * `-w` and `--watch-only` over the local API server: the list, then a row per event, as kubectl prints
 * them; resumes after a server-side timeout, lists again after 410 Gone, and Ctrl-C (the interruption
 * signal) ends it with exit 0.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { type CliResult, GOLDEN_NOW, runCli } from '../run-cli.js';
import { type ApiServerOptions, type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { hasKubectl, startKubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();

warnIfNoKubectl('the watch comparison with kubectl is skipped');

const servers: RunningApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: ApiServerOptions = {}) {
  const server = await startApiServer({
    endpoints: demoEndpoints(),
    identities: demoIdentities(),
    now: () => GOLDEN_NOW,
    ...options,
  });
  servers.push(server);
  return { server, kubeconfig: server.writeKubeconfig(temp('cv-watch-')) };
}

const until = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
};

/** A changed endpoint: nettool-1 gets a new identity and state. */
function changed(): unknown {
  const [first] = demoEndpoints() as Array<{ status: Record<string, unknown> }>;
  return { ...first, status: { ...first?.status, state: 'waiting-for-identity', identity: { id: 99999, labels: [] } } };
}

/** Runs cilium-view in this process until `stop` is called (the Ctrl-C of a test). */
function watching(args: string[]) {
  const interrupt = new AbortController();
  let stdout = '';
  const done: Promise<CliResult> = runCli(args, {
    signal: interrupt.signal,
    onStdout: (text) => {
      stdout += text;
    },
  });
  return { stdout: () => stdout, stop: () => interrupt.abort(), done };
}

describe('watch', () => {
  it('prints the list, then a row per event, with columns that never shrink; Ctrl-C exits 0', async () => {
    const { server, kubeconfig } = await serve();
    const run = watching(['endpoints', '-A', '-w', '--kubeconfig', kubeconfig]);
    await until(() => run.stdout().split('\n').length === 7, 'the list');
    server.emit({ type: 'MODIFIED', object: changed() });
    await until(() => run.stdout().includes('waiting-for-identity'), 'the event');
    run.stop();
    const result = await run.done;
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[6]).toBe(
      'default              nettool-1                                 1426          99999         <status disabled>     <status disabled>    <status disabled>   waiting-for-identity   10.1.2.112   ',
    );
  });

  it('--watch-only prints the header with the first event', async () => {
    const { server, kubeconfig } = await serve();
    const run = watching(['endpoints', '-n', 'default', '--watch-only', '--kubeconfig', kubeconfig]);
    await until(() => server.requests.some((r) => r.query.get('watch') === 'true'), 'the watch request');
    server.emit({ type: 'MODIFIED', object: changed() });
    await until(() => run.stdout().includes('waiting-for-identity'), 'the event');
    run.stop();
    expect((await run.done).stdout).toBe(
      [
        'NAME        ENDPOINT ID   IDENTITY ID   INGRESS ENFORCEMENT   EGRESS ENFORCEMENT   VISIBILITY POLICY   ENDPOINT STATE         IPV4         IPV6',
        'nettool-1   1426          99999         <status disabled>     <status disabled>    <status disabled>   waiting-for-identity   10.1.2.112   ',
        '',
      ].join('\n'),
    );
  });

  it('-o json prints one object per event', async () => {
    const { server, kubeconfig } = await serve();
    const run = watching(['identities', '--watch-only', '-o', 'json', '--kubeconfig', kubeconfig]);
    await until(() => server.requests.some((r) => r.query.get('watch') === 'true'), 'the watch request');
    const [identity] = demoIdentities() as Array<{ metadata: Record<string, unknown> }>;
    server.emit({ type: 'DELETED', object: identity });
    await until(() => run.stdout().endsWith('}\n'), 'the event');
    run.stop();
    const printed = JSON.parse((await run.done).stdout);
    expect(printed.metadata.name).toBe('16737');
  });

  it('resumes from the last resourceVersion when the server ends a watch, and lists again after 410 Gone', async () => {
    let watches = 0;
    const { server, kubeconfig } = await serve({
      fault: (r) => {
        if (r.query.get('watch') !== 'true') return undefined;
        watches++;
        if (watches === 1) return { kind: 'raw', code: 200, headers: { 'content-type': 'application/json' }, body: '' };
        if (watches === 2) {
          const gone = {
            type: 'ERROR',
            object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 },
          };
          return {
            kind: 'raw',
            code: 200,
            headers: { 'content-type': 'application/json' },
            body: `${JSON.stringify(gone)}\n`,
          };
        }
        return undefined;
      },
    });
    const run = watching(['identities', '-w', '--kubeconfig', kubeconfig]);
    await until(() => watches >= 3, 'the third watch');
    run.stop();
    const result = await run.done;
    expect(result.code).toBe(0);
    const lists = server.requests.filter((r) => r.query.get('watch') !== 'true' && r.path.endsWith('ciliumidentities'));
    const watchRequests = server.requests.filter((r) => r.query.get('watch') === 'true');
    expect(lists).toHaveLength(2);
    expect(watchRequests[0]?.query.get('resourceVersion')).toBe(watchRequests[1]?.query.get('resourceVersion'));
    // The relisted identities are printed again, under the same header.
    expect(result.stdout.split('\n').filter((line) => line.startsWith('NAME'))).toHaveLength(1);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('27084'))).toHaveLength(2);
  });

  it('needs a live cluster', async () => {
    const result = await runCli(['endpoints', '-w', '--demo']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --watch needs a live cluster: files do not change\n',
    });
  });

  it.skipIf(!hasKubectl)('prints what kubectl -w prints for the same events', async () => {
    const { server, kubeconfig } = await serve();
    const theirs = startKubectl(kubeconfig, ['get', 'ciliumendpoints.cilium.io', '-A', '-w']);
    const ours = watching(['endpoints', '-A', '-w', '--kubeconfig', kubeconfig]);
    await until(() => server.requests.filter((r) => r.query.get('watch') === 'true').length === 2, 'both watches');
    server.emit({ type: 'MODIFIED', object: changed() });
    await until(
      () => theirs.stdout().includes('waiting-for-identity') && ours.stdout().includes('waiting-for-identity'),
      'both',
    );
    theirs.child.kill('SIGINT');
    ours.stop();
    expect((await ours.done).stdout).toBe(theirs.stdout());
  });
});
