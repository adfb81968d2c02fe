/**
 * Tests of the fake Kubernetes API server (test/support/apiserver.ts), mostly against the REAL kubectl.
 *
 * /usr/bin/kubectl here is the Google Cloud SDK dispatcher: it first GETs /version and then runs
 * kubectl.1.<server minor>, so the server reports v1.32.x by default and kubectl v1.32 is what runs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { humanDuration } from './apiserver/go-format.js';
import {
  ANONYMOUS_PLACEHOLDER_TOKEN,
  type ApiServerOptions,
  type Fault,
  type RunningApiServer,
  startApiServer,
} from './apiserver/index.js';
import {
  hasKubectl,
  type KubectlResult,
  type RunningKubectl,
  startKubectl as startRealKubectl,
  warnIfNoKubectl,
} from './kubectl.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are inspected ad hoc in assertions
type Json = any;

warnIfNoKubectl('the real-kubectl tests of the fake API server are SKIPPED (they need kubectl v1.32 there)');

const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const testdata = (f: string) => readFileSync(new URL(`../golden/${f}`, import.meta.url), 'utf8');

// ---------------------------------------------------------------------------------------------
// Fixtures: minimal objects that make kubectl print exactly test/golden/get-cep-A.txt and get-ciliumid.txt
// (the five endpoints / six identities of the spec, reference/kubectl-output/README.md).
// ---------------------------------------------------------------------------------------------

function cep(
  ns: string,
  name: string,
  id: number,
  identity: number,
  ipv4: string,
  labels: Record<string, string> = {},
) {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumEndpoint',
    metadata: { name, namespace: ns, creationTimestamp: '2024-01-01T10:00:00Z', labels },
    status: {
      encryption: {},
      id,
      identity: { id: identity, labels: [`k8s:io.kubernetes.pod.namespace=${ns}`] },
      networking: { addressing: [{ ipv4 }], node: '172.18.0.2' },
      policy: {
        egress: { enforcing: false, state: '<status disabled>' },
        ingress: { enforcing: false, state: '<status disabled>' },
      },
      state: 'ready',
      'visibility-policy-status': '<status disabled>',
    },
  };
}

function cid(id: number, ns: string, created: string) {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumIdentity',
    metadata: { name: String(id), creationTimestamp: created, labels: { 'io.kubernetes.pod.namespace': ns } },
    'security-labels': { 'k8s:io.kubernetes.pod.namespace': ns },
  };
}

// deliberately not in storage order: the server must sort by namespace/name bytes
const ENDPOINTS = [
  cep('local-path-storage', 'local-path-provisioner-6bc4bddd6b-x7gpb', 2895, 6323, '10.1.2.169'),
  cep('kube-system', 'coredns-5d78c9869d-tmvt4', 474, 27084, '10.1.2.178', { 'k8s-app': 'kube-dns' }),
  cep('default', 'nettool-2', 4073, 42100, '10.1.1.178', { app: 'nettool' }),
  cep('default', 'nettool-1', 1426, 41222, '10.1.2.112', { app: 'nettool', tier: 'a' }),
  cep('kube-system', 'coredns-5d78c9869d-62zlb', 1648, 27084, '10.1.2.194', { 'k8s-app': 'kube-dns' }),
];

const NOW = new Date('2024-01-01T11:00:00Z');
const IDENTITIES = [
  cid(6323, 'local-path-storage', '2024-01-01T10:00:00Z'), // 60m
  cid(42100, 'default', '2024-01-01T10:01:50Z'), // 58m10s -> 58m
  cid(16737, 'kube-system', '2024-01-01T10:02:00Z'), // 58m
  cid(27084, 'kube-system', '2024-01-01T10:00:00Z'), // 60m
  cid(41222, 'default', '2024-01-01T10:01:10Z'), // 58m
  cid(40316, 'kube-system', '2024-01-01T10:01:59Z'), // 58m1s -> 58m
];

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const tmpDirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'cilium-view-apiserver-'));
  tmpDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

async function withServer<T>(opts: ApiServerOptions, fn: (s: RunningApiServer) => Promise<T>): Promise<T> {
  const s = await startApiServer({ endpoints: ENDPOINTS, identities: IDENTITIES, now: () => NOW, ...opts });
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

/** kubectl with its HOME and cache in a directory removed after the tests, and KUBECONFIG set as well. */
function startKubectl(kubeconfig: string, args: string[]): RunningKubectl {
  const home = tmp();
  return startRealKubectl(kubeconfig, ['--cache-dir', join(home, 'cache'), ...args], {
    home,
    env: { KUBECONFIG: kubeconfig },
  });
}

function kubectl(kubeconfig: string, args: string[]): Promise<KubectlResult> {
  return startKubectl(kubeconfig, args).result;
}

async function waitFor(cond: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The requests kubectl made for a resource (discovery and the dispatcher's /version excluded). */
function resourceRequests(s: RunningApiServer, plural: string) {
  return s.requests.filter((r) => r.path.includes(`/${plural}`));
}

function decodeContinue(token: string): unknown {
  return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
}

async function getJSON(
  s: RunningApiServer,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(s.url + path, init);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), headers: res.headers };
}

/** Opens a watch over plain HTTP and yields decoded events. */
function openWatch(url: string, headers: Record<string, string> = {}) {
  const events: Json[] = [];
  let ended = false;
  let statusCode = 0;
  const req = http.get(url, { headers }, (res) => {
    statusCode = res.statusCode ?? 0;
    const rl = createInterface({ input: res });
    rl.on('line', (l) => {
      if (l.trim() !== '') events.push(JSON.parse(l));
    });
    res.on('end', () => {
      ended = true;
    });
    res.on('close', () => {
      ended = true;
    });
  });
  req.on('error', () => {
    ended = true;
  });
  return { events, ended: () => ended, status: () => statusCode, abort: () => req.destroy() };
}

// ---------------------------------------------------------------------------------------------
// Real kubectl
// ---------------------------------------------------------------------------------------------

describe('fake apiserver with the real kubectl', () => {
  it.skipIf(!hasKubectl)('get ciliumendpoints.cilium.io -A prints exactly the reference table', async () => {
    await withServer({}, async (s) => {
      const r = await kubectl(s.writeKubeconfig(tmp()), ['get', 'ciliumendpoints.cilium.io', '-A']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(testdata('get-cep-A.txt'));
      const lists = resourceRequests(s, 'ciliumendpoints');
      expect(lists).toHaveLength(1);
      expect(lists[0]?.path).toBe('/apis/cilium.io/v2/ciliumendpoints');
      expect(lists[0]?.query.get('limit')).toBe('500');
      expect(lists[0]?.headers.accept).toBe(TABLE_ACCEPT);
      expect(s.requests.every((q) => q.method === 'GET')).toBe(true);
    });
  });

  it.skipIf(!hasKubectl)('get ciliumendpoints -n kube-system prints the namespaced reference table', async () => {
    await withServer({}, async (s) => {
      const r = await kubectl(s.writeKubeconfig(tmp()), ['get', 'cep', '-n', 'kube-system']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(testdata('get-cep-n-kube-system.txt'));
      expect(resourceRequests(s, 'ciliumendpoints')[0]?.path).toBe(
        '/apis/cilium.io/v2/namespaces/kube-system/ciliumendpoints',
      );
      const none = await kubectl(s.writeKubeconfig(tmp()), ['get', 'ciliumendpoints.cilium.io', '-n', 'nope']);
      expect(none).toEqual({ code: 0, stdout: '', stderr: 'No resources found in nope namespace.\n' });
    });
  });

  it.skipIf(!hasKubectl)('--chunk-size=2 pages with limit and continue and prints the same table', async () => {
    await withServer({}, async (s) => {
      const r = await kubectl(s.writeKubeconfig(tmp()), ['get', 'ciliumendpoints.cilium.io', '-A', '--chunk-size=2']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(testdata('get-cep-A.txt'));
      const lists = resourceRequests(s, 'ciliumendpoints');
      expect(lists.map((q) => q.query.get('limit'))).toEqual(['2', '2', '2']);
      expect(lists[0]?.query.has('continue')).toBe(false);
      const tokens = lists.slice(1).map((q) => decodeContinue(q.query.get('continue') ?? ''));
      expect(tokens).toEqual([
        { v: 'meta.k8s.io/v1', rv: expect.any(Number), start: 'default/nettool-2\u0000' },
        { v: 'meta.k8s.io/v1', rv: expect.any(Number), start: 'kube-system/coredns-5d78c9869d-tmvt4\u0000' },
      ]);
    });
  });

  it.skipIf(!hasKubectl)(
    'get ciliumidentities.cilium.io with a fixed clock prints the reference table (with and without -A)',
    async () => {
      await withServer({}, async (s) => {
        const kc = s.writeKubeconfig(tmp());
        for (const args of [
          ['get', 'ciliumidentities.cilium.io'],
          ['get', 'ciliumidentities.cilium.io', '-A'],
        ]) {
          const r = await kubectl(kc, args);
          expect(r.code).toBe(0);
          expect(r.stdout).toBe(testdata('get-ciliumid.txt'));
        }
      });
    },
  );

  it.skipIf(!hasKubectl)('works over HTTPS with a bearer token, and rejects a wrong token', async () => {
    await withServer({ tls: true, token: 's3cret-test-token' }, async (s) => {
      expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const dir = tmp();
      const kc = s.writeKubeconfig(dir);
      const cfg = parseYaml(readFileSync(kc, 'utf8'));
      expect(cfg.users[0].user.token).toBe('s3cret-test-token');
      expect(cfg.clusters[0].cluster['certificate-authority-data']).toMatch(/^[A-Za-z0-9+/=]+$/);
      const r = await kubectl(kc, ['get', 'ciliumendpoints.cilium.io', '-A']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(testdata('get-cep-A.txt'));
      expect(resourceRequests(s, 'ciliumendpoints')[0]?.headers.authorization).toBe('Bearer s3cret-test-token');

      const bad = await kubectl(s.writeKubeconfig(dir, { token: 'wrong' }), ['get', 'ciliumendpoints.cilium.io', '-A']);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toContain(
        'error: You must be logged in to the server (the server has asked for the client to provide credentials)',
      );
    });
  });

  it.skipIf(!hasKubectl)('works over HTTPS with a client certificate (and without one it is 401)', async () => {
    await withServer({ tls: true, clientCertAuth: true }, async (s) => {
      const dir = tmp();
      const r = await kubectl(s.writeKubeconfig(dir), ['get', 'ciliumidentities.cilium.io']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(testdata('get-ciliumid.txt'));
      const noCert = await kubectl(s.writeKubeconfig(dir, { clientCert: false, token: 'x' }), [
        'get',
        'ciliumidentities.cilium.io',
      ]);
      expect(noCert.code).toBe(1);
      expect(noCert.stderr).toContain('You must be logged in to the server');
    });
  });

  it.skipIf(!hasKubectl)(
    'a 403 fault makes kubectl print "Error from server (Forbidden): ..." and exit 1',
    async () => {
      await withServer(
        { fault: (q) => (q.path.endsWith('/ciliumendpoints') ? { kind: 'status', code: 403 } : undefined) },
        async (s) => {
          const r = await kubectl(s.writeKubeconfig(tmp()), ['get', 'ciliumendpoints.cilium.io', '-A']);
          expect(r.code).toBe(1);
          expect(r.stdout).toBe('');
          expect(r.stderr).toBe(
            'Error from server (Forbidden): ciliumendpoints.cilium.io is forbidden: User "system:anonymous" cannot list resource "ciliumendpoints" in API group "cilium.io" at the cluster scope\n',
          );
        },
      );
      await withServer(
        {
          fault: (q) =>
            q.path.includes('/ciliumendpoints')
              ? {
                  kind: 'status',
                  code: 403,
                  message:
                    'ciliumendpoints.cilium.io is forbidden: User "u" cannot list resource "ciliumendpoints" in API group "cilium.io" in the namespace "ns"',
                }
              : undefined,
        },
        async (s) => {
          const r = await kubectl(s.writeKubeconfig(tmp()), ['get', 'cep', '-n', 'ns']);
          expect(r).toEqual({
            code: 1,
            stdout: '',
            stderr:
              'Error from server (Forbidden): ciliumendpoints.cilium.io is forbidden: User "u" cannot list resource "ciliumendpoints" in API group "cilium.io" in the namespace "ns"\n',
          });
        },
      );
    },
  );

  it.skipIf(!hasKubectl)(
    'NotFound for a missing name and "doesn\'t have a resource type" without the CRDs',
    async () => {
      await withServer({}, async (s) => {
        const r = await kubectl(s.writeKubeconfig(tmp()), ['get', 'ciliumendpoints.cilium.io', 'x', '-n', 'default']);
        expect(r).toEqual({
          code: 1,
          stdout: '',
          stderr: 'Error from server (NotFound): ciliumendpoints.cilium.io "x" not found\n',
        });
      });
      await withServer({ crds: 'none' }, async (s) => {
        const r = await kubectl(s.writeKubeconfig(tmp()), ['get', 'ciliumendpoints.cilium.io', '-A']);
        expect(r).toEqual({
          code: 1,
          stdout: '',
          stderr: 'error: the server doesn\'t have a resource type "ciliumendpoints"\n',
        });
      });
    },
  );

  it.skipIf(!hasKubectl)(
    "with crds 'v1.18' the header is NAME SECURITY IDENTITY ENDPOINT STATE IPV4 IPV6",
    async () => {
      await withServer({ crds: 'v1.18' }, async (s) => {
        const r = await kubectl(s.writeKubeconfig(tmp()), ['get', 'ciliumendpoints.cilium.io', '-n', 'default']);
        expect(r.code).toBe(0);
        expect(r.stdout.split('\n')[0]?.split(/\s+/).join(' ')).toBe('NAME SECURITY IDENTITY ENDPOINT STATE IPV4 IPV6');
        expect(r.stdout).toBe(
          [
            'NAME        SECURITY IDENTITY   ENDPOINT STATE   IPV4         IPV6',
            'nettool-1   41222               ready            10.1.2.112   ',
            'nettool-2   42100               ready            10.1.1.178   ',
            '',
          ].join('\n'),
        );
      });
    },
  );

  it.skipIf(!hasKubectl)(
    'kubectl -w lists, then watches from the list resourceVersion with Table rows; close() ends it',
    async () => {
      await withServer({}, async (s) => {
        const run = startKubectl(s.writeKubeconfig(tmp()), ['get', 'ciliumendpoints.cilium.io', '-n', 'default', '-w']);
        await waitFor(() => s.requests.some((q) => q.query.get('watch') === 'true'), 'the watch request');
        const [list, watch] = resourceRequests(s, 'ciliumendpoints');
        expect(list?.query.get('limit')).toBe('500');
        expect(watch?.path).toBe('/apis/cilium.io/v2/namespaces/default/ciliumendpoints');
        expect(watch?.headers.accept).toBe(TABLE_ACCEPT);
        expect([...(watch?.query.keys() ?? [])].sort()).toEqual(['resourceVersion', 'watch']);
        const listed = await getJSON(s, '/apis/cilium.io/v2/namespaces/default/ciliumendpoints');
        expect(watch?.query.get('resourceVersion')).toBe(listed.body.metadata.resourceVersion);

        const modified = structuredClone(ENDPOINTS[2]) as (typeof ENDPOINTS)[number];
        modified.status.state = 'not-ready';
        s.emit({ type: 'MODIFIED', object: modified });
        await waitFor(() => run.stdout().includes('not-ready'), 'the MODIFIED row');
        await s.close(); // ends the watch stream: kubectl returns
        const r = await run.result;
        expect(r.stdout).toBe(
          [
            'NAME        ENDPOINT ID   IDENTITY ID   INGRESS ENFORCEMENT   EGRESS ENFORCEMENT   VISIBILITY POLICY   ENDPOINT STATE   IPV4         IPV6',
            'nettool-1   1426          41222         <status disabled>     <status disabled>    <status disabled>   ready            10.1.2.112   ',
            'nettool-2   4073          42100         <status disabled>     <status disabled>    <status disabled>   ready            10.1.1.178   ',
            'nettool-2   4073          42100         <status disabled>     <status disabled>    <status disabled>   not-ready        10.1.1.178   ',
            '',
          ].join('\n'),
        );
      });
    },
  );

  it.skipIf(!hasKubectl)('--sort-by asks for includeObject=Object without chunking', async () => {
    await withServer({}, async (s) => {
      const r = await kubectl(s.writeKubeconfig(tmp()), [
        'get',
        'ciliumendpoints.cilium.io',
        '-A',
        '--sort-by=.status.id',
        '--no-headers',
      ]);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n').map((l) => l.split(/\s+/)[1])).toEqual([
        'coredns-5d78c9869d-tmvt4',
        'nettool-1',
        'coredns-5d78c9869d-62zlb',
        'local-path-provisioner-6bc4bddd6b-x7gpb',
        'nettool-2',
        undefined,
      ]);
      const [list] = resourceRequests(s, 'ciliumendpoints');
      expect(list?.query.get('includeObject')).toBe('Object');
      expect(list?.query.has('limit')).toBe(false);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// @kubernetes/client-node
// ---------------------------------------------------------------------------------------------

describe('fake apiserver with @kubernetes/client-node', () => {
  it('lists CiliumEndpoints over HTTPS with a bearer token', async () => {
    await withServer({ tls: true, token: 'client-node-token' }, async (s) => {
      const kc = new KubeConfig();
      kc.loadFromFile(s.writeKubeconfig(tmp(), { namespace: 'default' }));
      const api = kc.makeApiClient(CustomObjectsApi);
      const list = (await api.listClusterCustomObject({
        group: 'cilium.io',
        version: 'v2',
        plural: 'ciliumendpoints',
      })) as Json;
      expect(list.kind).toBe('CiliumEndpointList');
      expect(list.items.map((o: Json) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
        'default/nettool-1',
        'default/nettool-2',
        'kube-system/coredns-5d78c9869d-62zlb',
        'kube-system/coredns-5d78c9869d-tmvt4',
        'local-path-storage/local-path-provisioner-6bc4bddd6b-x7gpb',
      ]);
      const ns = (await api.listNamespacedCustomObject({
        group: 'cilium.io',
        version: 'v2',
        namespace: 'kube-system',
        plural: 'ciliumendpoints',
        labelSelector: 'k8s-app=kube-dns',
        limit: 1,
      })) as Json;
      expect(ns.items.map((o: Json) => o.metadata.name)).toEqual(['coredns-5d78c9869d-62zlb']);
      expect(typeof ns.metadata.continue).toBe('string');
      const last = s.requests[s.requests.length - 1];
      expect(last?.headers.authorization).toBe('Bearer client-node-token');
      expect(last?.query.get('labelSelector')).toBe('k8s-app=kube-dns');
      await expect(
        api.getNamespacedCustomObject({
          group: 'cilium.io',
          version: 'v2',
          namespace: 'default',
          plural: 'ciliumendpoints',
          name: 'nope',
        }),
      ).rejects.toMatchObject({ code: 404 });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Wire-level behaviour (plain HTTP, no kubectl)
// ---------------------------------------------------------------------------------------------

describe('fake apiserver wire behaviour', () => {
  it('serves legacy and aggregated discovery, /version and the CRD objects', async () => {
    await withServer({}, async (s) => {
      const legacy = await getJSON(s, '/apis/cilium.io/v2');
      expect(legacy.body.groupVersion).toBe('cilium.io/v2');
      const byName = Object.fromEntries(legacy.body.resources.map((r: Json) => [r.name, r]));
      expect(byName.ciliumendpoints).toMatchObject({
        namespaced: true,
        kind: 'CiliumEndpoint',
        shortNames: ['cep', 'ciliumep'],
        categories: ['cilium'],
      });
      expect(byName.ciliumidentities).toMatchObject({
        namespaced: false,
        kind: 'CiliumIdentity',
        shortNames: ['ciliumid'],
      });
      expect(byName.ciliumendpoints.verbs).toEqual(expect.arrayContaining(['get', 'list', 'watch']));
      const groups = await getJSON(s, '/apis');
      expect(groups.body.groups.map((g: Json) => g.name)).toContain('cilium.io');
      const agg = await getJSON(s, '/apis', {
        headers: { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' },
      });
      expect(agg.headers.get('content-type')).toBe(
        'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      );
      expect(agg.body.kind).toBe('APIGroupDiscoveryList');
      const version = await getJSON(s, '/version');
      expect(version.body.gitVersion).toMatch(/^v1\.\d+\.\d+$/);
      const crd = await getJSON(s, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ciliumendpoints.cilium.io');
      expect(crd.body.spec.versions[0].additionalPrinterColumns).toHaveLength(8);
      expect((await getJSON(s, '/openapi/v2')).status).toBe(404);
    });
    await withServer({ crds: 'none' }, async (s) => {
      const groups = await getJSON(s, '/apis');
      expect(groups.body.groups.map((g: Json) => g.name)).not.toContain('cilium.io');
      const list = await getJSON(s, '/apis/cilium.io/v2/ciliumendpoints');
      expect(list.status).toBe(404);
      expect(list.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        details: {},
        code: 404,
      });
      expect(
        (await getJSON(s, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ciliumendpoints.cilium.io')).status,
      ).toBe(404);
    });
  });

  it('lists in storage-key byte order with apiVersion/kind, and 404s with a real Status', async () => {
    const extra = [cep('kube', 'a', 1, 2, '10.0.0.1'), ...ENDPOINTS];
    await withServer(
      {
        endpoints: extra,
        identities: [...IDENTITIES, cid(100000, 'x', '2024-01-01T00:00:00Z'), cid(9000, 'x', '2024-01-01T00:00:00Z')],
      },
      async (s) => {
        const ceps = await getJSON(s, '/apis/cilium.io/v2/ciliumendpoints');
        expect(ceps.body.kind).toBe('CiliumEndpointList');
        expect(ceps.body.metadata.resourceVersion).toMatch(/^\d+$/);
        expect(ceps.body.items.map((o: Json) => `${o.metadata.namespace}/${o.metadata.name}`).slice(2, 5)).toEqual([
          'kube-system/coredns-5d78c9869d-62zlb',
          'kube-system/coredns-5d78c9869d-tmvt4',
          'kube/a', // '-' (0x2d) sorts before '/' (0x2f)
        ]);
        expect(ceps.body.items.every((o: Json) => o.apiVersion === 'cilium.io/v2' && o.kind === 'CiliumEndpoint')).toBe(
          true,
        );
        const cids = await getJSON(s, '/apis/cilium.io/v2/ciliumidentities');
        expect(cids.body.kind).toBe('CiliumIdentityList');
        expect(cids.body.items.map((o: Json) => o.metadata.name)).toEqual([
          '100000',
          '16737',
          '27084',
          '40316',
          '41222',
          '42100',
          '6323',
          '9000',
        ]);
        const one = await getJSON(s, '/apis/cilium.io/v2/ciliumidentities/27084');
        expect(one.body.metadata.name).toBe('27084');
        const nf = await getJSON(s, '/apis/cilium.io/v2/namespaces/default/ciliumendpoints/x');
        expect(nf.status).toBe(404);
        expect(nf.body).toEqual({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'ciliumendpoints.cilium.io "x" not found',
          reason: 'NotFound',
          details: { name: 'x', group: 'cilium.io', kind: 'ciliumendpoints' },
          code: 404,
        });
      },
    );
  });

  it('pages with limit/continue, remainingItemCount, 400 for a bad token, 410 with a fresh token for an unknown revision', async () => {
    await withServer({}, async (s) => {
      // a namespaced list's token holds the key after the namespace prefix
      const ns = await getJSON(s, '/apis/cilium.io/v2/namespaces/kube-system/ciliumendpoints?limit=1');
      expect(decodeContinue(ns.body.metadata.continue)).toMatchObject({ start: 'coredns-5d78c9869d-62zlb\u0000' });
      expect(ns.body.metadata.remainingItemCount).toBe(1);

      const p1 = await getJSON(s, '/apis/cilium.io/v2/ciliumendpoints?limit=2');
      expect(p1.body.items).toHaveLength(2);
      expect(p1.body.metadata.remainingItemCount).toBe(3);
      const tok = p1.body.metadata.continue as string;
      expect(tok).not.toMatch(/[=+/]/);
      expect(decodeContinue(tok)).toEqual({
        v: 'meta.k8s.io/v1',
        rv: Number(p1.body.metadata.resourceVersion),
        start: 'default/nettool-2\u0000',
      });
      s.setObjects(ENDPOINTS.slice(0, 2), IDENTITIES); // paging stays on the snapshot of the first page
      const p2 = await getJSON(s, `/apis/cilium.io/v2/ciliumendpoints?limit=2&continue=${tok}`);
      expect(p2.body.items.map((o: Json) => o.metadata.name)).toEqual([
        'coredns-5d78c9869d-62zlb',
        'coredns-5d78c9869d-tmvt4',
      ]);
      expect(p2.body.metadata.resourceVersion).toBe(p1.body.metadata.resourceVersion);
      const p3 = await getJSON(s, `/apis/cilium.io/v2/ciliumendpoints?limit=2&continue=${p2.body.metadata.continue}`);
      expect(p3.body.items).toHaveLength(1);
      expect(p3.body.metadata.continue).toBeUndefined();
      expect(p3.body.metadata.remainingItemCount).toBeUndefined();

      const bad = await getJSON(s, '/apis/cilium.io/v2/ciliumendpoints?limit=2&continue=notatoken!');
      expect(bad.status).toBe(400);
      expect(bad.body.reason).toBe('BadRequest');
      const unknownRv = Buffer.from(
        JSON.stringify({ v: 'meta.k8s.io/v1', rv: 5, start: 'default/nettool-2\u0000' }),
      ).toString('base64url');
      const gone = await getJSON(s, `/apis/cilium.io/v2/ciliumendpoints?limit=2&continue=${unknownRv}`);
      expect(gone.status).toBe(410);
      expect(gone.body.reason).toBe('Expired');
      expect(decodeContinue(gone.body.metadata.continue)).toEqual({
        v: 'meta.k8s.io/v1',
        rv: -1,
        start: 'default/nettool-2\u0000',
      });
    });
  });

  it('filters with labelSelector and fieldSelector', async () => {
    await withServer({}, async (s) => {
      const names = async (q: string) => {
        const r = await getJSON(s, `/apis/cilium.io/v2/ciliumendpoints?${new URLSearchParams(q)}`);
        return r.status === 200 ? r.body.items.map((o: Json) => o.metadata.name) : r.status;
      };
      expect(await names('labelSelector=app=nettool')).toEqual(['nettool-1', 'nettool-2']);
      expect(await names('labelSelector=app==nettool,tier!=a')).toEqual(['nettool-2']);
      expect(await names('labelSelector=k8s-app in (kube-dns, x)')).toEqual([
        'coredns-5d78c9869d-62zlb',
        'coredns-5d78c9869d-tmvt4',
      ]);
      expect(await names('labelSelector=app notin (nettool)')).toHaveLength(3);
      expect(await names('labelSelector=tier')).toEqual(['nettool-1']);
      expect(await names('labelSelector=!app,!k8s-app')).toEqual(['local-path-provisioner-6bc4bddd6b-x7gpb']);
      expect(await names('labelSelector=app in (')).toBe(400);
      expect(await names('fieldSelector=metadata.name=nettool-2')).toEqual(['nettool-2']);
      expect(await names('fieldSelector=metadata.namespace!=default,metadata.namespace!=kube-system')).toEqual([
        'local-path-provisioner-6bc4bddd6b-x7gpb',
      ]);
      expect(await names('fieldSelector=status.state=ready')).toBe(400);
    });
  });

  it('converts to Table like apiextensions-apiserver (cells, includeObject, v1beta1, paging metadata)', async () => {
    const odd = [
      {
        ...cep('z', 'odd', 7, 8, '10.9.9.9'),
        status: { id: 7.9, state: 12, networking: { addressing: [{ ipv4: '1.2.3.4', ipv6: 'fd00::1' }] } },
      },
    ];
    const idents = [
      cid(1, 'a', 'garbage'),
      cid(2, 'b', ''),
      cid(3, 'c', '2023-12-31T11:00:00Z'),
      { metadata: { name: '4' } },
    ];
    await withServer({ endpoints: [...ENDPOINTS, ...odd], identities: idents }, async (s) => {
      const t = await getJSON(s, '/apis/cilium.io/v2/ciliumendpoints?limit=1', { headers: { accept: TABLE_ACCEPT } });
      expect(t.headers.get('content-type')).toBe('application/json');
      expect(t.body.kind).toBe('Table');
      expect(t.body.apiVersion).toBe('meta.k8s.io/v1');
      expect(t.body.metadata).toMatchObject({
        resourceVersion: expect.any(String),
        continue: expect.any(String),
        remainingItemCount: 5,
      });
      expect(t.body.columnDefinitions.map((c: Json) => [c.name, c.type, c.format, c.priority])).toEqual([
        ['Name', 'string', 'name', 0],
        ['Endpoint ID', 'integer', '', 0],
        ['Identity ID', 'integer', '', 0],
        ['Ingress Enforcement', 'string', '', 0],
        ['Egress Enforcement', 'string', '', 0],
        ['Visibility Policy', 'string', '', 0],
        ['Endpoint State', 'string', '', 0],
        ['IPv4', 'string', '', 0],
        ['IPv6', 'string', '', 0],
      ]);
      expect(t.body.columnDefinitions[1].description).toBe('Cilium endpoint id');
      expect(t.body.rows[0].cells).toEqual([
        'nettool-1',
        1426,
        41222,
        '<status disabled>',
        '<status disabled>',
        '<status disabled>',
        'ready',
        '10.1.2.112',
        null,
      ]);
      expect(t.body.rows[0].object).toMatchObject({
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: { name: 'nettool-1', namespace: 'default' },
      });

      const o = await getJSON(s, '/apis/cilium.io/v2/namespaces/z/ciliumendpoints/odd?includeObject=Object', {
        headers: { accept: 'application/json;as=Table;v=v1beta1;g=meta.k8s.io' },
      });
      expect(o.body.apiVersion).toBe('meta.k8s.io/v1beta1');
      expect(o.body.rows[0].cells).toEqual(['odd', 7, null, null, null, null, '12', '1.2.3.4', 'fd00::1']);
      expect(o.body.rows[0].object.status.id).toBe(7.9);
      const none = await getJSON(s, '/apis/cilium.io/v2/ciliumendpoints?includeObject=None', {
        headers: { accept: TABLE_ACCEPT },
      });
      expect(none.body.rows[0].object).toBeNull();
      expect(
        (
          await getJSON(s, '/apis/cilium.io/v2/ciliumendpoints?includeObject=Bogus', {
            headers: { accept: TABLE_ACCEPT },
          })
        ).status,
      ).toBe(400);

      const ids = await getJSON(s, '/apis/cilium.io/v2/ciliumidentities', { headers: { accept: TABLE_ACCEPT } });
      expect(ids.body.rows.map((r: Json) => r.cells)).toEqual([
        ['1', 'a', '<invalid>'],
        ['2', 'b', '<unknown>'],
        ['3', 'c', '24h'],
        ['4', null, null],
      ]);
      const plain = await getJSON(s, '/apis/cilium.io/v2/ciliumidentities', {
        headers: { accept: 'application/json' },
      });
      expect(plain.body.kind).toBe('CiliumIdentityList');
    });
  });

  it('streams watch events (initial ADDED, emitted events, setObjects diffs, Table rows) and honours timeoutSeconds', async () => {
    await withServer({}, async (s) => {
      const all = openWatch(`${s.url}/apis/cilium.io/v2/namespaces/default/ciliumendpoints?watch=1`);
      await waitFor(() => all.events.length === 2, 'the initial events');
      expect(all.events.map((e) => [e.type, e.object.metadata.name])).toEqual([
        ['ADDED', 'nettool-1'],
        ['ADDED', 'nettool-2'],
      ]);
      const list = await getJSON(s, '/apis/cilium.io/v2/ciliumendpoints');
      const table = openWatch(
        `${s.url}/apis/cilium.io/v2/ciliumendpoints?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`,
        { accept: TABLE_ACCEPT },
      );
      await waitFor(() => table.status() === 200, 'the table watch');
      const moved = structuredClone(ENDPOINTS[3]) as (typeof ENDPOINTS)[number];
      moved.status.state = 'not-ready';
      s.emit({ type: 'MODIFIED', object: moved });
      // replacing the objects: nettool-1 unchanged (no event), nettool-2 gone (DELETED)
      s.setObjects([...ENDPOINTS.filter((e) => !e.metadata.name.startsWith('nettool')), moved], IDENTITIES);
      await waitFor(() => all.events.length === 4 && table.events.length === 2, 'the live events');
      expect(all.events.slice(2).map((e) => [e.type, e.object.metadata.name, e.object.status.state])).toEqual([
        ['MODIFIED', 'nettool-1', 'not-ready'],
        ['DELETED', 'nettool-2', 'ready'],
      ]);
      const [first, second] = table.events;
      expect(first.type).toBe('MODIFIED');
      expect(first.object.kind).toBe('Table');
      expect(first.object.columnDefinitions).toHaveLength(9);
      expect(first.object.rows).toHaveLength(1);
      expect(first.object.rows[0].cells[6]).toBe('not-ready');
      expect(second.object.columnDefinitions).toBeNull(); // headers only on the first event, as the apiserver does
      expect(second.object.rows[0].cells[0]).toBe('nettool-2');

      // resume from an older revision replays; a too old one gets an ERROR event (410)
      const replay = openWatch(
        `${s.url}/apis/cilium.io/v2/ciliumendpoints?watch=true&resourceVersion=${list.body.metadata.resourceVersion}&timeoutSeconds=1`,
      );
      await waitFor(() => replay.ended(), 'timeoutSeconds to end the stream');
      expect(replay.events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);
      const tooOld = openWatch(`${s.url}/apis/cilium.io/v2/ciliumendpoints?watch=true&resourceVersion=1`);
      await waitFor(() => tooOld.ended(), 'the expired watch');
      expect(tooOld.events).toEqual([
        { type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired' }) },
      ]);
      expect(all.ended()).toBe(false);
      await s.close();
      await waitFor(() => all.ended() && table.ended(), 'close() to end the watches');
    });
  });

  it('answers non-GET with 405 and logs it; logs every request in order', async () => {
    await withServer({}, async (s) => {
      const r = await getJSON(s, '/apis/cilium.io/v2/namespaces/default/ciliumendpoints/nettool-1', {
        method: 'DELETE',
      });
      expect(r.status).toBe(405);
      expect(r.body).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405 });
      await getJSON(s, '/apis/cilium.io/v2/ciliumidentities?limit=3');
      expect(s.requests.map((q) => [q.index, q.method, q.path, q.query.toString()])).toEqual([
        [0, 'DELETE', '/apis/cilium.io/v2/namespaces/default/ciliumendpoints/nettool-1', ''],
        [1, 'GET', '/apis/cilium.io/v2/ciliumidentities', 'limit=3'],
      ]);
    });
  });

  it('injects faults: status with Retry-After, html, raw, truncate-body, reset-mid-body, hang (ended by close)', async () => {
    const faults: Record<string, Fault> = {
      '/a': { kind: 'status', code: 429, retryAfter: 3 },
      '/b': { kind: 'html', code: 502 },
      '/c': { kind: 'raw', code: 200, headers: { 'content-type': 'text/plain' }, body: 'hello' },
      '/d': { kind: 'truncate-body' },
      '/e': { kind: 'reset-mid-body' },
      '/f': { kind: 'hang' },
    };
    await withServer({ fault: (q) => faults[q.query.get('f') ?? ''] }, async (s) => {
      const base = `${s.url}/apis/cilium.io/v2/ciliumendpoints`;
      const a = await fetch(`${base}?f=/a`);
      expect(a.status).toBe(429);
      expect(a.headers.get('retry-after')).toBe('3');
      expect(await a.json()).toMatchObject({
        kind: 'Status',
        reason: 'TooManyRequests',
        code: 429,
        details: { retryAfterSeconds: 3 },
      });
      const b = await fetch(`${base}?f=/b`);
      expect([b.status, b.headers.get('content-type')]).toEqual([502, 'text/html']);
      expect(await b.text()).toContain('<html>');
      const c = await fetch(`${base}?f=/c`);
      expect(await c.text()).toBe('hello');
      const d = await fetch(`${base}?f=/d`);
      expect(d.status).toBe(200);
      const dText = await d.text();
      expect(dText.startsWith('{"apiVersion":"cilium.io/v2","items":[')).toBe(true);
      expect(() => JSON.parse(dText)).toThrow();
      await expect(fetch(`${base}?f=/e`).then((r) => r.text())).rejects.toThrow();
      const hung = fetch(`${base}?f=/f`).then(
        () => 'answered',
        () => 'failed',
      );
      await waitFor(() => s.requests.length === 6, 'the hanging request');
      await s.close();
      expect(await hung).toBe('failed');
      expect(s.requests.map((q) => q.query.get('f'))).toEqual(['/a', '/b', '/c', '/d', '/e', '/f']);
    });
  });

  it('a token server answers 401 without the token', async () => {
    await withServer({ token: 't' }, async (s) => {
      const r = await getJSON(s, '/apis/cilium.io/v2/ciliumendpoints');
      expect(r.status).toBe(401);
      expect(r.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
      expect(
        (await getJSON(s, '/apis/cilium.io/v2/ciliumendpoints', { headers: { authorization: 'Bearer t' } })).status,
      ).toBe(200);
    });
  });

  it('writes kubeconfigs (context, namespace, placeholder token over https without credentials)', async () => {
    await withServer({ tls: true }, async (s) => {
      const dir = tmp();
      const cfg = parseYaml(
        readFileSync(s.writeKubeconfig(dir, { contextName: 'ctx', namespace: 'kube-system' }), 'utf8'),
      );
      expect(cfg['current-context']).toBe('ctx');
      expect(cfg.contexts[0].context.namespace).toBe('kube-system');
      expect(cfg.clusters[0].cluster.server).toBe(s.url);
      expect(cfg.users[0].user).toEqual({ token: ANONYMOUS_PLACEHOLDER_TOKEN });
      const insecure = parseYaml(
        readFileSync(s.writeKubeconfig(dir, { insecureSkipTlsVerify: true, clientCert: true, token: '' }), 'utf8'),
      );
      expect(insecure.clusters[0].cluster).toEqual({ server: s.url, 'insecure-skip-tls-verify': true });
      expect(Object.keys(insecure.users[0].user).sort()).toEqual(['client-certificate-data', 'client-key-data']);
    });
  });
});

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  it('matches the reference table', () => {
    const s = 1000;
    const m = 60 * s;
    const h = 60 * m;
    const d = 24 * h;
    const y = 365 * d;
    const cases: Array<[number, string]> = [
      [-2 * s, '<invalid>'],
      [-1 * s, '0s'],
      [-999, '0s'],
      [0, '0s'],
      [119 * s + 999, '119s'],
      [2 * m, '2m'],
      [2 * m + 5 * s, '2m5s'],
      [9 * m + 59 * s, '9m59s'],
      [10 * m, '10m'],
      [58 * m + 59 * s, '58m'],
      [179 * m, '179m'],
      [3 * h, '3h'],
      [7 * h + 59 * m, '7h59m'],
      [8 * h, '8h'],
      [47 * h + 59 * m, '47h'],
      [2 * d, '2d'],
      [2 * d + 3 * h, '2d3h'],
      [7 * d + 23 * h, '7d23h'],
      [8 * d, '8d'],
      [729 * d, '729d'],
      [2 * y, '2y'],
      [3 * y + 45 * d, '3y45d'],
      [8 * y, '8y'],
      [12 * y + 100 * d, '12y'],
    ];
    for (const [ms, want] of cases) expect([ms, humanDuration(ms)]).toEqual([ms, want]);
  });
});
