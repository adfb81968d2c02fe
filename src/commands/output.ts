/** Writing a finished table the way `kubectl get` does. */
import type { OutputSpec } from '../print/printers.js';
import { type Paint, printTable, type TablePrintOptions } from '../print/table-printer.js';
import type { Scope } from '../source/source.js';
import type { Table } from '../view/table.js';
import type { Output } from './io.js';

export interface PrintFlags {
  /** `-o`: a table (wide or not) or one of the object formats. */
  output: OutputSpec;
  noHeaders: boolean;
  showLabels: boolean;
  labelColumns: readonly string[];
  /** `--show-managed-fields`: `-o json|yaml` keep `metadata.managedFields`. */
  showManagedFields: boolean;
  /** Colour the table (`--color`, NO_COLOR, FORCE_COLOR and whether stdout is a terminal, resolved). */
  color: boolean;
}

/** Prints a table (nothing when it has no rows), in pieces as it is laid out; `-A` scopes add NAMESPACE. */
export function writeTable(
  out: Output,
  table: Table,
  flags: PrintFlags,
  scope: Scope | undefined,
  paint?: Paint | undefined,
): void {
  printTable(table, tablePrintOptions(flags, scope, paint), (chunk) => out.write(chunk));
}

export function tablePrintOptions(flags: PrintFlags, scope: Scope | undefined, paint?: Paint): TablePrintOptions {
  return {
    paint,
    withNamespace: scope?.allNamespaces === true,
    wide: flags.output.kind === 'table' && flags.output.wide,
    noHeaders: flags.noHeaders,
    showLabels: flags.showLabels,
    labelColumns: flags.labelColumns,
  };
}

/** The painter for a coloured table, or none (loads chalk only when colour is on). */
export async function painterFor(flags: PrintFlags): Promise<Paint | undefined> {
  if (!flags.color || flags.output.kind !== 'table') return undefined;
  const { statePainter } = await import('../print/colour.js');
  return statePainter();
}
