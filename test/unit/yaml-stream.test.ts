/**
 * YAML read entry by entry against the yaml library's parse of the whole text: any list in kubectl's
 * layout (entries at column 0, as kubectl and sysdumps write them, or indented), cut into chunks anywhere,
 * with strings that look like entries, comments and document markers, gives the same values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import type { ListStreamEvent } from '../../src/source/list-stream.js';
import { yamlListEvents } from '../../src/source/yaml-stream.js';

const encoder = new TextEncoder();

async function eventsOf(text: string, cuts: readonly number[] = [], maxBytes = 1 << 30): Promise<ListStreamEvent[]> {
  const bytes = encoder.encode(text);
  const offsets = [0, ...[...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)];
  async function* chunks() {
    for (const [i, from] of offsets.entries()) yield bytes.subarray(from, offsets[i + 1] ?? bytes.length);
  }
  const events: ListStreamEvent[] = [];
  for await (const event of yamlListEvents(chunks(), { name: 'test.yaml', line: 1, maxBytes })) events.push(event);
  return events;
}

/** The documents the events describe: each list with its items put back. */
function reassemble(events: readonly ListStreamEvent[]): unknown[] {
  const documents: unknown[] = [];
  let items: unknown[] = [];
  for (const event of events) {
    if (event.type === 'item') items.push(event.value);
    else if (event.type === 'end') {
      documents.push(event.streamed.length === 0 ? event.value : { ...(event.value as object), items });
      items = [];
    }
  }
  return documents;
}

/** The yaml library's parse of the whole text; undefined where it finds an error. */
function wholeParse(text: string): unknown[] | undefined {
  const documents = parseAllDocuments(text);
  if (documents.some((document) => document.errors.length > 0)) return undefined;
  return documents.map((document) => document.toJS()).filter((value) => value !== null);
}

/** The same values as the whole parse, or an error where it finds one (its own output, at times). */
async function expectWholeParse(text: string, cuts: readonly number[]): Promise<ListStreamEvent[]> {
  const whole = wholeParse(text);
  if (whole === undefined) {
    await expect(eventsOf(text, cuts)).rejects.toThrow(/^test\.yaml: invalid YAML at line \d+/);
    return [];
  }
  const events = await eventsOf(text, cuts);
  expect(reassemble(events)).toEqual(whole);
  return events;
}

const tricky = fc.string({
  unit: fc.constantFrom('- ', '---', '...', '#', ': ', '"', "'", '\n', '  ', 'a', 'é', '|', '>', '[', '{', 'items:'),
  maxLength: 10,
});
const value = fc.letrec((tie) => ({
  yaml: fc.oneof(
    { depthSize: 'small' },
    tricky,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('yaml'), { maxLength: 3 }),
    fc.dictionary(tricky, tie('yaml'), { maxKeys: 3 }),
  ),
})).yaml;
const list = fc.record({
  apiVersion: fc.constant('v1'),
  kind: fc.constantFrom('List', 'CiliumEndpointList'),
  metadata: fc.dictionary(tricky, value, { maxKeys: 2 }),
  items: fc.array(value, { minLength: 1, maxLength: 6 }),
});
/** As kubectl writes it (entries at column 0, keys sorted) or as the yaml library does (indented). */
const listText = fc
  .tuple(fc.array(list, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean())
  .map(([lists, indentSeq, itemsFirst]) =>
    lists
      .map((l) => {
        const { items, ...rest } = l;
        return stringify(itemsFirst ? { items, ...rest } : { ...rest, items }, { indentSeq });
      })
      .join('---\n'),
  );

describe('yamlListEvents', () => {
  it('gives the whole parse, list by list, entry by entry, cut into chunks anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        listText.chain((text) =>
          fc.tuple(fc.constant(text), fc.array(fc.nat({ max: encoder.encode(text).length }), { maxLength: 8 })),
        ),
        async ([text, cuts]) => {
          const events = await expectWholeParse(text, cuts);
          // Lists in this layout are read entry by entry.
          if (wholeParse(text) !== undefined) {
            expect(events.filter((event) => event.type === 'item').length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a block scalar whose text looks like an items key and an entry as text', async () => {
    await expectWholeParse('|-\nitems:\n- \n', [3, 10]);
  });

  it('takes a key that only starts with items: for another key (a comment needs a space before #)', async () => {
    await expectWholeParse('items:#:\n  - 0\n', [3, 10]);
  });

  it('reads any other document whole, as the parse of the whole does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 3 }), async (values) => {
        const text = values.map((v) => stringify(v)).join('---\n');
        await expectWholeParse(text, [3, 10]);
      }),
      { numRuns: 300 },
    );
  });

  it('kubectl -o yaml: entries at column 0, comments and blank lines between them, CRLF', async () => {
    const text = [
      'apiVersion: v1',
      'items:',
      '# the first',
      '- kind: CiliumEndpoint',
      '  metadata:',
      '    name: a',
      '',
      '- kind: CiliumEndpoint',
      '  metadata:',
      '    name: b',
      '    annotations:',
      '      note: |',
      '        - not an entry',
      '        ---',
      'kind: List',
      'metadata:',
      '  resourceVersion: ""',
      '',
    ].join('\r\n');
    const events = await eventsOf(text);
    expect(events.map((event) => event.type)).toEqual(['item', 'item', 'end']);
    expect(reassemble(events)).toEqual(wholeParse(text));
    expect(wholeParse(text)).not.toBeUndefined();
  });

  it('holds one entry at a time: an entry over the cap is refused, a list of many small ones is not', async () => {
    const entry = `- metadata:\n    name: ${'e'.repeat(100)}\n`;
    const text = `kind: List\nitems:\n${entry.repeat(500)}`;
    expect((await eventsOf(text, [], 200)).filter((event) => event.type === 'item')).toHaveLength(500);
    await expect(eventsOf(text, [], 100)).rejects.toMatchObject({ kind: 'too-large', line: 3 });
  });

  it('names the input and the line of an error inside an entry, and of an alias to another entry', async () => {
    await expect(eventsOf('kind: List\nitems:\n- a: 1\n- b: [\n')).rejects.toThrow(
      /^test\.yaml: invalid YAML at line 5, column 1: /,
    );
    await expect(eventsOf('kind: List\nitems:\n- &x a\n- *x\n')).rejects.toThrow(
      /^test\.yaml: invalid YAML at line 4, column 1: Unresolved alias/,
    );
  });
});
