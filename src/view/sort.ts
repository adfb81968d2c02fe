/**
 * `--sort-by JSONPATH` as kubectl 1.32 sorts (kubernetes/kubectl pkg/cmd/get/sorter.go, get.go):
 * - The key of an object is the first value the (relaxed) path finds in it, or none.
 * - Go's `sort.Sort` (./go-sort.ts), not stable, with `Less(i, j)`: true if i has no key (even when j has
 *   none either), false if j has none, else `isLess` on the two keys. This "less" is not a strict weak
 *   order, so only Go's exact sequence of comparisons and swaps gives kubectl's order of ties.
 * - isLess on JSON values: null before anything else; two int64s or two float64s by value; two strings
 *   by value when both parse as Kubernetes quantities (`6323` < `16737`), else by bytes (`web-10` <
 *   `web-9`: kubectl 1.31 dropped sortorder.NaturalLess, kubernetes/kubernetes#124514); any other pair
 *   (bools, maps, lists, mixed types) is fatal.
 * - A table (the default output) is sorted only when it has more than one row (SortingPrinter.PrintObj);
 *   a list of objects (`-o name|json|yaml|...`) whenever it is not empty (SortingPrinter.sortObj), a
 *   single object (`get TYPE NAME -o ...`) never.
 * - If the path finds nothing in any object, SortObjects fails: `error: couldn't find any field ...`.
 *   NewTableSorter fails the same way, but get.go's Run drops the table printer's error: kubectl prints
 *   nothing, then "No resources found", and succeeds.
 */
import { compareBytes } from '../kube/go-order.js';
import { goSort } from '../kube/go-sort.js';
import { TemplateError } from '../kube/jsonpath.js';
import { relaxedJsonPath } from '../kube/relaxed-jsonpath.js';

export type FindFirst = (object: unknown) => unknown;

/**
 * What kubectl sorts: the rows of a server-side Table (or a single object), or the objects of a list
 * (a list, or several names, printed with `-o name|json|yaml|...`).
 */
export type Sorted = 'table' | 'list';

/** Two keys kubectl cannot compare: its `klog.Exitf` line, without the log header (exit 1). */
export class UnsortableError extends Error {}

/** The path found nothing in any object of a list: kubectl's `error: ...` line (exit 1). */
export class SortFieldNotFoundError extends UnsortableError {}

/** The order in which kubectl prints `objects` (indexes into it): none of them when it prints nothing. */
export function sortOrder(
  objects: readonly unknown[],
  findFirst: FindFirst,
  path: string,
  sorted: Sorted = 'table',
): number[] {
  const order = objects.map((_, i) => i);
  if (objects.length < (sorted === 'table' ? 2 : 1)) return order;
  const field = relaxedJsonPath(path);
  const found = objects.map((object) => {
    try {
      return { key: findFirst(object) };
    } catch (error) {
      if (error instanceof TemplateError) return { key: undefined, error };
      throw error;
    }
  });
  const keys = found.map(({ key }) => key);
  const failed = found.find((result) => result.error !== undefined)?.error;
  // kubectl's table sorter fails on a path that fails or finds nothing, and `get` ignores that error:
  // nothing is printed, so "No resources found".
  if (sorted === 'table' && (failed !== undefined || keys.every((key) => key === undefined))) return [];
  // A path failing on an object of a list: kubectl returns the error when no object before it has the
  // field, else dies in its sort (klog.Fatalf, exit 255, a log header with time and pid); the error here
  // either way, on kubectl's `error: ` line (exit 1).
  if (failed !== undefined) throw new UnsortableError(failed.message);
  if (keys.every((key) => key === undefined)) {
    throw new SortFieldNotFoundError(
      `couldn't find any field with path ${JSON.stringify(field)} in the list of objects`,
    );
  }
  // The %T in kubectl's message: TableSorter prints its parsed rows, RuntimeSort the object.
  const holder = sorted === 'table' ? '[][][]reflect.Value' : '*unstructured.Unstructured';
  const less = (i: number, j: number): boolean => {
    const a = keys[i];
    const b = keys[j];
    if (a === undefined) return true;
    if (b === undefined) return false;
    const result = isLess(a, b);
    if (result === undefined) {
      throw new UnsortableError(`Field ${field} in ${holder} is an unsortable type: interface, err: ${unsortable(a)}`);
    }
    return result;
  };
  const swap = (i: number, j: number): void => {
    [keys[i], keys[j]] = [keys[j], keys[i]];
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  };
  goSort(objects.length, less, swap);
  return order;
}

/** sorter.go `isLess` for two JSON values (Go's reflect.Interface case); undefined when unsortable. */
function isLess(a: unknown, b: unknown): boolean | undefined {
  if (a === null || b === null) return a === null && b !== null;
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = parseQuantity(a);
    const qb = qa && parseQuantity(b);
    return qa && qb ? compareQuantities(qa, qb) < 0 : compareBytes(a, b) < 0;
  }
  if (typeof a === 'number' && typeof b === 'number' && goNumberType(a) === goNumberType(b)) return a < b;
  return undefined;
}

/** apimachinery decodes a JSON integer as int64, any other number as float64 (JSON's `1.0` is 1 here). */
const goNumberType = (n: number): string => (Number.isInteger(n) ? 'int64' : 'float64');

/** isLess's error for a first key of this value. */
function unsortable(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return 'unsortable interface: interface';
  const type =
    typeof value === 'boolean' ? 'bool' : Array.isArray(value) ? '[]interface {}' : 'map[string]interface {}';
  return `unsortable type: ${type}`;
}

/** A quantity's exact value: coefficient × 10^exponent. */
export interface Quantity {
  coefficient: bigint;
  exponent: number;
}

const MAX_INT64 = 2n ** 63n - 1n;
const DECIMAL_SI: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SI: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** parseQuantityString's grammar: sign, digits, `.` and digits, then suffix letters, a sign and digits. */
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?([eEinumkKMGTP]*[+-]?\d*)$/;

/**
 * apimachinery `resource.ParseQuantity` (pkg/api/resource/quantity.go), as the value `Cmp` compares:
 * rounded up to nano units, and capped at the int64 maximum where ParseQuantity caps it (its slow path,
 * for a binary suffix or a decimal one on more than 18 digits; never for an `e` exponent).
 */
export function parseQuantity(text: string): Quantity | undefined {
  const match = text === '' ? null : QUANTITY.exec(text);
  if (match === null) return undefined;
  const [, sign = '', digits = '', denom = '', suffix = ''] = match;
  const unit = quantityUnit(suffix);
  if (unit === undefined) return undefined;
  const binary = unit.format === 'BinarySI';
  const num = digits.replace(/^0+/, '') || '0';
  // ParseQuantity's precision and scale tests, failing which it computes with inf.Dec.
  const slow = binary
    ? denom !== '' || 14 - num.length - Math.floor((unit.exponent * 3) / 10) < 0
    : num.length + denom.length > 18 || unit.exponent - denom.length < -9;
  // The slow path parses the number with inf.Dec, which wants a digit.
  if (slow && digits === '' && denom === '') return undefined;
  let coefficient = BigInt(num + denom) * (binary ? 2n ** BigInt(unit.exponent) : 1n);
  let exponent = binary ? -denom.length : unit.exponent - denom.length;
  if (exponent < -9 && coefficient !== 0n) {
    // Round up (away from zero) to nano units; a value below 1n becomes 1n.
    const drop = BigInt(-9 - exponent);
    const length = BigInt(String(coefficient).length);
    coefficient = drop >= length ? 1n : (coefficient + 10n ** drop - 1n) / 10n ** drop;
    exponent = -9;
  }
  // Binary values over the maximum always take the slow path; so do decimal ones only past 18 digits.
  const capped = binary || (slow && unit.format === 'DecimalSI');
  if (capped && compareQuantities({ coefficient, exponent }, { coefficient: MAX_INT64, exponent: 0 }) > 0) {
    coefficient = MAX_INT64;
    exponent = 0;
  }
  return { coefficient: sign === '-' ? -coefficient : coefficient, exponent };
}

/** suffixHandler.interpret: the SI tables first, then `e`/`E` and an int64 exponent (kept as an int32). */
function quantityUnit(
  suffix: string,
): { format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent'; exponent: number } | undefined {
  const decimal = DECIMAL_SI[suffix];
  if (decimal !== undefined) return { format: 'DecimalSI', exponent: decimal };
  const binary = BINARY_SI[suffix];
  if (binary !== undefined) return { format: 'BinarySI', exponent: binary };
  const exponent = /^[eE]([+-]?\d+)$/.exec(suffix)?.[1];
  if (exponent === undefined) return undefined;
  const parsed = BigInt(exponent);
  if (BigInt.asIntN(64, parsed) !== parsed) return undefined;
  return { format: 'DecimalExponent', exponent: Number(BigInt.asIntN(32, parsed)) };
}

/** Quantity.Cmp: negative, zero or positive as a is less than, equal to or greater than b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const sign = (q: Quantity): number => (q.coefficient > 0n ? 1 : q.coefficient < 0n ? -1 : 0);
  if (sign(a) !== sign(b) || sign(a) === 0) return sign(a) - sign(b);
  // |q| < 10^magnitude(q) <= 10 |q|: a different magnitude decides without big powers of ten.
  const magnitude = (q: Quantity): number => String(q.coefficient).replace('-', '').length + q.exponent;
  if (magnitude(a) !== magnitude(b)) return (magnitude(a) - magnitude(b)) * sign(a);
  const exponent = Math.min(a.exponent, b.exponent);
  const ca = a.coefficient * 10n ** BigInt(a.exponent - exponent);
  const cb = b.coefficient * 10n ** BigInt(b.exponent - exponent);
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}
