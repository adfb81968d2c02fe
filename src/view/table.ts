/**
 * Objects -> table, as the API server's CRD table convertor builds it
 * (apiextensions-apiserver `pkg/registry/customresource/tableconvertor/tableconvertor.go`):
 * a Name cell, then one cell per printer column; a path that finds nothing gives a null cell.
 */

import { goPrint } from '../kube/go-json.js';
import { ageCell } from '../kube/human-duration.js';
import { compilePath } from '../kube/printer-column-path.js';
import { type ColumnDefinition, NAME_COLUMN, type PrinterColumn } from './columns.js';

export type Cell = string | number | boolean | null;

export interface TableRow {
  cells: Cell[];
  /** The row object's namespace (kubectl's `-A` prefix) and labels (`--show-labels`, `-L`). */
  namespace: string | undefined;
  labels: Readonly<Record<string, string>>;
  /** The cluster the row comes from, when several are printed in one table. */
  context?: string;
}

export interface Table {
  columns: ColumnDefinition[];
  rows: TableRow[];
}

export interface Printable {
  metadata: { name: string; namespace?: string | undefined; labels?: Record<string, string> | undefined };
}

export function buildTable(objects: readonly Printable[], printerColumns: readonly PrinterColumn[], now: Date): Table {
  const paths = printerColumns.map((c) => compilePath(c.jsonPath));
  const rows = objects.map((object) => {
    const cells: Cell[] = [object.metadata.name];
    printerColumns.forEach((column, i) => {
      cells.push(cellFor(column, (paths[i] as (o: unknown) => unknown)(object), now));
    });
    return { cells, namespace: object.metadata.namespace, labels: object.metadata.labels ?? {} };
  });
  return { columns: [NAME_COLUMN, ...printerColumns.map(definitionOf)], rows };
}

function definitionOf({ name, type, format, description, priority }: PrinterColumn): ColumnDefinition {
  return { name, type, format, description, priority };
}

/** `cellForJSONValue`, plus the string case, which the server prints with jsonpath (Go's `fmt.Fprint`). */
function cellFor(column: PrinterColumn, value: unknown, now: Date): Cell {
  if (value === undefined || value === null) return null;
  switch (column.type) {
    case 'string':
      return goPrint(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return typeof value === 'string' ? ageCell(value, now) : null;
  }
}
