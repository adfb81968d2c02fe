/** Writing a finished table the way `kubectl get` does, including its "No resources found" message. */

import { printTable } from '../print/table-printer.js';
import type { Scope } from '../source/source.js';
import type { Table } from '../view/table.js';
import type { Io } from './io.js';

export interface PrintFlags {
  wide: boolean;
  noHeaders: boolean;
}

/** kubectl's message for an empty result: on stderr, exit 0. Cluster-scoped kinds pass `undefined`. */
export function noResourcesFound(scope: Scope | undefined): string {
  return scope === undefined || scope.allNamespaces
    ? 'No resources found\n'
    : `No resources found in ${scope.namespace} namespace.\n`;
}

export function writeTable(io: Io, table: Table, flags: PrintFlags, scope: Scope | undefined): void {
  if (table.rows.length === 0) {
    io.stderr.write(noResourcesFound(scope));
    return;
  }
  const withNamespace = scope?.allNamespaces === true;
  io.stdout.write(printTable(table, { withNamespace, wide: flags.wide, noHeaders: flags.noHeaders }));
}
