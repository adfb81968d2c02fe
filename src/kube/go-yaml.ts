/**
 * go-yaml v2's rules that decide how kubectl's `-o yaml` writes JSON data (print/kubectl-yaml.ts is the
 * emitter): whether a string may be written plain (resolve.go) and the order of a mapping's keys
 * (sorter.go).
 */

/** The integers go-yaml reads as int64 or uint64. */
export const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
export const UINT64_MAX = 2n ** 64n - 1n;

// ---------------------------------------------------------------------------------------------
// resolve.go: would a plain scalar read back as something other than this string?
// ---------------------------------------------------------------------------------------------

const NON_STRINGS = new Set(
  [
    'y Y yes Yes YES true True TRUE on On ON n N no No NO false False FALSE off Off OFF',
    '~ null Null NULL .nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF',
  ]
    .join(' ')
    .split(' '),
);

const GO_INTEGER = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** encode.go's canUsePlain: plain unless it would read back as another type, or as a YAML 1.1 base-60 float (`1:20`). */
export const canBePlain = (value: string): boolean => resolvesToString(value) && !isBase60Float(value);

function resolvesToString(value: string): boolean {
  const first = value[0];
  if (first === undefined) return false;
  if (!'+-.0123456789yYnNtTfFoO~'.includes(first)) return true;
  if (NON_STRINGS.has(value)) return false;
  if (first === '.') return !(/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(value) && Number.isFinite(Number(value)));
  if (!/[-+0-9]/.test(first)) return true;
  if (isTimestamp(value)) return false;
  const plain = value.replaceAll('_', '');
  const integer = GO_INTEGER.exec(plain);
  if (integer) {
    const [, sign, digits = ''] = integer;
    const magnitude = BigInt(/^0[0-7]/.test(digits) ? `0o${digits.slice(1)}` : digits);
    // strconv.ParseInt, then ParseUint (which takes no sign).
    if (sign === '-' ? -magnitude >= INT64_MIN : magnitude <= (sign === '' ? UINT64_MAX : INT64_MAX)) return false;
  }
  return !(YAML_FLOAT.test(plain) && Number.isFinite(Number(plain)));
}

/** resolve.go's parseTimestamp: time.Parse with 2006-1-2T15:4:5.999999999Z07:00 (also `t`), 2006-1-2 15:4:5.999999999, 2006-1-2. */
function isTimestamp(value: string): boolean {
  const match =
    /^(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt](\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?(Z|[+-]\d\d:\d\d))|(?: (\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?))?$/.exec(
      value,
    );
  if (!match) return false;
  const [, year, month, day, hour = match[8], minute = match[9], second = match[10], zone] = match;
  const leap = Number(year) % 4 === 0 && (Number(year) % 100 !== 0 || Number(year) % 400 === 0);
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Number(month) - 1] ?? 0;
  const timeOk = hour === undefined || (Number(hour) < 24 && Number(minute) < 60 && Number(second) < 60);
  const zoneOk = zone === undefined || zone === 'Z' || (Number(zone.slice(1, 3)) <= 24 && Number(zone.slice(4)) <= 60);
  return (
    Number(month) >= 1 && Number(month) <= 12 && Number(day) >= 1 && Number(day) <= daysInMonth && timeOk && zoneOk
  );
}

/** encode.go quotes YAML 1.1 base-60 floats (`1:20`) although it no longer reads them. */
const isBase60Float = (value: string): boolean =>
  value.includes(':') && /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(value);

// ---------------------------------------------------------------------------------------------
// sorter.go: keyList.Less for string keys
// ---------------------------------------------------------------------------------------------

/** go-yaml's key order: at the first differing character, letters sort after non-letters; digit runs by value. */
export function compareKeys(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length || i === b.length) return a.length - b.length;
  const x = a.codePointAt(i) as number;
  const y = b.codePointAt(i) as number;
  if (x < 0x80 && y < 0x80 && x !== 0x30 && y !== 0x30 && !isAsciiDigit(x) && !isAsciiDigit(y)) {
    const xl = isAsciiLetter(x);
    if (xl === isAsciiLetter(y)) return x - y;
    return xl ? 1 : -1;
  }
  return compareRunes(Array.from(a, runeOf), Array.from(b, runeOf));
}

const runeOf = (char: string): number => char.codePointAt(0) as number;
const isAsciiDigit = (char: number): boolean => char >= 0x30 && char <= 0x39;
const isAsciiLetter = (char: number): boolean => (char | 0x20) >= 0x61 && (char | 0x20) <= 0x7a;
const isLetter = (char: number): boolean => /\p{L}/u.test(String.fromCodePoint(char));
const isDigit = (char: number): boolean => /\p{Nd}/u.test(String.fromCodePoint(char));

/** keyList.Less on runes, with its int64 digit-run arithmetic; as a comparator for distinct keys. */
function compareRunes(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  while (a[i] === b[i]) i++;
  const x = a[i] as number;
  const y = b[i] as number;
  const xl = isLetter(x);
  const yl = isLetter(y);
  if (xl && yl) return x - y;
  if (xl || yl) return xl ? 1 : -1;
  let xn = 0n;
  let yn = 0n;
  if (x === 0x30 || y === 0x30) {
    for (let j = i - 1; j >= 0 && isDigit(a[j] as number); j--) {
      if (a[j] !== 0x30) {
        xn = 1n;
        yn = 1n;
        break;
      }
    }
  }
  let xi = i;
  let yi = i;
  for (; xi < a.length && isDigit(a[xi] as number); xi++)
    xn = BigInt.asIntN(64, xn * 10n + BigInt((a[xi] as number) - 0x30));
  for (; yi < b.length && isDigit(b[yi] as number); yi++)
    yn = BigInt.asIntN(64, yn * 10n + BigInt((b[yi] as number) - 0x30));
  if (xn !== yn) return xn < yn ? -1 : 1;
  if (xi !== yi) return xi - yi;
  return x - y;
}
