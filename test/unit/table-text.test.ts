/**
 * TableText, the table kept as its cells' text while rows arrive, prints exactly what printTable prints
 * for the same rows (which table.test.ts checks against kubectl's rules): under every option, with rows
 * that are short, cells that need escaping or cutting, and more rows than one block holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printTable, type TablePrintOptions } from '../../src/print/table-printer.js';
import { TableText } from '../../src/print/table-text.js';
import type { ColumnDefinition } from '../../src/view/columns.js';
import type { Cell, Table, TableRow } from '../../src/view/table.js';

function viaText(table: Table, options: TablePrintOptions): string {
  const text = new TableText(options);
  for (const row of table.rows) text.add(row);
  let out = '';
  text.print(table.columns, (chunk) => {
    out += chunk;
  });
  return out;
}

const column = (name: string, priority: number): ColumnDefinition => ({
  name,
  type: 'string',
  format: '',
  description: '',
  priority,
});

const options: TablePrintOptions = {
  withNamespace: true,
  wide: false,
  noHeaders: false,
  labelColumns: [],
  showLabels: false,
};

const text = fc.string({
  unit: fc.constantFrom('a', 'Z', '-', ' ', '\t', '\n', '\r', '\x1b', 'é', '日', '😀', '\u202e'),
});
const cell: fc.Arbitrary<Cell> = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'k8s.io/name', 'x'), text, { maxKeys: 3 });

describe('TableText', () => {
  it('prints what printTable prints, under any options and rows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, fc.integer({ min: 0, max: 1 })), { minLength: 1, maxLength: 5 }),
        fc.array(
          fc.record({
            cells: fc.array(cell, { maxLength: 6 }),
            namespace: fc.option(text, { nil: undefined }),
            labels,
          }),
          { maxLength: 12 },
        ),
        fc.record({
          withNamespace: fc.boolean(),
          withContext: fc.boolean(),
          wide: fc.boolean(),
          noHeaders: fc.boolean(),
          labelColumns: fc.array(fc.constantFrom('app', 'k8s.io/name', 'none'), { maxLength: 2 }),
          showLabels: fc.boolean(),
          painted: fc.boolean(),
        }),
        fc.array(text, { minLength: 12, maxLength: 12 }),
        (definitions, rows, { painted, ...flags }, contexts) => {
          const table: Table = {
            columns: definitions.map(([name, priority]) => column(name, priority)),
            rows: rows.map((row, i): TableRow => ({ ...row, context: contexts[i] })),
          };
          const paint = painted ? (name: string, cell: string) => `<${name}:${cell}>` : undefined;
          const all: TablePrintOptions = { ...flags, paint };
          expect(viaText(table, all)).toBe(printTable(table, all));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lays out thousands of rows with the whole table widths, the widest cell in the last rows', () => {
    const rows: TableRow[] = Array.from({ length: 5000 }, (_, i) => ({
      cells: [`pod-${i}`, i, i === 4999 ? 'a-very-long-last-state' : i % 7 === 0 ? null : 'ready', 'x'],
      namespace: `ns-${i % 13}`,
      labels: {},
    }));
    const table: Table = {
      columns: ['Name', 'N', 'State', 'Last', 'Hidden'].map((n, i) => column(n, i === 4 ? 1 : 0)),
      rows,
    };
    const printed = viaText(table, options);
    expect(printed).toBe(printTable(table, options));
    expect(printed.split('\n')[2]).toBe(`ns-1        pod-1      1      ready${' '.repeat(20)}x`);
  });

  it('prints nothing without rows, and forgets the rows it had when the list starts over', () => {
    const table: Table = { columns: [column('Name', 0)], rows: [{ cells: ['a'], namespace: 'n', labels: {} }] };
    const kept = new TableText(options);
    let out = '';
    kept.print(table.columns, (chunk) => {
      out += chunk;
    });
    expect(out).toBe('');
    kept.add({ cells: ['a-row-from-before-the-restart'], namespace: 'old', labels: {} });
    kept.clear();
    for (const row of table.rows) kept.add(row);
    kept.print(table.columns, (chunk) => {
      out += chunk;
    });
    expect(kept.rows).toBe(1);
    expect(out).toBe(printTable(table, options));
    expect(out).toBe('NAMESPACE   NAME\nn           a\n');
  });
});
