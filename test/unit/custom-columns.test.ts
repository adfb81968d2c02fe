/**
 * kubectl's `-o custom-columns=SPEC` (kubectl pkg/cmd/get/customcolumn.go). Expected strings are what
 * kubectl 1.32 printed for the same spec and objects; the comment names the Go rule behind each.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../src/kube/jsonpath.js';
import { parseCustomColumns, printCustomColumns } from '../../src/print/custom-columns.js';

const weird = {
  metadata: { name: 'weird', labels: { esc: 'A\x1b[31mB\rC' } },
  status: {
    id: 7,
    nul: null,
    t: true,
    small: 0.00001,
    big: 123456789.5,
    e: '',
    arr: [1, 'two', null, { k: 'v', a: [true] }],
    obj: { z: 1, a: 'b', m: { n: null } },
  },
};
const weird2 = { metadata: { name: 'weird2' }, status: { id: 'str', arr: [] } };
const objects = [weird, weird2];

const print = (spec: string, items: readonly unknown[] = objects, noHeaders = false): string =>
  printCustomColumns(parseCustomColumns(spec), items, noHeaders);

const errorOf = (spec: string, items: readonly unknown[] = objects): string => {
  try {
    print(spec, items);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return (error as Error).message;
  }
  throw new Error('expected a TemplateError');
};

describe('custom-columns', () => {
  it('prints a header line and one line per object through the table tabwriter (min width 6, padding 3)', () => {
    expect(print('NAME:.metadata.name,ID:.status.id')).toBe('NAME     ID\nweird    7\nweird2   str\n');
    expect(print('NAME:.metadata.name,ID:.status.id', objects, true)).toBe('weird    7\nweird2   str\n');
  });

  it('accepts paths without braces or leading dot (RelaxedJSONPathExpression)', () => {
    expect(print('N:metadata.name,I:{.status.id},J:{status.id}')).toBe(
      'N        I     J\nweird    7     7\nweird2   str   str\n',
    );
  });

  it('prints <none> when nothing is found, an empty cell for an empty string', () => {
    expect(print('N:.metadata.name,X:.nope,E:.status.e')).toBe(
      'N        X        E\nweird    <none>   \nweird2   <none>   <none>\n',
    );
    expect(print('N:')).toBe('N\n<none>\n<none>\n'); // an empty path finds nothing
    expect(print('N:.metadata.name:x')).toBe('N\n<none>\n<none>\n'); // split at the first colon
  });

  it("joins several values with commas, each as Go's fmt.Sprint", () => {
    expect(print('A:.status.arr,A2:.status.arr[*],NUL:.status.nul,F:.status.big,O:.status.obj')).toBe(
      [
        'A                                 A2                              NUL      F                 O',
        '[1 two <nil> map[a:[true] k:v]]   1,two,<nil>,map[a:[true] k:v]   <nil>    1.234567895e+08   map[a:b m:map[n:<nil>] z:1]',
        '[]                                <none>                          <none>   <none>            <none>',
        '',
      ].join('\n'),
    );
    expect(print('T:.status.t,S:.status.small,K:..k')).toBe(
      'T        S        K\ntrue     1e-05    v\n<none>   <none>   <none>\n',
    );
  });

  it('escapes ESC as ^[ and CR as \\r (EscapeTerminal); headers are printed as given', () => {
    expect(print('L:.metadata.labels.esc, lower:.status.id')).toBe(
      'L              lower\nA^[[31mB\\rC   7\n<none>        str\n',
    );
  });

  it('prints the header alone for no objects, nothing with --no-headers', () => {
    expect(print('N:.metadata.name', [])).toBe('N\n');
    expect(print('N:.metadata.name', [], true)).toBe('');
  });

  it('shows tabs and line breaks inside values (kubectl lets them break the layout; we escape them)', () => {
    expect(
      print('N:.n,I:.i', [
        { n: 'a\tb', i: 1 },
        { n: 'c\nd', i: 2 },
      ]),
    ).toBe('N      I\na^Ib   1\nc^Jd   2\n');
  });

  it.each([
    ['', 'custom-columns format specified but no custom columns given'],
    ['NAME', 'unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>'],
    ['A:.a[0,1]', 'unexpected custom-columns spec: 1], expected <header>:<json-path-expr>'], // split at every comma
    [
      'N:{.a}{.b}',
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    ],
    ['N:.a[,M:.b', 'unterminated array'], // client-go's parse error, unwrapped
    ['N:.status.arr[9]', 'array index out of bounds: index 9, length 4'], // execution error, unwrapped
    ['N:.status.id[0]', 'int64 is not array or slice'],
  ])('spec %j fails with kubectl’s message', (spec, message) => {
    expect(errorOf(spec)).toBe(message);
  });

  it('always prints one line per object plus the header, <none> for what is not there', () => {
    const name = fc.string({ unit: fc.constantFrom('a', 'b', '-', '.', '1') });
    fc.assert(
      fc.property(fc.array(fc.record({ metadata: fc.record({ name }) })), fc.boolean(), (items, noHeaders) => {
        const lines = print('NAME:.metadata.name,MISSING:.status.nope', items, noHeaders).split('\n');
        expect(lines.length - 1).toBe(items.length + (noHeaders ? 0 : 1));
        const rows = noHeaders ? lines.slice(0, -1) : lines.slice(1, -1);
        rows.forEach((line, i) => {
          expect(line).toMatch(/ {3}<none>$/);
          expect(line.startsWith(items[i]?.metadata.name ?? '')).toBe(true);
        });
      }),
    );
  });
});
