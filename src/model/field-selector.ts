/**
 * Kubernetes field selectors, as the API server of Kubernetes 1.32 parses and matches them:
 * k8s.io/apimachinery/pkg/fields/selector.go (ParseSelector). Error messages are the server's.
 */
import { compareBytes } from '../kube/go-order.js';
import { SelectorError } from './selector.js';

export interface FieldSelector {
  /** A field missing from the record counts as the empty string, as in fields.Set.Get. */
  matches(fields: Readonly<Record<string, string>>): boolean;
  /** fields.Selector.String(): terms in sorted order, values escaped. */
  readonly text: string;
  /** The field names the selector uses, once each. */
  readonly keys: string[];
}

interface FieldRequirement {
  field: string;
  equal: boolean;
  value: string;
}

/**
 * Parses a field selector: comma-separated `field=value`, `field==value`, `field!=value`, ANDed. In a
 * value, `\,`, `\=` and `\\` stand for `,`, `=` and `\`; the field name is taken literally up to the
 * first operator. Which fields exist is the caller's business.
 */
export function parseFieldSelector(text: string): FieldSelector {
  const terms = splitTerms(text)
    .sort(compareBytes)
    .filter((term) => term !== '');
  const requirements = terms.map((term): FieldRequirement => {
    const split = splitTerm(term);
    if (split === undefined) throw new SelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    return { field: split.field, equal: split.op !== '!=', value: unescapeValue(split.rhs) };
  });
  return {
    text: requirements.map((r) => `${r.field}${r.equal ? '=' : '!='}${escapeValue(r.value)}`).join(','),
    keys: [...new Set(requirements.map((r) => r.field))],
    matches: (fields) =>
      requirements.every((r) => ((Object.hasOwn(fields, r.field) ? fields[r.field] : '') === r.value) === r.equal),
  };
}

/** Splits at commas not escaped by a backslash; the backslashes stay. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return [...terms, text.slice(start)];
}

/** The first `!=`, `==` or `=` splits the term. */
function splitTerm(term: string): { field: string; op: string; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    const op = ['!=', '==', '='].find((o) => term.startsWith(o, i));
    if (op !== undefined) return { field: term.slice(0, i), op, rhs: term.slice(i + op.length) };
  }
  return undefined;
}

function unescapeValue(escaped: string): string {
  let value = '';
  let inSlash = false;
  for (const ch of escaped) {
    if (inSlash) {
      if (ch !== '\\' && ch !== ',' && ch !== '=')
        throw new SelectorError(`invalid field selector: invalid escape sequence: \\${ch}`);
      value += ch;
      inSlash = false;
    } else if (ch === '\\') inSlash = true;
    else if (ch === ',' || ch === '=')
      throw new SelectorError(`invalid field selector: unescaped character in value: ${ch.codePointAt(0)}`);
    else value += ch;
  }
  if (inSlash) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return value;
}

const escapeValue = (value: string) => value.replace(/[\\,=]/g, (ch) => `\\${ch}`);
