/** Writing a finished table the way `kubectl get` does, including its "No resources found" message. */
import type { OutputSpec } from '../print/printers.js';
import { type Paint, printTable, type TablePrintOptions } from '../print/table-printer.js';
import type { Scope } from '../source/source.js';
import type { Table } from '../view/table.js';
import type { Io } from './io.js';

export interface PrintFlags {
  /** `-o`: a table (wide or not) or one of the object formats. */
  output: OutputSpec;
  noHeaders: boolean;
  showLabels: boolean;
  labelColumns: readonly string[];
  /** Colour the table (`--color`, NO_COLOR, FORCE_COLOR and whether stdout is a terminal, resolved). */
  color: boolean;
}

/** kubectl's message for an empty result: on stderr, exit 0. Cluster-scoped kinds pass `undefined`. */
function noResourcesFound(scope: Scope | undefined): string {
  return scope === undefined || scope.allNamespaces
    ? 'No resources found\n'
    : `No resources found in ${scope.namespace} namespace.\n`;
}

/** Prints a table; with no rows, kubectl's message on stderr instead (`emptyScope` null: say nothing). */
export function writeTable(
  io: Io,
  table: Table,
  flags: PrintFlags,
  emptyScope: Scope | undefined | null,
  paint?: Paint,
): void {
  const scope = emptyScope ?? undefined;
  if (table.rows.length === 0) {
    if (emptyScope === null) return;
    io.stderr.write(noResourcesFound(scope));
    return;
  }
  printTable(table, tablePrintOptions(flags, scope, paint), (chunk) => io.stdout.write(chunk));
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
