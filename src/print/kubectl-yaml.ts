/**
 * kubectl's `-o yaml` (cli-runtime `printers/yaml.go`): sigs.k8s.io/yaml marshals the object to JSON,
 * reads that JSON back with go-yaml v2 (so whole numbers become ints, other numbers float64) and writes
 * it with go-yaml v2's encoder and libyaml-derived emitter (best width 80, indent 2, unicode on). This is
 * a port of the parts of `encode.go` and `emitterc.go` that JSON data reaches (`resolve.go`'s and
 * `sorter.go`'s rules are in kube/go-yaml.ts):
 *
 * - map keys in go-yaml's natural order (letters after other characters, digit runs by value);
 * - block mappings and sequences; a sequence under a mapping key is not indented; empty ones are `{}`, `[]`;
 * - strings plain when plain YAML would read them back as the same string, else double-quoted (`"yes"`,
 *   `"1.0"`, `"2023-08-08T07:00:00Z"`, `""`); single-quoted when only an indicator or spacing rules out
 *   plain (`'- x'`, `'a: b'`, `' x'`); literal `|` blocks for strings with a newline, double-quoted when a
 *   block cannot hold them (trailing space, control characters, characters outside the BMP);
 * - plain and quoted scalars folded at the first single space past column 80; keys never are;
 * - keys longer than 128 bytes or holding a line break as complex keys (`? key` / `: value`);
 * - numbers: JSON integers within int64/uint64 as written, others as Go's FormatFloat(f, 'g', -1, 64).
 */

import { compareBytes } from '../kube/go-order.js';
import { canBePlain, compareKeys, INT64_MIN, UINT64_MAX } from '../kube/go-yaml.js';

const BEST_WIDTH = 80;
const BEST_INDENT = 2;
const SPACE = 0x20;
const NEL = '\u0085';
const BOM = 0xfeff;
const LF = 0x0a;

/** The text `kubectl get -o yaml` prints for value (plain JSON data), trailing newline included. */
/** sigs.k8s.io/yaml's refusal of the data (kubectl prints it after `error: `). */
export class YamlError extends Error {
  override name = 'YamlError';
}

export function kubectlYaml(value: unknown): string {
  const emitter = new Emitter(() => readBackError(value));
  emitter.node(value, false);
  emitter.writeIndent(); // the document end: ends the last line
  return emitter.text();
}

type Style = 'plain' | 'single' | 'double' | 'literal';

/** How go-yaml writes a string. */
interface Scalar {
  style: Style;
  /** The string as go-yaml read it back from the JSON text. */
  value: string;
  /** Its rendering on one line, when that does not depend on where it starts (no line break in it). */
  line: string | undefined;
  /** As a mapping key, written `key: value` (at most 128 bytes, one line), not `? key` and `: value`. */
  simpleKey: boolean;
  /** As a key, go-yaml cannot read it back from a JSON flow mapping: it spans a line, or passes 1024 characters. */
  unreadableKey: boolean;
}

/** The emitter's state, as in libyaml: output column, indentation stack, and what was written last. */
class Emitter {
  /** Output in flushed chunks, and the chunk being written (as go-yaml's emitter buffers its output). */
  private readonly chunks: string[] = [];
  private chunk = '';
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  /** The last character written is whitespace (or nothing is written yet on this line). */
  private whitespace = true;
  /** Only indentation is written on this line so far. */
  private indention = true;
  /** describe's results: objects repeat most of their strings (null: go-yaml cannot read the string back). */
  private readonly scalars = new Map<string, Scalar | null>();

  /** unreadable: the error for a value whose JSON text go-yaml cannot read back, thrown as soon as one is met. */
  constructor(private readonly unreadable: () => Error) {}

  node(value: unknown, mappingContext: boolean): void {
    if (Array.isArray(value)) {
      if (value.length === 0) this.emptyCollection('[', ']');
      else this.sequence(value, mappingContext);
    } else if (typeof value === 'object' && value !== null) {
      const object = value as Record<string, unknown>;
      const keys = Object.keys(object).filter((key) => object[key] !== undefined);
      if (keys.length === 0) this.emptyCollection('{', '}');
      else this.mapping(object, keys.sort(compareKeys));
    } else if (typeof value === 'string') {
      this.string(this.scalar(value), false);
    } else {
      this.increaseIndent(true, false);
      this.writeLine(scalarText(value));
      this.popIndent();
    }
  }

  text(): string {
    this.flush();
    return this.chunks.join('');
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    if (this.column < indent) this.put(spaces(indent - this.column));
    this.whitespace = true;
    this.indention = true;
  }

  private sequence(items: readonly unknown[], mappingContext: boolean): void {
    this.increaseIndent(false, mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item ?? null, false);
    }
    this.popIndent();
  }

  private mapping(object: Record<string, unknown>, keys: readonly string[]): void {
    this.increaseIndent(false, false);
    for (const key of keys) {
      const scalar = this.scalar(key);
      if (scalar.unreadableKey) throw this.unreadable();
      this.writeIndent();
      if (scalar.simpleKey) {
        this.string(scalar, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.string(scalar, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(object[key], true);
    }
    this.popIndent();
  }

  private emptyCollection(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  private scalar(json: string): Scalar {
    if (isSafePlain(json) && canBePlain(json)) return plainScalar(json);
    let scalar = this.scalars.get(json);
    if (scalar === undefined) {
      if (this.scalars.size >= 100_000) this.scalars.clear();
      scalar = CONTROL.test(json) ? null : describe(json);
      this.scalars.set(json, scalar);
    }
    if (!scalar) throw this.unreadable();
    return scalar;
  }

  /** A simple key is never folded; other scalars only when they may reach past column 80. */
  private string({ style, value, line }: Scalar, simpleKey: boolean): void {
    this.increaseIndent(true, false);
    if (line !== undefined && (simpleKey || this.column + line.length <= BEST_WIDTH)) this.writeLine(line);
    else if (style === 'plain') this.writePlain(value);
    else if (style === 'single') this.writeSingleQuoted(codePoints(value));
    else if (style === 'double') this.writeDoubleQuoted(codePoints(value));
    else this.writeLiteral(codePoints(value));
    this.popIndent();
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() as number;
  }

  private writeLine(line: string): void {
    if (!this.whitespace) this.put(' ');
    this.put(line);
    this.whitespace = false;
    this.indention = false;
  }

  /** Plain scalars hold no line breaks (analyze rules them out), and every character is in the BMP. */
  private writePlain(value: string): void {
    if (!this.whitespace) this.put(' ');
    const words = value.split(' ');
    this.put(words[0] as string);
    for (let i = 1; i < words.length; i++) {
      const word = words[i] as string;
      if (word !== '' && words[i - 1] !== '' && this.column > BEST_WIDTH) this.writeIndent();
      else this.put(' ');
      this.put(word);
    }
    this.whitespace = false;
    this.indention = false;
  }

  /** Single-quoted scalars hold only BMP characters; their only line breaks are U+2028 and U+2029. */
  private writeSingleQuoted(chars: readonly number[]): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    chars.forEach((char, i) => {
      if (char === SPACE) {
        const fold = !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1;
        if (fold && chars[i + 1] !== SPACE) this.writeIndent();
        else this.put(' ');
        spaces = true;
      } else if (isBreak(char)) {
        this.writeBreak(char);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(char === 0x27 ? "''" : String.fromCodePoint(char));
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    });
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(chars: readonly number[]): void {
    this.writeIndicator('"', true, false, false);
    const escapeAll = chars[0] === BOM;
    let spaces = false;
    chars.forEach((char, i) => {
      if (escapeAll || isEscaped(char)) {
        this.put(escapeChar(char));
        spaces = false;
      } else if (char === SPACE) {
        if (!spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === SPACE) this.put('\\');
        } else {
          this.put(' ');
        }
        spaces = true;
      } else {
        this.put(String.fromCodePoint(char));
        spaces = false;
      }
    });
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(chars: readonly number[]): void {
    this.writeIndicator('|', true, false, false);
    if (chars[0] === SPACE || isBreak(chars[0] as number))
      this.writeIndicator(String(BEST_INDENT), false, false, false);
    const last = chars.length - 1;
    if (!isBreak(chars[last] as number)) this.writeIndicator('-', false, false, false);
    else if (last === 0 || isBreak(chars[last - 1] as number)) this.writeIndicator('+', false, false, false);
    this.putBreak();
    this.whitespace = true;
    let breaks = true;
    for (const char of chars) {
      if (isBreak(char)) {
        this.writeBreak(char);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(String.fromCodePoint(char));
        this.indention = false;
        breaks = false;
      }
    }
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean) {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  /** LF ends the output line; the other breaks (U+2028, U+2029) are written as they are but count as one. */
  private writeBreak(char: number): void {
    if (char === LF) {
      this.putBreak();
    } else {
      this.put(String.fromCodePoint(char));
      this.column = 0;
      this.indention = true;
    }
  }

  private putBreak(): void {
    this.chunk += '\n';
    this.column = 0;
    this.indention = true;
    if (this.chunk.length > 8192) this.flush();
  }

  private flush(): void {
    this.chunk.charCodeAt(0); // makes V8 flatten the concatenation while its pieces are young: far less GC work
    this.chunks.push(this.chunk);
    this.chunk = '';
  }

  /** Appends text of BMP characters (all that is written unescaped: go-yaml escapes the others). */
  private put(text: string): void {
    this.chunk += text;
    this.column += text.length;
  }
}

/** How go-yaml writes the string json held, which it read back from the JSON text. */
function describe(json: string): Scalar {
  const value = foldNextLines(json);
  const style = selectStyle(value);
  let line: string | undefined;
  if (style === 'plain') line = value;
  else if (style === 'double') line = `"${doubleQuotedText(value)}"`;
  else if (style === 'single' && !LINE_BREAK.test(value)) line = `'${value.replaceAll("'", "''")}'`;
  return {
    style,
    value,
    line,
    simpleKey: Buffer.byteLength(value) <= 128 && !LINE_BREAK.test(value),
    unreadableKey: json.includes(NEL) || tooLongForKey(json),
  };
}

/** describe for a string isSafePlain and canBePlain (most of them): printable ASCII, written as it is. */
const plainScalar = (value: string): Scalar => ({
  style: 'plain',
  value,
  line: value,
  simpleKey: value.length <= 128,
  unreadableKey: tooLongForKey(value),
});

/** What encode.go's stringv asks for, downgraded as yaml_emitter_select_scalar_style does. */
function selectStyle(value: string): Style {
  const scalar = analyze(value);
  if (value.includes('\n')) return scalar.blockAllowed ? 'literal' : 'double';
  if (!canBePlain(value)) return 'double';
  if (scalar.blockPlainAllowed) return 'plain';
  return scalar.singleQuotedAllowed ? 'single' : 'double';
}

interface Analysis {
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar, for block context (the emitter is never inside a non-empty flow collection). */
function analyze(value: string): Analysis {
  const chars = codePoints(value);
  let indicators = value.startsWith('---') || value.startsWith('...');
  let special = false;
  let lineBreaks = false;
  let spaceBreak = false;
  let breakSpace = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  chars.forEach((char, i) => {
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === SPACE || next === 0x09;
    const c = String.fromCodePoint(char);
    if (i === 0) {
      indicators ||= '#,[]{}&*!|>\'"%@`'.includes(c) || ('?:-'.includes(c) && followedByWhitespace);
    } else {
      indicators ||= (c === ':' && followedByWhitespace) || (c === '#' && precededByWhitespace);
    }
    special ||= !isPrintable(char);
    if (char === SPACE) {
      breakSpace ||= previousBreak;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(char)) {
      lineBreaks = true;
      spaceBreak ||= previousSpace;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = char === SPACE || char === 0x09 || char === 0 || isBreak(char);
  });
  const first = chars[0];
  const last = chars[chars.length - 1];
  const edgeSpace = first === SPACE || last === SPACE;
  const edgeBreak = first !== undefined && (isBreak(first) || isBreak(last as number));
  return {
    blockPlainAllowed: !(edgeSpace || edgeBreak || breakSpace || spaceBreak || special || lineBreaks || indicators),
    singleQuotedAllowed: !(breakSpace || spaceBreak || special),
    blockAllowed: value !== '' && !(last === SPACE || spaceBreak || special),
  };
}

const SPACES = Array.from({ length: 64 }, (_, n) => ' '.repeat(n));
const spaces = (n: number): string => SPACES[n] ?? ' '.repeat(n);

const codePoints = (value: string): number[] => Array.from(value, (char) => char.codePointAt(0) as number);

const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/;

/** Printable ASCII, no space, no indicator first, no `:` last: plain, unless it reads back as another type. */
const isSafePlain = (value: string): boolean => /^[0-9A-Za-z][!-~]*$/.test(value) && !value.endsWith(':');

/** libyaml's is_printable on the UTF-8 encoding: characters beyond U+FFFF are not. */
const isPrintable = (char: number): boolean =>
  char === LF ||
  (char >= 0x20 && char <= 0x7e) ||
  (char >= 0xa0 && char <= 0xd7ff) ||
  (char >= 0xe000 && char <= 0xfffd && char !== 0xfeff);

const isBreak = (char: number): boolean =>
  char === LF || char === 0x0d || char === 0x85 || char === 0x2028 || char === 0x2029;

/** Escaped in double quotes: what is not printable, line breaks, the double quote and the backslash. */
const isEscaped = (char: number): boolean => !isPrintable(char) || isBreak(char) || char === 0x22 || char === 0x5c;

/** go-yaml's is_bom looks at the scalar's first character, not the current one: a leading U+FEFF escapes all. */
const doubleQuotedText = (value: string): string =>
  Array.from(value, (char) => {
    const code = char.codePointAt(0) as number;
    return value[0] === '\ufeff' || isEscaped(code) ? escapeChar(code) : char;
  }).join('');

const SHORT_ESCAPES: Record<number, string> = {
  0: '0',
  7: 'a',
  8: 'b',
  9: 't',
  10: 'n',
  11: 'v',
  12: 'f',
  13: 'r',
  27: 'e',
  34: '"',
  92: '\\',
  133: 'N',
  160: '_',
  8232: 'L',
  8233: 'P',
};

function escapeChar(char: number): string {
  const short = SHORT_ESCAPES[char];
  if (short !== undefined) return `\\${short}`;
  const hex = char.toString(16).toUpperCase();
  if (char <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  return char <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
}

/** Booleans, null and numbers, as go-yaml writes what it read from the JSON text. */
function scalarText(value: unknown): string {
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'null';
  const json = String(value);
  if (
    Number.isSafeInteger(value) ||
    (/^-?\d+$/.test(json) && BigInt(json) >= INT64_MIN && BigInt(json) <= UINT64_MAX)
  ) {
    return json;
  }
  // strconv.FormatFloat(f, 'g', -1, 64): %e when the exponent is below -4 or at least 6 (eprec for shortest).
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 6) return json;
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Reading the JSON text back (go-yaml's scanner, as JSONToYAML does)
// ---------------------------------------------------------------------------------------------

/** Characters go-yaml's reader rejects; Go's JSON writes them raw (DEL, C1 controls but NEL, U+FFFE, U+FFFF). */
const CONTROL = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

/**
 * Go's JSON writes NEL raw, and in a double-quoted YAML scalar a NEL is a line break: spaces around a run
 * of them vanish, and the run folds to one space, or to one newline fewer than it holds.
 */
function foldNextLines(value: string): string {
  if (!value.includes(NEL)) return value;
  return value.replace(/ *\u0085[ \u0085]*/g, (run) => {
    const breaks = run.split(NEL).length - 1;
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  });
}

/** Characters in a key's JSON text, quotes included, as Go writes it (`<`, `>`, `&`, U+2028/9 as \uXXXX). */
const jsonLength = (key: string): number =>
  codePoints(JSON.stringify(key)).length + 5 * (key.match(/[<>&\u2028\u2029]/g)?.length ?? 0);

/** go-yaml drops a possible simple key 1024 characters after its start; a JSON character is at most 6. */
const tooLongForKey = (key: string): boolean => key.length > 170 && jsonLength(key) > 1024;

/**
 * The error sigs.k8s.io/yaml returns when go-yaml cannot read the compact JSON (keys in Go's order): a
 * rejected character anywhere, or a key that cannot be a simple key of a flow mapping because it spans a
 * line (holds a NEL) or is over 1024 characters. Parser errors name the (0-based) line of the `:`.
 */
function readBackError(root: unknown): YamlError {
  let lines = 0;
  const scan = (text: string): YamlError | undefined => {
    if (CONTROL.test(text)) return new YamlError('yaml: control characters are not allowed');
    lines += text.split(NEL).length - 1;
    return undefined;
  };
  const visit = (value: unknown): YamlError | undefined => {
    if (typeof value === 'string') return scan(value);
    if (typeof value !== 'object' || value === null) return undefined;
    if (Array.isArray(value))
      return value.reduce<YamlError | undefined>((error, item) => error ?? visit(item), undefined);
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object).sort(compareBytes)) {
      if (object[key] === undefined) continue;
      const error = scan(key);
      if (error) return error;
      if (key.includes(NEL) || tooLongForKey(key)) {
        return new YamlError(`yaml: ${lines > 0 ? `line ${lines}: ` : ''}did not find expected ',' or '}'`);
      }
      const inValue = visit(object[key]);
      if (inValue) return inValue;
    }
    return undefined;
  };
  return visit(root) as YamlError;
}
