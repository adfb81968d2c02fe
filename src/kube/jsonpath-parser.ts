/**
 * The parser of client-go `util/jsonpath` (parser.go, as in kubectl 1.32): a template's text to its
 * nodes, with the parser's own error messages. jsonpath.ts evaluates the nodes.
 */
import { isPrint } from './go-quote.js';

/** A parse or execution error; the message is the line kubectl prints after `error: `. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

export type Param = { known: boolean; value: number; derived: boolean };
export type ListNode = { type: 'list'; nodes: Node[] };
export type Node =
  | ListNode
  | { type: 'text'; text: string }
  | { type: 'field'; name: string }
  | { type: 'array'; params: readonly [Param, Param, Param] }
  | { type: 'filter'; left: ListNode; right: ListNode; operator: string }
  | { type: 'int' | 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' | 'recursive' }
  | { type: 'union'; lists: ListNode[] }
  | { type: 'identifier'; name: string };

const EOF = '';
const utf8 = new TextEncoder();
const SLICE = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/;
const DICT_KEY = /^'([^']*)'$/;
const COMPARISON = /^([^!<>=]+)([!<>=]+)([^\n]+?)$/;
const INT = /^[+-]?[0-9]+$/;
const FLOAT = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/;

const isDigit = (r: string): boolean => /^\p{Nd}$/u.test(r);
const isAlphaNumeric = (r: string): boolean => r === '_' || /^[\p{L}\p{Nd}]$/u.test(r);
const isTerminator = (r: string): boolean => r === EOF || ' \t\r\n.,[]$@{}'.includes(r);

export class Parser {
  private pos = 0;
  private start = 0;
  private width = 0;

  constructor(private readonly input: string) {}

  /** parseText: literal text and `{actions}` until the end. */
  parse(): Node[] {
    const root: Node[] = [];
    for (;;) {
      const brace = this.input.indexOf('{', this.pos);
      const end = brace < 0 ? this.input.length : brace;
      if (end > this.pos) root.push({ type: 'text', text: this.input.slice(this.pos, end) });
      if (brace < 0) return root;
      this.pos = this.start = brace + 1;
      const action: ListNode = { type: 'list', nodes: [] };
      root.push(action);
      this.parseInsideAction(action);
    }
  }

  /** Everything between `{` and `}`; returns after consuming the `}`. */
  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      if (this.input.startsWith('}', this.pos)) {
        this.pos++;
        this.consumeText();
        return;
      }
      if (this.input.startsWith('[?(', this.pos)) this.parseFilter(cur);
      else if (this.input.startsWith('..', this.pos)) this.parseRecursive(cur);
      else {
        const r = this.next();
        if (r === EOF || r === '\r' || r === '\n') throw new TemplateError('unclosed action');
        if (r === ' ' || r === '@' || r === '$') this.consumeText();
        else if (r === '[') this.parseArray(cur);
        else if (r === '"' || r === "'") this.parseQuote(cur, r);
        else if (r === '.') this.parseField(cur);
        else if (r === '+' || r === '-' || isDigit(r)) this.parseNumber(cur);
        else if (isAlphaNumeric(r)) this.parseIdentifier(cur);
        else throw new TemplateError(`unrecognized character in action: ${goUnicode(r)}`);
      }
    }
  }

  private next(): string {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = String.fromCodePoint(this.input.codePointAt(this.pos) as number);
    this.width = r.length;
    this.pos += r.length;
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private peek(): string {
    const r = this.next();
    this.backup();
    return r;
  }

  private consumeText(): string {
    const text = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return text;
  }

  /** The character before the one just read is not a backslash. */
  private unescaped(): boolean {
    return this.input[this.pos - 2] !== '\\';
  }

  /** Keywords (`range`, `end`, anything else fails at execution) and `true`/`false`. */
  private parseIdentifier(cur: ListNode): void {
    this.backup();
    while (!isTerminator(this.next()));
    this.backup();
    const value = this.consumeText();
    cur.nodes.push(
      value === 'true' || value === 'false'
        ? { type: 'bool', value: value === 'true' }
        : { type: 'identifier', name: value },
    );
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes.at(-1)?.type === 'recursive') throw new TemplateError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    this.backup();
    const sign = this.peek();
    if (sign === '+' || sign === '-') this.next();
    for (let r = this.next(); r === '.' || isDigit(r); r = this.next());
    this.backup();
    const value = this.consumeText();
    if (INT.test(value) && Math.abs(Number(value)) < 2 ** 63) cur.nodes.push({ type: 'int', value: Number(value) });
    else if (FLOAT.test(value) && Number.isFinite(Number(value)))
      cur.nodes.push({ type: 'float', value: Number(value) });
    else throw new TemplateError(`cannot parse number ${value}`);
  }

  private parseArray(cur: ListNode): void {
    for (let r = this.next(); r !== ']'; r = this.next()) {
      if (r === EOF || r === '\n') throw new TemplateError('unterminated array');
    }
    let text = this.consumeText().slice(1, -1);
    if (text === '*') text = ':';

    const parts = text.split(',');
    if (parts.length > 1) {
      cur.nodes.push({ type: 'union', lists: parts.map((part) => parseAction(`[${part.replace(/^ +| +$/g, '')}]`)) });
      return;
    }
    const key = DICT_KEY.exec(text);
    if (key) {
      cur.nodes.push(...parseAction(`.${key[1]}`).nodes);
      return;
    }
    const slice = SLICE.exec(text);
    if (!slice) throw new TemplateError(`invalid array index ${text}`);
    const params: Param[] = [];
    for (let i = 0; i < 3; i++) {
      const given = slice[i + 1] ?? '';
      const value = i > 0 ? given.slice(1) : given;
      if (given === '') {
        // `[n]` is `[n:n+1]`, with an end of 0 (from `[-1]`) meaning the length
        params.push(i === 1 ? { known: true, value: (params[0]?.value ?? 0) + 1, derived: true } : unknownParam());
      } else if (i > 0 && value === '') {
        params.push(unknownParam());
      } else {
        if (!INT.test(value) || Math.abs(Number(value)) >= 2 ** 63)
          throw new TemplateError(`array index ${value} is not a number`);
        params.push({ known: true, value: Number(value), derived: false });
      }
    }
    cur.nodes.push({ type: 'array', params: params as [Param, Param, Param] });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new TemplateError('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
        } else if (this.unescaped() && r === pair) {
          end = true;
        }
      } else if (r === ')' && begin === end) {
        break;
      }
    }
    if (this.next() !== ']') throw new TemplateError('unclosed array expect ]');
    const text = this.consumeText().slice(0, -2);
    const comparison = COMPARISON.exec(text);
    cur.nodes.push(
      comparison
        ? {
            type: 'filter',
            left: parseAction(comparison[1] as string),
            right: parseAction(comparison[3] as string),
            operator: comparison[2] as string,
          }
        : { type: 'filter', left: parseAction(text), right: { type: 'list', nodes: [] }, operator: 'exists' },
    );
  }

  private parseQuote(cur: ListNode, quote: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new TemplateError('unterminated quoted string');
      if (r === quote && this.unescaped()) break;
    }
    const value = this.consumeText();
    const text = unquote(value.slice(1, -1), quote);
    if (text === undefined) throw new TemplateError(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ type: 'text', text });
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    for (;;) {
      const r = this.next();
      if (r === '\\') this.next();
      else if (isTerminator(r)) break;
    }
    this.backup();
    const value = this.consumeText();
    cur.nodes.push(value === '*' ? { type: 'wildcard' } : { type: 'field', name: value.replaceAll('\\', '') });
  }
}

const unknownParam = (): Param => ({ known: false, value: 0, derived: false });

/** parseAction: the text parsed as the inside of one `{...}`. */
function parseAction(text: string): ListNode {
  return new Parser(`{${text}}`).parse()[0] as ListNode;
}

/**
 * UnquoteExtend: Go's strconv.Unquote for "..." and '...' bodies; undefined for invalid syntax.
 * `\x` and octal escapes are bytes, so the result is decoded from UTF-8 (invalid bytes become U+FFFD).
 */
function unquote(body: string, quote: string): string | undefined {
  if (!body.includes('\\') && !body.includes(quote)) return body;
  const bytes: number[] = [];
  const simple: Record<string, string> = {
    a: '\x07',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
    v: '\v',
    '\\': '\\',
  };
  for (let i = 0; i < body.length; ) {
    const c = String.fromCodePoint(body.codePointAt(i) as number);
    if (c === quote) return undefined;
    i += c.length;
    if (c !== '\\') {
      bytes.push(...utf8.encode(c));
      continue;
    }
    const e = body[i++] ?? '';
    const hexLength = { x: 2, u: 4, U: 8 }[e];
    if (simple[e] !== undefined) bytes.push(simple[e].charCodeAt(0));
    else if (e === quote) bytes.push(quote.charCodeAt(0));
    else if (hexLength !== undefined) {
      const digits = body.slice(i, i + hexLength);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(digits)) return undefined;
      i += hexLength;
      const v = Number.parseInt(digits, 16);
      if (e === 'x') bytes.push(v);
      else if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
      else bytes.push(...utf8.encode(String.fromCodePoint(v)));
    } else if (/^[0-7]$/.test(e) && /^[0-7]{2}$/.test(body.slice(i, i + 2))) {
      const v = Number.parseInt(e + body.slice(i, i + 2), 8);
      if (v > 255) return undefined;
      bytes.push(v);
      i += 2;
    } else return undefined;
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Go's `%#U`: `U+007E '~'`. */
function goUnicode(r: string): string {
  const code = `U+${(r.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
  return isPrint(r) ? `${code} '${r}'` : code;
}
