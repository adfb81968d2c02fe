/**
 * One JSON value scanned to its end as its bytes arrive, without parsing it: strings and nesting are
 * followed so that a quote, bracket or comma inside a string does not end it. Its bytes are held as views
 * of the chunks they arrived in until it ends; JSON.parse of its text then checks it (list-stream.ts).
 */
import { Buffer } from 'node:buffer';

export const SPACE = 0x20;
export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
/** How a number, `true`, `false` or `null` starts. */
const SCALAR_START = /[-0-9tfn]/;

/** The bytes of one value, kept as views of the chunks they arrived in until the value ends. */
export class Held {
  pieces: Uint8Array[] = [];
  size = 0;
  constructor(
    readonly line: number,
    readonly column: number,
  ) {}
  add(piece: Uint8Array): void {
    if (piece.length === 0) return;
    this.pieces.push(piece);
    this.size += piece.length;
  }
  text(): string {
    const [only] = this.pieces;
    const bytes =
      this.pieces.length === 1 && only !== undefined
        ? Buffer.from(only.buffer, only.byteOffset, only.length)
        : Buffer.concat(this.pieces, this.size);
    return bytes.toString('utf8');
  }
}

/**
 * Where the next quote or backslash is in the chunk being read: one search per occurrence, shared by the
 * values of a chunk, so that skipping through strings stays linear.
 */
export class StringSkipper {
  private chunk: Uint8Array | undefined;
  private quote = -1;
  private backslash = -1;

  /** The offset of the next quote or backslash in `chunk` from `from`, or the chunk's length. */
  next(chunk: Uint8Array, from: number): number {
    if (chunk !== this.chunk) {
      this.chunk = chunk;
      this.quote = -1;
      this.backslash = -1;
    }
    if (this.quote < from) this.quote = found(chunk.indexOf(QUOTE, from), chunk);
    if (this.backslash < from) this.backslash = found(chunk.indexOf(BACKSLASH, from), chunk);
    return Math.min(this.quote, this.backslash);
  }
}

const found = (at: number, chunk: Uint8Array) => (at < 0 ? chunk.length : at);

/** Why `byte` cannot start a value, or undefined if it can. */
export function badStart(byte: number): string | undefined {
  if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET || byte === COMMA || byte === COLON) {
    return `unexpected "${String.fromCharCode(byte)}"`;
  }
  if (byte === OPEN_BRACE || byte === OPEN_BRACKET || byte === QUOTE || SCALAR_START.test(String.fromCharCode(byte))) {
    return undefined;
  }
  const shown =
    byte > 0x20 && byte < 0x7f ? `"${String.fromCharCode(byte)}"` : `byte 0x${byte.toString(16).padStart(2, '0')}`;
  return `unexpected ${shown}: not the start of a JSON value`;
}

export class ValueScan {
  readonly held: Held;
  /** A number, `true`, `false` or `null`: it ends at the first byte that cannot be in it. */
  readonly scalar: boolean;
  private from: number;
  private depth = 0;
  private inString = false;
  private escaped = false;

  /** A value that starts at `chunk[i]` (see `badStart`), on `line` at `column`. */
  constructor(chunk: Uint8Array, i: number, line: number, column: number) {
    const byte = chunk[i];
    this.held = new Held(line, column);
    this.from = i;
    this.scalar = byte !== OPEN_BRACE && byte !== OPEN_BRACKET && byte !== QUOTE;
  }

  /**
   * Scans `chunk` from `i`: returns the offset just past the value if it ends in this chunk, else -1 (the
   * rest of the chunk is held). `newLine(i)` is told of each line break outside strings.
   */
  scan(chunk: Uint8Array, i: number, skipper: StringSkipper, newLine: (i: number) => void): number {
    const n = chunk.length;
    if (this.scalar) {
      for (; i < n; i++) {
        const byte = chunk[i] as number;
        const ends =
          byte === SPACE ||
          byte === LF ||
          byte === TAB ||
          byte === CR ||
          byte === COMMA ||
          byte === CLOSE_BRACKET ||
          byte === CLOSE_BRACE;
        if (ends) return this.end(chunk, i);
      }
      return this.rest(chunk);
    }
    let { depth, inString, escaped } = this;
    for (; i < n; i++) {
      const byte = chunk[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) {
          inString = false;
          if (depth === 0) return this.end(chunk, i + 1);
        } else {
          // Most of a list is strings: skip to the next quote or backslash (a line break in a string is
          // not JSON, and the value's own parse says where it is).
          i = skipper.next(chunk, i) - 1;
        }
      } else if (byte === QUOTE) inString = true;
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return this.end(chunk, i + 1);
      } else if (byte === LF) newLine(i);
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return this.rest(chunk);
  }

  /** The input ended: a scalar ends with it, anything else is cut off. */
  endOfInput(): boolean {
    return this.scalar;
  }

  private end(chunk: Uint8Array, end: number): number {
    this.held.add(chunk.subarray(this.from, end));
    return end;
  }

  private rest(chunk: Uint8Array): number {
    this.held.add(chunk.subarray(this.from));
    this.from = 0;
    return -1;
  }
}
