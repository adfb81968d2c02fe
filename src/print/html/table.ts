/**
 * Tables of the report. Complete without script: every row up to the cap is in the page, the rows left
 * out are counted in the footer. The page's script makes the headers sort the rows; a cell's `sort` is
 * the value it sorts by (a number, or a time) where its text would sort wrongly.
 */
import type { Tone } from '../report.js';
import { figure, text } from './escape.js';

export type HtmlCell = string | { text: string; sort?: string | number; tone?: Tone };

export interface HtmlTable<T> {
  head: readonly string[];
  /** Columns (by index) holding numbers: right-aligned. */
  numeric?: readonly number[];
  items: readonly T[];
  row: (item: T) => readonly HtmlCell[];
  /** At most this many rows are written. */
  cap: number;
  /** Written instead of a table without items. */
  empty: string;
  /** Where to find the rows left out, after "N more not shown: ". */
  more: string;
}

function cell(value: HtmlCell, numeric: boolean): string {
  const content = typeof value === 'string' ? value : value.text;
  const classes = [numeric ? 'num' : '', typeof value === 'string' ? '' : (value.tone ?? '')].filter((c) => c !== '');
  const sort = typeof value === 'string' || value.sort === undefined ? '' : ` data-sort="${text(String(value.sort))}"`;
  const className = classes.length === 0 ? '' : ` class="${classes.join(' ')}"`;
  return `<td${className}${sort}>${text(content)}</td>`;
}

export function htmlTable<T>(table: HtmlTable<T>): string {
  const { head, items, cap } = table;
  if (items.length === 0) return `<p class="empty">${text(table.empty)}</p>`;
  const numeric = new Set(table.numeric ?? []);
  const header = head
    .map((name, i) => `<th scope="col"${numeric.has(i) ? ' class="num"' : ''}>${text(name)}</th>`)
    .join('');
  const rows = items.slice(0, cap).map(
    (item) =>
      `<tr>${table
        .row(item)
        .map((value, i) => cell(value, numeric.has(i)))
        .join('')}</tr>`,
  );
  const left = items.length - Math.min(cap, items.length);
  const footer =
    left === 0
      ? ''
      : `<tfoot><tr><td colspan="${head.length}">${figure(left)} more not shown: ${text(table.more)}</td></tr></tfoot>`;
  return `<table data-sortable><thead><tr>${header}</tr></thead><tbody>${rows.join('\n')}</tbody>${footer}</table>`;
}
