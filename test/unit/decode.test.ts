/**
 * Documents → typed CiliumEndpoint/CiliumIdentity objects. An unusable object gives exactly one warning
 * naming where it came from and what it is; everything else still decodes; unknown fields are kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDocument, emptyDecoded } from '../../src/model/decode.js';
import { CILIUM_ENDPOINTS, CILIUM_IDENTITIES } from '../../src/model/resources.js';
import type { CiliumEndpoint, CiliumIdentity } from '../../src/model/schema.js';

function decode(
  doc: unknown,
  origin = 'dump.json',
): { endpoints: CiliumEndpoint[]; identities: CiliumIdentity[]; warnings: string[] } {
  const into = emptyDecoded();
  const warnings: string[] = [];
  decodeDocument(doc, origin, into, (message) => {
    warnings.push(message);
  });
  return { endpoints: into.of(CILIUM_ENDPOINTS), identities: into.of(CILIUM_IDENTITIES), warnings };
}

function cep(name: string, namespace = 'default'): Record<string, unknown> {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumEndpoint',
    metadata: {
      name,
      namespace,
      uid: `uid-${name}`,
      resourceVersion: '933',
      creationTimestamp: '2023-08-08T07:00:00Z',
      labels: { app: name },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name, uid: `pod-${name}` }],
    },
    status: {
      id: 457,
      identity: { id: 48861, labels: ['k8s:app=wluo', `k8s:io.kubernetes.pod.namespace=${namespace}`] },
      networking: { addressing: [{ ipv4: '10.0.1.200' }], node: '172.18.0.3' },
      encryption: {},
      policy: {
        ingress: { enforcing: false, state: '<status disabled>' },
        egress: { enforcing: false, state: '<status disabled>' },
      },
      'visibility-policy-status': '<status disabled>',
      state: 'ready',
    },
  };
}

function cid(name: string, namespace = 'default'): Record<string, unknown> {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumIdentity',
    metadata: {
      name,
      creationTimestamp: '2023-08-08T07:00:00Z',
      labels: { 'io.kubernetes.pod.namespace': namespace },
    },
    'security-labels': { 'k8s:io.kubernetes.pod.namespace': namespace },
  };
}

const names = (objects: Array<{ metadata: { name: string } }>) => objects.map((o) => o.metadata.name);

describe('decodeDocument', () => {
  it('decodes a CiliumEndpointList, in order', () => {
    const list = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumEndpointList',
      metadata: { resourceVersion: '1000', continue: '' },
      items: [cep('b'), cep('a', 'kube-system')],
    };
    const out = decode(list);
    expect(out.warnings).toEqual([]);
    expect(out.identities).toEqual([]);
    expect(out.endpoints).toEqual(list.items);
  });

  it('decodes a CiliumIdentityList', () => {
    const list = { apiVersion: 'cilium.io/v2', kind: 'CiliumIdentityList', items: [cid('9000'), cid('100000')] };
    const out = decode(list);
    expect(out.warnings).toEqual([]);
    expect(out.endpoints).toEqual([]);
    expect(names(out.identities)).toEqual(['9000', '100000']);
  });

  it("decodes kubectl's List mixing both kinds", () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      metadata: { resourceVersion: '' },
      items: [cep('web-1'), cid('27084'), cep('web-2'), cid('16737')],
    };
    const out = decode(list);
    expect(out.warnings).toEqual([]);
    expect(names(out.endpoints)).toEqual(['web-1', 'web-2']);
    expect(names(out.identities)).toEqual(['27084', '16737']);
  });

  it('decodes a single object of either kind', () => {
    expect(decode(cep('web-1'))).toEqual({ endpoints: [cep('web-1')], identities: [], warnings: [] });
    expect(decode(cid('27084'))).toEqual({ endpoints: [], identities: [cid('27084')], warnings: [] });
  });

  it('appends to what was already decoded', () => {
    const into = emptyDecoded();
    const warn = () => {};
    decodeDocument(cep('a'), 'one.json', into, warn);
    decodeDocument(
      { kind: 'CiliumEndpointList', apiVersion: 'cilium.io/v2', items: [cep('b')] },
      'two.json',
      into,
      warn,
    );
    expect(names(into.of(CILIUM_ENDPOINTS))).toEqual(['a', 'b']);
  });

  it('ignores a null or missing document (an empty YAML document) without a warning', () => {
    expect(decode(null)).toEqual({ endpoints: [], identities: [], warnings: [] });
    expect(decode(undefined)).toEqual({ endpoints: [], identities: [], warnings: [] });
  });

  it('decodes a list with null items to nothing, without a warning', () => {
    expect(decode({ apiVersion: 'v1', kind: 'List', items: null })).toEqual({
      endpoints: [],
      identities: [],
      warnings: [],
    });
    expect(decode({ apiVersion: 'v1', kind: 'List', items: [] }).warnings).toEqual([]);
  });

  it('gives the kind of a typed list to items without one (and apiVersion cilium.io/v2 if missing)', () => {
    const { kind: _k1, apiVersion: _a1, ...bareEndpoint } = cep('web-1');
    const { kind: _k2, ...identityWithApiVersion } = cid('27084');
    const endpoints = decode({ apiVersion: 'cilium.io/v2', kind: 'CiliumEndpointList', items: [bareEndpoint] });
    const identities = decode({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumIdentityList',
      items: [identityWithApiVersion],
    });
    expect(endpoints.warnings).toEqual([]);
    expect(endpoints.endpoints).toEqual([cep('web-1')]);
    expect(identities.warnings).toEqual([]);
    expect(identities.identities).toEqual([cid('27084')]);
  });

  it('keeps an explicit apiVersion of a kind-less typed-list item', () => {
    const withApiVersion: Record<string, unknown> = { ...cep('web-1'), apiVersion: 'cilium.io/v2alpha1' };
    const { kind: _kind, ...item } = withApiVersion;
    const out = decode({ apiVersion: 'cilium.io/v2', kind: 'CiliumEndpointList', items: [item] });
    expect(out.endpoints[0]?.apiVersion).toBe('cilium.io/v2alpha1');
    expect(out.endpoints[0]?.kind).toBe('CiliumEndpoint');
  });

  it("does not guess the kind of a kind-less item of kubectl's List", () => {
    const { kind: _kind, ...item } = cep('web-1');
    const out = decode({ apiVersion: 'v1', kind: 'List', items: [item] });
    expect(out.endpoints).toEqual([]);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toContain('dump.json: items[0]');
    expect(out.warnings[0]).toContain('default/web-1');
  });

  it('keeps unknown fields at every level', () => {
    const object = cep('web-1');
    const extended = {
      ...object,
      spec: { anything: [1, 2] },
      metadata: {
        ...(object.metadata as object),
        generation: 1,
        managedFields: [{ manager: 'cilium-agent' }],
      },
      status: {
        ...(object.status as object),
        controllers: [{ name: 'sync-to-k8s-ciliumendpoint (457)', status: { 'success-count': 30 } }],
        'external-identifiers': { 'container-id': 'abc', 'pod-name': 'default/web-1' },
        'named-ports': [{ name: 'dns', port: 53, protocol: 'UDP', 'future-field': true }],
        identity: { id: 48861, labels: [], 'future-field': 'x' },
        networking: { addressing: [{ ipv4: '10.0.1.200', 'future-field': 1 }], node: '172.18.0.3', extra: {} },
      },
    };
    const identity = { ...cid('27084'), metadata: { name: '27084', annotations: { 'io.cilium.heartbeat': 'x' } } };
    const out = decode({ apiVersion: 'v1', kind: 'List', items: [extended, identity] });
    expect(out.warnings).toEqual([]);
    expect(out.endpoints).toEqual([extended]);
    expect(out.identities).toEqual([identity]);
  });

  describe('unusable objects', () => {
    const { metadata, ...noMetadata } = cep('no-metadata');
    const noName = { ...cep('x'), metadata: { ...(metadata as object), name: undefined } };
    const emptyName = { ...cep('x'), metadata: { namespace: 'default', name: '' } };
    const noNamespace = { ...cep('x'), metadata: { name: 'cluster-scoped' } };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: {} };
    const wrongId = { ...cep('api-1'), status: { ...(cep('api-1').status as object), id: '12' } };
    const wrongLabels = { ...cid('31337'), metadata: { name: '31337', labels: { app: 5 } } };
    const wrongIp = {
      ...cep('api-2', 'prod'),
      status: { networking: { addressing: [{ ipv4: ['10.0.0.1'] }] } },
    };

    it('warn once each, naming the origin and the object, and the rest still decodes', () => {
      const items = [
        cep('ok-1'),
        noName,
        pod,
        wrongId,
        cid('27084'),
        wrongLabels,
        noNamespace,
        emptyName,
        noMetadata,
        wrongIp,
        cep('ok-2'),
      ];
      const out = decode({ apiVersion: 'v1', kind: 'List', items });
      expect(names(out.endpoints)).toEqual(['ok-1', 'ok-2']);
      expect(names(out.identities)).toEqual(['27084']);
      expect(out.warnings).toHaveLength(8);

      const [w1, w2, w3, w5, w6, w7, w8, w9] = out.warnings;
      expect(w1).toContain('dump.json: items[1]');
      expect(w1).toContain('CiliumEndpoint');
      expect(w2).toContain('dump.json: items[2]');
      expect(w2).toContain('Pod');
      expect(w2).toContain('default/web');
      expect(w3).toContain('dump.json: items[3]');
      expect(w3).toContain('default/api-1');
      expect(w3).toContain('status.id');
      expect(w5).toContain('dump.json: items[5]');
      expect(w5).toContain('CiliumIdentity');
      expect(w5).toContain('31337');
      expect(w5).toContain('metadata.labels.app');
      expect(w6).toContain('dump.json: items[6]');
      expect(w6).toContain('cluster-scoped');
      expect(w6).toContain('metadata.namespace');
      expect(w7).toContain('dump.json: items[7]');
      expect(w7).toContain('metadata.name');
      expect(w8).toContain('dump.json: items[8]');
      expect(w8).toContain('metadata');
      expect(w9).toContain('dump.json: items[9]');
      expect(w9).toContain('prod/api-2');
      expect(w9).toContain('status.networking.addressing[0].ipv4');
    });

    it('warn once for a single unusable document, naming the origin', () => {
      const out = decode(pod, 'pods.yaml: document 2');
      expect(out.endpoints).toEqual([]);
      expect(out.warnings).toHaveLength(1);
      expect(out.warnings[0]).toMatch(/^pods\.yaml: document 2: /);
      expect(out.warnings[0]).toContain('Pod');
      expect(out.warnings[0]).toContain('default/web');
    });

    it('warn once for an object without a kind', () => {
      const { kind: _kind, ...kindless } = cep('web-1');
      const out = decode(kindless);
      expect(out.warnings).toHaveLength(1);
      expect(out.warnings[0]).toContain('dump.json');
      expect(out.warnings[0]).toContain('default/web-1');
    });

    it.each([
      ['a number', 42],
      ['a string', 'CiliumEndpoint'],
      ['a boolean', true],
      ['an array', [cep('web-1')]],
    ])('warn once for a document that is %s', (_what, doc) => {
      const out = decode(doc);
      expect(out.endpoints).toEqual([]);
      expect(out.warnings).toHaveLength(1);
      expect(out.warnings[0]).toContain('dump.json');
    });

    it('warn once for a list item that is not an object', () => {
      const out = decode({ apiVersion: 'v1', kind: 'List', items: [cep('a'), 'oops', null, cep('b')] });
      expect(names(out.endpoints)).toEqual(['a', 'b']);
      expect(out.warnings).toHaveLength(2);
      expect(out.warnings[0]).toContain('dump.json: items[1]');
      expect(out.warnings[1]).toContain('dump.json: items[2]');
    });

    it('warn once for a list whose items are not a list', () => {
      for (const items of [{}, 'x', 3]) {
        const out = decode({ apiVersion: 'cilium.io/v2', kind: 'CiliumEndpointList', items });
        expect(out.endpoints).toEqual([]);
        expect(out.warnings).toHaveLength(1);
        expect(out.warnings[0]).toContain('dump.json');
        expect(out.warnings[0]).toContain('CiliumEndpointList');
      }
    });
  });
});

describe('decodeDocument properties', () => {
  const LIST_KINDS = ['List', 'CiliumEndpointList', 'CiliumIdentityList'];
  const isListKind = (doc: unknown) =>
    typeof doc === 'object' && doc !== null && LIST_KINDS.includes((doc as { kind?: unknown }).kind as string);

  /** Decoded objects + warnings: each object in a document has exactly one outcome. */
  const outcomes = (out: ReturnType<typeof decode>) =>
    out.endpoints.length + out.identities.length + out.warnings.length;

  it('never throws on any JSON value: null gives nothing, anything else exactly one outcome', () => {
    fc.assert(
      fc.property(
        fc.jsonValue().filter((doc) => !isListKind(doc)),
        (doc) => {
          const out = decode(doc);
          expect(outcomes(out)).toBe(doc === null ? 0 : 1);
        },
      ),
    );
  });

  // Values that look like parts of a CEP/CID (mostly), or like anything at all. No `__proto__` keys:
  // zod drops those, and the API server cannot store them (invalid label key, pruned field).
  const json = fc.jsonValue({ maxDepth: 2 }).filter((v) => !JSON.stringify(v).includes('"__proto__"'));
  const key = fc.string({ maxLength: 8 }).filter((k) => k !== '__proto__');
  const or = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: arb, weight: 6 }, { arbitrary: json, weight: 1 });
  const metadata = fc.record(
    {
      name: or(fc.string({ minLength: 1, maxLength: 10 })),
      namespace: or(fc.constantFrom('default', 'kube-system', '')),
      labels: or(fc.dictionary(key, fc.string({ maxLength: 5 }), { maxKeys: 3 })),
      creationTimestamp: or(fc.constantFrom('2023-08-08T07:00:00Z', '', 'garbage')),
    },
    { requiredKeys: ['name', 'namespace'] },
  );
  const status = fc.record(
    {
      id: or(fc.integer({ min: 1, max: 4095 })),
      identity: or(fc.record({ id: or(fc.nat()), labels: or(fc.array(fc.string({ maxLength: 5 }))) })),
      networking: or(
        fc.record({
          addressing: or(fc.array(fc.record({ ipv4: or(fc.ipV4()), ipv6: or(fc.ipV6()) }, { requiredKeys: [] }))),
        }),
      ),
      policy: or(fc.record({ ingress: or(fc.record({ state: or(fc.string()) })) }, { requiredKeys: [] })),
      'visibility-policy-status': or(fc.string()),
      state: or(fc.constantFrom('ready', 'not-ready')),
    },
    { requiredKeys: [] },
  );
  const object = fc.record(
    {
      apiVersion: or(fc.constant('cilium.io/v2')),
      kind: or(fc.constantFrom('CiliumEndpoint', 'CiliumIdentity', 'Pod')),
      metadata: or(metadata),
      status: or(status),
      'security-labels': or(fc.dictionary(key, fc.string({ maxLength: 5 }), { maxKeys: 3 })),
      extra: json,
    },
    { requiredKeys: ['apiVersion', 'kind', 'metadata'] },
  );

  it('decodes or warns about each CEP-like object exactly once, and keeps decoded objects whole', () => {
    fc.assert(
      fc.property(object, (doc) => {
        const out = decode(doc);
        expect(outcomes(out)).toBe(1);
        for (const endpoint of out.endpoints) {
          expect(endpoint.kind).toBe('CiliumEndpoint');
          expect(endpoint).toEqual(doc);
        }
        for (const identity of out.identities) {
          expect(identity.kind).toBe('CiliumIdentity');
          expect(identity).toEqual(doc);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives each item of a list of CEP-like objects exactly one outcome', () => {
    const list = fc.record({
      apiVersion: fc.constantFrom('v1', 'cilium.io/v2'),
      kind: fc.constantFrom(...LIST_KINDS),
      metadata: fc.constant({ resourceVersion: '1' }),
      items: fc.array(fc.oneof(object, json), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(list, (doc) => {
        const out = decode(doc);
        expect(outcomes(out)).toBe(doc.items.length);
        for (const warning of out.warnings) expect(warning).toMatch(/^dump\.json: items\[\d+\]/);
      }),
    );
  });
});
