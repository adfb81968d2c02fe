/**
 * JSON as Go's encoding/json writes it (map keys sorted by bytes; `<`, `>`, `&`, U+2028 and U+2029
 * escaped inside strings) and Go's `fmt.Fprint` of a JSON value, as client-go's jsonpath prints it.
 */
import { compareBytes } from './go-order.js';

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;
const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** JSON.stringify's text with the escapes Go adds (JSON.stringify writes every other escape as Go does). */
export const goEscape = (json: string): string => json.replace(HTML_UNSAFE, (char) => GO_ESCAPES[char] as string);

/** Go's json.Marshal of JSON data, compact. */
export const goJson = (value: unknown): string => goEscape(JSON.stringify(sortKeys(value)) ?? 'null');

/** value, or a copy where it must differ, whose objects enumerate their keys in Go's order. */
export function sortKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const sorted = value.map(sortKeys);
    return sorted.every((item, i) => item === value[i]) ? value : sorted;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  // Objects from the API server or from kubectl's output already are in order: keep them, do not copy.
  if (keys.every((key, i) => i === 0 || compareBytes(keys[i - 1] as string, key) < 0)) {
    let copy: Record<string, unknown> | undefined;
    for (const key of keys) {
      const sorted = sortKeys(object[key]);
      if (sorted === object[key]) continue;
      copy ??= { ...object };
      setOwn(copy, key, sorted);
    }
    return copy ?? object;
  }
  const sorted: Record<string, unknown> = {};
  for (const key of keys.sort(compareBytes)) setOwn(sorted, key, sortKeys(object[key]));
  // Objects list integer-like keys ("10", "9") first, in numeric order; a Proxy restores the byte order.
  return keys.some(startsWithDigit) ? new Proxy(sorted, { ownKeys: () => keys }) : sorted;
}

/** object[key] = value, also for the key `__proto__` (whose assignment would set the prototype). */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true });
  else object[key] = value;
}

const startsWithDigit = (key: string): boolean => key >= '0' && key < ':';

/**
 * A JSON value as client-go's jsonpath `PrintResults` prints it: maps and lists as compact JSON (Go's
 * encoder), everything else with Go's `fmt.Fprint`.
 */
export function goPrint(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '<nil>';
  return goJson(value);
}

/**
 * Whole numbers are int64 in Kubernetes' JSON decoding and print in decimal; the rest are float64, which
 * Go's `%v` prints shortest, in exponent form when the exponent is < -4 or >= 6 (strconv's shortest %g).
 */
export function goNumber(value: number): string {
  if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) return BigInt(value).toString();
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}
