/**
 * The API server's row order: storage keys compared byte-wise (etcd and the watch cache are both
 * byte-ordered), the key being `namespace/name` for namespaced kinds and `name` otherwise.
 */
import type { CiliumEndpoint, CiliumIdentity } from './schema.js';

const encoder = new TextEncoder();
const nonAscii = /[\u0080-\uffff]/;

/** Compares two strings by their UTF-8 bytes, as etcd orders keys. */
export function compareBytes(a: string, b: string): number {
  if (!nonAscii.test(a) && !nonAscii.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(encoder.encode(a), encoder.encode(b));
}

export function endpointKey(endpoint: CiliumEndpoint): string {
  return `${endpoint.metadata.namespace}/${endpoint.metadata.name}`;
}

export function identityKey(identity: CiliumIdentity): string {
  return identity.metadata.name;
}

export function inServerOrder<T>(items: readonly T[], key: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => compareBytes(a.key, b.key))
    .map(({ item }) => item);
}
