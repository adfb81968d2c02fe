/**
 * The errors a real kube-apiserver words itself, with kubectl's reading of the same answer beside ours:
 * 401 (a wrong token), 403 for system:anonymous (no credential at all), 403 (RBAC lets the limited user read CiliumEndpoints in "default" only), 404
 * (Cilium's CRDs not installed), 410 Expired (etcd compacted between two pages of a list).
 * cilium-view's messages are its own, one line each; what they say must agree with what the server said.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { hasKubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { type RealCluster, startRealCluster, startSharedEtcd } from '../support/real/cluster.js';
import { expectSameAsKubectl, ours, type Side, theirs } from '../support/real/compare.js';
import { hasReal } from '../support/real/gate.js';
import { startProxy } from '../support/real/proxy.js';
import { waitFor } from '../support/real/scratch.js';

if (hasReal) warnIfNoKubectl('the error comparisons with kubectl against the real kube-apiserver are skipped');

let shared: Awaited<ReturnType<typeof startSharedEtcd>>;
let cluster: RealCluster;
let withoutCilium: RealCluster;
let home: string;
const side = (kubeconfig: string): Side => ({ kubeconfig, home });

beforeAll(async () => {
  if (!hasReal) return;
  shared = await startSharedEtcd();
  [cluster, withoutCilium] = await Promise.all([
    startRealCluster({ endpoints: demoEndpoints(), identities: demoIdentities(), etcd: shared }),
    startRealCluster({ crds: 'none', etcd: shared }),
  ]);
  home = cluster.tempDir();
}, 120_000);
afterAll(async () => {
  await Promise.all([cluster?.close(), withoutCilium?.close()]);
  await shared?.scratch.close();
});

/** One line on stderr, nothing on stdout, exit 1. */
function expectOneLineError(result: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n')).toHaveLength(2);
  expect(result.stderr).toMatch(pattern);
}

describe.skipIf(!hasReal || !hasKubectl)('401 Unauthorized: a wrong token', () => {
  for (const args of [
    ['endpoints', '-A'],
    ['identities', '27084'],
  ]) {
    it(args.join(' '), async () => {
      const kubeconfig = cluster.writeKubeconfig({ user: { token: 'not-the-token' } });
      const kubectl = await theirs(side(kubeconfig), ['get', 'ciliumendpoints.cilium.io', '-A']);
      expect(kubectl.code).toBe(1);
      expect(kubectl.stderr).toMatch(/You must be logged in to the server/);
      expectOneLineError(
        await ours([...args, '--kubeconfig', kubeconfig]),
        /^error: the API server at https:\/\/127\.0\.0\.1:\d+ rejected the credentials of context "real" \(401 Unauthorized\)/,
      );
    });
  }
});

describe.skipIf(!hasReal || !hasKubectl)('403 for system:anonymous: no credential at all', () => {
  it('endpoints -A', async () => {
    const kubeconfig = cluster.writeKubeconfig();
    const config = parse(readFileSync(kubeconfig, 'utf8'));
    delete config.users[0].user.token;
    writeFileSync(kubeconfig, stringify(config));
    // kubectl asks for a username where the kubeconfig's user has no credential, and stops at the end of
    // its (empty) stdin; the server's anonymous 403 is ours alone to word.
    const kubectl = await theirs(side(kubeconfig), ['get', 'ciliumendpoints.cilium.io', '-A']);
    expect(kubectl).toEqual({ code: 1, stdout: 'Please enter Username: ', stderr: 'error: EOF\n' });
    expectOneLineError(
      await ours(['endpoints', '-A', '--kubeconfig', kubeconfig]),
      /^error: forbidden \(403\): the API server at https:\/\/127\.0\.0\.1:\d+ took the request as user "system:anonymous": context "real" sent no credentials/,
    );
  });
});

/** What kubectl read in the server's 403: the user, the verb, the resource and the scope. */
function forbidden(kubectlStderr: string): { user: string; verb: string; resource: string; scope: string } {
  const said =
    /User "([^"]+)" cannot (\w+) resource "(\w+)" in API group "cilium\.io" (at the cluster scope|in the namespace "[^"]+")/.exec(
      kubectlStderr,
    );
  if (!said) throw new Error(`kubectl did not report a 403: ${kubectlStderr}`);
  const [, user = '', verb = '', resource = '', scope = ''] = said;
  return { user, verb, resource, scope };
}

describe.skipIf(!hasReal || !hasKubectl)('403 Forbidden: the limited user', () => {
  /** Lists and gets by name, cluster-wide and in a namespace: each names its own verb and scope. */
  const cases: string[][] = [
    ['endpoints', '-A'],
    ['endpoints', '-n', 'kube-system'],
    ['identities'],
    ['endpoints', '-n', 'kube-system', 'coredns-5d78c9869d-62zlb'],
    ['identities', '27084'],
  ];
  const kubectlRead = new Map<string, ReturnType<typeof forbidden>>();
  for (const args of cases) {
    const resource = args[0] === 'endpoints' ? 'ciliumendpoints.cilium.io' : 'ciliumidentities.cilium.io';
    it(`kubectl get ${resource} ${args.slice(1).join(' ')}`, async () => {
      const kubectl = await theirs(side(cluster.writeKubeconfig({ user: 'limited' })), [
        'get',
        resource,
        ...args.slice(1),
      ]);
      expect(kubectl).toMatchObject({ code: 1, stdout: '' });
      kubectlRead.set(args.join(' '), forbidden(kubectl.stderr));
    });
    it(`cilium-view ${args.join(' ')}: the same user, verb and scope`, async () => {
      const said = kubectlRead.get(args.join(' '));
      if (!said) throw new Error('kubectl did not answer as expected (the test before this one)');
      const result = await ours([...args, '--kubeconfig', cluster.writeKubeconfig({ user: 'limited' })]);
      expectOneLineError(result, /^error: forbidden \(403\): /);
      expect(result.stderr).toContain(
        `user "${said.user}" cannot ${said.verb} ${said.resource}.cilium.io ${said.scope}`,
      );
    });
  }

  it('the namespace it may read prints what kubectl prints', async () => {
    const kubeconfig = cluster.writeKubeconfig({ user: 'limited' });
    await expectSameAsKubectl(
      side(kubeconfig),
      ['get', 'ciliumendpoints.cilium.io', '-n', 'default'],
      ['endpoints', '-n', 'default'],
    );
  });
});

describe.skipIf(!hasReal || !hasKubectl)('404: the Cilium CRDs are not installed', () => {
  it('kubectl: the server does not have the resource type', async () => {
    const kubeconfig = withoutCilium.writeKubeconfig();
    for (const resource of ['ciliumendpoints', 'ciliumidentities']) {
      expect(await theirs(side(kubeconfig), ['get', `${resource}.cilium.io`, '-A'])).toEqual({
        code: 1,
        stdout: '',
        stderr: `error: the server doesn't have a resource type "${resource}"\n`,
      });
    }
  });

  // A real server answers a path of a group it does not serve with a text/plain "404 page not found".
  for (const args of [['endpoints', '-A'], ['identities'], ['identities', '27084'], ['who-shares', '27084']]) {
    it(`cilium-view ${args.join(' ')}: Cilium's CRDs are not installed`, async () => {
      expectOneLineError(
        await ours([...args, '--kubeconfig', withoutCilium.writeKubeconfig()]),
        /^error: the server has no cilium\w+\.cilium\.io resource \(404 Not Found\): Cilium's CRDs are not installed/,
      );
    });
  }
});

describe.skipIf(!hasReal || !hasKubectl)('410 Expired: etcd compacted under a paged list', () => {
  /**
   * Holds a continue request until its token has expired: a write moves the revision on, etcd is
   * compacted there as a kube-apiserver's compactor does it, and the server is asked with the same token
   * until it answers 410 (its watch cache drops older snapshots within its 15 s poll).
   */
  const expire = async (request: IncomingMessage) => {
    await cluster.admin.json('POST', '/api/v1/namespaces/default/configmaps', { metadata: { generateName: 'tick-' } });
    await cluster.etcd.compact();
    await waitFor(
      'the continue token to expire',
      async () => ((await cluster.admin.request('GET', request.url ?? '')).status === 410 ? true : undefined),
      { timeoutMs: 40_000 },
    );
  };
  const continuing = (request: IncomingMessage) => /[?&]continue=/.test(request.url ?? '');

  it("kubectl fails with the server's words; cilium-view lists again once and prints the whole table", async () => {
    let pending = 0;
    let compaction: Promise<void> | undefined;
    // The first continue of each client waits for one compaction, done once both are waiting.
    let release: () => void = () => {};
    const bothWaiting = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen = new Set<string>();
    const proxy = await startProxy(cluster, (request) => {
      const client = String(request.headers['user-agent']).startsWith('kubectl') ? 'kubectl' : 'ours';
      if (!continuing(request) || seen.has(client)) return undefined;
      seen.add(client);
      if (++pending === 2) release();
      compaction ??= bothWaiting.then(() => expire(request));
      return compaction;
    });
    try {
      const proxied = { kubeconfig: proxy.kubeconfig, home };
      const args = ['-A', '--chunk-size', '2'];
      const [kubectl, result] = await Promise.all([
        theirs(proxied, ['get', 'ciliumendpoints.cilium.io', ...args]),
        ours(['endpoints', ...args, '--kubeconfig', proxy.kubeconfig]),
      ]);
      expect(kubectl.code).toBe(1);
      expect(kubectl.stderr).toMatch(
        /^Error from server \(Expired\): The provided continue parameter is too old to display a consistent list result\./,
      );
      const whole = await theirs(side(cluster.writeKubeconfig()), ['get', 'ciliumendpoints.cilium.io', ...args]);
      expect(result).toEqual({ code: 0, stdout: whole.stdout, stderr: '' });
      const firstPages = proxy.requests.filter(
        (r) => r.userAgent === 'cilium-view' && r.url.startsWith('/apis/cilium.io/') && !r.url.includes('continue='),
      );
      expect(firstPages).toHaveLength(2);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('a second expiry in a row: one clear line, nothing printed', async () => {
    const proxy = await startProxy(cluster, (request) => (continuing(request) ? expire(request) : undefined));
    try {
      expectOneLineError(
        await ours(['endpoints', '-A', '--chunk-size', '2', '--kubeconfig', proxy.kubeconfig]),
        /^error: the list of ciliumendpoints\.cilium\.io changed faster than it could be paged \(410 Expired, twice\)/,
      );
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
