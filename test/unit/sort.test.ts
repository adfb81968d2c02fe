/**
 * `--sort-by`: Go's sort.Sort (go-sort.ts) call by call on small cases, as a correct sort on random
 * ones; kubectl's comparison of keys (sort.ts). test/e2e/sort-kubectl.test.ts compares whole orders
 * with the real kubectl.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goSort } from '../../src/kube/go-sort.js';
import {
  compareQuantities,
  parseQuantity,
  type Quantity,
  SortFieldNotFoundError,
  sortOrder,
  UnsortableError,
} from '../../src/view/sort.js';

/** Sorts a copy of values with goSort and `less`, recording every call. */
function traced(values: readonly number[], less = (a: number, b: number) => a < b) {
  const data = [...values];
  const calls: string[] = [];
  goSort(
    data.length,
    (i, j) => {
      calls.push(`less ${i} ${j}`);
      return less(data[i] as number, data[j] as number);
    },
    (i, j) => {
      calls.push(`swap ${i} ${j}`);
      [data[i], data[j]] = [data[j] as number, data[i] as number];
    },
  );
  return { data, calls };
}

describe('goSort', () => {
  it('does nothing for 0 or 1 elements', () => {
    expect(traced([]).calls).toEqual([]);
    expect(traced([7]).calls).toEqual([]);
  });

  it('sorts up to 12 elements by insertion', () => {
    expect(traced([2, 1, 3])).toEqual({ data: [1, 2, 3], calls: ['less 1 0', 'swap 1 0', 'less 2 1'] });
  });

  it('checks a sorted run of 13 with the median of three, then one insertion pass', () => {
    const { data, calls } = traced([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(data).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const pass = Array.from({ length: 12 }, (_, i) => `less ${i + 1} ${i}`);
    expect(calls).toEqual(['less 6 3', 'less 9 6', 'less 6 3', ...pass]);
  });

  it('reverses a decreasing run of 50 when the ninther saw 12 inversions', () => {
    const { data, calls } = traced(Array.from({ length: 50 }, (_, i) => 49 - i));
    expect(data).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(calls.slice(0, 12).every((call) => call.startsWith('less'))).toBe(true);
    const reversal = Array.from({ length: 25 }, (_, i) => `swap ${i} ${49 - i}`);
    expect(calls.slice(12, 37)).toEqual(reversal);
    expect(calls.slice(37)).toEqual(Array.from({ length: 49 }, (_, i) => `less ${i + 1} ${i}`));
  });

  it('reorders equal elements (it is not stable)', () => {
    const keys = [1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0];
    const order = keys.map((_, i) => i);
    goSort(
      keys.length,
      (i, j) => (keys[i] as number) < (keys[j] as number),
      (i, j) => {
        [keys[i], keys[j]] = [keys[j] as number, keys[i] as number];
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      },
    );
    const zeros = order.slice(0, 20);
    expect(zeros).not.toEqual([...zeros].sort((a, b) => a - b));
  });

  it('sorts any array: the same values, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 200 }), (values) => {
        const { data } = traced(values);
        expect(data).toEqual([...values].sort((a, b) => a - b));
      }),
      { numRuns: 500 },
    );
  });
});

describe('sortOrder', () => {
  const byX = (object: unknown) => (object as { x?: unknown }).x;
  const order = (xs: unknown[], sorted: 'table' | 'list' = 'table') =>
    sortOrder(
      xs.map((x) => (x === undefined ? {} : { x })),
      byX,
      '.x',
      sorted,
    );

  it('puts a missing key first, and swaps two missing ones (Less(i, j) is true for both)', () => {
    expect(order([undefined, undefined, 1])).toEqual([1, 0, 2]);
    expect(order([2, undefined, 1])).toEqual([1, 2, 0]);
  });

  it('compares strings by their UTF-8 bytes, not naturally', () => {
    const names = ['web-9', 'é', 'web-10', 'z', 'web-1', 'Web-2'];
    expect(order(names).map((i) => names[i])).toEqual(['Web-2', 'web-1', 'web-10', 'web-9', 'z', 'é']);
  });

  it('compares two quantities by value, a quantity and another string by bytes', () => {
    const keys = ['16737', '6323', '1Ki', '1k', 'a', '500m'];
    expect(order(keys).map((i) => keys[i])).toEqual(['500m', '1k', '1Ki', '6323', '16737', 'a']);
  });

  it('orders null before any other value, and numbers of one type by value', () => {
    expect(order([3, null, 1.5e3, 2])).toEqual([1, 3, 0, 2]);
    expect(order([1.5, 0.5, null])).toEqual([2, 1, 0]);
  });

  it('does not sort a table of one row, nor look for the path there', () => {
    expect(order([undefined])).toEqual([0]);
    expect(order([])).toEqual([]);
    expect(order([], 'list')).toEqual([]);
  });

  it('prints no row of a table where the path finds nothing (kubectl drops that error)', () => {
    expect(order([undefined, undefined])).toEqual([]);
  });

  it('rejects a list where the path finds nothing, one object included', () => {
    const error = new SortFieldNotFoundError('couldn\'t find any field with path "{.x}" in the list of objects');
    expect(() => order([undefined], 'list')).toThrow(error);
    expect(() => sortOrder([{}, {}], byX, '{.x}', 'list')).toThrow(error);
    expect(new SortFieldNotFoundError('')).toBeInstanceOf(UnsortableError);
  });

  it.each([
    [[true, false], 'table', '[][][]reflect.Value', 'unsortable type: bool'],
    [[{ a: 1 }, { b: 2 }], 'list', '*unstructured.Unstructured', 'unsortable type: map[string]interface {}'],
    [[[1], [2]], 'table', '[][][]reflect.Value', 'unsortable type: []interface {}'],
    [['1', 1], 'table', '[][][]reflect.Value', 'unsortable interface: interface'],
    [[2, 1.5], 'list', '*unstructured.Unstructured', 'unsortable interface: interface'],
  ] as const)('fails on %j as kubectl does (%s)', (keys, sorted, holder, reason) => {
    expect(() => order([...keys], sorted)).toThrow(
      new UnsortableError(`Field {.x} in ${holder} is an unsortable type: interface, err: ${reason}`),
    );
  });

  it('never compares a key that only missing ones surround', () => {
    expect(order([undefined, true, undefined])).toEqual([2, 0, 1]);
  });
});

describe('parseQuantity', () => {
  const cmp = (a: string, b: string) => compareQuantities(parseQuantity(a) as Quantity, parseQuantity(b) as Quantity);

  it.each([
    ['6323', '16737', -1],
    ['1Ki', '1024', 0],
    ['1k', '1Ki', -1],
    ['500m', '0.5', 0],
    ['1e3', '1k', 0],
    ['1E3', '1000', 0],
    ['1E', '1e18', 0],
    ['-1', '0', -1],
    ['-2', '-1', -1],
    ['+.5', '0.50', 0],
    ['1.', '1', 0],
    ['m', '0', 0],
    ['-', '0', 0],
    ['Ti', '0', 0],
    ['0.1n', '1n', 0],
    ['-0.0000000001', '-1n', 0],
    ['1e-100', '1n', 0],
    ['1.0000000001', '1000000001n', 0],
    ['99999999999999999999', '9223372036854775807', 0],
    ['8Ei', '9223372036854775807', 0],
    ['7Ei', '9223372036854775807', -1],
    ['10E', '9223372036854775807', 1],
    ['1e20', '10E', 1],
    ['1e4294967296', '1', 0],
    ['9007199254740993', '9007199254740992', 1],
  ])('%s vs %s: %i', (a, b, expected) => {
    expect(Math.sign(cmp(a, b))).toBe(expected);
    expect(Math.sign(cmp(b, a))).toBe(0 - expected);
  });

  it.each([
    '',
    'ready',
    '10.0.0.1',
    'web-1',
    '1K',
    '1ki',
    'e',
    '1e',
    '1e-',
    'k8s',
    '1.2.3',
    ' 1',
    '1 ',
    'Pi',
    'Ei',
    '1e99999999999999999999',
  ])('%j is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});
