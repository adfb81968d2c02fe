/** Go's strconv.IsPrint and strconv.Quote (`%q`), as error messages of client-go and apimachinery print. */

/** Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export const isPrint = (r: string): boolean => r === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(r);

const NAMED: Record<string, string> = { '\x07': 'a', '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v' };

/** Go's `%q` (strconv.Quote): printable characters as they are, the rest escaped. */
export function goQuote(text: string): string {
  let out = '"';
  for (const r of text) {
    const code = r.codePointAt(0) as number;
    if (r === '"' || r === '\\') out += `\\${r}`;
    else if (isPrint(r)) out += r;
    else if (NAMED[r] !== undefined) out += `\\${NAMED[r]}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
