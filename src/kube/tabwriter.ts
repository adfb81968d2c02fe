/**
 * kubectl's column layout: Go's text/tabwriter as configured in cli-runtime `printers/tabwriter.go`
 * (minwidth 6, tabwidth 4, padding 3, padchar ' ') and kubectl's fork's RememberWidths: when several
 * flushes go through one writer (`get -w` flushes once per event), a column never gets narrower than it
 * was in an earlier flush. Cells are separated by tabs; every cell but the last of a line is a column cell, padded with spaces to its column's width; the
 * last cell is written as is. Widths count code points, as Go counts runes. A column's width is fixed per
 * block of consecutive lines that have a cell in it, exactly as tabwriter's `format` recursion does.
 */
/** A column is its widest cell plus PADDING, and at least MIN_WIDTH. */
export const MIN_WIDTH = 6;
export const PADDING = 3;
const LINES_PER_WRITE = 4096;

/**
 * Lays out lines of tab-separated cells (each line without its newline); returns text ending in `\n`.
 * `remembered` carries column widths from one flush to the next (pass the same array each time);
 * `paint` decorates a cell's text (colour) after its width was counted.
 */
export function layoutLines(
  lines: readonly string[],
  remembered?: number[],
  paint?: (line: number, column: number, text: string) => string,
): string {
  return layoutCells(
    lines.map((line) => line.split('\t')),
    remembered,
    paint,
  );
}

/**
 * The same for lines already split into cells (a table: no text is joined only to be split again). With
 * `write`, the text goes there in pieces of a few thousand lines and the result is '': 100,000 rows are
 * never held as one string.
 */
export function layoutCells(
  cells: readonly (readonly string[])[],
  remembered?: number[],
  paint?: (line: number, column: number, text: string) => string,
  write?: (chunk: string) => void,
): string {
  const out: string[] = [];
  const flush = () => {
    if (write !== undefined && out.length > 0) write(`${out.join('\n')}\n`);
    out.length = 0;
  };
  const columnWidths: number[] = [];

  const parts: string[] = [];
  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const line = cells[i] as readonly string[];
      parts.length = 0;
      for (let j = 0; j < line.length; j++) {
        const cell = line[j] as string;
        parts.push(paint === undefined ? cell : paint(i, j, cell));
        if (j < line.length - 1) parts.push(spaces((columnWidths[j] as number) - runeCount(cell)));
      }
      // One flat string per line: concatenating would keep a tree of pieces per line until the end.
      out.push(parts.join(''));
      if (write !== undefined && out.length >= LINES_PER_WRITE) flush();
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = columnWidths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= (cells[i] as readonly string[]).length - 1) continue;
      writeLines(start, i);
      start = i;
      let width = MIN_WIDTH;
      for (; i < line1; i++) {
        const line = cells[i] as readonly string[];
        if (column >= line.length - 1) break;
        width = Math.max(width, runeCount(line[column] as string) + PADDING);
      }
      if (remembered !== undefined) {
        width = Math.max(width, remembered[column] ?? 0);
        remembered[column] = width;
      }
      columnWidths.push(width);
      format(start, i);
      columnWidths.pop();
      start = i;
      i--;
    }
    writeLines(start, line1);
  };

  format(0, cells.length);
  if (write !== undefined) {
    flush();
    return '';
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

const padding: string[] = [];

/** n spaces (one string per n, made once). */
export function spaces(n: number): string {
  padding[n] ??= ' '.repeat(n);
  return padding[n];
}

const astral = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
const highSurrogate = /[\uD800-\uDBFF]/;

/** Code points in `text` (Go's `utf8.RuneCountInString`). */
export function runeCount(text: string): number {
  return highSurrogate.test(text) ? text.length - (text.match(astral) ?? []).length : text.length;
}
