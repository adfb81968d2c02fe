/**
 * The API server's row order: storage keys (`ns/name`, or `name` for cluster-scoped kinds) compared
 * byte-wise, as etcd and the watch cache order them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBytes } from '../../src/kube/go-order.js';
import { inServerOrder } from '../../src/model/order.js';
import { CILIUM_ENDPOINTS, CILIUM_IDENTITIES, storageKey } from '../../src/model/resources.js';
import type { CiliumEndpoint, CiliumIdentity } from '../../src/model/schema.js';

const endpointKey = (endpoint: CiliumEndpoint) => storageKey(CILIUM_ENDPOINTS, endpoint);
const identityKey = (identity: CiliumIdentity) => storageKey(CILIUM_IDENTITIES, identity);

const utf8Compare = (a: string, b: string): number =>
  Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));

function endpoint(namespace: string, name: string): CiliumEndpoint {
  return { apiVersion: 'cilium.io/v2', kind: 'CiliumEndpoint', metadata: { name, namespace } };
}

function identity(name: string): CiliumIdentity {
  return { apiVersion: 'cilium.io/v2', kind: 'CiliumIdentity', metadata: { name } };
}

describe('compareBytes', () => {
  it("orders kube-system/a before kube/a ('-' 0x2D < '/' 0x2F)", () => {
    expect(compareBytes('kube-system/a', 'kube/a')).toBeLessThan(0);
    expect(compareBytes('kube/a', 'kube-system/a')).toBeGreaterThan(0);
  });

  it('returns 0 for equal strings only', () => {
    expect(compareBytes('default/web', 'default/web')).toBe(0);
    expect(compareBytes('', '')).toBe(0);
    expect(compareBytes('é', 'é')).toBe(0);
    expect(compareBytes('default/web', 'default/web-1')).toBeLessThan(0);
  });

  it('orders a prefix first', () => {
    expect(compareBytes('', 'a')).toBeLessThan(0);
    expect(compareBytes('kube', 'kube-system')).toBeLessThan(0);
  });

  it('orders upper case before lower case (byte order, not locale order)', () => {
    expect(compareBytes('Zeta', 'alpha')).toBeLessThan(0);
    expect(compareBytes('a', 'B')).toBeGreaterThan(0);
  });

  it('orders identity names as strings, not numbers', () => {
    expect(['9000', '27084', '100000', '16737'].sort(compareBytes)).toEqual(['100000', '16737', '27084', '9000']);
  });

  it('orders by UTF-8 bytes, not UTF-16 code units', () => {
    // 'z' is 0x7A, 'é' is 0xC3 0xA9
    expect(compareBytes('z', 'é')).toBeLessThan(0);
    // U+FF61 is EF BD A1 and U+1F600 is F0 9F 98 80 in UTF-8, but in UTF-16 the emoji's high surrogate
    // 0xD83D sorts before 0xFF61.
    expect(compareBytes('\uFF61', '😀')).toBeLessThan(0);
    expect(compareBytes('😀', '\uFF61')).toBeGreaterThan(0);
    expect(compareBytes('ns/\uFFFD', 'ns/\u{10000}')).toBeLessThan(0);
  });

  it('agrees with Buffer.compare of the UTF-8 bytes (property)', () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary-ascii' }), fc.string());
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3 }), text, text, (prefix, a, b) => {
        expect(Math.sign(compareBytes(a, b))).toBe(utf8Compare(a, b));
        expect(Math.sign(compareBytes(prefix + a, prefix + b))).toBe(utf8Compare(prefix + a, prefix + b));
        expect(Math.sign(compareBytes(a, b)) + Math.sign(compareBytes(b, a))).toBe(0);
      }),
    );
  });

  it('sorts like Buffer.compare (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { maxLength: 12 }), (keys) => {
        const ours = [...keys].sort(compareBytes);
        const theirs = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
        expect(ours).toEqual(theirs);
      }),
    );
  });
});

describe('server order', () => {
  it('keys endpoints by namespace/name and identities by name', () => {
    expect(endpointKey(endpoint('kube-system', 'coredns-1'))).toBe('kube-system/coredns-1');
    expect(identityKey(identity('27084'))).toBe('27084');
  });

  it('puts namespace kube-system before namespace kube', () => {
    const items = [
      endpoint('kube', 'a'),
      endpoint('default', 'web-2'),
      endpoint('kube-system', 'z'),
      endpoint('default', 'web-10'),
      endpoint('kube-system', 'a'),
    ];
    const ordered = inServerOrder(items, endpointKey).map(endpointKey);
    expect(ordered).toEqual(['default/web-10', 'default/web-2', 'kube-system/a', 'kube-system/z', 'kube/a']);
  });

  it('orders identities by name as a string', () => {
    const items = ['9000', '27084', '100000', '16737'].map(identity);
    expect(inServerOrder(items, identityKey).map(identityKey)).toEqual(['100000', '16737', '27084', '9000']);
  });

  it('returns a new array and leaves the input alone', () => {
    const items = [identity('2'), identity('1')];
    const ordered = inServerOrder(items, identityKey);
    expect(ordered).not.toBe(items);
    expect(items.map(identityKey)).toEqual(['2', '1']);
    expect(ordered.map(identityKey)).toEqual(['1', '2']);
  });
});
