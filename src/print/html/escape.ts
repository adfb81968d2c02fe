/**
 * Cluster data in HTML. Every string that comes from the objects (names, labels, namespaces, the
 * source's description) goes through `text()`, in element content and in quoted attribute values alike:
 * the five characters HTML gives a meaning become character references, so `<script>` or `"><img ...>`
 * stay text. Controls and Unicode bidi overrides, which would reorder or hide what a person reads, are
 * first made visible exactly as on a terminal (`^[`, `\u202e`: print/sanitize.ts).
 */
import { escapeTerminal } from '../sanitize.js';

const REFERENCES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe as element content and as a quoted attribute value. */
export function text(value: string): string {
  return escapeTerminal(value).replace(/[&<>"']/g, (char) => REFERENCES[char] as string);
}

/** Cuts what a person sees of a string (controls made visible) to `max` characters, ending in an ellipsis when cut. */
export function shorten(value: string, max: number): string {
  const chars = [...escapeTerminal(value)];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** Whole numbers as people read them: 65,280. */
export const figure = (n: number): string => n.toLocaleString('en-US');
