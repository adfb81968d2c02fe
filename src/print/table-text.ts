/**
 * A table kept as the text of its cells while its rows arrive, for a list too large to keep as rows:
 * each row becomes its cells' text (cellText) at once, rows are joined into one string a few hundred at a
 * time (tab between cells, newline between rows: cellText leaves neither in a cell), and each position's
 * widest cell is counted as rows come. 100,000 rows are then some 20 MB of text rather than 100,000
 * arrays of cells and strings. Printed once the list is complete, as printTable prints the same rows.
 */
import { MIN_WIDTH, PADDING, runeCount, spaces } from '../kube/tabwriter.js';
import type { ColumnDefinition } from '../view/columns.js';
import type { TableRow } from '../view/table.js';
import { UNSAFE_OR_ASTRAL } from './sanitize.js';
import {
  bodyPainter,
  cellText,
  formatLabels,
  headerCell,
  headerNames,
  type TablePrintOptions,
} from './table-printer.js';

/** Rows joined into one string: few enough strings for the heap, pieces small enough to lay out. */
const ROWS_PER_BLOCK = 1024;
const ASTRAL = /[\uD800-\uDBFF]/;

export class TableText {
  /** Blocks of finished rows, and the rows of the block being filled. */
  private blocks: string[] = [];
  private pending: string[] = [];
  /** The widest cell (in code points) at each position of a stored row. */
  private widths: number[] = [];
  /** Positions before the server's cells: context, namespace, `-L` columns, `--show-labels`. */
  private readonly prefix: number;
  rows = 0;

  constructor(private readonly options: TablePrintOptions) {
    this.prefix =
      (options.withContext ? 1 : 0) +
      (options.withNamespace ? 1 : 0) +
      options.labelColumns.length +
      (options.showLabels ? 1 : 0);
  }

  /** One row: its cells' text is all that is kept (every cell: which are shown is known at the end). */
  add(row: TableRow): void {
    const { options } = this;
    const texts: string[] = [];
    if (options.withContext) texts.push(row.context ?? '');
    if (options.withNamespace) texts.push(row.namespace ?? '');
    for (const key of options.labelColumns) texts.push(row.labels[key] ?? '');
    if (options.showLabels) texts.push(formatLabels(row.labels));
    for (const cell of row.cells) texts.push(typeof cell === 'string' ? cell : cellText(cell));
    let text = texts.join('\t');
    // One test for the whole row: most rows have nothing to escape or cut, and no character outside the
    // BMP (whose cells' code points would have to be counted).
    const plain = !UNSAFE_OR_ASTRAL.test(text);
    if (!plain) {
      for (let i = 0; i < texts.length; i++) texts[i] = cellText(texts[i] as string);
      text = texts.join('\t');
    }
    for (let i = 0; i < texts.length; i++) {
      const width = plain ? (texts[i] as string).length : runeCount(texts[i] as string);
      if (width > (this.widths[i] ?? 0)) this.widths[i] = width;
    }
    this.pending.push(text);
    this.rows++;
    if (this.pending.length >= ROWS_PER_BLOCK) this.seal();
  }

  /** The list starts over: the rows so far no longer count. */
  clear(): void {
    this.blocks = [];
    this.pending = [];
    this.widths = [];
    this.rows = 0;
  }

  /** The table under `columns` (the server's), as printTable would write it, in pieces; nothing without rows. */
  print(columns: readonly ColumnDefinition[], write: (chunk: string) => void): void {
    if (this.rows === 0) return;
    this.seal();
    const { options, prefix } = this;
    const visible = columns.flatMap((column, i) => (options.wide || column.priority === 0 ? [i] : []));
    const names = headerNames(columns, visible, options);
    // Stored order (context, namespace, -L columns, labels, cells) to printed order (context, namespace,
    // shown cells, -L columns, labels); a cell a short row lacks is empty, as a null cell is.
    const labelsAt = (options.withContext ? 1 : 0) + (options.withNamespace ? 1 : 0);
    const order = [
      ...Array.from({ length: labelsAt }, (_, i) => i),
      ...visible.map((i) => prefix + i),
      ...Array.from({ length: prefix - labelsAt }, (_, i) => labelsAt + i),
    ];
    const header = options.noHeaders ? undefined : names.map(headerCell);
    // The whole table's widths (tabwriter's: header included, at least MIN_WIDTH); the last column is not padded.
    const last = order.length - 1;
    const widths = order.map((at, column) =>
      Math.max(MIN_WIDTH, Math.max(this.widths[at] ?? 0, runeCount(header?.[column] ?? '')) + PADDING),
    );
    const paint = bodyPainter(names, options);
    const line = (cells: readonly string[], painted: boolean, counted: boolean): string => {
      const parts: string[] = [];
      for (let column = 0; column <= last; column++) {
        const text = cells[order[column] as number] ?? '';
        parts.push(painted && paint !== undefined ? paint(column, text) : text);
        if (column < last) parts.push(spaces((widths[column] as number) - (counted ? runeCount(text) : text.length)));
      }
      return parts.join('');
    };
    const lines: string[] = [];
    if (header !== undefined) {
      const stored: string[] = [];
      order.forEach((at, column) => {
        stored[at] = header[column] as string;
      });
      lines.push(line(stored, false, true));
    }
    for (const block of this.blocks) {
      // Code points are counted only in a block that has a character outside the BMP.
      const counted = ASTRAL.test(block);
      for (const row of block.split('\n')) lines.push(line(row.split('\t'), true, counted));
      write(`${lines.join('\n')}\n`);
      lines.length = 0;
    }
  }

  private seal(): void {
    if (this.pending.length === 0) return;
    this.blocks.push(this.pending.join('\n'));
    this.pending = [];
  }
}
