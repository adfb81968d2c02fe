/**
 * YAML read as a stream, with list-stream.ts's events: the input is cut into documents at its `---` and
 * `...` lines, and a document that is a list in kubectl's layout (a top-level `items:` whose entries
 * start with `- ` at one indentation, as `kubectl get -o yaml` and `cilium sysdump` write it) into its
 * entries, each parsed on its own: memory follows one entry, not the list. An entry ends where a line
 * is no more indented than its `- ` (YAML allows a continuation line nowhere else), so the cut is the
 * parser's. Any other document is held whole, up to the cap, and parsed whole. Loaded only for YAML.
 */
import { RuntimeFailure } from '../model/errors.js';
import { ListStreamError, type ListStreamEvent } from './list-stream.js';
import { parseYamlDocuments } from './yaml-documents.js';

export interface YamlStreamOptions {
  /** For messages. */
  name: string;
  /** The line the input starts on. */
  line: number;
  /** The most characters held whole: one entry, one document that is not a list, a list's other fields. */
  maxBytes: number;
}

/** `---` or `...` at the start of a line, alone or followed by a space: a document boundary. */
const MARKER = /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/;
/** Lines that do not start a document's content: blank, a comment, a directive. */
const PREAMBLE = /^(?:[ \t]*(?:#[^\n]*)?|%[^\n]*)\n?$/;
/** Blank or a comment: part of whatever it is in. */
const NOTHING = /^[ \t]*(?:#[^\n]*)?\r?\n?$/;
const ITEMS = /^items:(?:[ \t]+(?:#[^\n]*)?)?\r?\n?$/;
const ENTRY = /^( *)-(?:[ \t]|\r?\n?$)/;
/** A `---` line with nothing after the marker but a comment: the content starts on a later line. */
const BARE_MARKER = /^---[ \t]*(?:#[^\n]*)?\r?\n?$/;
/**
 * A plain key at column 0: the first content line of a document that is a block mapping. A document
 * that starts otherwise (a block scalar's `|`, a sequence, a quoted or flow node, content on the `---`
 * line) is held whole, so that its text, however much it looks like `items:`, is never cut.
 */
const MAPPING_KEY = /^[^\s#\-?:,[\]{}&*!|>'"%@`][^\n]*?:(?:[ \t]|\r?\n?$)/;

interface Lines {
  texts: string[];
  size: number;
  line: number;
}

const lines = (line: number): Lines => ({ texts: [], size: 0, line });

export async function* yamlListEvents(
  chunks: AsyncIterable<Uint8Array>,
  options: YamlStreamOptions,
): AsyncGenerator<ListStreamEvent> {
  const reader = new YamlListReader(options);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for await (const chunk of chunks) yield* reader.write(decoder.decode(chunk, { stream: true }));
  yield* reader.write(decoder.decode());
  yield* reader.end();
}

class YamlListReader {
  private line: number;
  private partial: string[] = [];
  private partialSize = 0;
  private events: ListStreamEvent[] = [];
  private document = 0;

  // The document being read: whole, or cut into its head, entries and tail once `items:` shows a list.
  private whole: Lines;
  private started = false;
  private mode: 'whole' | 'seek' | 'entries' | 'tail' = 'whole';
  /** Whether the document is a block mapping, known from its first content line. */
  private shape: 'unknown' | 'mapping' | 'other' = 'unknown';
  private head: Lines;
  private tail: Lines;
  private entry: Lines | undefined;
  private indent = 0;
  private index = 0;
  /** Where `items:` and what follows it until the first entry begin in `whole`. */
  private itemsAt = 0;

  constructor(private readonly options: YamlStreamOptions) {
    this.line = options.line;
    this.whole = lines(this.line);
    this.head = lines(this.line);
    this.tail = lines(this.line);
  }

  write(text: string): ListStreamEvent[] {
    this.noNul(text);
    let from = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', from)) {
      this.partial.push(text.slice(from, newline + 1));
      from = newline + 1;
      const line = this.partial.join('');
      this.partial = [];
      this.partialSize = 0;
      this.take(line);
    }
    if (from < text.length) {
      this.partial.push(text.slice(from));
      this.partialSize += text.length - from;
      this.check(this.partialSize, this.line);
    }
    return this.events.splice(0, this.events.length);
  }

  end(): ListStreamEvent[] {
    const last = this.partial.join('');
    if (last !== '') this.take(last);
    this.endDocument();
    return this.events.splice(0, this.events.length);
  }

  /** One line, with its line break. */
  private take(text: string): void {
    const marker = MARKER.test(text.slice(0, 4));
    if (marker && text.startsWith('---') && this.started) {
      this.endDocument();
      this.whole = lines(this.line);
    }
    if (!this.started && !PREAMBLE.test(text)) this.started = true;
    if (this.shape === 'unknown' && !NOTHING.test(text) && !text.startsWith('%') && !BARE_MARKER.test(text)) {
      this.shape = MAPPING_KEY.test(text) ? 'mapping' : 'other';
    }
    switch (this.mode) {
      case 'whole':
      case 'seek':
        this.seek(text);
        break;
      case 'entries':
        this.inEntries(text);
        break;
      case 'tail':
        this.add(this.tail, text);
        this.check(this.head.size + this.tail.size, this.head.line);
    }
    this.line++;
    if (marker && text.startsWith('...')) {
      this.endDocument();
      this.whole = lines(this.line);
    }
  }

  private seek(text: string): void {
    if (this.mode === 'seek' && !NOTHING.test(text)) {
      const entry = ENTRY.exec(text);
      if (entry !== null) {
        // A list in kubectl's layout: what came before `items:` is its head, the rest goes entry by entry.
        this.mode = 'entries';
        this.indent = entry[1]?.length ?? 0;
        this.head = { texts: this.whole.texts.slice(0, this.itemsAt), size: 0, line: this.whole.line };
        this.head.size = this.head.texts.reduce((size, line) => size + line.length, 0);
        this.entry = { texts: this.whole.texts.slice(this.itemsAt + 1), size: 0, line: this.line };
        this.entry.line -= this.entry.texts.length;
        this.whole = lines(this.line);
        this.add(this.entry, text);
        return;
      }
      this.mode = 'whole';
    }
    if (this.mode === 'whole' && this.shape === 'mapping' && ITEMS.test(text)) {
      this.mode = 'seek';
      this.itemsAt = this.whole.texts.length;
    }
    this.add(this.whole, text);
    this.check(this.whole.size, this.whole.line);
  }

  private inEntries(text: string): void {
    const entry = this.entry as Lines;
    if (NOTHING.test(text) || indentOf(text) > this.indent) {
      this.add(entry, text);
      this.check(entry.size, entry.line);
      return;
    }
    this.emitEntry();
    if (ENTRY.exec(text)?.[1]?.length === this.indent) {
      this.entry = lines(this.line);
      this.add(this.entry, text);
      return;
    }
    this.mode = 'tail';
    this.tail = lines(this.line);
    this.add(this.tail, text);
  }

  private emitEntry(): void {
    const entry = this.entry;
    if (entry === undefined) return;
    this.entry = undefined;
    const text = entry.texts.join('');
    const [parsed] = parseYamlDocuments(text, this.options.name, entry.line);
    if (!Array.isArray(parsed) || parsed.length !== 1) {
      throw new RuntimeFailure(`${this.options.name}: invalid YAML at line ${entry.line}: not one list item`);
    }
    const item = { key: 'items', index: this.index++, text, value: parsed[0] };
    this.events.push({ type: 'item', document: this.document, ...item });
  }

  private endDocument(): void {
    if (this.mode === 'entries' || this.mode === 'tail') {
      this.emitEntry();
      const text = this.head.texts.join('') + this.tail.texts.join('');
      const headLines = this.head.texts.length;
      const skipped = this.tail.line - this.head.line - headLines;
      const documents = parseYamlDocuments(text, this.options.name, this.head.line, (line) =>
        line > headLines ? line + skipped : line,
      );
      const envelope = documents.find((value) => value !== null && value !== undefined) ?? {};
      if (typeof envelope === 'object' && Object.hasOwn(envelope, 'items')) {
        throw new RuntimeFailure(`${this.options.name}: invalid YAML at line ${this.tail.line}: a second items key`);
      }
      this.events.push({
        type: 'end',
        document: this.document++,
        value: envelope,
        text: undefined,
        streamed: ['items'],
      });
    } else if (this.whole.size > 0) {
      const text = this.whole.texts.join('');
      for (const value of parseYamlDocuments(text, this.options.name, this.whole.line)) {
        if (value === null || value === undefined) continue;
        this.events.push({ type: 'end', document: this.document++, value, text, streamed: [] });
      }
    }
    this.mode = 'whole';
    this.shape = 'unknown';
    this.started = false;
    this.index = 0;
    this.head = lines(this.line);
    this.tail = lines(this.line);
  }

  private add(into: Lines, text: string): void {
    into.texts.push(text);
    into.size += text.length;
  }

  private check(size: number, line: number): void {
    if (size > this.options.maxBytes) {
      throw new ListStreamError('too-large', `larger than ${this.options.maxBytes}`, line, 1);
    }
  }

  /** YAML allows no NUL, and binary data is full of them: say so at once rather than read on. */
  private noNul(text: string): void {
    const nul = text.indexOf('\0');
    if (nul < 0) return;
    const before = text.slice(0, nul);
    const lineStart = before.lastIndexOf('\n');
    const column = lineStart >= 0 ? nul - lineStart : this.partialSize + nul + 1;
    const line = this.line + (before.match(/\n/g)?.length ?? 0);
    throw new RuntimeFailure(
      `${this.options.name}: invalid YAML at line ${line}, column ${column}: a NUL character (binary data?)`,
    );
  }
}

function indentOf(text: string): number {
  let i = 0;
  while (text.charCodeAt(i) === 0x20) i++;
  return i;
}
