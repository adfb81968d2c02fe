/**
 * kubectl's `-o jsonpath=TEMPLATE` (client-go util/jsonpath, cli-runtime JSONPathPrinter with
 * --allow-missing-template-keys=true). Every expected string below is what kubectl 1.32 printed for the
 * same template and object (checked against /usr/bin/kubectl through the test API server); the comment
 * names the Go rule behind it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeTemplate, findResults, goSprint, parseTemplate, TemplateError } from '../../src/kube/jsonpath.js';

const obj = {
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumEndpoint',
  metadata: { name: 'weird', namespace: 'weird', labels: { 'a.b/c': 'x<y>&z', esc: 'A\x1b[31mB\rC' } },
  status: {
    id: 7,
    nul: null,
    t: true,
    f: false,
    fl: 1.5,
    big: 123456789.5,
    small: 0.00001,
    e: '',
    arr: [1, 'two', null, { k: 'v', a: [true] }],
    obj: { z: 1, a: 'b', m: { n: null } },
    num: 1e21,
    neg: -3,
  },
};
const obj2 = {
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumEndpoint',
  metadata: { name: 'weird2' },
  status: { id: 'str', arr: [] },
};
const list = { apiVersion: 'v1', items: [obj, obj2], kind: 'List', metadata: { resourceVersion: '' } };

const run = (template: string, data: unknown = obj): string => executeTemplate(parseTemplate(template), data);
const errorOf = (action: () => unknown): string => {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return (error as Error).message;
  }
  throw new Error('expected a TemplateError');
};
const runError = (template: string, data: unknown = obj): string => errorOf(() => run(template, data));

describe('text and fields', () => {
  it('copies text outside braces; string literals take Go escapes in double or single quotes', () => {
    expect(run('x{.kind}y')).toBe('xCiliumEndpointy');
    expect(run(`{"a\\tb"}{'c\\nd'}`)).toBe('a\tbc\nd');
    expect(run('{"\\x41\\u00e9\\101"}')).toBe('AéA'); // strconv.UnquoteChar: \x, \u, octal
    expect(run(`{"it\\"s"}{'it\\'s'}`)).toBe('it"sit\'s');
    expect(run('{.kind}}')).toBe('CiliumEndpoint}'); // a lone } is text
    expect(run(`{'it''s'}`)).toBe('s'); // two literals in one action: the last one is the result
  });

  it('reads fields from the current object; the leading $ or @ and spaces change nothing', () => {
    expect(run('{.metadata.name}')).toBe('weird');
    expect(run('{$.metadata.name}{@.metadata.name}{ .metadata.name }')).toBe('weirdweirdweird');
    expect(run('{.metadata.labels.a\\.b/c}')).toBe('x<y>&z'); // a backslash escapes the dot
  });

  it('prints nothing for a missing key (allowMissingKeys), also below it', () => {
    expect(run('[{.nope}][{.nope.deeper[0]}][{.status.nul[0]}][{.status.arr[0].x}]')).toBe('[][][][]');
    expect(run('{.status.arr[0] .status.id}')).toBe(''); // one action is one path: .status of 1
  });

  it("takes ['key'] as .key, so dots inside still split it", () => {
    expect(run("{.metadata['name']}")).toBe('weird');
    expect(run("{.metadata.labels['a.b/c']}")).toBe('');
    expect(run("{.metadata['name','namespace']}")).toBe('weird weird');
  });
});

describe('output of PrintResults', () => {
  it('joins the results of one action with a space, and actions with nothing', () => {
    expect(run('{.status.arr[*]}')).toBe('1 two null {"a":[true],"k":"v"}');
    expect(run('{.kind}{.kind}')).toBe('CiliumEndpointCiliumEndpoint');
  });

  it('prints maps and lists as compact Go JSON: sorted keys, <>& escaped, Go number format', () => {
    expect(run('{.status}')).toBe(
      '{"arr":[1,"two",null,{"a":[true],"k":"v"}],"big":123456789.5,"e":"","f":false,"fl":1.5,"id":7,"neg":-3,"nul":null,"num":1e+21,"obj":{"a":"b","m":{"n":null},"z":1},"small":0.00001,"t":true}',
    );
    expect(run('{.metadata.labels}')).toBe('{"a.b/c":"x\\u003cy\\u003e\\u0026z","esc":"A\\u001b[31mB\\rC"}');
  });

  it("prints scalars as Go's fmt does: floats %v, nil as null, strings raw (no terminal escaping)", () => {
    expect(run('{.status.t} {.status.f} {.status.fl} {.status.big} {.status.small} {.status.num} {.status.neg}')).toBe(
      'true false 1.5 1.234567895e+08 1e-05 1e+21 -3',
    );
    expect(run('{.status.nul}|{.status.e}|')).toBe('null||');
    expect(run('{.metadata.labels.esc}')).toBe('A\x1b[31mB\rC');
    expect(run('{1.5} {-2} {true} {+3} {-.5} {007}')).toBe('1.5 -2 true 3 -0.5 7');
  });

  it('gives a string its bytes for * (uint8 values)', () => {
    expect(run('{.metadata.name.*}')).toBe('119 101 105 114 100');
  });
});

describe('arrays', () => {
  it('indexes, counts negative indexes from the end, and slices [start:end:step]', () => {
    expect(run('{.status.arr[0]}|{.status.arr[-1]}|{.status.arr[-2]}')).toBe('1|{"a":[true],"k":"v"}|null');
    expect(run('{.status.arr[1:3]}|{.status.arr[:2]}|{.status.arr[1:]}|{.status.arr[:-1]}')).toBe(
      'two null|1 two|two null {"a":[true],"k":"v"}|1 two null',
    );
    expect(run('{.status.arr[-3:-1]}|{.status.arr[::2]}|{.status.arr[0:4:3]}|{.status.arr[4:4]}')).toBe(
      'two null|1 null|1 {"a":[true],"k":"v"}|',
    );
  });

  it('fails on an index out of range, a step of 0, a reversed slice, or a non-list', () => {
    const reason = (template: string) => runError(template).split(': Error executing template: ')[1];
    expect(reason('{.status.arr[9]}')).toBe('array index out of bounds: index 9, length 4');
    expect(reason('{.status.arr[-5]}')).toMatch(/^array index out of bounds: index -1, length 4$/);
    expect(reason('{.status.arr[0:9]}')).toMatch(/^array index out of bounds: index 8, length 4$/);
    expect(reason('{.status.arr[::0]}')).toMatch(/^step must be > 0$/);
    expect(reason('{.status.arr[3:1]}')).toMatch(/^starting index 3 is greater than ending index 1$/);
    expect(reason('{.status.id[0]}')).toMatch(/^int64 is not array or slice$/);
    expect(reason('{.status[*]}')).toMatch(/^map\[string\]interface \{\} is not array or slice$/);
  });

  it('stops at the first empty list under [*] (evalArray returns early when start == end)', () => {
    expect(run('{.items[*].status.arr[*]}', list)).toBe('1 two null {"a":[true],"k":"v"}');
    expect(run('{.items[1,0].status.arr[*]}', list)).toBe('');
  });

  it('takes unions of indexes and keys', () => {
    expect(run('{.status.arr[0,1]}|{.status.arr[ 0 , 1 ]}')).toBe('1 two|1 two');
    expect(run("{.status['id','t']}")).toBe('7 true');
  });
});

describe('recursive descent and wildcards', () => {
  it('.. visits every non-empty map, list and string depth first, map keys in sorted order', () => {
    expect(run('{..k}')).toBe('v');
    expect(run('{.status.obj..}')).toBe('{"a":"b","m":{"n":null},"z":1} b {"n":null}');
    expect(run('{.status.obj.*}')).toBe('b {"n":null} 1');
    expect(run('{.items[*]..k}', list)).toBe('v');
  });
});

describe('filters', () => {
  it('compares numbers and strings with == != < > <= >=', () => {
    expect(run('{.status.arr[?(@.k=="v")].a}')).toBe('[true]');
    expect(run('{.status.arr[?(@.k!="x")].k}{.status.arr[?(@.k<"w")].k}{.status.arr[?(@.k>="v")].k}')).toBe('vvv');
    expect(run('{.status.arr[?(@.a[0]==true)].k}{.status.arr[?(@.k==@.k)].k}')).toBe('vv');
    expect(run('{.items[?(@.metadata.name>"weird1")].metadata.name}', list)).toBe('weird2');
    expect(run('{.items[?( @.metadata.name == "weird" )].metadata.name}', list)).toBe('weird');
  });

  it('skips elements where a side is missing; [?(@.x)] keeps those where it exists', () => {
    expect(run('{.status.arr[?(@.zz=="v")]}')).toBe('');
    expect(run('{.status.arr[?(@.k)].k}{.status.arr[?(@.a)].k}')).toBe('vv');
    expect(run('{.status.arr[?()]}')).toBe('1 two null {"a":[true],"k":"v"}');
  });

  it('keeps an element whose exists-expression fails (evalList returns its input with the error)', () => {
    expect(run('{.items[?(@.status.arr[5])].metadata.name}', list)).toBe('weird weird2');
    expect(run('{.items[?(@.status.arr[*])].metadata.name}', list)).toBe('weird');
  });

  it('fails on types text/template cannot compare', () => {
    const reason = (template: string, data: unknown = obj) =>
      runError(template, data).split(': Error executing template: ')[1]?.split('. Printing')[0];
    expect(reason('{.status.arr[?(@ == 1)]}')).toBe('incompatible types for comparison'); // "two" == 1
    expect(reason('{.items[?(@.status.id==7)].metadata.name}', list)).toBe('incompatible types for comparison');
    expect(reason('{.status.arr[?(@.k==1.0)]}')).toBe('incompatible types for comparison'); // string vs float
    expect(reason('{.status.arr[?(@.a<@.a)]}')).toBe('invalid type for comparison'); // lists
    expect(reason('{.status.arr[?(@.a[0]<true)]}')).toBe('invalid type for comparison'); // bools have no order
    expect(reason('{.status.arr[?(@.k="v")]}')).toBe('unrecognized filter operator =');
    expect(reason('{.status.arr[?(@.a[*]=="v")]}')).toBe('incompatible types for comparison');
    expect(reason('{.status.obj[?(@.k)]}')).toBe(
      'map[a:b m:map[n:<nil>] z:1] is not array or slice and cannot be filtered',
    );
    expect(reason('{.status.nul[?(@.a)]}')).toBe('<nil> is not array or slice and cannot be filtered');
  });

  it('compares int literals with JSON integers, float literals with fractions', () => {
    expect(
      run('{.items[?(@.status.fl>1)].metadata.name}', { items: [{ status: { fl: 2 }, metadata: { name: 'a' } }] }),
    ).toBe('a');
    expect(run('{.items[?(@.fl<1.75)].fl}', { items: [{ fl: 1.5 }, { fl: 2.5 }] })).toBe('1.5');
  });
});

describe('range ... end', () => {
  it('runs the block once per result, with that result as @', () => {
    expect(run('{range .items[*]}[{.metadata.name}]{end}', list)).toBe('[weird][weird2]');
    expect(run('{range .items[*]}{@.metadata.name}{"\\n"}{end}', list)).toBe('weird\nweird2\n');
    expect(run('{range .items[*]}[{.metadata.name}]{end}{range .items[*]}({.metadata.name}){end}', list)).toBe(
      '[weird][weird2](weird)(weird2)',
    );
  });

  it('nests, prints a nil element as <no value>, and goes on after the end', () => {
    expect(run('{range .items[*]}{.metadata.name}{range .status.arr[*]}<{@}>{end};{end}|{.kind}', list)).toBe(
      'weird<1><two><<no value>><{"a":[true],"k":"v"}>;weird2;|List',
    );
  });

  it('skips an empty range and runs what follows; a block without end runs to the end of the template', () => {
    expect(run('{.kind}{range .items[*]}{.nope}{end}{.apiVersion}', list)).toBe('Listv1');
    expect(run('{range .nope[*]}[{@}]{end}after')).toBe('after');
    expect(run('{range .items[*]}{.metadata.name}', list)).toBe('weirdweird2');
  });

  it('fails on an end without range and on unknown identifiers', () => {
    expect(runError('{range .items[*]}{end}{end}', list)).toMatch(/template: not in range, nothing to end$/);
    expect(runError('{end}')).toMatch(/template: not in range, nothing to end$/);
    expect(runError('{foo}')).toMatch(/template: unrecognized identifier foo$/);
    expect(runError('{status.id}')).toMatch(/template: unrecognized identifier status$/);
  });
});

describe('errors carry the line kubectl prints after "error: "', () => {
  it.each([
    ['{.a[}', 'error parsing jsonpath {.a[}, unterminated array'],
    ['{.a', 'error parsing jsonpath {.a, unclosed action'],
    ['{', 'error parsing jsonpath {, unclosed action'],
    ['{.a[x]}', 'error parsing jsonpath {.a[x]}, invalid array index x'],
    ['{.a[1.5]}', 'error parsing jsonpath {.a[1.5]}, invalid array index 1.5'],
    ['{.a[1:2:3:4]}', 'error parsing jsonpath {.a[1:2:3:4]}, invalid array index 1:2:3:4'],
    ['{.a["a"]}', 'error parsing jsonpath {.a["a"]}, invalid array index "a"'],
    ['{.a[-]}', 'error parsing jsonpath {.a[-]}, array index - is not a number'],
    ['{.a[?(@.x]}', 'error parsing jsonpath {.a[?(@.x]}, unterminated filter'],
    ['{.a[?(@.x)}', 'error parsing jsonpath {.a[?(@.x)}, unclosed array expect ]'],
    ['{"abc}', 'error parsing jsonpath {"abc}, unterminated quoted string'],
    ['{"a\\qb"}', 'error parsing jsonpath {"a\\qb"}, unquote string "a\\qb" error invalid syntax'],
    ['{.a\tb}', 'error parsing jsonpath {.a\tb}, unrecognized character in action: U+0009'],
    ['{.a,b}', "error parsing jsonpath {.a,b}, unrecognized character in action: U+002C ','"],
    ['{.a[?(@.k=~"v")]}', 'error parsing jsonpath {.a[?(@.k=~"v")]}, unrecognized character in action: U+007E \'~\''],
    ['{+}', 'error parsing jsonpath {+}, cannot parse number +'],
    ['{1.2.3}', 'error parsing jsonpath {1.2.3}, cannot parse number 1.2.3'],
    ['{....a}', 'error parsing jsonpath {....a}, invalid multiple recursive descent'],
    ['', 'template format specified but no template given'],
  ])('%j', (template, message) => {
    expect(errorOf(() => parseTemplate(template))).toBe(message);
  });

  it('quotes the template with %q in execution errors', () => {
    expect(runError('{.status.id[0]}\té\x01"\\')).toBe(
      'error executing jsonpath "{.status.id[0]}\\té\\x01\\"\\\\": Error executing template: int64 is not array or slice',
    );
  });

  it('reports what kubectl panics on (an index on the root of an empty range) as an error', () => {
    expect(runError('{range .nope[*]}{@[0]}{end}')).toMatch(/reflect: call of reflect.Value.Type on zero Value/);
  });
});

describe('findResults and goSprint (the custom-columns side)', () => {
  it('returns one list of values per top-level node', () => {
    expect(findResults(parseTemplate('a{.status.id}{.status.arr[0:2]}'), obj)).toEqual([['a'], [7], [1, 'two']]);
  });

  it("formats like Go's fmt.Sprint", () => {
    expect(goSprint(obj.status.obj)).toBe('map[a:b m:map[n:<nil>] z:1]');
    expect(goSprint(obj.status.arr)).toBe('[1 two <nil> map[a:[true] k:v]]');
    expect(goSprint(123456789.5)).toBe('1.234567895e+08');
    expect(goSprint(null)).toBe('<nil>');
    expect(goSprint({ '\u{1F600}': 1, '\uFFFD': 2, B: 3, a: 4 })).toBe('map[B:3 a:4 \uFFFD:2 \u{1F600}:1]'); // byte order
  });
});

describe('properties', () => {
  const templateChars = fc.constantFrom(...'{}[]().,:*?@$\'"\\=!<>- _01a9z\n\trange end'.split(''));
  const anyTemplate = fc.oneof(fc.string(), fc.string({ unit: templateChars }));

  it('a template either parses or fails with a TemplateError', () => {
    fc.assert(
      fc.property(anyTemplate, (text) => {
        try {
          parseTemplate(text);
        } catch (error) {
          expect(error).toBeInstanceOf(TemplateError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a parsed template on any JSON prints text or fails with a TemplateError', () => {
    const token = fc.constantFrom(
      ...['.a', '.b', '.items', '[0]', '[-1]', '[*]', '[1:]', '[::2]', '..', '.*', '[0,1]', "['a']", ' ', '@', '$'],
      ...['[?(@.a)]', '[?(@.a=="x")]', '[?(@<1)]', '[?(@.b>=1.5)]', 'range ', 'end', '"t"', '1', 'true'],
    );
    const action = fc.array(token, { maxLength: 5 }).map((tokens) => `{${tokens.join('')}}`);
    const template = fc.array(fc.oneof(action, fc.constantFrom('-', '{end}', '{range .items[*]}')), { maxLength: 6 });
    const data = fc.jsonValue().map((value) => ({ items: [value, { a: value }], a: value }));
    fc.assert(
      fc.property(template, data, (parts, value) => {
        try {
          expect(typeof executeTemplate(parseTemplate(`${parts.join('')}.`), value)).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(TemplateError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('paths of fields, *, .., key unions and exists-filters on lists never fail on any JSON', () => {
    const key = fc.constantFrom('a', 'b', 'items', 'name', 'x');
    const step = fc.oneof(
      key.map((k) => `.${k}`),
      fc.constant('.*'),
      key.map((k) => `..${k}`),
      fc.tuple(key, key).map(([a, b]) => `['${a}','${b}']`),
    );
    const filter = fc.option(
      key.map((k) => `.items[?(@.${k})]`),
      { nil: '' },
    );
    const action = fc.tuple(filter, fc.array(step, { maxLength: 4 })).map(([f, steps]) => `{${f}${steps.join('')}}`);
    const data = fc.jsonValue().map((value) => ({ items: [value], a: value }));
    fc.assert(
      fc.property(fc.array(action, { maxLength: 3 }), data, (actions, value) => {
        expect(typeof executeTemplate(parseTemplate(`${actions.join('-')}.`), value)).toBe('string');
      }),
    );
  });

  it('range prints each string as is', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (names) => {
        const items = names.map((name) => ({ metadata: { name } }));
        expect(run('{range .items[*]}{.metadata.name}{"\\n"}{end}', { items })).toBe(
          names.map((n) => `${n}\n`).join(''),
        );
      }),
    );
  });
});
