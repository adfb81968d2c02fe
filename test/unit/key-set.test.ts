/**
 * The set of keys a list has listed (source/cluster/collect.ts), which keeps keys that arrive in order
 * as text and turns them into a Set at the first one out of order: it answers as a Set does, whatever
 * the order, including keys that only a hostile server sends.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeySet } from '../../src/source/cluster/collect.js';

function answers(keys: readonly string[]): boolean[] {
  const set = new KeySet();
  return keys.map((key) => set.add(key));
}

function setAnswers(keys: readonly string[]): boolean[] {
  const set = new Set<string>();
  return keys.map((key) => !set.has(key) && set.add(key) !== undefined);
}

describe('KeySet', () => {
  it('answers as a Set for keys in any order', () => {
    const key = fc.string({
      unit: fc.constantFrom('a', 'b', '/', '"', '\\', '\n', '\u0000', '\uD800', '😀'),
      maxLength: 4,
    });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 40 }), (keys) => {
        expect(answers(keys)).toEqual(setAnswers(keys));
      }),
      { numRuns: 500 },
    );
  });

  it('answers as a Set when thousands of keys in order are followed by repeats and keys out of order', () => {
    const sorted = Array.from({ length: 3000 }, (_, i) => `ns/pod-${String(i).padStart(5, '0')}`);
    for (const tail of [['ns/pod-00007'], ['ns/pod-00001', 'ns/pod-02999', 'ns/a', 'ns/a'], [sorted[2999] as string]]) {
      const keys = [...sorted, ...tail];
      expect(answers(keys)).toEqual(setAnswers(keys));
      expect(answers(keys).slice(sorted.length)).toContain(false);
    }
  });
});
