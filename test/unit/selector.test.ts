/**
 * Label and field selectors, checked against the behaviour of k8s.io/apimachinery 1.32
 * (labels.Parse, fields.ParseSelector): matching, canonical text and the exact error messages.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFieldSelector } from '../../src/model/field-selector.js';
import { parseLabelSelector, SelectorError } from '../../src/model/selector.js';

const labels = { app: 'web', tier: 'front', n: '10', 'example.com/owner': 'team-a' };

describe('parseLabelSelector: matching', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['', {}, true],
    ['', labels, true],
    ['app=web', labels, true],
    ['app=db', labels, false],
    ['app==web', labels, true],
    ['app=web', {}, false],
    ['app!=db', labels, true],
    ['app!=web', labels, false],
    ['app!=web', {}, true],
    ['app in (db,web)', labels, true],
    ['app in (db)', labels, false],
    ['app in (web)', {}, false],
    ['app notin (db)', labels, true],
    ['app notin (db,web)', labels, false],
    ['app notin (web)', {}, true],
    ['app', labels, true],
    ['zone', labels, false],
    ['!zone', labels, true],
    ['!app', labels, false],
    ['n>9', labels, true],
    ['n>10', labels, false],
    ['n<11', labels, true],
    ['n<10', labels, false],
    ['n>1', {}, false],
    ['n<1', {}, false],
    ['n<100', { n: 'ten' }, false],
    ['n>4', { n: '+5' }, true],
    ['n>9223372036854775806', { n: '9223372036854775807' }, true],
    ['n<9223372036854775807', { n: '9223372036854775808' }, false],
    ['app=web,tier=front', labels, true],
    ['app=web,tier=back', labels, false],
    ['example.com/owner=team-a', labels, true],
    ['x=', { x: '' }, true],
    ['x=', {}, false],
    ['x in ()', { x: '' }, true],
    ['x in (,a)', { x: 'a' }, true],
    ['app in (in,notin)', { app: 'in' }, true],
    ['in=notin', { in: 'notin' }, true],
    ['constructor', {}, false],
    ['!constructor', {}, true],
  ])('%j on %j: %s', (selector, given, expected) => {
    expect(parseLabelSelector(selector).matches(given)).toBe(expected);
  });

  it.each([
    ['  app = web , tier in ( front , back ) '],
    ['app in(web),tier notin(back)'],
    ['\tapp\n==\rweb,!zone'],
    ['app=web,tier'],
  ])('whitespace (space, tab, CR, LF) separates tokens and is otherwise ignored: %j', (selector) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(true);
  });

  it('a NUL ends the input where a token would start, as in the Go lexer', () => {
    expect(parseLabelSelector('app \0 junk (').text).toBe('app');
  });
});

describe('parseLabelSelector: canonical text', () => {
  it.each([
    ['', ''],
    ['   ', ''],
    ['b=2,a=1', 'a=1,b=2'],
    [
      ' z , !y , x in ( c , a , a ) , w notin (b), v==1, u!=2, t>5, s<6',
      's<6,t>5,u!=2,v==1,w notin (b),x in (a,c),!y,z',
    ],
    ['x=', 'x='],
    ['x in ()', 'x in ()'],
    ['x in (,a)', 'x in (,a)'],
    ['x in (b,,a)', 'x in (,a,b)'],
    ['x in (in)', 'x in (in)'],
    ['a!=1,a', 'a!=1,a'],
    ['a,a!=1', 'a,a!=1'],
  ])('%j is sent as %j', (selector, text) => {
    expect(parseLabelSelector(selector).text).toBe(text);
  });
});

const VALUE_RULE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_RULE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const PREFIX_RULE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const REQ = 'unable to parse requirement: ';

describe('parseLabelSelector: errors', () => {
  it.each([
    ['=foo', "found '=', expected: !, identifier, or 'end of string'"],
    ['(a)', "found '(', expected: !, identifier, or 'end of string'"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    ['a,', "found '', expected: identifier after ','"],
    ['a,,b', "found ',', expected: identifier after ','"],
    ['!', `${REQ}found '', expected: identifier`],
    ['!!a', `${REQ}found '!', expected: identifier`],
    ['a b', `${REQ}found 'b', expected: in, notin, =, ==, !=, gt, lt`],
    ['a!b', `${REQ}found '!', expected: in, notin, =, ==, !=, gt, lt`],
    ['a\0b', `${REQ}found 'b', expected: in, notin, =, ==, !=, gt, lt`],
    ['app=(x)', `${REQ}found '(', expected: identifier`],
    ['app in nettool', `${REQ}found 'nettool' expected: '('`],
    ['app in (', `${REQ}found '', expected: ',', ')' or identifier`],
    ['app in (a b)', `${REQ}found 'b', expected: ',' or ')'`],
    ['app in (a,=)', `${REQ}found '=', expected: ',', or identifier`],
    ['app in (a,,)', `${REQ}found ')', expected: ',', or identifier`],
    ['n>abc', `${REQ}values[0]: Invalid value: "abc": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['n<', `${REQ}values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer`],
    [
      'n>9223372036854775808',
      `${REQ}values[0]: Invalid value: "9223372036854775808": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    ['n>-1', `${REQ}values[0][n]: Invalid value: "-1": ${VALUE_RULE}`],
    [
      'n>x_',
      `${REQ}[values[0]: Invalid value: "x_": for 'Gt', 'Lt' operators, the value must be an integer, values[0][n]: Invalid value: "x_": ${VALUE_RULE}]`,
    ],
    [
      'a in (y_,-x)',
      `${REQ}[values[0][a]: Invalid value: "-x": ${VALUE_RULE}, values[1][a]: Invalid value: "y_": ${VALUE_RULE}]`,
    ],
    ['a=é', `${REQ}values[0][a]: Invalid value: "é": ${VALUE_RULE}`],
    [
      `a=${'v'.repeat(64)}`,
      `${REQ}values[0][a]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`,
    ],
    [
      'a/b/c',
      `${REQ}<nil>: Invalid value: "a/b/c": a qualified name ${NAME_RULE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
    ['/a=b', `${REQ}<nil>: Invalid value: "/a": prefix part must be non-empty`],
    ['Example.com/a', `${REQ}<nil>: Invalid value: "Example.com/a": prefix part ${PREFIX_RULE}`],
    ['a/', `${REQ}<nil>: Invalid value: "a/": name part must be non-empty; name part ${NAME_RULE}`],
    ['-app', `${REQ}<nil>: Invalid value: "-app": name part ${NAME_RULE}`],
    [
      `${'k'.repeat(64)}`,
      `${REQ}<nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`,
    ],
    ['a\vb\x7f\u00a0', `${REQ}<nil>: Invalid value: "a\\vb\\x7f\\u00a0": name part ${NAME_RULE}`],
  ])('%j: %s', (selector, message) => {
    expect(() => parseLabelSelector(selector)).toThrow(new SelectorError(message));
  });

  it('throws SelectorError instances', () => {
    expect(() => parseLabelSelector('=')).toThrow(SelectorError);
  });
});

describe('parseFieldSelector', () => {
  const fields = { 'metadata.name': 'nettool-1', 'metadata.namespace': 'default' };

  it.each<[string, Record<string, string>, boolean]>([
    ['', fields, true],
    ['metadata.name=nettool-1', fields, true],
    ['metadata.name==nettool-1', fields, true],
    ['metadata.name=nettool-2', fields, false],
    ['metadata.name!=nettool-1', fields, false],
    ['metadata.name!=nettool-2', fields, true],
    ['metadata.namespace=default,metadata.name!=nettool-2', fields, true],
    ['metadata.namespace=default,metadata.name=nettool-2', fields, false],
    ['missing=', fields, true],
    ['missing!=', fields, false],
    ['constructor=', {}, true],
    ['a=x\\,y', { a: 'x,y' }, true],
    ['a=x\\=y', { a: 'x=y' }, true],
    ['a=x\\\\y', { a: 'x\\y' }, true],
    [' a = 1', { ' a ': ' 1' }, true],
    ['a=!b', { a: '!b' }, true],
  ])('%j on %j: %s', (selector, given, expected) => {
    expect(parseFieldSelector(selector).matches(given)).toBe(expected);
  });

  it.each([
    ['', '', []],
    [',a=1,,', 'a=1', ['a']],
    ['b=1,a==2', 'a=2,b=1', ['a', 'b']],
    ['b!=1,a=2,a!=3', 'a!=3,a=2,b!=1', ['a', 'b']],
    ['a=x\\,y\\=z\\\\', 'a=x\\,y\\=z\\\\', ['a']],
  ])('%j is sent as %j, with keys %j', (selector, text, keys) => {
    const parsed = parseFieldSelector(selector);
    expect(parsed.text).toBe(text);
    expect(parsed.keys).toEqual(keys);
  });

  it.each([
    ['foo', "invalid selector: 'foo'; can't understand 'foo'"],
    ['z,a', "invalid selector: 'z,a'; can't understand 'a'"],
    ['a=x\\y', 'invalid field selector: invalid escape sequence: \\y'],
    ['a=\\!', 'invalid field selector: invalid escape sequence: \\!'],
    ['a=x\\', 'invalid field selector: invalid escape sequence: \\'],
    ['a=x=y', 'invalid field selector: unescaped character in value: 61'],
  ])('%j: %s', (selector, message) => {
    expect(() => parseFieldSelector(selector)).toThrow(new SelectorError(message));
  });
});

describe('properties', () => {
  const selectorChars = fc.constantFrom(...'ab/.-_=!(),<>01 \t\\'.split(''), 'in', 'notin', 'é', '\0');
  const anyText = fc.oneof(fc.string({ unit: selectorChars, maxLength: 20 }), fc.string({ unit: 'binary' }));

  it('any text either parses or throws a SelectorError', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const parse of [parseLabelSelector, parseFieldSelector]) {
          try {
            parse(text);
          } catch (error) {
            expect(error).toBeInstanceOf(SelectorError);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  const key = fc.constantFrom('a', 'b', 'in', 'example.com/c');
  const value = fc.constantFrom('', 'x', 'y', '1', '10', 'in');
  const number = fc.constantFrom('0', '1', '10', '42');
  const space = fc.constantFrom('', ' ', '\t', '  ');
  // Empty values in a set only as `()`: Kubernetes 1.32 rejects some lists with them, such as `(a,,)`.
  const requirement = fc.oneof(
    fc.tuple(key, fc.constantFrom('=', '==', '!='), value).map(([k, op, v]) => `${k}${op}${v}`),
    fc
      .tuple(key, fc.constantFrom('in', 'notin'), fc.array(value.filter(Boolean), { maxLength: 3 }))
      .map(([k, op, vs]) => `${k} ${op} (${vs.join(',')})`),
    fc.tuple(key, fc.constantFrom('>', '<'), number).map(([k, op, v]) => `${k}${op}${v}`),
    key,
    key.map((k) => `!${k}`),
  );
  const selector = fc
    .array(fc.tuple(space, requirement, space), { maxLength: 4 })
    .map((reqs) => reqs.map(([before, r, after]) => `${before}${r}${after}`).join(','));
  const labelMap = fc.dictionary(key, fc.oneof(value, number), { maxKeys: 4 });

  it('a selector and the selector parsed from its text select the same labels', () => {
    fc.assert(
      fc.property(selector, labelMap, (text, given) => {
        const parsed = parseLabelSelector(text);
        const again = parseLabelSelector(parsed.text);
        expect(again.text).toBe(parsed.text);
        expect(again.matches(given)).toBe(parsed.matches(given));
      }),
    );
  });

  it('requirements are ANDed', () => {
    fc.assert(
      fc.property(requirement, requirement, labelMap, (a, b, given) => {
        const both = parseLabelSelector(`${a},${b}`).matches(given);
        expect(both).toBe(parseLabelSelector(a).matches(given) && parseLabelSelector(b).matches(given));
      }),
    );
  });

  it('a field selector matches the value it escapes, and its text parses back to the same selector', () => {
    const escaped = (v: string) => v.replace(/[\\,=]/g, '\\$&');
    fc.assert(
      fc.property(fc.constantFrom('metadata.name', 'metadata.namespace'), fc.string(), fc.string(), (f, v, other) => {
        const parsed = parseFieldSelector(`${f}=${escaped(v)}`);
        expect(parsed.matches({ [f]: v })).toBe(true);
        expect(parsed.matches({ [f]: other })).toBe(other === v);
        expect(parseFieldSelector(parsed.text).matches({ [f]: other })).toBe(other === v);
      }),
    );
  });
});
