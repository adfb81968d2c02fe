/**
 * Cluster data is not trusted input: a label value can hold terminal escape sequences (`\x1b[2J`,
 * OSC 52 clipboard writes), carriage returns or bidi overrides that rewrite what a person sees. kubectl
 * shows ESC as `^[` and `\r` as `\r` (cli-runtime `printers/terminal.go`) and cuts table cells at the
 * first line break; every other control character, and the Unicode bidi controls, kubectl passes through.
 * Here they are shown instead: C0 controls and DEL in caret notation (`^G`, `^?`, as `^[` for ESC), C1
 * controls and bidi controls as `\u00XX` / `\u202e`. JSON, YAML and jsonpath output are data and stay
 * exactly what was read.
 */
const UNSAFE_CHARS = '\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
const UNSAFE = new RegExp(`[${UNSAFE_CHARS}]`, 'g');
/** A character escapeTerminal shows differently, or the first half of a code point outside the BMP. */
export const UNSAFE_OR_ASTRAL = new RegExp(`[${UNSAFE_CHARS}\\uD800-\\uDBFF]`);

/** kubectl's WriteEscaped, then everything it lets through that can move or hide text. */
export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    if (char === '\r') return '\\r';
    if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
    if (code === 0x7f) return '^?';
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Whether `text` holds a character that `escapeTerminal` would have to show differently. */
export function isTerminalSafe(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return !UNSAFE.test(text);
}
