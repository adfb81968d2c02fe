/**
 * The fake API server on the wire (plain HTTP, no kubectl): Table conversion and watch streams.
 */
import { describe, expect, it } from 'vitest';
import {
  cep,
  cid,
  ENDPOINTS,
  getJSON,
  IDENTITIES,
  type Json,
  openWatch,
  TABLE_ACCEPT,
  waitFor,
  withServer,
} from './test-helpers.js';

describe('fake apiserver wire behaviour: tables and watch', () => {
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
});
