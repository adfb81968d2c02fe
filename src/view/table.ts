/**
 * Objects -> table, as the API server's CRD table convertor builds it
 * (apiextensions-apiserver `pkg/registry/customresource/tableconvertor/tableconvertor.go`):
 * a Name cell, then one cell per printer column; a path that finds nothing gives a null cell.
 */

import { compareBytes } from '../model/order.js';
import { type ColumnDefinition, NAME_COLUMN, type PrinterColumn } from './columns.js';
import { ageCell } from './duration.js';
import { compilePath } from './jsonpath.js';

export type Cell = string | number | boolean | null;

export interface TableRow {
  cells: Cell[];
  /** The row object's namespace (kubectl's `-A` prefix) and labels (`--show-labels`, `-L`). */
  namespace: string | undefined;
  labels: Readonly<Record<string, string>>;
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

/**
 * A JSON value as client-go's jsonpath `PrintResults` prints it: maps and lists as compact JSON (Go's
 * encoder: sorted keys, `<`, `>` and `&` escaped), everything else with Go's `fmt.Fprint`.
 */
export function goPrint(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '<nil>';
  return goJson(value);
}

function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareBytes(a, b));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

/**
 * Whole numbers are int64 in Kubernetes' JSON decoding and print in decimal; the rest are float64, which
 * Go's `%v` prints shortest, in exponent form when the exponent is < -4 or >= 6 (strconv's shortest %g).
 */
export function goNumber(value: number): string {
  if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) return BigInt(value).toString();
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}
