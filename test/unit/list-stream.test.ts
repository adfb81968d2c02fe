/**
 * The streaming list reader against JSON.parse of the whole text: any valid list, cut into chunks
 * anywhere, gives the same items (as their exact text) and the same other fields; anything JSON.parse
 * refuses, the stream refuses too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonListStream, ListStreamError, type ListStreamEvent } from '../../src/source/list-stream.js';

const encoder = new TextEncoder();

/** The events of `text` fed in chunks cut at `cuts` (byte offsets). */
function eventsOf(text: string, cuts: readonly number[] = [], maxValueBytes = 1 << 30): ListStreamEvent[] {
  const bytes = encoder.encode(text);
  const stream = new JsonListStream({ streamed: ['items'], maxValueBytes });
  const events: ListStreamEvent[] = [];
  let from = 0;
  for (const cut of [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)) {
    events.push(...stream.write(bytes.subarray(from, cut)));
    from = cut;
  }
  events.push(...stream.write(bytes.subarray(from)));
  events.push(...stream.end());
  return events;
}

/** The whole values the events describe, as JSON.parse would give them. */
function reassemble(events: readonly ListStreamEvent[]): unknown[] {
  const values: unknown[] = [];
  let items: Record<string, unknown[]> = {};
  for (const event of events) {
    if (event.type === 'item') items[event.key] = [...(items[event.key] ?? []), event.value];
    else if (event.type === 'restart') delete items[event.key];
    else {
      const value =
        event.streamed.length === 0
          ? event.value
          : { ...(event.value as object), ...Object.fromEntries(event.streamed.map((key) => [key, items[key] ?? []])) };
      values.push(value);
      items = {};
    }
  }
  return values;
}

/** Strings full of what a scanner could trip on: quotes, backslashes, brackets, commas, multi-byte text. */
const trickyString = fc.string({
  unit: fc.constantFrom('"', '\\', '[', ']', '{', '}', ',', ':', ' ', '\n', 'a', 'é', '€', '😀', '\u2028', '\u0000'),
  maxLength: 12,
});
const value = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    trickyString,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(trickyString, tie('json'), { maxKeys: 4 }),
  ),
})).json;
const list = fc.record({
  apiVersion: fc.constant('v1'),
  kind: fc.constantFrom('List', 'CiliumEndpointList'),
  metadata: fc.dictionary(trickyString, value, { maxKeys: 3 }),
  items: fc.array(value, { maxLength: 8 }),
});
/** A list's keys in any order (kubectl prints them sorted: apiVersion, items, kind, metadata). */
const listText = fc.tuple(list, fc.constantFrom(undefined, 2, 4, '\t'), fc.boolean()).map(([l, indent, itemsFirst]) => {
  const { items, ...rest } = l;
  return JSON.stringify(itemsFirst ? { items, ...rest } : { ...rest, items }, null, indent);
});
const cutsOf = (text: string) => fc.array(fc.integer({ min: 0, max: encoder.encode(text).length }), { maxLength: 12 });

describe('JsonListStream', () => {
  it('gives JSON.parse of the whole, for any list cut into chunks anywhere', () => {
    fc.assert(
      fc.property(
        listText.chain((text) => fc.tuple(fc.constant(text), cutsOf(text))),
        ([text, cuts]) => {
          const events = eventsOf(text, cuts);
          expect(reassemble(events)).toEqual([JSON.parse(text)]);
          // Each item is its exact text, in order, and parses to its value.
          let at = 0;
          for (const event of events) {
            if (event.type !== 'item') continue;
            at = text.indexOf(event.text, at);
            expect(at).toBeGreaterThanOrEqual(0);
            expect(JSON.parse(event.text)).toEqual(event.value);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('gives any other JSON value whole, with its exact text', () => {
    fc.assert(
      fc.property(
        value.chain((v) => {
          const text = ` ${JSON.stringify(v, null, 1)}\n`;
          return fc.tuple(fc.constant(text), cutsOf(text));
        }),
        ([text, cuts]) => {
          const events = eventsOf(text, cuts);
          expect(reassemble(events)).toEqual([JSON.parse(text)]);
          const [end] = events.filter((event) => event.type === 'end');
          if (end?.type === 'end' && end.text !== undefined) expect(end.text).toBe(text.trim());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a stream of several values, as kubectl does', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            listText,
            value.map((v) => JSON.stringify(v)),
          ),
          { maxLength: 4 },
        ),
        (texts) => {
          const text = texts.join('\n');
          expect(reassemble(eventsOf(text, [1, 7, 30]))).toEqual(texts.map((t) => JSON.parse(t)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses what JSON.parse refuses: the text with one character dropped, changed or added', () => {
    fc.assert(
      fc.property(
        listText,
        fc.nat(),
        fc.constantFrom('', '"', '{', '}', '[', ']', ',', ':', 'x', '\\', '\u0000'),
        (text, position, replacement) => {
          const at = position % text.length;
          // (Through UTF-8 and back: a surrogate cut in two becomes U+FFFD, as the bytes would carry it.)
          const broken = new TextDecoder().decode(
            encoder.encode(text.slice(0, at) + replacement + text.slice(at + (replacement === '' ? 1 : 0))),
          );
          let parsed: unknown;
          try {
            parsed = JSON.parse(broken);
          } catch {
            parsed = undefined;
          }
          let streamed: unknown[] | undefined;
          try {
            streamed = reassemble(eventsOf(broken, [at, at + 1]));
          } catch (error) {
            expect(error).toBeInstanceOf(ListStreamError);
          }
          if (parsed !== undefined) expect(streamed).toEqual([parsed]);
          // Several values are a JSON stream (`{} 5`); one value the stream accepts, JSON.parse accepts.
          if (streamed?.length === 1) expect(parsed).toEqual(streamed[0]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps the last of a repeated key, as JSON.parse does', () => {
    for (const text of [
      '{"kind":"List","items":[1,2],"items":[3]}',
      '{"kind":"List","items":[1,2],"items":null}',
      '{"kind":"List","items":null,"items":[3]}',
      '{"items":[1],"kind":"List","kind":"CiliumEndpointList","__proto__":{"x":1}}',
    ]) {
      expect(reassemble(eventsOf(text)), text).toEqual([JSON.parse(text)]);
    }
  });

  it('says where the JSON goes wrong, on the line of the input', () => {
    const error = (text: string) => {
      try {
        eventsOf(text, [5]);
      } catch (e) {
        return e as ListStreamError;
      }
      throw new Error(`no error for ${text}`);
    };
    expect(error('{\n  "items": [\n    {"kind": }\n  ]\n}\n')).toMatchObject({ kind: 'syntax', line: 3, column: 14 });
    expect(error('{\n  "items": [1,]\n}')).toMatchObject({ kind: 'syntax', line: 2, column: 15 });
    expect(error('{\n  "items": [1, 2')).toMatchObject({ kind: 'truncated' });
    expect(error('\u0000\u0000\u0000')).toMatchObject({
      kind: 'syntax',
      line: 1,
      column: 1,
      reason: 'unexpected byte 0x00: not the start of a JSON value',
    });
  });

  it('refuses one value larger than the cap, and only that', () => {
    const item = JSON.stringify({ name: 'x'.repeat(100) });
    const text = `{"kind":"List","items":[${Array(50).fill(item).join(',')}]}`;
    expect(eventsOf(text, [], item.length).filter((e) => e.type === 'item')).toHaveLength(50);
    expect(() => eventsOf(text, [], item.length - 1)).toThrow(
      expect.objectContaining({ kind: 'too-large', line: 1 }) as Error,
    );
    // A list's own fields are capped together; a value that is not a list is capped whole.
    expect(() => eventsOf(`{"items":[],"a":"${'x'.repeat(60)}","b":"${'x'.repeat(60)}"}`, [], 100)).toThrow(
      ListStreamError,
    );
    expect(() => eventsOf(`"${'x'.repeat(200)}"`, [], 100)).toThrow(ListStreamError);
  });

  it('holds no more than one item at a time: a huge list in small chunks', () => {
    const item = JSON.stringify({ metadata: { name: 'e'.repeat(1000) } });
    const stream = new JsonListStream({ streamed: ['items'], maxValueBytes: 2000 });
    let items = 0;
    const take = (events: ListStreamEvent[]) => {
      items += events.filter((e) => e.type === 'item').length;
    };
    take(stream.write(encoder.encode('{"apiVersion":"v1","items":[')));
    for (let i = 0; i < 20_000; i++) take(stream.write(encoder.encode(`${i === 0 ? '' : ','}${item}`)));
    take(stream.write(encoder.encode('],"kind":"List"}')));
    take(stream.end());
    expect(items).toBe(20_000);
  });
});
