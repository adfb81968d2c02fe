/**
 * The fake API server on the wire (plain HTTP, no kubectl): the request log, fault injection,
 * authentication and the kubeconfigs it writes.
 */
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ANONYMOUS_PLACEHOLDER_TOKEN, type Fault } from './index.js';
import { getJSON, removeTmpDirs, tmp, waitFor, withServer } from './test-helpers.js';

afterAll(removeTmpDirs);

describe('fake apiserver wire behaviour: requests, faults and credentials', () => {
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

  it('a token server answers 401 to a wrong token, and forbids system:anonymous all but /version', async () => {
    await withServer({ token: 't' }, async (s) => {
      const path = '/apis/cilium.io/v2/ciliumendpoints';
      const wrong = await getJSON(s, path, { headers: { authorization: 'Bearer u' } });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
      // No credential at all: kube-apiserver's anonymous user, then RBAC's 403 (as the real one words it).
      const anonymous = await getJSON(s, path);
      expect(anonymous.status).toBe(403);
      expect(anonymous.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'ciliumendpoints.cilium.io is forbidden: User "system:anonymous" cannot list resource "ciliumendpoints" in API group "cilium.io" at the cluster scope',
        reason: 'Forbidden',
        details: { group: 'cilium.io', kind: 'ciliumendpoints' },
        code: 403,
      });
      expect((await getJSON(s, '/apis')).body.message).toBe(
        'forbidden: User "system:anonymous" cannot get path "/apis"',
      );
      expect((await getJSON(s, '/version')).status).toBe(200);
      expect((await getJSON(s, path, { headers: { authorization: 'Bearer t' } })).status).toBe(200);
    });
  });

  it('hands out its CA and token: a client trusting only that CA and sending that token is answered', async () => {
    await withServer({ tls: true, token: 'handle-token' }, async (s) => {
      expect(s.token).toBe('handle-token');
      expect(s.ca).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
      const status = await new Promise<number>((resolve, reject) => {
        const headers = { authorization: `Bearer ${s.token}` };
        https
          .get(`${s.url}/apis/cilium.io/v2/ciliumendpoints`, { ca: s.ca, headers }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject);
      });
      expect(status).toBe(200);
    });
    await withServer({}, async (s) => {
      expect([s.ca, s.token]).toEqual([undefined, undefined]);
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
