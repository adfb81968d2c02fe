/**
 * kubectl's human-readable table printer (cli-runtime `printers/tableprinter.go`): upper-cased headers,
 * priority-0 columns unless wide, cells cut at the first line break with `...` appended and ESC shown
 * as `^[`, null cells empty, then tabwriter's layout. `decorateTable` adds `-A`'s NAMESPACE column in
 * front (namespaced kinds only) and, for several clusters, CONTEXT before it, then one column per `-L`
 * label (headed by the key's last path segment), then `--show-labels`' LABELS.
 */

import { goNumber } from '../kube/go-json.js';
import { compareBytes } from '../kube/go-order.js';
import { layoutCells } from '../kube/tabwriter.js';
import type { ColumnDefinition } from '../view/columns.js';
import type { Cell, Table } from '../view/table.js';
import { escapeTerminal, isTerminalSafe } from './sanitize.js';

export interface TablePrintOptions {
  /** Prepend NAMESPACE from each row's object (kubectl `-A` on a namespaced kind). */
  withNamespace: boolean;
  /** Prepend CONTEXT (before NAMESPACE) from each row: several clusters in one table. */
  withContext?: boolean;
  /** Show columns of every priority (`-o wide`). */
  wide: boolean;
  noHeaders: boolean;
  /** `-L KEY`: a column per label key, holding the row's value (empty when it has none). */
  labelColumns: readonly string[];
  /** `--show-labels`: the row's labels as `k=v,...` (sorted), or `<none>`. */
  showLabels: boolean;
  /** Colours a body cell of the named column (a TTY); widths are counted on the plain text. */
  paint?: Paint | undefined;
}

export type Paint = (column: string, text: string) => string;

/**
 * The table as kubectl prints it; the empty string when it has no rows (kubectl prints no header then).
 * With `write`, the text goes there in pieces instead (see layoutCells).
 */
export function printTable(table: Table, options: TablePrintOptions, write?: (chunk: string) => void): string {
  const { lines, painter } = tableLines(table, options);
  return layoutCells(lines, undefined, painter, write);
}

/**
 * `get -w`: tables printed one after another through one writer, as kubectl prints the list and then a
 * row per event: the header only once, and columns that never shrink (tabwriter's RememberWidths).
 */
export class TableStream {
  private readonly widths: number[] = [];
  private headerPrinted = false;

  constructor(private readonly options: TablePrintOptions) {}

  print(table: Table): string {
    const { lines, painter } = tableLines(table, {
      ...this.options,
      noHeaders: this.options.noHeaders || this.headerPrinted,
    });
    if (lines.length > 0) this.headerPrinted = true;
    return layoutCells(lines, this.widths, painter);
  }
}

function tableLines(
  table: Table,
  options: TablePrintOptions,
): { lines: string[][]; painter: ((line: number, column: number, text: string) => string) | undefined } {
  if (table.rows.length === 0) return { lines: [], painter: undefined };
  const visible = table.columns.flatMap((column, i) => (options.wide || column.priority === 0 ? [i] : []));
  const names = headerNames(table.columns, visible, options);
  const lines: string[][] = [];
  if (!options.noHeaders) lines.push(names.map(headerCell));
  for (const row of table.rows) {
    const cells = visible.map((i) => row.cells[i] ?? null);
    if (options.withNamespace) cells.unshift(row.namespace ?? '');
    if (options.withContext) cells.unshift(row.context ?? '');
    cells.push(...options.labelColumns.map((key) => row.labels[key] ?? ''));
    if (options.showLabels) cells.push(formatLabels(row.labels));
    lines.push(cells.map(cellText));
  }
  const paint = bodyPainter(names, options);
  const bodyStart = options.noHeaders ? 0 : 1;
  const painter =
    paint === undefined
      ? undefined
      : (line: number, column: number, text: string) => (line < bodyStart ? text : paint(column, text));
  return { lines, painter };
}

/** The names of the printed columns: context and namespace, the shown columns, then the label columns. */
export function headerNames(
  columns: readonly ColumnDefinition[],
  visible: readonly number[],
  options: TablePrintOptions,
): string[] {
  const names = visible.map((i) => columns[i]?.name ?? '');
  if (options.withNamespace) names.unshift('Namespace');
  if (options.withContext) names.unshift('Context');
  names.push(...options.labelColumns.map((key) => key.split('/').at(-1) ?? key));
  if (options.showLabels) names.push('Labels');
  return names;
}

/** A column's name in the header. Names come from the command line (`-L`) and from a server's table: shown safe, as cells are. */
export function headerCell(name: string): string {
  return escapeTerminal(name.toUpperCase());
}

/** Colours a body cell by its column's name (`names`: headerNames'), when the table is painted. */
export function bodyPainter(
  names: readonly string[],
  options: TablePrintOptions,
): ((column: number, text: string) => string) | undefined {
  const { paint } = options;
  return paint === undefined ? undefined : (column, text) => paint(names[column] ?? '', text);
}

const lineBreak = /[\f\n\r]/;

/** One cell as kubectl writes it (`printRows` and `WriteEscaped`), and made safe where kubectl has no rule. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  // Most cells need nothing done (a line break is a control character too).
  if (typeof cell === 'string' && isTerminalSafe(cell)) return cell;
  let text = typeof cell === 'string' ? cell : typeof cell === 'number' ? goNumber(cell) : String(cell);
  let truncated = false;
  const at = text.search(lineBreak);
  if (at >= 0) {
    text = text.slice(0, at);
    truncated = true;
  }
  text = escapeTerminal(text);
  return truncated ? `${text}...` : text;
}

/** apimachinery's `labels.FormatLabels`: `k=v` pairs sorted, joined by `,`; `<none>` when there are none. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}=${value}`);
  return pairs.length === 0 ? '<none>' : pairs.sort(compareBytes).join(',');
}
