/**
 * kubectl's `-o jsonpath=TEMPLATE`: a port of client-go `util/jsonpath` (parser.go, jsonpath.go, as in
 * kubectl 1.32) and of cli-runtime's JSONPathPrinter with `--allow-missing-template-keys=true`.
 * Checked against kubectl 1.32 itself (test/e2e/jsonpath-kubectl.test.ts); the rules, briefly:
 * - Text outside `{}` is literal. Inside: `.field` (`\` escapes a terminator), `[n]`, `[a:b:c]`, `[*]`,
 *   `['key']` (its dots still split fields), unions `[a,b]`, `..`, `*`, filters `[?(@.x op y)]` and
 *   `[?(@.x)]`, string/number/bool literals, `@` and `$` (the current value), `range` ... `end`.
 * - A missing key yields nothing; out-of-range indexes, type mismatches in filters etc. are errors.
 * - Results of one action are joined by a space: maps and lists as compact Go JSON, nil as `null`,
 *   strings raw (no terminal escaping), numbers as Go's `%v`; a nil range element as `<no value>`.
 * - Go walks maps in random order (`*`, `..`); here keys are taken in Go's sorted (byte) order.
 * - Values are JSON data: integers are Go int64, other numbers float64 (as apimachinery decodes them).
 */
import { goJson, goNumber } from './go-json.js';
import { compareBytes } from './go-order.js';
import { goQuote, isPrint } from './go-quote.js';

/** A parse or execution error; the message is the line kubectl prints after `error: `. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** A parsed template. */
export interface Template {
  readonly text: string;
  readonly nodes: readonly Node[];
}

/** Parses TEMPLATE as `kubectl -o jsonpath=TEMPLATE` does; throws TemplateError with kubectl's message. */
export function parseTemplate(text: string): Template {
  if (text === '') throw new TemplateError('template format specified but no template given');
  try {
    return parseJsonPath(text);
  } catch (error) {
    throw error instanceof TemplateError
      ? new TemplateError(`error parsing jsonpath ${text}, ${error.message}`)
      : error;
  }
}

/**
 * Prints data through the template as kubectl's jsonpath printer does (missing keys allowed). An error
 * is kubectl's first line without the sentence that announces its dump of the object (Go's `%#v`).
 */
export function executeTemplate(template: Template, data: unknown): string {
  try {
    return findResults(template, data)
      .map((results) => results.map(resultText).join(' '))
      .join('');
  } catch (error) {
    throw error instanceof TemplateError
      ? new TemplateError(
          `error executing jsonpath ${goQuote(template.text)}: Error executing template: ${error.message}`,
        )
      : error;
  }
}

/** client-go's `jsonpath.Parse`: the error message is the parser's own (custom-columns prints it as is). */
export function parseJsonPath(text: string): Template {
  return { text, nodes: new Parser(text).parse() };
}

/** client-go's `FindResults` with AllowMissingKeys(true): one list of values per top-level node. */
export function findResults(template: Template, data: unknown): unknown[][] {
  try {
    return new Evaluator(template.nodes).findResults(data ?? NO_VALUE, 0);
  } catch (error) {
    throw error instanceof Failure ? new TemplateError(error.message) : error;
  }
}

/** Go's `fmt.Sprint` of a result value (maps `map[k:v]` with sorted keys, lists `[a b]`, nil `<nil>`). */
export function goSprint(value: unknown): string {
  if (value === NO_VALUE) return '<invalid reflect.Value>';
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'number') return goNumber(value);
  if (value instanceof GoNumber) return value.type === 'float64' ? goNumber(value.value) : String(value.value);
  if (Array.isArray(value)) return `[${value.map(goSprint).join(' ')}]`;
  if (isMap(value))
    return `map[${sortedKeys(value)
      .map((key) => `${key}:${goSprint(value[key])}`)
      .join(' ')}]`;
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// Parser (parser.go)
// ---------------------------------------------------------------------------------------------

type Param = { known: boolean; value: number; derived: boolean };
type ListNode = { type: 'list'; nodes: Node[] };
type Node =
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

class Parser {
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

// ---------------------------------------------------------------------------------------------
// Evaluator (jsonpath.go)
// ---------------------------------------------------------------------------------------------

/** Go's invalid reflect.Value: the root of a range over nil or over nothing. */
const NO_VALUE = Symbol('invalid reflect.Value');

/** A number that is not JSON data: a template literal (Go int or float64) or a byte of a string. */
class GoNumber {
  constructor(
    readonly type: 'int' | 'float64' | 'uint8',
    readonly value: number,
  ) {}

  /** In JSON (a list of bytes printed by goJson), the number it is. */
  toJSON(): number {
    return this.value;
  }
}

type GoMap = Record<string, unknown>;

/** An execution error; `partial` is what the failing step returned along with it (an exists-filter keeps it). */
class Failure extends Error {
  constructor(
    message: string,
    readonly partial: unknown[],
  ) {
    super(message);
  }
}

const isNil = (value: unknown): boolean => value === null || value === undefined;
const isMap = (value: unknown): value is GoMap =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof GoNumber);

const sortedKeys = (map: GoMap): string[] => Object.keys(map).sort(compareBytes);
const mapValues = (map: GoMap): unknown[] => sortedKeys(map).map((key) => map[key]);
const bytesOf = (text: string): GoNumber[] => [...utf8.encode(text)].map((byte) => new GoNumber('uint8', byte));

class Evaluator {
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  /** Index in `nodes` of the `{end}` that closed the latest range (Go keeps a pointer to it). */
  private lastEnd = -1;

  constructor(private readonly nodes: readonly Node[]) {}

  /** FindResults over nodes[start:], as client-go does it, counters and all. */
  findResults(data: unknown, start: number): unknown[][] {
    const cur = [data];
    const full: unknown[][] = [];
    for (let i = start; i < this.nodes.length; i++) {
      const results = this.walk(cur, this.nodes[i] as Node);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEnd = i;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (results.length === 0) this.findResults(NO_VALUE, i + 1);
        for (const value of results) {
          if (value === NO_VALUE) throw new Failure('reflect: call of reflect.Value.Interface on zero Value', []);
          full.push(...this.findResults(value ?? NO_VALUE, i + 1));
        }
        this.inRange--;
        if (this.lastEnd > i) i = this.lastEnd;
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(input: unknown[], node: Node): unknown[] {
    switch (node.type) {
      case 'list':
        return node.nodes.reduce((values, child) => this.walk(values, child), input);
      case 'text':
        return [node.text];
      case 'field':
        return input.flatMap((value) => (isMap(value) && Object.hasOwn(value, node.name) ? [value[node.name]] : []));
      case 'array':
        return evalArray(input, node.params);
      case 'filter':
        return this.evalFilter(input, node);
      case 'int':
        return input.map(() => new GoNumber('int', node.value));
      case 'float':
        return input.map(() => new GoNumber('float64', node.value));
      case 'bool':
        return input.map(() => node.value);
      case 'wildcard':
        return input.flatMap(children);
      case 'recursive':
        return evalRecursive(input);
      case 'union':
        return node.lists.flatMap((list) => this.rethrowing(input, () => this.walk(input, list)));
      case 'identifier':
        return this.evalIdentifier(input, node.name);
    }
  }

  private evalIdentifier(input: unknown[], name: string): unknown[] {
    if (name === 'range') {
      this.beginRange++;
      return input;
    }
    if (name !== 'end') throw new Failure(`unrecognized identifier ${name}`, input);
    if (this.inRange === 0) throw new Failure('not in range, nothing to end', []);
    this.endRange++;
    return [];
  }

  private evalFilter(input: unknown[], node: Extract<Node, { type: 'filter' }>): unknown[] {
    const results: unknown[] = [];
    for (const value of input) {
      if (!Array.isArray(value))
        throw new Failure(`${goSprint(value)} is not array or slice and cannot be filtered`, input);
      for (const element of value) {
        if (node.operator === 'exists') {
          let lefts: unknown[];
          try {
            lefts = this.walk([element], node.left);
          } catch (error) {
            if (!(error instanceof Failure)) throw error;
            lefts = error.partial;
          }
          if (lefts.length > 0) results.push(element);
          continue;
        }
        const left = this.single(input, () => this.walk([element], node.left));
        if (left.length === 0) continue;
        const right = this.single(input, () => this.walk([element], node.right));
        if (right.length === 0) continue;
        try {
          if (compare(node.operator, left[0], right[0])) results.push(element);
        } catch (error) {
          throw error instanceof Failure ? new Failure(error.message, results) : error;
        }
      }
    }
    return results;
  }

  /** A filter operand: at most one value. */
  private single(input: unknown[], evaluate: () => unknown[]): unknown[] {
    const values = this.rethrowing(input, evaluate);
    if (values.length > 1) throw new Failure('can only compare one element at a time', input);
    return values;
  }

  /** Runs evaluate; a failure inside returns `input` with it, as Go's `return input, err`. */
  private rethrowing(input: unknown[], evaluate: () => unknown[]): unknown[] {
    try {
      return evaluate();
    } catch (error) {
      throw error instanceof Failure ? new Failure(error.message, input) : error;
    }
  }
}

/** `[start:end:step]` over each list in input. */
function evalArray(input: unknown[], params: readonly [Param, Param, Param]): unknown[] {
  const result: unknown[] = [];
  for (const value of input) {
    if (isNil(value)) continue;
    if (value === NO_VALUE) throw new Failure('reflect: call of reflect.Value.Type on zero Value', input);
    if (!Array.isArray(value)) throw new Failure(`${goType(value)} is not array or slice`, input);
    const length = value.length;
    let start = params[0].known ? params[0].value : 0;
    if (start < 0) start += length;
    let end = params[1].known ? params[1].value : length;
    if (end < 0 || (end === 0 && params[1].derived)) end += length;
    if (end === start) return result;
    if (start >= length || start < 0)
      throw new Failure(`array index out of bounds: index ${start}, length ${length}`, input);
    if (end > length || end < 0)
      throw new Failure(`array index out of bounds: index ${end - 1}, length ${length}`, input);
    if (start > end) throw new Failure(`starting index ${start} is greater than ending index ${end}`, input);
    if (params[2].known && params[2].value <= 0) throw new Failure('step must be > 0', input);
    const step = params[2].known ? params[2].value : 1;
    for (let i = start; i < end; i += step) result.push(value[i]);
  }
  return result;
}

/** The values `*` yields for one value: map values, list elements, a string's bytes. */
function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isMap(value)) return mapValues(value);
  if (typeof value === 'string') return bytesOf(value);
  return [];
}

/** `..`: every non-nil value that has children, and its descendants, depth first. */
function evalRecursive(input: unknown[]): unknown[] {
  return input.flatMap((value) => {
    if (isNil(value)) return [];
    const below = children(value);
    return below.length === 0 ? [] : [value, ...evalRecursive(below)];
  });
}

/** Go's text/template comparison kinds. */
function basicKind(value: unknown): 'bool' | 'int' | 'float' | 'string' {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return isInt64(value) ? 'int' : 'float';
  if (value instanceof GoNumber) return value.type === 'float64' ? 'float' : 'int';
  throw new Failure('invalid type for comparison', []);
}

function compare(operator: string, left: unknown, right: unknown): boolean {
  const equal = (): boolean => {
    if (basicKind(left) !== basicKind(right)) throw new Failure('incompatible types for comparison', []);
    return scalar(left) === scalar(right);
  };
  const less = (): boolean => {
    const kind = basicKind(left);
    if (kind !== basicKind(right)) throw new Failure('incompatible types for comparison', []);
    if (kind === 'bool') throw new Failure('invalid type for comparison', []);
    const [a, b] = [scalar(left), scalar(right)];
    return typeof a === 'string' && typeof b === 'string' ? compareBytes(a, b) < 0 : (a as number) < (b as number);
  };
  switch (operator) {
    case '==':
      return equal();
    case '!=':
      return !equal();
    case '<':
      return less();
    case '<=':
      return less() || equal();
    case '>':
      return !(less() || equal());
    case '>=':
      return !less();
    default:
      throw new Failure(`unrecognized filter operator ${operator}`, []);
  }
}

const scalar = (value: unknown): unknown => (value instanceof GoNumber ? value.value : value);
const isInt64 = (value: number): boolean => Number.isInteger(value) && Math.abs(value) < 2 ** 63;

/** Go's name of the value's type, as `%v` of reflect.Type prints it. */
function goType(value: unknown): string {
  if (value instanceof GoNumber) return value.type;
  if (typeof value === 'number') return isInt64(value) ? 'int64' : 'float64';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  return 'map[string]interface {}';
}

// ---------------------------------------------------------------------------------------------
// Output (PrintResults)
// ---------------------------------------------------------------------------------------------

function resultText(value: unknown): string {
  if (value === NO_VALUE) return '<no value>';
  if (isNil(value)) return 'null';
  return Array.isArray(value) || isMap(value) ? goJson(value) : goSprint(value);
}

/** Go's `%#U`: `U+007E '~'`. */
function goUnicode(r: string): string {
  const code = `U+${(r.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
  return isPrint(r) ? `${code} '${r}'` : code;
}
