/**
 * Reads one input (a file or stdin) as a stream and keeps its CiliumEndpoints and CiliumIdentities:
 * JSON lists one item at a time (list-stream.ts), YAML one document at a time. Objects of other kinds
 * are dropped as they are read, so memory follows what is kept; what is kept is bounded by a documented
 * limit (limits.ts). A document's objects are kept when the document ends: a JSON list's own fields (its
 * kind, which fills in an item's missing kind) may come after its items.
 */
import {
  type Decoded,
  decodeDocument,
  decodeListEnvelope,
  decodeObject,
  emptyDecoded,
  isRecord,
  type Warn,
} from '../model/decode.js';
import { RuntimeFailure } from '../model/errors.js';
import { type KubeObject, RESOURCE_TYPES, type ResourceType, storageKey } from '../model/resources.js';
import { asUtf8 } from './encoding.js';
import type { Input } from './file-inputs.js';
import { jsonListEvents } from './json-whole.js';
import { formatSize, type InputLimits, LIMIT_VARIABLES } from './limits.js';
import { ListStreamError, type ListStreamEvent } from './list-stream.js';

/** The objects kept from every input so far, by type: the first of each key, with where it came from. */
export interface Kept {
  objects: Map<ResourceType, Map<string, { value: KubeObject; origin: () => string }>>;
  /** Bytes of text of the objects kept. */
  bytes: number;
}

/** How many objects a document has decoded. */
const count = (decoded: Decoded) => RESOURCE_TYPES.reduce((sum, type) => sum + decoded.of(type).length, 0);

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

export async function readInput(input: Input, kept: Kept, limits: InputLimits, warn: Warn): Promise<void> {
  const { first, line, chunks } = await firstByte(asUtf8(input.chunks()), input.name, limits);
  if (first === undefined) {
    throw new RuntimeFailure(
      input.stdin
        ? 'stdin was empty: nothing came through the pipe to --from - (did the command before it fail?)'
        : `${input.name} is empty; check the path given to --from`,
    );
  }
  const names = new DocumentNames(input.name, warn);
  const keep: Keep = (document, decoded, bytes) =>
    keepDocument(input.name, names, document, decoded, bytes, kept, limits);
  const json = input.format === 'json' || (input.format === 'sniff' && (first === 0x7b || first === 0x5b));
  const source = { name: input.name, chunks, line };
  if (json) await readJson(source, names, keep, limits);
  else await readYaml(source, names, keep, limits);
  names.finish();
}

/** An input from its first line that is not blank. */
interface Text {
  name: string;
  chunks: AsyncIterable<Uint8Array>;
  line: number;
}

type Keep = (document: number, decoded: Decoded, bytes: number) => void;

async function readJson({ name, chunks, line }: Text, names: DocumentNames, keep: Keep, limits: InputLimits) {
  const options = { streamed: ['items'], maxValueBytes: limits.maxObjectBytes, line };
  await decodeEvents(jsonListEvents(chunks, options), name, 'JSON', names, keep, limits);
}

async function readYaml({ name, chunks, line }: Text, names: DocumentNames, keep: Keep, limits: InputLimits) {
  const { yamlListEvents } = await import('./yaml-stream.js');
  const events = yamlListEvents(chunks, { name, line, maxBytes: limits.maxObjectBytes });
  await decodeEvents(events, name, 'YAML', names, keep, limits);
}

/** Decodes each object as it comes, and keeps a document's when the document ends. */
async function decodeEvents(
  events: AsyncIterable<ListStreamEvent>,
  name: string,
  format: 'JSON' | 'YAML',
  names: DocumentNames,
  keep: Keep,
  limits: InputLimits,
): Promise<void> {
  let decoded = emptyDecoded();
  let pending: Array<{ value: Record<string, unknown>; index: number }> = [];
  let bytes = 0;
  try {
    for await (const event of events) {
      const origin = names.begin(event.document);
      const warn = names.warner(event.document);
      if (event.type === 'item') {
        if (isRecord(event.value) && event.value.kind === undefined) {
          pending.push({ value: event.value, index: event.index });
          bytes += event.text.length;
        } else {
          const before = count(decoded);
          decodeObject(event.value, `${origin}: items[${event.index}]`, decoded, warn);
          if (count(decoded) > before) bytes += event.text.length;
        }
        checkKept(name, bytes, limits);
      } else if (event.type === 'restart') {
        decoded = emptyDecoded();
        pending = [];
        bytes = 0;
      } else {
        if (event.streamed.length === 0) {
          decodeDocument(event.value, origin, decoded, warn);
          bytes += event.text?.length ?? 0;
        } else {
          const list = decodeListEnvelope(event.value as Record<string, unknown>, origin, warn);
          if (!list.counts) decoded = emptyDecoded();
          for (const { value, index } of list.counts ? pending : []) {
            decodeObject(value, `${origin}: items[${index}]`, decoded, warn, list.itemKind);
          }
        }
        keep(event.document, decoded, bytes);
        decoded = emptyDecoded();
        pending = [];
        bytes = 0;
      }
    }
  } catch (error) {
    if (!(error instanceof ListStreamError)) throw error;
    if (error.kind === 'too-large') throw objectTooLarge(name, error.line, limits);
    const reason = error.kind === 'truncated' ? `it ends before its ${format} does` : error.reason;
    throw new RuntimeFailure(`${name}: invalid ${format} at line ${error.line}, column ${error.column}: ${reason}`);
  }
}

function keepDocument(
  name: string,
  names: DocumentNames,
  document: number,
  decoded: Decoded,
  bytes: number,
  kept: Kept,
  limits: InputLimits,
): void {
  if (count(decoded) === 0) return;
  kept.bytes += bytes;
  checkKept(name, kept.bytes, limits);
  const origin = () => names.label(document);
  const warn = names.lazyWarner(document);
  for (const [type, seen] of kept.objects) {
    for (const value of decoded.of(type)) {
      const key = storageKey(type, value);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, { value, origin });
      else warn(() => `${origin()}: ${type.kind} ${key} was already read from ${first.origin()}; keeping that one`);
    }
  }
}

function checkKept(name: string, bytes: number, limits: InputLimits): void {
  if (bytes <= limits.maxKeptBytes) return;
  throw new RuntimeFailure(
    `${name}: the endpoints and identities read from files take more than ${formatSize(limits.maxKeptBytes)} (${LIMIT_VARIABLES.maxKeptBytes}); raise it, with more memory for Node.js (NODE_OPTIONS=--max-old-space-size=MB), or read fewer files`,
  );
}

function objectTooLarge(name: string, line: number, limits: InputLimits): RuntimeFailure {
  return new RuntimeFailure(
    `${name}: the object at line ${line} is larger than ${formatSize(limits.maxObjectBytes)}, the most one object may take (${LIMIT_VARIABLES.maxObjectBytes}); is this the right file?`,
  );
}

/**
 * How documents are named in messages: `FILE` when the input holds one, `FILE: document N` when it holds
 * several. Which is known only once a second document begins, so the first document's warnings wait
 * until then (or the end of the input).
 */
class DocumentNames {
  private documents = 0;
  private waiting: Array<() => string> = [];

  constructor(
    private readonly name: string,
    private readonly warn: Warn,
  ) {}

  /** Document `n` is being read; returns its name as known so far. */
  begin(n: number): string {
    if (n >= this.documents) this.documents = n + 1;
    if (this.documents > 1) this.flush();
    return n === 0 ? this.name : this.label(n);
  }

  label(n: number): string {
    return this.documents > 1 ? `${this.name}: document ${n + 1}` : this.name;
  }

  /** A warner for document `n`: its messages start with the name `begin` gave. */
  warner(n: number): Warn {
    const lazy = this.lazyWarner(n);
    // A message of the first document starts with the bare name: relabel it when it is written.
    return (message) => lazy(() => (n === 0 ? this.label(0) + message.slice(this.name.length) : message));
  }

  lazyWarner(n: number): (message: () => string) => void {
    return (message) => {
      if (n === 0 && this.documents <= 1) this.waiting.push(message);
      else this.warn(message());
    };
  }

  finish(): void {
    this.flush();
  }

  private flush(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const message of waiting) this.warn(message());
  }
}

/**
 * The first byte that is not whitespace, the line it is on, and the input from the start of that line:
 * the blank lines before it are skipped (a blank input holds nothing), and only counted.
 */
async function firstByte(
  chunks: AsyncIterable<Uint8Array>,
  name: string,
  limits: InputLimits,
): Promise<{ first: number | undefined; line: number; chunks: AsyncIterable<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  let line = 1;
  let blank: Uint8Array[] = [];
  let blankBytes = 0;
  let first: number | undefined;
  let rest: Uint8Array | undefined;
  while (first === undefined) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = next.value;
    const at = chunk.findIndex((byte) => !WHITESPACE.has(byte));
    const end = at < 0 ? chunk.length : at;
    const lastNewline = chunk.subarray(0, end).lastIndexOf(0x0a);
    for (let i = 0; i < end; i++) if (chunk[i] === 0x0a) line++;
    if (lastNewline >= 0) {
      blank = [];
      blankBytes = 0;
    }
    blank.push(chunk.subarray(lastNewline + 1, end));
    blankBytes += end - lastNewline - 1;
    if (blankBytes > limits.maxObjectBytes) throw objectTooLarge(name, line, limits);
    if (at >= 0) {
      first = chunk[at];
      rest = chunk.subarray(at);
    }
  }
  async function* all(): AsyncGenerator<Uint8Array> {
    yield* blank;
    if (rest !== undefined) yield rest;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { first, line, chunks: all() };
}
