/**
 * A streaming reader of Kubernetes lists in JSON: what `kubectl get -o json` prints, an API server's
 * list (or Table: stream `rows`), and a JSON stream of several values one after another, as kubectl
 * reads them. Bytes go in as they arrive, in chunks cut anywhere; each element of a top-level object's
 * `items` array comes out on its own, as its exact text and its parsed value, so memory follows what the
 * caller keeps, not what was read. One pass over the bytes: linear time.
 *
 * What is held whole is capped: one element, a top-level value that is not a list, and a list's other
 * fields together. Over the cap is a `ListStreamError` of kind `too-large`, never a crash. The result is
 * JSON.parse's: a repeated key counts once, the last time (a `restart` event says that the elements of an
 * earlier array of that key no longer count).
 */
import {
  badStart,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  CR,
  Held,
  LF,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  SPACE,
  StringSkipper,
  TAB,
  ValueScan,
} from './json-value.js';
import { jsonErrorOffset } from './syntax-errors.js';

export interface ListStreamOptions {
  /** The keys of a top-level object whose array is streamed element by element. */
  streamed: readonly string[];
  /** The most bytes held whole: one element, one value that is not a list, a list's other fields. */
  maxValueBytes: number;
  /** The line the input starts on, for error positions (default 1). */
  line?: number;
}

export type ListStreamEvent =
  /** An element of the array `key` of top-level value number `document` (from 0). */
  | { type: 'item'; document: number; key: string; index: number; text: string; value: unknown }
  /** `key` came again in the same object: the elements of its earlier array no longer count. */
  | { type: 'restart'; document: number; key: string }
  /**
   * A top-level value ended. If no array was streamed, `value` is the whole value and `text` its exact
   * text; otherwise `value` is the object without the arrays named in `streamed`, and `text` undefined.
   */
  | { type: 'end'; document: number; value: unknown; text: string | undefined; streamed: readonly string[] };

export class ListStreamError extends Error {
  constructor(
    readonly kind: 'syntax' | 'too-large' | 'truncated',
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} at line ${line}, column ${column}`);
    this.name = 'ListStreamError';
  }
}

/** Where the reader is between values (inside a value, the value scanner runs instead). */
enum At {
  Top, // between top-level values
  FirstKey, // after `{`: a key or `}`
  Key, // after `,` in the object: a key
  Colon, // after a key
  MemberValue, // after `:`
  AfterMember, // after a member's value: `,` or `}`
  FirstElement, // after the `[` of a streamed array: an element or `]`
  Element, // after `,` in a streamed array
  AfterElement, // after an element: `,` or `]`
}

/** What the value being scanned is. */
enum Role {
  TopValue,
  Key,
  Member,
  Element,
}

export class JsonListStream {
  private at = At.Top;
  private document = -1;
  /** Absolute offset of the current chunk, and the line being read (for error positions). */
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  // The value being scanned, if any.
  private role: Role | undefined;
  private value: ValueScan | undefined;
  private readonly skipper = new StringSkipper();
  private readonly newLineAt = (i: number) => this.newLine(i);

  // The top-level object: its whole text until an array is streamed, and its other members.
  private whole: Held | undefined;
  private object = { line: 1, column: 1 };
  private wholeFrom = 0;
  private key = '';
  private members: Array<{ key: string; text: string }> = [];
  private membersSize = 0;
  private streamedKeys = new Set<string>();
  private arrayKey = '';
  private index = 0;

  private readonly events: ListStreamEvent[] = [];

  constructor(private readonly options: ListStreamOptions) {
    this.line = options.line ?? 1;
  }

  /** Reads one chunk; returns the events it completed. */
  write(chunk: Uint8Array): ListStreamEvent[] {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.value !== undefined) {
        const end = this.value.scan(chunk, i, this.skipper, this.newLineAt);
        if (end < 0) {
          this.checkSize(this.value.held.size, this.value.held);
          break;
        }
        this.finish();
        i = end;
        continue;
      }
      const byte = chunk[i] as number;
      if (byte === SPACE || byte === LF || byte === TAB || byte === CR) {
        if (byte === LF) this.newLine(i);
        i++;
        continue;
      }
      this.step(chunk, i, byte);
      // A value that begins here is scanned from its first byte.
      if (this.value === undefined) i++;
    }
    if (this.whole !== undefined) {
      this.whole.add(chunk.subarray(this.wholeFrom, n));
      this.wholeFrom = 0;
      this.checkSize(this.whole.size, this.whole);
    }
    this.offset += n;
    return this.take();
  }

  /** The input ended; returns the last events, or throws if the JSON did not end. */
  end(): ListStreamEvent[] {
    if (this.value?.endOfInput()) this.finish();
    if (this.value !== undefined || this.at !== At.Top) {
      throw this.error('truncated', 'the input ends before its JSON does', 0);
    }
    return this.take();
  }

  private take(): ListStreamEvent[] {
    return this.events.splice(0, this.events.length);
  }

  private newLine(i: number): void {
    this.line++;
    this.lineStart = this.offset + i + 1;
  }

  /** One structural byte between values. */
  private step(chunk: Uint8Array, i: number, byte: number): void {
    switch (this.at) {
      case At.Top:
        this.document++;
        if (byte === OPEN_BRACE) {
          this.object = { line: this.line, column: this.offset + i - this.lineStart + 1 };
          this.whole = new Held(this.object.line, this.object.column);
          this.wholeFrom = i;
          this.members = [];
          this.membersSize = 0;
          this.streamedKeys = new Set();
          this.at = At.FirstKey;
        } else {
          this.begin(chunk, i, Role.TopValue);
        }
        return;
      case At.FirstKey:
        if (byte === CLOSE_BRACE) {
          this.endObject(chunk, i);
          return;
        }
        if (byte === QUOTE) {
          this.begin(chunk, i, Role.Key);
          return;
        }
        throw this.error('syntax', 'expected a string key or "}"', i);
      case At.Key:
        if (byte === QUOTE) {
          this.begin(chunk, i, Role.Key);
          return;
        }
        throw this.error('syntax', 'expected a string key', i);
      case At.Colon:
        if (byte === COLON) {
          this.at = At.MemberValue;
          return;
        }
        throw this.error('syntax', 'expected ":" after a key', i);
      case At.MemberValue:
        if (this.streamedKeys.has(this.key)) {
          this.events.push({ type: 'restart', document: this.document, key: this.key });
          this.streamedKeys.delete(this.key);
        }
        if (byte === OPEN_BRACKET && this.options.streamed.includes(this.key)) {
          // From here the object is a list: its text is no longer kept whole, and an earlier member of
          // the same key no longer counts.
          this.whole = undefined;
          this.dropMember(this.key);
          this.streamedKeys.add(this.key);
          this.arrayKey = this.key;
          this.index = 0;
          this.at = At.FirstElement;
          return;
        }
        this.begin(chunk, i, Role.Member);
        return;
      case At.AfterMember:
        if (byte === COMMA) {
          this.at = At.Key;
          return;
        }
        if (byte === CLOSE_BRACE) {
          this.endObject(chunk, i);
          return;
        }
        throw this.error('syntax', 'expected "," or "}" after a value', i);
      case At.FirstElement:
        if (byte === CLOSE_BRACKET) {
          this.at = At.AfterMember;
          return;
        }
        this.begin(chunk, i, Role.Element);
        return;
      case At.Element:
        if (byte === CLOSE_BRACKET) throw this.error('syntax', 'expected a value after ","', i);
        this.begin(chunk, i, Role.Element);
        return;
      case At.AfterElement:
        if (byte === COMMA) {
          this.at = At.Element;
          return;
        }
        if (byte === CLOSE_BRACKET) {
          this.at = At.AfterMember;
          return;
        }
        throw this.error('syntax', 'expected "," or "]" after an element', i);
    }
  }

  /** Starts scanning a value at `chunk[i]`; the next write loop iteration scans it. */
  private begin(chunk: Uint8Array, i: number, role: Role): void {
    const bad = badStart(chunk[i] as number);
    if (bad !== undefined) throw this.error('syntax', bad, i);
    this.role = role;
    this.value = new ValueScan(chunk, i, this.line, this.offset + i - this.lineStart + 1);
  }

  /** The current value ended. */
  private finish(): void {
    const { held } = this.value as ValueScan;
    const role = this.role;
    this.checkSize(held.size, held);
    this.role = undefined;
    this.value = undefined;
    const text = held.text();
    const value = this.parse(text, held);
    switch (role) {
      case Role.TopValue:
        this.events.push({ type: 'end', document: this.document, value, text, streamed: [] });
        this.at = At.Top;
        return;
      case Role.Key:
        this.key = value as string;
        this.at = At.Colon;
        return;
      case Role.Member:
        this.dropMember(this.key);
        this.members.push({ key: this.key, text });
        this.membersSize += text.length + this.key.length;
        this.checkSize(this.membersSize, this.object);
        this.at = At.AfterMember;
        return;
      case Role.Element:
        this.events.push({
          type: 'item',
          document: this.document,
          key: this.arrayKey,
          index: this.index++,
          text,
          value,
        });
        this.at = At.AfterElement;
        return;
    }
  }

  /** The top-level object closes at `chunk[i]`. */
  private endObject(chunk: Uint8Array, i: number): void {
    this.at = At.Top;
    const whole = this.whole;
    this.whole = undefined;
    if (whole !== undefined) {
      whole.add(chunk.subarray(this.wholeFrom, i + 1));
      this.checkSize(whole.size, whole);
      const text = whole.text();
      this.events.push({ type: 'end', document: this.document, value: this.parse(text, whole), text, streamed: [] });
      return;
    }
    // JSON.parse of the members' own texts keeps its rules for `__proto__` and repeated keys.
    const text = `{${this.members.map((member) => `${JSON.stringify(member.key)}:${member.text}`).join(',')}}`;
    this.events.push({
      type: 'end',
      document: this.document,
      value: JSON.parse(text),
      text: undefined,
      streamed: [...this.streamedKeys],
    });
    this.members = [];
  }

  private dropMember(key: string): void {
    const at = this.members.findIndex((member) => member.key === key);
    if (at < 0) return;
    const [dropped] = this.members.splice(at, 1);
    if (dropped !== undefined) this.membersSize -= dropped.text.length + dropped.key.length;
  }

  private parse(text: string, held: Held): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      const offset = jsonErrorOffset(text) ?? text.length;
      const before = text.slice(0, offset);
      const lines = before.split('\n');
      const line = held.line + lines.length - 1;
      const column = lines.length === 1 ? held.column + offset : offset - before.lastIndexOf('\n');
      const reason = (error as Error).message.split('\n')[0] ?? 'invalid JSON';
      throw new ListStreamError('syntax', reason, line, column);
    }
  }

  /** Refuses a value held whole past the cap, saying where it starts. */
  private checkSize(size: number, where: { line: number; column: number }): void {
    if (size > this.options.maxValueBytes) {
      const reason = `a value larger than ${this.options.maxValueBytes} bytes`;
      throw new ListStreamError('too-large', reason, where.line, where.column);
    }
  }

  private error(kind: ListStreamError['kind'], reason: string, i: number): ListStreamError {
    return new ListStreamError(kind, reason, this.line, this.offset + i - this.lineStart + 1);
  }
}
