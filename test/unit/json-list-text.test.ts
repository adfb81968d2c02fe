/**
 * JsonListText, a `-o json` list kept as its items' text (deflated past the first blocks) until the list
 * is complete, prints exactly kubectl's List of those items (kubectlJson(kubectlList(items)), which
 * kubectl-json-yaml.test.ts and the kubectl e2e tests check), however the text falls into blocks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonListText } from '../../src/print/json-list-text.js';
import { kubectlJson, kubectlList } from '../../src/print/kubectl-json.js';

async function printed(list: JsonListText): Promise<string> {
  const chunks: string[] = [];
  await list.print((chunk) => chunks.push(chunk));
  return chunks.join('');
}

describe('JsonListText', () => {
  it("prints kubectl's List of the items, in blocks kept as text or deflated", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue(), { maxLength: 10 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 600 }),
        async (items, blockChars, plainChars) => {
          const list = new JsonListText({ blockChars, plainChars });
          for (const item of items) list.add(JSON.parse(JSON.stringify(item)));
          expect(await printed(list)).toBe(kubectlJson(kubectlList(items)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('prints a list of many blocks, most of them deflated, and forgets the items it had when the list starts over', async () => {
    const item = (i: number) => ({ metadata: { name: `pod-${i}`, labels: { app: 'a<b>', n: String(i) } }, i });
    const list = new JsonListText({ blockChars: 4096, plainChars: 8192 });
    list.add({ before: 'the restart' });
    list.clear();
    const items = Array.from({ length: 3000 }, (_, i) => item(i));
    for (const one of items) list.add(one);
    expect(await printed(list)).toBe(kubectlJson(kubectlList(items)));
  });

  it("prints an empty list as kubectl's empty List", async () => {
    expect(await printed(new JsonListText())).toBe(kubectlJson(kubectlList([])));
  });
});
