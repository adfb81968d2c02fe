/**
 * The fake API server on the wire (plain HTTP, no kubectl): discovery, lists in storage order, paging
 * with continue tokens, selectors.
 */
import { describe, expect, it } from 'vitest';
import type { RunningApiServer } from './index.js';
import { cep, cid, decodeContinue, ENDPOINTS, getJSON, IDENTITIES, type Json, withServer } from './test-helpers.js';

/** Go's http.NotFound, as kube-apiserver answers a path none of its handlers takes. */
const PAGE_NOT_FOUND = { status: 404, contentType: 'text/plain; charset=utf-8', body: '404 page not found\n' };

async function getText(s: RunningApiServer, path: string) {
  const res = await fetch(s.url + path);
  return { status: res.status, contentType: res.headers.get('content-type'), body: await res.text() };
}

describe('fake apiserver wire behaviour: discovery and lists', () => {
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
      expect(await getText(s, '/openapi/v2')).toEqual(PAGE_NOT_FOUND);
      // a scope the CRD does not give: no handler; a path of the core group it does not know: a Status
      expect(await getText(s, '/apis/cilium.io/v2/namespaces/default/ciliumidentities')).toEqual(PAGE_NOT_FOUND);
      expect((await getJSON(s, '/api/v1/nopes')).body.message).toBe('the server could not find the requested resource');
      // a subresource the CRD does not define: the object is "not found", though it exists
      const status = await getJSON(s, '/apis/cilium.io/v2/namespaces/default/ciliumendpoints/nettool-1/status');
      expect([status.status, status.body.message]).toEqual([404, 'ciliumendpoints.cilium.io "nettool-1" not found']);
    });
    await withServer({ crds: 'none' }, async (s) => {
      const groups = await getJSON(s, '/apis');
      expect(groups.body.groups.map((g: Json) => g.name)).not.toContain('cilium.io');
      // kube-apiserver's mux, not a handler, answers for a group it does not serve
      expect(await getText(s, '/apis/cilium.io/v2/ciliumendpoints')).toEqual(PAGE_NOT_FOUND);
      expect(await getText(s, '/apis/cilium.io/v2')).toEqual(PAGE_NOT_FOUND);
      expect(
        (await getJSON(s, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ciliumendpoints.cilium.io')).status,
      ).toBe(404);
    });
  });

  it('answers as the version it serves: /version and aggregated discovery changed in 1.33 and 1.34', async () => {
    const DISCOVERY = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
    await withServer({}, async (s) => {
      expect(Object.keys((await getJSON(s, '/version')).body)).not.toContain('emulationMinor');
      const groups = (await getJSON(s, '/apis', { headers: { accept: DISCOVERY } })).body.items;
      expect(groups[0].metadata).toEqual({ name: 'apiextensions.k8s.io', creationTimestamp: null });
    });
    await withServer({ serverVersion: 'v1.34.4' }, async (s) => {
      expect((await getJSON(s, '/version')).body).toMatchObject({
        major: '1',
        minor: '34',
        emulationMajor: '1',
        emulationMinor: '34',
        minCompatibilityMajor: '1',
        minCompatibilityMinor: '33',
        gitVersion: 'v1.34.4',
      });
      const groups = (await getJSON(s, '/apis', { headers: { accept: DISCOVERY } })).body.items;
      expect(groups[0].metadata).toEqual({ name: 'apiextensions.k8s.io' });
      const core = (await getJSON(s, '/api', { headers: { accept: DISCOVERY } })).body.items;
      expect(core[0].versions[0].resources.map((r: Json) => r.resource)).toEqual(['namespaces']);
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
      expect(p3.body.metadata.continue).toBe(''); // an unstructured list keeps the empty key
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
      expect(gone.body.details).toBeUndefined();
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
});
