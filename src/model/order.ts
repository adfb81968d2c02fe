/**
 * The API server's row order: storage keys compared byte-wise (etcd and the watch cache are both
 * byte-ordered), the key being `namespace/name` for namespaced kinds and `name` otherwise (`storageKey`
 * in resources.ts).
 */
import { compareBytes } from '../kube/go-order.js';

export function inServerOrder<T>(items: readonly T[], key: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => compareBytes(a.key, b.key))
    .map(({ item }) => item);
}
