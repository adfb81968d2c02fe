/**
 * The fake API server through @kubernetes/client-node, the client the CLI uses.
 */
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { type Json, removeTmpDirs, tmp, withServer } from './test-helpers.js';

afterAll(removeTmpDirs);

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
