/**
 * A small JSON input parsed whole by JSON.parse, natively, instead of value by value by the streaming
 * reader (list-stream.ts), with the same answer: the same events, or none where the two could differ
 * (a list key that may come twice, more than one value, not JSON), and the streaming reader then
 * reads it, for its exact answer and error position. An API server's page of 500 table rows and a
 * small file (the demo's) are read this way.
 */
import { Buffer } from 'node:buffer';
import { isRecord } from '../model/decode.js';
import { JsonListStream, type ListStreamEvent, type ListStreamOptions } from './list-stream.js';

/**
 * An input of up to this many bytes may be held whole and parsed at once; a larger one is read as it
 * arrives. 500 rows of CiliumEndpoints' table are about 360 KB; 500 whole endpoints (-o json, who-shares)
 * about 700 KB, and those parsed at once kept some 20 MB more memory in use at 100,000 endpoints.
 */
export const WHOLE_JSON_BYTES = 512 * 1024;

/**
 * Whether a text may hold one of `keys` twice: written more than once, or written with an escaped
 * letter (never in what an API server or kubectl writes: Go escapes no letter).
 */
function mayRepeatListKey(text: string, keys: readonly string[]): boolean {
  for (const key of keys) {
    const quoted = `"${key}"`;
    const at = text.indexOf(quoted);
    if (at >= 0 && text.indexOf(quoted, at + 1) >= 0) return true;
  }
  // Go escapes `<`, `>` and `&` (\u003c...) everywhere: the precise search runs only where a \u006X or \u007X is.
  return (text.includes('\\u006') || text.includes('\\u007')) && ESCAPED_KEY_LETTER.test(text);
}

/** `\u00XX` for a lowercase letter (a to z): the letters of any list key. */
const ESCAPED_KEY_LETTER = /\\u00(?:6[1-9a-fA-F]|7[0-9aA])/;

/**
 * `text` parsed by JSON.parse, with those of `keys` that hold an array in it (in the text's order, as
 * the streaming reader meets them); undefined where JSON.parse could read it otherwise than the
 * streaming reader, which should then read it.
 */
export function parseWhole(text: string, keys: readonly string[]): { value: unknown; lists: string[] } | undefined {
  if (mayRepeatListKey(text, keys)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const lists = isRecord(value)
    ? Object.keys(value).filter((key) => keys.includes(key) && Array.isArray(value[key]))
    : [];
  return { value, lists };
}

/**
 * The events the streaming reader gives for `text` with `streamed` keys, or undefined where it should
 * read it. An element's `text` is its JSON.stringify (the input's own spacing is not kept).
 */
export function wholeJsonEvents(text: string, streamed: readonly string[]): ListStreamEvent[] | undefined {
  const parsed = parseWhole(text, streamed);
  if (parsed === undefined) return undefined;
  const { value, lists } = parsed;
  if (!isRecord(value) || lists.length === 0) return [{ type: 'end', document: 0, value, text, streamed: [] }];
  const events: ListStreamEvent[] = [];
  const rest = { ...value };
  for (const key of lists) {
    (value[key] as unknown[]).forEach((element, index) => {
      events.push({ type: 'item', document: 0, key, index, text: JSON.stringify(element), value: element });
    });
    delete rest[key];
  }
  events.push({ type: 'end', document: 0, value: rest, text: undefined, streamed: lists });
  return events;
}

/** The events of a whole input that arrives as chunks. */
export async function* jsonListEvents(
  chunks: AsyncIterable<Uint8Array>,
  options: ListStreamOptions,
): AsyncGenerator<ListStreamEvent> {
  const stream = new JsonListStream(options);
  // A small input is held, and parsed whole where JSON.parse gives the same events; one no larger than
  // the cap on a value cannot hold a value over it.
  const most = Math.min(WHOLE_JSON_BYTES, options.maxValueBytes);
  let held: Uint8Array[] | undefined = [];
  let heldBytes = 0;
  for await (const chunk of chunks) {
    if (held !== undefined && heldBytes + chunk.length <= most) {
      held.push(chunk);
      heldBytes += chunk.length;
      continue;
    }
    for (const before of held ?? []) yield* stream.write(before);
    held = undefined;
    yield* stream.write(chunk);
  }
  if (held !== undefined) {
    const whole = wholeJsonEvents(Buffer.concat(held).toString('utf8'), options.streamed);
    if (whole !== undefined) {
      yield* whole;
      return;
    }
    for (const before of held) yield* stream.write(before);
  }
  yield* stream.end();
}
