/**
 * kubectl's `-o jsonpath=TEMPLATE`: a port of client-go `util/jsonpath` as in kubectl 1.32 (jsonpath.go
 * here, parser.go in jsonpath-parser.ts) and of cli-runtime's JSONPathPrinter with
 * `--allow-missing-template-keys=true`.
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
import { goQuote } from './go-quote.js';
import { type Node, type Param, Parser, TemplateError } from './jsonpath-parser.js';

export { TemplateError };

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
const bytesOf = (text: string): GoNumber[] =>
  [...new TextEncoder().encode(text)].map((byte) => new GoNumber('uint8', byte));

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
