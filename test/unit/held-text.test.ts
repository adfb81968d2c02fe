/** HeldText: blocks of text held until a list is complete, deflated past a size, given back as they were. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeldText } from '../../src/print/held-text.js';

async function all(held: HeldText): Promise<string[]> {
  const texts: string[] = [];
  for await (const text of held.texts()) texts.push(text);
  return texts;
}

describe('HeldText', () => {
  it('gives back every block, in order and unchanged, kept as text or deflated', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 200 })),
        fc.nat(400),
        async (blocks, plain) => {
          const held = new HeldText(plain);
          for (const block of blocks) held.push(block);
          expect(held.length).toBe(blocks.length);
          expect(await all(held)).toEqual(blocks);
          expect(held.length).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('deflates the blocks past the plain size, and forgets them all when cleared', async () => {
    const held = new HeldText(1000);
    const blocks = Array.from({ length: 20 }, (_, i) => `${'{"a": 1}\n'.repeat(50)}${i}`);
    for (const block of blocks) held.push(block);
    const kept = (held as unknown as { blocks: unknown[] }).blocks;
    expect(kept.filter((block) => typeof block === 'string')).toHaveLength(3);
    expect(await all(held)).toEqual(blocks);
    held.push('before');
    held.clear();
    held.push('after');
    expect(await all(held)).toEqual(['after']);
  });
});
