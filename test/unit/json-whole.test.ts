/**
 * A small input parsed whole by JSON.parse against the streaming reader on the same text: the same
 * events (an element's text compared by what it parses to, as its spacing is not kept), or none, and
 * then the streaming reader's answer is the one given, errors and their positions included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonListEvents, wholeJsonEvents } from '../../src/source/json-whole.js';
import { JsonListStream, type ListStreamEvent } from '../../src/source/list-stream.js';

const STREAMED = ['items'];

function streamed(text: string): ListStreamEvent[] {
  const stream = new JsonListStream({ streamed: STREAMED, maxValueBytes: 1 << 30 });
  return [...stream.write(new TextEncoder().encode(text)), ...stream.end()];
}

/** Events with each element's text replaced by its value: what the two readers must agree on. */
const comparable = (events: readonly ListStreamEvent[]) =>
  events.map((event) => (event.type === 'item' ? { ...event, text: JSON.parse(event.text) } : event));

async function collect(text: string, chunkBytes: number): Promise<ListStreamEvent[]> {
  const bytes = new TextEncoder().encode(text);
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes);
  }
  const events: ListStreamEvent[] = [];
  for await (const event of jsonListEvents(chunks(), { streamed: STREAMED, maxValueBytes: 1 << 30 })) {
    events.push(event);
  }
  return events;
}

const list = fc.record(
  { apiVersion: fc.constant('v1'), kind: fc.string(), items: fc.array(fc.jsonValue({ maxDepth: 3 })) },
  { requiredKeys: [] },
);
const document = fc.oneof(list, fc.jsonValue({ maxDepth: 3 }));

describe('wholeJsonEvents', () => {
  it('gives the streaming reader’s events for any one JSON value, a list or not', () => {
    fc.assert(
      fc.property(document, fc.boolean(), (value, indent) => {
        const text = JSON.stringify(value, null, indent ? 2 : undefined);
        const whole = wholeJsonEvents(text, STREAMED);
        if (whole !== undefined) expect(comparable(whole)).toEqual(comparable(streamed(text)));
      }),
      { numRuns: 500 },
    );
  });

  it('declines what JSON.parse would read otherwise: a repeated or escaped list key, two values, not JSON', () => {
    for (const text of [
      '{"items":[1],"items":[2]}',
      '{"it\\u0065ms":[1]}',
      '{"items":[1]} {"items":[2]}',
      '{"items":[1,]}',
    ]) {
      expect(wholeJsonEvents(text, STREAMED)).toBeUndefined();
    }
    expect(wholeJsonEvents('{"items":[1],"kind":"List"}', STREAMED)).toEqual([
      { type: 'item', document: 0, key: 'items', index: 0, text: '1', value: 1 },
      { type: 'end', document: 0, value: { kind: 'List' }, text: undefined, streamed: ['items'] },
    ]);
  });
});

describe('jsonListEvents', () => {
  it('reads a small input whole and a large one as it streams, with the same answer', async () => {
    const items = Array.from({ length: 3000 }, (_, i) => ({ metadata: { name: `ep-${i}` }, pad: 'x'.repeat(200) }));
    for (const text of [JSON.stringify({ items: items.slice(0, 10) }), JSON.stringify({ items })]) {
      expect(comparable(await collect(text, 4096))).toEqual(comparable(streamed(text)));
    }
  });

  it('gives the streaming reader’s error, with its position, for a small input that is not JSON', async () => {
    await expect(collect('{"items": [1,\n  2,,]}', 5)).rejects.toMatchObject({ line: 2, column: 5 });
  });
});
