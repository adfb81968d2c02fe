/**
 * kubectl's human-readable table printer (cli-runtime `printers/tableprinter.go`): upper-cased headers,
 * priority-0 columns unless wide, `-A`'s NAMESPACE column for namespaced kinds, cells cut at the first
 * line break with `...` appended and ESC shown as `^[`, null cells empty, then tabwriter's layout.
 */
import { type Cell, goNumber, type Table } from '../view/table.js';
import { layoutLines } from './tabwriter.js';

export interface TablePrintOptions {
  /** Prepend NAMESPACE from each row's object (kubectl `-A` on a namespaced kind). */
  withNamespace: boolean;
  /** Show columns of every priority (`-o wide`). */
  wide: boolean;
  noHeaders: boolean;
}

/** The table as kubectl prints it; the empty string when it has no rows (kubectl prints no header then). */
export function printTable(table: Table, options: TablePrintOptions): string {
  if (table.rows.length === 0) return '';
  const visible = table.columns.flatMap((column, i) => (options.wide || column.priority === 0 ? [i] : []));
  const lines: string[] = [];
  if (!options.noHeaders) {
    const headers = visible.map((i) => (table.columns[i]?.name ?? '').toUpperCase());
    lines.push((options.withNamespace ? ['NAMESPACE', ...headers] : headers).join('\t'));
  }
  for (const row of table.rows) {
    const cells = visible.map((i) => cellText(row.cells[i] ?? null));
    if (options.withNamespace) cells.unshift(cellText(row.namespace ?? ''));
    lines.push(cells.join('\t'));
  }
  return layoutLines(lines);
}

const lineBreak = /[\f\n\r]/;

/** One cell as kubectl writes it (`printRows` and `WriteEscaped`). */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  let text = typeof cell === 'string' ? cell : typeof cell === 'number' ? goNumber(cell) : String(cell);
  let truncated = false;
  const at = text.search(lineBreak);
  if (at >= 0) {
    text = text.slice(0, at);
    truncated = true;
  }
  text = text.replaceAll('\x1b', '^[');
  return truncated ? `${text}...` : text;
}
