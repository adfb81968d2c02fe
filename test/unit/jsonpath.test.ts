/**
 * The printer-column JSONPath subset, evaluated as the API server does with client-go jsonpath and
 * AllowMissingKeys(true): only the first result counts, and anything missing gives undefined (a null
 * cell).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../src/kube/jsonpath.js';
import { compilePath } from '../../src/kube/printer-column-path.js';

const cep = {
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumEndpoint',
  metadata: {
    name: 'coredns-5d78c9869d-62zlb',
    namespace: 'kube-system',
    labels: { 'io.kubernetes.pod.namespace': 'kube-system', 'k8s-app': 'kube-dns' },
  },
  status: {
    id: 1648,
    identity: { id: 27084, labels: ['k8s:io.kubernetes.pod.namespace=kube-system', 'k8s:k8s-app=kube-dns'] },
    networking: {
      addressing: [{ ipv4: '10.1.2.194' }, { ipv4: '10.1.2.195', ipv6: 'fd00::195' }, { ipv6: 'fd00::196' }],
      node: '172.18.0.3',
    },
    policy: {
      ingress: { enforcing: false, state: '<status disabled>' },
      egress: { enforcing: false, state: '<status disabled>' },
    },
    'visibility-policy-status': '<status disabled>',
    state: 'ready',
  },
};

const cid = {
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumIdentity',
  metadata: {
    name: '27084',
    labels: { 'io.kubernetes.pod.namespace': 'kube-system', 'k8s-app': 'kube-dns' },
    creationTimestamp: '2023-08-08T07:00:00Z',
  },
  'security-labels': { 'k8s:io.kubernetes.pod.namespace': 'kube-system' },
};

describe('compilePath on the Cilium printer columns', () => {
  it.each([
    ['.status.id', 1648],
    ['.status.identity.id', 27084],
    ['.status.policy.ingress.state', '<status disabled>'],
    ['.status.policy.egress.state', '<status disabled>'],
    ['.status.visibility-policy-status', '<status disabled>'],
    ['.status.state', 'ready'],
    ['.status.networking.addressing[0].ipv4', '10.1.2.194'],
  ])('%s on a CiliumEndpoint', (path, expected) => {
    expect(compilePath(path)(cep)).toBe(expected);
  });

  it('gives undefined for IPv6 when the first address pair has none', () => {
    expect(compilePath('.status.networking.addressing[0].ipv6')(cep)).toBeUndefined();
  });

  it('reads a label whose key has escaped dots as one key', () => {
    const path = compilePath('.metadata.labels.io\\.kubernetes\\.pod\\.namespace');
    expect(path(cid)).toBe('kube-system');
    expect(path(cep)).toBe('kube-system');
  });

  it('does not read an escaped-dot key as nested fields, nor nested fields as an escaped-dot key', () => {
    const nested = { metadata: { labels: { io: { kubernetes: { pod: { namespace: 'nested' } } } } } };
    expect(compilePath('.metadata.labels.io\\.kubernetes\\.pod\\.namespace')(nested)).toBeUndefined();
    expect(compilePath('.metadata.labels.io.kubernetes.pod.namespace')(nested)).toBe('nested');
    expect(compilePath('.metadata.labels.io.kubernetes.pod.namespace')(cid)).toBeUndefined();
  });

  it('reads the date column path', () => {
    expect(compilePath('.metadata.creationTimestamp')(cid)).toBe('2023-08-08T07:00:00Z');
  });

  it('accepts the braced template form', () => {
    expect(compilePath('{.status.identity.id}')(cep)).toBe(27084);
  });

  it('accepts a quoted key in brackets', () => {
    expect(compilePath(".metadata.labels['io.kubernetes.pod.namespace']")(cid)).toBe('kube-system');
    expect(compilePath('.status["visibility-policy-status"]')(cep)).toBe('<status disabled>');
  });
});

describe('compilePath indexes', () => {
  const addressing = '.status.networking.addressing';

  it('counts a negative index from the end', () => {
    expect(compilePath(`${addressing}[-1].ipv6`)(cep)).toBe('fd00::196');
    expect(compilePath(`${addressing}[-2].ipv4`)(cep)).toBe('10.1.2.195');
    expect(compilePath(`${addressing}[-3].ipv4`)(cep)).toBe('10.1.2.194');
  });

  it('gives undefined for an index out of range, either way', () => {
    expect(compilePath(`${addressing}[3]`)(cep)).toBeUndefined();
    expect(compilePath(`${addressing}[-4]`)(cep)).toBeUndefined();
    expect(compilePath('.a[0]')({ a: [] })).toBeUndefined();
    expect(compilePath('.a[-1]')({ a: [] })).toBeUndefined();
  });

  it('[*] gives the first element that has the rest of the path', () => {
    expect(compilePath(`${addressing}[*].ipv4`)(cep)).toBe('10.1.2.194');
    expect(compilePath(`${addressing}[*].ipv6`)(cep)).toBe('fd00::195');
    expect(compilePath(`${addressing}[*].mac`)(cep)).toBeUndefined();
    expect(compilePath('.status.identity.labels[*]')(cep)).toBe('k8s:io.kubernetes.pod.namespace=kube-system');
    expect(compilePath('.a[*]')({ a: [] })).toBeUndefined();
  });

  it('gives undefined when an index or [*] meets something that is not a list', () => {
    expect(compilePath('.metadata[0]')(cep)).toBeUndefined();
    expect(compilePath('.metadata.name[0]')(cep)).toBeUndefined();
    expect(compilePath('.metadata[*]')(cep)).toBeUndefined();
  });
});

describe('compilePath on missing and null values', () => {
  const ipv4 = compilePath('.status.networking.addressing[0].ipv4');

  it('gives undefined when an intermediate is missing', () => {
    expect(ipv4({})).toBeUndefined();
    expect(ipv4({ status: {} })).toBeUndefined();
    expect(ipv4({ status: { networking: {} } })).toBeUndefined();
    expect(ipv4({ status: { networking: { addressing: [] } } })).toBeUndefined();
  });

  it('gives undefined when an intermediate has the wrong type', () => {
    expect(ipv4({ status: 'ready' })).toBeUndefined();
    expect(ipv4({ status: { networking: { addressing: { 0: { ipv4: '10.0.0.1' } } } } })).toBeUndefined();
    expect(ipv4({ status: [{ networking: {} }] })).toBeUndefined();
    expect(ipv4({ status: { networking: { addressing: ['10.0.0.1'] } } })).toBeUndefined();
  });

  it('gives undefined for a null value and for a null intermediate', () => {
    expect(ipv4({ status: { networking: { addressing: [{ ipv4: null }] } } })).toBeUndefined();
    expect(ipv4({ status: { networking: null } })).toBeUndefined();
    expect(ipv4({ status: { networking: { addressing: [null] } } })).toBeUndefined();
    expect(compilePath('.status.state')({ status: { state: null } })).toBeUndefined();
  });

  it('gives undefined for a non-object root', () => {
    for (const root of [null, undefined, 0, 'x', true, []]) {
      expect(ipv4(root)).toBeUndefined();
    }
  });

  it('keeps falsy values that are present', () => {
    expect(compilePath('.status.id')({ status: { id: 0 } })).toBe(0);
    expect(compilePath('.status.state')({ status: { state: '' } })).toBe('');
    expect(compilePath('.status.enforcing')({ status: { enforcing: false } })).toBe(false);
  });

  it('returns objects and lists themselves', () => {
    expect(compilePath('.status.identity')(cep)).toBe(cep.status.identity);
    expect(compilePath('.status.identity.labels')(cep)).toBe(cep.status.identity.labels);
  });

  it('does not read inherited properties', () => {
    expect(compilePath('.metadata.constructor')(cep)).toBeUndefined();
    expect(compilePath('.metadata.toString')(cep)).toBeUndefined();
    expect(compilePath('.status.networking.addressing.length')(cep)).toBeUndefined();
  });
});

describe('compilePath errors', () => {
  it.each(['.a[', '.a[0', '.a[x]', '.a[1.5]', '.a[]', 'a.b', 'status'])('rejects %j with a TemplateError', (path) => {
    expect(() => compilePath(path)).toThrow(TemplateError);
  });
});

describe('compilePath properties', () => {
  const token = fc.constantFrom(
    '.',
    '..',
    '[',
    ']',
    '[*]',
    '[0]',
    '[-1]',
    '[99]',
    "['a']",
    '"',
    "'",
    '*',
    '-',
    '\\',
    '\\.',
    '{',
    '}',
    ' ',
    'a',
    'status',
    'id',
    '0',
  );
  const pathLike = fc.array(token, { maxLength: 10 }).map((tokens) => tokens.join(''));
  const anyPath = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), pathLike);

  it('either compiles or throws an Error, and a compiled path never throws on JSON values', () => {
    fc.assert(
      fc.property(anyPath, fc.array(fc.jsonValue(), { maxLength: 4 }), (path, values) => {
        let compiled: ((value: unknown) => unknown) | undefined;
        try {
          compiled = compilePath(path);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          return;
        }
        for (const value of values) {
          expect(() => compiled?.(value)).not.toThrow();
          // Nothing a path finds is null: null is "missing".
          expect(compiled?.(value)).not.toBeNull();
        }
      }),
    );
  });

  it('reads a field back, with null as undefined', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const found = compilePath('.spec.value')({ spec: { value } });
        if (value === null) expect(found).toBeUndefined();
        else expect(found).toBe(value);
      }),
    );
  });

  it('reads list elements back by positive and negative index', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 6 }), fc.nat(), (list, n) => {
        const i = n % list.length;
        const expected = (v: unknown) => (v === null ? undefined : v);
        expect(compilePath(`.l[${i}]`)({ l: list })).toBe(expected(list[i]));
        expect(compilePath(`.l[${i - list.length}]`)({ l: list })).toBe(expected(list[i]));
      }),
    );
  });
});
