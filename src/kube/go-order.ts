/** Go's string order, which etcd's keys, Go's sort.Strings and encoding/json's map keys all follow. */

/**
 * Compares two strings by their UTF-8 bytes, as etcd orders keys and Go orders strings: that is by code
 * point. `<` compares UTF-16 units instead, which puts U+10000 and above (surrogate pairs) before
 * U+E000..U+FFFF; `rank` moves the surrogates above them. No allocation: it sorts 100,000 keys.
 */
export function compareBytes(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

const rank = (unit: number): number => (unit < 0xd800 ? unit : unit < 0xe000 ? unit + 0x2000 : unit - 0x800);
