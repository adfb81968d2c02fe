/**
 * The fake API server against the REAL kubectl: byte-for-byte the reference tables, and the requests
 * kubectl makes. /usr/bin/kubectl here is the Google Cloud SDK dispatcher: it first GETs /version and
 * then runs kubectl.1.<server minor>, so the server reports v1.32.x by default and kubectl v1.32 is what runs.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { hasKubectl, warnIfNoKubectl } from '../kubectl.js';
import {
  decodeContinue,
  ENDPOINTS,
  getJSON,
  kubectl,
  removeTmpDirs,
  resourceRequests,
  startKubectl,
  TABLE_ACCEPT,
  testdata,
  tmp,
  waitFor,
  withServer,
} from './test-helpers.js';

warnIfNoKubectl('the real-kubectl tests of the fake API server are SKIPPED (they need kubectl v1.32 there)');

afterAll(removeTmpDirs);

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
