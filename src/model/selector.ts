/**
 * Kubernetes label selectors, as the API server of Kubernetes 1.32 parses and matches them:
 * k8s.io/apimachinery/pkg/labels/selector.go (Parse: lexer, parser, NewRequirement validation). Error
 * messages are the server's, word for word. Field selectors are in field-selector.ts.
 */

import { compareBytes } from '../kube/go-order.js';
import { goQuote } from '../kube/go-quote.js';

export class SelectorError extends Error {
  override readonly name = 'SelectorError';
}

export interface LabelSelector {
  matches(labels: Readonly<Record<string, string>>): boolean;
  /** labels.Selector.String(): requirements sorted by key, each value set sorted. */
  readonly text: string;
}

// ---------------------------------------------------------------------------------------------
// Label selectors
// ---------------------------------------------------------------------------------------------

/** selection.Operator; `=` and `==` are kept apart because String() prints them as written. */
type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'gt' | 'lt' | 'exists' | '!';

interface Requirement {
  key: string;
  op: Operator;
  /** Sorted and without duplicates (sets.String.List()). */
  values: string[];
}

type TokenKind = 'end' | 'identifier' | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<' | 'in' | 'notin';

interface Token {
  kind: TokenKind;
  literal: string;
}

const END: Token = { kind: 'end', literal: '' };
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const isDelimiter = (ch: string) => ch === '\0' || WHITESPACE.has(ch) || SPECIAL.has(ch);

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (WHITESPACE.has(text.charAt(pos))) pos++;
    const ch = text.charAt(pos);
    // Go's lexer reads NUL as the end of the input: it ends the scan where a token would start...
    if (ch === '' || ch === '\0') return [...tokens, END];
    if (SPECIAL.has(ch)) {
      const two = text.slice(pos, pos + 2);
      const literal = two === '==' || two === '!=' ? two : ch;
      tokens.push({ kind: literal as TokenKind, literal });
      pos += literal.length;
    } else {
      const start = pos;
      while (pos < text.length && !isDelimiter(text.charAt(pos))) pos++;
      const literal = text.slice(start, pos);
      tokens.push({ kind: literal === 'in' || literal === 'notin' ? literal : 'identifier', literal });
    }
    // ...and is skipped right after a token.
    if (text.charAt(pos) === '\0') pos++;
  }
}

/** The parser's cursor. `in` and `notin` are keywords only where an operator is expected. */
class Tokens {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return asValue(this.tokens[this.pos] ?? END);
  }

  next(): Token {
    return asValue(this.nextOperator());
  }

  nextOperator(): Token {
    return this.tokens[this.pos++] ?? END;
  }
}

const asValue = (t: Token): Token => (t.kind === 'in' || t.kind === 'notin' ? { ...t, kind: 'identifier' } : t);

const startsRequirement = (t: Token) => t.kind === 'identifier' || t.kind === '!';

/**
 * Parses a label selector (`''` selects everything). The grammar is Kubernetes': comma-separated
 * requirements, ANDed: `key`, `!key`, `key=v`, `key==v`, `key!=v`, `key in (v1,v2)`, `key notin (v)`,
 * `key>5`, `key<5`. `!=` and `notin` match objects without the key; `=`, `in`, `>`, `<` do not.
 */
export function parseLabelSelector(text: string): LabelSelector {
  const requirements = parseRequirements(text).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    text: requirements.map(requirementText).join(','),
    matches: (labels) => requirements.every((r) => matchesRequirement(r, labels)),
  };
}

function parseRequirements(text: string): Requirement[] {
  const tokens = new Tokens(lex(text));
  const requirements: Requirement[] = [];
  for (;;) {
    const first = tokens.peek();
    if (first.kind === 'end') return requirements;
    if (!startsRequirement(first))
      throw new SelectorError(`found '${first.literal}', expected: !, identifier, or 'end of string'`);
    requirements.push(parseRequirement(tokens));
    const separator = tokens.next();
    if (separator.kind === 'end') return requirements;
    if (separator.kind !== ',')
      throw new SelectorError(`found '${separator.literal}', expected: ',' or 'end of string'`);
    const after = tokens.peek();
    if (!startsRequirement(after)) throw new SelectorError(`found '${after.literal}', expected: identifier after ','`);
  }
}

const requirementError = (detail: string) => new SelectorError(`unable to parse requirement: ${detail}`);

const OPERATORS: Partial<Record<TokenKind, Operator>> = {
  in: 'in',
  notin: 'notin',
  '=': '=',
  '==': '==',
  '!=': '!=',
  '>': 'gt',
  '<': 'lt',
};

function parseRequirement(tokens: Tokens): Requirement {
  let keyToken = tokens.next();
  const negated = keyToken.kind === '!';
  if (negated) keyToken = tokens.next();
  if (keyToken.kind !== 'identifier') throw requirementError(`found '${keyToken.literal}', expected: identifier`);
  const key = keyToken.literal;
  const keyErrors = labelKeyErrors(key);
  if (keyErrors.length > 0) throw requirementError(invalidValue('<nil>', key, keyErrors));
  if (negated) return { key, op: '!', values: [] };
  const ahead = tokens.peek().kind;
  if (ahead === 'end' || ahead === ',') return { key, op: 'exists', values: [] };

  const opToken = tokens.nextOperator();
  const op = OPERATORS[opToken.kind];
  if (op === undefined) throw requirementError(`found '${opToken.literal}', expected: in, notin, =, ==, !=, gt, lt`);
  const values = [...(op === 'in' || op === 'notin' ? parseValueSet(tokens) : parseExactValue(tokens))].sort(
    compareBytes,
  );
  const errors = valueErrors(key, op, values);
  if (errors.length > 0) throw requirementError(aggregate(errors));
  return { key, op, values };
}

/** NewRequirement's checks of the values (the key was checked when it was read). */
function valueErrors(key: string, op: Operator, values: string[]): string[] {
  const errors: string[] = [];
  if ((op === 'gt' || op === 'lt') && parseInt64(values[0] ?? '') === undefined)
    errors.push(invalidValue('values[0]', values[0] ?? '', ["for 'Gt', 'Lt' operators, the value must be an integer"]));
  for (const [i, value] of values.entries()) {
    const details = labelValueErrors(value);
    if (details.length > 0) errors.push(invalidValue(`values[${i}][${key}]`, value, details));
  }
  return errors;
}

/**
 * `(v1,v2)`, as a set. Empty values count: `()` and `(,)` are {""}, `(a,)` is {"", "a"}; Kubernetes 1.32
 * still rejects `(a,,)`, whose second comma it swallows.
 */
function parseValueSet(tokens: Tokens): Set<string> {
  const open = tokens.next();
  if (open.kind !== '(') throw requirementError(`found '${open.literal}' expected: '('`);
  const first = tokens.peek();
  if (first.kind === ')') {
    tokens.next();
    return new Set(['']);
  }
  if (first.kind !== 'identifier' && first.kind !== ',')
    throw requirementError(`found '${first.literal}', expected: ',', ')' or identifier`);
  const values = new Set<string>();
  for (;;) {
    const t = tokens.next();
    if (t.kind === 'identifier') {
      values.add(t.literal);
      const ahead = tokens.peek();
      if (ahead.kind === ')') break;
      if (ahead.kind !== ',') throw requirementError(`found '${ahead.literal}', expected: ',' or ')'`);
    } else if (t.kind === ',') {
      if (values.size === 0) values.add('');
      const ahead = tokens.peek().kind;
      if (ahead === ')') {
        values.add('');
        break;
      }
      if (ahead === ',') {
        tokens.next();
        values.add('');
      }
    } else {
      throw requirementError(`found '${t.literal}', expected: ',', or identifier`);
    }
  }
  tokens.next();
  return values;
}

function parseExactValue(tokens: Tokens): string[] {
  const ahead = tokens.peek().kind;
  if (ahead === 'end' || ahead === ',') return [''];
  const t = tokens.next();
  if (t.kind !== 'identifier') throw requirementError(`found '${t.literal}', expected: identifier`);
  return [t.literal];
}

function matchesRequirement(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const value = Object.hasOwn(labels, r.key) ? labels[r.key] : undefined;
  switch (r.op) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return value !== undefined;
    case '!':
      return value === undefined;
    case 'gt':
    case 'lt': {
      const actual = parseInt64(value ?? '');
      const bound = parseInt64(r.values[0] ?? '');
      if (actual === undefined || bound === undefined) return false;
      return r.op === 'gt' ? actual > bound : actual < bound;
    }
  }
}

function requirementText({ key, op, values }: Requirement): string {
  switch (op) {
    case 'exists':
      return key;
    case '!':
      return `!${key}`;
    case 'in':
    case 'notin':
      return `${key} ${op} (${values.join(',')})`;
    default:
      return `${key}${op === 'gt' ? '>' : op === 'lt' ? '<' : op}${values[0]}`;
  }
}

/** strconv.ParseInt(s, 10, 64). */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

// ---------------------------------------------------------------------------------------------
// Validation messages (k8s.io/apimachinery/pkg/util/validation, field.Error, errors.Aggregate)
// ---------------------------------------------------------------------------------------------

const NAME_FORMAT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const NAME_MESSAGE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const VALUE_FORMAT = `(${NAME_FORMAT})?`;
const DNS_LABEL_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN_FORMAT = `${DNS_LABEL_FORMAT}(\\.${DNS_LABEL_FORMAT})*`;
const fullMatch = (format: string) => new RegExp(`^${format}$`);
const NAME = fullMatch(NAME_FORMAT);
const VALUE = fullMatch(VALUE_FORMAT);
const SUBDOMAIN = fullMatch(SUBDOMAIN_FORMAT);

const encoder = new TextEncoder();
/** Go's len(s): UTF-8 bytes. */
const byteLength = (s: string) => encoder.encode(s).length;

const regexError = (message: string, format: string, ...examples: string[]) =>
  `${message} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${format}')`;
const maxLenError = (length: number) => `must be no more than ${length} characters`;

/** validation.IsQualifiedName: `[prefix/]name`, prefix a DNS subdomain. */
function labelKeyErrors(key: string): string[] {
  const nameRegexError = regexError(NAME_MESSAGE, NAME_FORMAT, 'MyName', 'my.name', '123-abc');
  const parts = key.split('/');
  if (parts.length > 2)
    return [
      `a qualified name ${nameRegexError} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  const name = parts.at(-1) ?? '';
  const errors: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '') errors.push('prefix part must be non-empty');
    else {
      if (byteLength(prefix) > 253) errors.push(`prefix part ${maxLenError(253)}`);
      if (!SUBDOMAIN.test(prefix))
        errors.push(
          `prefix part ${regexError(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            SUBDOMAIN_FORMAT,
            'example.com',
          )}`,
        );
    }
  }
  if (name === '') errors.push('name part must be non-empty');
  else if (byteLength(name) > 63) errors.push(`name part ${maxLenError(63)}`);
  if (!NAME.test(name)) errors.push(`name part ${nameRegexError}`);
  return errors;
}

/** validation.IsValidLabelValue. */
function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLenError(63));
  if (!VALUE.test(value))
    errors.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        VALUE_FORMAT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  return errors;
}

/** field.Invalid(path, value, detail).Error(). */
const invalidValue = (path: string, value: string, details: string[]) =>
  `${path}: Invalid value: ${goQuote(value)}: ${details.join('; ')}`;

/** errors.Aggregate.Error(): one message as is, more deduplicated in brackets. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}
