/**
 * Keeps the imitation honest: the same requests, as kubectl and cilium-view send them, to a real
 * kube-apiserver and to the test server (test/support/apiserver/), both holding the demo cluster; their
 * status codes, content types and body shapes (keys and value types, not values) are compared. Where they
 * disagree the real server is right, and the test server was made to agree; the few disagreements left are
 * listed in KNOWN, each with its reason: the test fails on a new one, and on one that has gone (remove it
 * from the list then). What the test server does that a real server cannot be made to do (its faults) is
 * not compared: test/support/apiserver/index.ts lists it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { type RunningApiServer, startApiServer, testCertPaths } from '../support/apiserver/index.js';
import { ApiClient, type ApiResponse } from '../support/real/api-client.js';
import { type RealCluster, startRealCluster, startSharedEtcd } from '../support/real/cluster.js';
import { hasReal } from '../support/real/gate.js';

type Obj = Record<string, unknown>;

const TABLE =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const DISCOVERY =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const METADATA = 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json';
const CEP = '/apis/cilium.io/v2/ciliumendpoints';
const CID = '/apis/cilium.io/v2/ciliumidentities';
const DEFAULT_CEP = '/apis/cilium.io/v2/namespaces/default/ciliumendpoints';

/**
 * The shape of a JSON value: an object's keys with their shapes, an array as the merged shape of its
 * elements, a primitive as its type; values of different types merge into "a|b".
 */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [value.map(shape).reduce(merge)];
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, shape(v)]));
  }
  return value === null ? 'null' : typeof value;
}

function merge(a: unknown, b: unknown): unknown {
  const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const merged: Obj = { ...a };
    for (const [key, v] of Object.entries(b)) merged[key] = key in merged ? merge(merged[key], v) : v;
    return merged;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === 0 ? b : b.length === 0 ? a : [merge(a[0], b[0])];
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  const kinds = (v: unknown) => (typeof v === 'string' ? v.split('|') : [Array.isArray(v) ? 'array' : 'object']);
  return [...new Set([...kinds(a), ...kinds(b)])].sort().join('|');
}

/** Status, content type and body shape (or the text, when it is not JSON) of one answer. */
function describeAnswer(response: ApiResponse): { status: number; contentType: string; body: unknown } {
  const contentType = String(response.headers['content-type'] ?? '');
  let body: unknown;
  try {
    body = shape(JSON.parse(response.body));
  } catch {
    try {
      // A watch: a stream of JSON objects, one a line.
      body = {
        stream: shape(
          response.body
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line)),
        ),
      };
    } catch {
      body = `text: ${response.body.slice(0, 60)}`;
    }
  }
  return { status: response.status, contentType, body };
}

/** The paths where two shapes differ ("" at the top), each with both sides, for a readable list. */
function differences(path: string, real: unknown, test: unknown): string[] {
  if (JSON.stringify(real) === JSON.stringify(test)) return [];
  const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (Array.isArray(real) && Array.isArray(test)) {
    if (real.length === 1 && test.length === 1) return differences(`${path}[]`, real[0], test[0]);
    if (test.length === 0) return [`${path}: empty on the test server only`];
    if (real.length === 0) return [`${path}: empty on the real server only`];
  }
  if (isObj(real) && isObj(test)) {
    const keys = [...new Set([...Object.keys(real), ...Object.keys(test)])].sort();
    return keys.flatMap((key) => {
      if (!(key in test)) return [`${path}.${key}: only the real server has it`];
      if (!(key in real)) return [`${path}.${key}: only the test server has it`];
      return differences(`${path}.${key}`, real[key], test[key]);
    });
  }
  return [`${path || '(body)'}: real ${JSON.stringify(real)}, test server ${JSON.stringify(test)}`];
}

interface Pair {
  real: ApiClient;
  test: ApiClient;
}

/** [name, request]: each sends one request (or more, for paging) and returns the last answer. */
type Probe = (client: ApiClient, server: 'real' | 'test') => Promise<ApiResponse>;

const get =
  (path: string, accept = 'application/json'): Probe =>
  (client) =>
    client.request('GET', path, { accept });

/** The first page with limit=2, then the second with the server's own continue token. */
const secondPage =
  (path: string, accept: string): Probe =>
  async (client) => {
    const first = JSON.parse((await client.request('GET', `${path}?limit=2`, { accept })).body) as Obj;
    const token = (first.metadata as Obj).continue as string;
    return client.request('GET', `${path}?limit=2&continue=${encodeURIComponent(token)}`, { accept });
  };

/** A continue token as both servers write them, of a revision older than either keeps. */
const OLD_TOKEN = Buffer.from(
  JSON.stringify({ v: 'meta.k8s.io/v1', rv: 1, start: 'default/nettool-1\u0000' }),
).toString('base64url');

const probes: Array<[string, Probe]> = [
  ['/version', get('/version')],
  ['/api, aggregated discovery', get('/api', DISCOVERY)],
  ['/apis, aggregated discovery', get('/apis', DISCOVERY)],
  ['/apis, plain', get('/apis')],
  ['/api/v1', get('/api/v1')],
  ['/apis/apiextensions.k8s.io/v1', get('/apis/apiextensions.k8s.io/v1')],
  ['/apis/cilium.io/v2', get('/apis/cilium.io/v2')],
  ['the CRD', get('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ciliumendpoints.cilium.io')],
  ['list endpoints, JSON', get(`${CEP}?limit=500`)],
  ['list endpoints, Table', get(`${CEP}?limit=500`, TABLE)],
  ['list endpoints, Table, includeObject=Object', get(`${CEP}?includeObject=Object`, TABLE)],
  ['list endpoints, PartialObjectMetadata', get(`${CEP}?limit=500`, METADATA)],
  ['list endpoints, Table, includeObject=None', get(`${CEP}?includeObject=None&limit=500`, TABLE)],
  ['list identities, Table', get(`${CID}?limit=500`, TABLE)],
  ['list in a namespace', get(`${DEFAULT_CEP}?limit=500`, TABLE)],
  ['list in a namespace that does not exist', get('/apis/cilium.io/v2/namespaces/nope/ciliumendpoints', TABLE)],
  ['second page, JSON', secondPage(CEP, 'application/json')],
  ['second page, Table', secondPage(CEP, TABLE)],
  ['labelSelector', get(`${CEP}?labelSelector=${encodeURIComponent('k8s-app=kube-dns')}`, TABLE)],
  ['fieldSelector', get(`${CEP}?fieldSelector=${encodeURIComponent('metadata.namespace=default')}`, TABLE)],
  ['a bad labelSelector', get(`${CEP}?labelSelector=${encodeURIComponent('a b')}`, TABLE)],
  ['a bad fieldSelector', get(`${CEP}?fieldSelector=${encodeURIComponent('status.state=ready')}`, TABLE)],
  ['get an endpoint, JSON', get(`${DEFAULT_CEP}/nettool-1`)],
  ['get an endpoint, Table', get(`${DEFAULT_CEP}/nettool-1`, TABLE)],
  ['get an identity, Table', get(`${CID}/27084`, TABLE)],
  ['get what does not exist', get(`${DEFAULT_CEP}/nope`, TABLE)],
  ['a subresource the CRD does not define', get(`${DEFAULT_CEP}/nettool-1/status`)],
  ['identities in a namespace', get('/apis/cilium.io/v2/namespaces/default/ciliumidentities')],
  ['a resource the group does not have', get('/apis/cilium.io/v2/nopes')],
  ['a resource the core group does not have', get('/api/v1/nopes')],
  ['get in a namespace that does not exist', get('/apis/cilium.io/v2/namespaces/nope/ciliumendpoints/nope', TABLE)],
  ['a bad includeObject', get(`${CEP}?includeObject=All`, TABLE)],
  ['a continue token older than the store (etcd compacted)', get(`${CEP}?limit=2&continue=${OLD_TOKEN}`, TABLE)],
  ['a resourceVersion older than the store', get(`${CEP}?resourceVersion=1&resourceVersionMatch=Exact`)],
  ['a continue token that is not one', get(`${CEP}?limit=2&continue=garbage!`, TABLE)],
  ['a watch that times out, Table', get(`${CEP}?watch=true&timeoutSeconds=1`, TABLE)],
  [
    'a watch list (the initial events, then a bookmark)',
    get(
      `${CEP}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1`,
    ),
  ],
  [
    'a watch list, Table',
    get(
      `${DEFAULT_CEP}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1`,
      TABLE,
    ),
  ],
  ['a watch from a resourceVersion too old', get(`${CEP}?watch=true&resourceVersion=1&timeoutSeconds=1`, TABLE)],
  ['a wrong token', (client) => client.request('GET', CEP, { accept: TABLE, token: 'wrong' })],
  ['no token', (client) => client.request('GET', CEP, { accept: TABLE, token: null })],
  ['no token, get', (client) => client.request('GET', `${DEFAULT_CEP}/nettool-1`, { token: null })],
  ['no token, discovery', (client) => client.request('GET', '/apis', { accept: DISCOVERY, token: null })],
  ['no token, /version', (client) => client.request('GET', '/version', { token: null })],
];

/**
 * The disagreements left (the real server is right), each line "<probe> <status|contentType|body path>: ...".
 * The test server cannot lose them: they are data, or it does not serve what they are about.
 */
const KNOWN: string[] = [
  // The demo objects carry managedFields as a real server writes them; the CRDs the test server serves
  // are Cilium's YAML files, without them.
  '1 answers: metadata.managedFields only the real server has it',
  // Of the core group the test server serves namespaces only, and lists only them (kubectl would act on
  // what discovery lists): the resources with categories (pods, services: "all") and the subresources of
  // another group (pods/eviction, serviceaccounts/token) are not there.
  '/api, aggregated discovery body.items[].versions[].resources[].categories: only the real server has it',
  '/api/v1 body.resources[].categories: only the real server has it',
  '/api/v1 body.resources[].group: only the real server has it',
  '/api/v1 body.resources[].version: only the real server has it',
];

let shared: Awaited<ReturnType<typeof startSharedEtcd>>;
let real: RealCluster;
let realWithoutCilium: RealCluster;
let test: RunningApiServer;
let testWithoutCilium: RunningApiServer;
const clients: ApiClient[] = [];

beforeAll(async () => {
  if (!hasReal) return;
  shared = await startSharedEtcd();
  [real, realWithoutCilium] = await Promise.all([
    startRealCluster({ endpoints: demoEndpoints(), identities: demoIdentities(), etcd: shared }),
    startRealCluster({ crds: 'none', etcd: shared }),
  ]);
  const options = {
    endpoints: demoEndpoints(),
    identities: demoIdentities(),
    tls: true,
    token: 'conformance',
    serverVersion: 'v1.34.4',
  };
  [test, testWithoutCilium] = await Promise.all([
    startApiServer(options),
    startApiServer({ ...options, crds: 'none' }),
  ]);
  // Revision 1 is gone from etcd, as in any cluster that has run for five minutes.
  await real.admin.json('POST', '/api/v1/namespaces/default/configmaps', { metadata: { generateName: 'tick-' } });
  await real.etcd.compact();
}, 120_000);
afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all([real?.close(), realWithoutCilium?.close(), test?.close(), testWithoutCilium?.close()]);
  await shared?.scratch.close();
});

const pair = (withCilium: boolean): Pair => {
  const ca = readFileSync(testCertPaths.ca, 'utf8');
  const [r, t] = withCilium ? [real, test] : [realWithoutCilium, testWithoutCilium];
  const made = { real: new ApiClient(r.url, r.ca, r.adminToken), test: new ApiClient(t.url, ca, 'conformance') };
  clients.push(made.real, made.test);
  return made;
};

describe.skipIf(!hasReal)('the test server answers as a real kube-apiserver does', () => {
  it('the same status codes, content types and body shapes', async () => {
    const found: string[] = [];
    const compare = async (name: string, probe: Probe, clientsOf: Pair) => {
      const [r, t] = [
        describeAnswer(await probe(clientsOf.real, 'real')),
        describeAnswer(await probe(clientsOf.test, 'test')),
      ];
      if (r.status !== t.status) found.push(`${name} status: real ${r.status}, test server ${t.status}`);
      if (r.contentType !== t.contentType) {
        found.push(`${name} contentType: real "${r.contentType}", test server "${t.contentType}"`);
      }
      for (const difference of differences('', r.body, t.body)) found.push(`${name} body${difference}`);
    };
    const withCilium = pair(true);
    for (const [name, probe] of probes) await compare(name, probe, withCilium);
    const without = pair(false);
    for (const [name, probe] of probes.filter(([n]) => /^list endpoints, Table$|^get an identity/.test(n))) {
      await compare(`without Cilium's CRDs: ${name}`, probe, without);
    }
    // Every answer with objects in it differs by their managedFields: counted once, not listed by answer.
    const managedFields = found.filter((line) => line.endsWith('metadata.managedFields: only the real server has it'));
    const others = found.filter((line) => !managedFields.includes(line));
    expect([`${managedFields.length} answers: metadata.managedFields only the real server has it`, ...others]).toEqual(
      KNOWN,
    );
  }, 60_000);
});
