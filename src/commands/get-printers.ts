/**
 * What `get` prints through, as cli-runtime builds it: one printer interface, the table or object
 * printer at the bottom, and small wrappers around it (printers/interface.go's ResourcePrinter;
 * kubectl get's SortingPrinter, its join filters, the watch's per-object printing and skip of the
 * first list, and trackingWriterWrapper's "No resources found").
 */
import { RuntimeFailure } from '../model/errors.js';
import type { KubeObject } from '../model/resources.js';
import type { objectPrinter } from '../print/printers.js';
import { escapeTerminal } from '../print/sanitize.js';
import type { Paint } from '../print/table-printer.js';
import { TableStream } from '../print/table-printer.js';
import type { Listing, Scope } from '../source/source.js';
import type { PrinterColumn } from '../view/columns.js';
import { type FindFirst, type Sorted, sortOrder, UnsortableError } from '../view/sort.js';
import { buildTable, type Table } from '../view/table.js';
import type { Io, Output } from './io.js';
import type { Join } from './joins.js';
import { type PrintFlags, tablePrintOptions, writeTable } from './output.js';

/** Prints one listing: the whole list, or the objects of one watch event. */
export interface ListingPrinter<T> {
  print(listing: Listing<T>): void;
}

type PrintObjects = ReturnType<typeof objectPrinter>;

/** The table of a listing: the server's, else one built from the kind's columns. */
export function withTable<T extends KubeObject>(
  columns: readonly PrinterColumn[],
  now: Date,
  next: ListingPrinter<T>,
): ListingPrinter<T> {
  return {
    print: (listing) => next.print({ ...listing, table: listing.table ?? buildTable(listing.items, columns, now) }),
  };
}

/** A table, written in pieces as it is laid out. */
export function tablePrinter<T>(
  out: Output,
  flags: PrintFlags,
  scope: Scope | undefined,
  paint: Paint | undefined,
): ListingPrinter<T> {
  return { print: ({ table }) => table !== undefined && writeTable(out, table, flags, scope, paint) };
}

/** The objects as one document (a List, or the one object asked for by name). */
export function objectsPrinter<T extends KubeObject>(
  out: Output,
  printObjects: PrintObjects,
  options: { single: boolean; kindName: string; noHeaders: boolean },
): ListingPrinter<T> {
  return {
    print: ({ items }) => {
      if (options.single && items.length === 0) return;
      const printed = printObjects(items, options);
      for (const chunk of typeof printed === 'string' ? [printed] : printed) out.write(chunk);
    },
  };
}

/** `-w`: tables one after another, the header once and columns that never shrink (tabwriter's RememberWidths). */
export function tableStreamPrinter<T>(
  out: Output,
  flags: PrintFlags,
  scope: Scope | undefined,
  paint: Paint | undefined,
): ListingPrinter<T> {
  const stream = new TableStream(tablePrintOptions(flags, scope, paint));
  return { print: ({ table }) => table !== undefined && out.write(stream.print(table)) };
}

/** `-w -o json|yaml|...`: each object on its own, as kubectl prints watched objects (YAML with `---`). */
export function eachObjectPrinter<T extends KubeObject>(
  out: Output,
  printObjects: PrintObjects,
  options: { kindName: string; noHeaders: boolean; separator: string },
): ListingPrinter<T> {
  let count = 0;
  return {
    print: ({ items }) => {
      for (const item of items) {
        // kubectl's YAML printer writes the separator before it marshals the next object.
        if (count++ > 0) out.write(options.separator);
        try {
          const printed = printObjects([item], { single: true, ...options });
          for (const chunk of typeof printed === 'string' ? [printed] : printed) out.write(chunk);
        } catch (error) {
          // kubectl's words for a watched object its printer refuses.
          if (!(error instanceof RuntimeFailure)) throw error;
          throw new RuntimeFailure(`unable to output the provided object: ${error.message}`);
        }
      }
    },
  };
}

/** `--watch-only`: the first listing (the list) is not printed, the changes are. */
export function skipFirst<T>(next: ListingPrinter<T>): ListingPrinter<T> {
  let first = true;
  return {
    print: (listing) => {
      if (!first) next.print(listing);
      first = false;
    },
  };
}

/** `--sort-by`: the objects, and the rows with them, in kubectl's order. */
export function sorting<T extends KubeObject>(
  key: FindFirst,
  path: string,
  what: Sorted,
  next: ListingPrinter<T>,
): ListingPrinter<T> {
  return {
    print: (listing) => {
      const order = sorted(listing.items, key, path, what);
      const items = order.map((i) => listing.items[i] as T);
      const table = listing.table;
      if (table === undefined) return next.print({ ...listing, items });
      const rows = order.map((i) => table.rows[i] as Table['rows'][number]);
      next.print({ ...listing, items, table: { ...table, rows } });
    },
  };
}

/** The other list's join (wide identities, --unused, --dangling): rows and objects filtered and widened. */
export function joining<T extends KubeObject>(join: Join<T>, next: ListingPrinter<T>): ListingPrinter<T> {
  return {
    print: (listing) => next.print({ ...listing, ...join(listing.items, listing.table as Table) }),
  };
}

/** kubectl's message for a table without rows, on stderr (exit 0); cluster-scoped kinds pass `undefined`. */
export function noResourcesFound<T>(io: Io, scope: Scope | undefined, next: ListingPrinter<T>): ListingPrinter<T> {
  return {
    print: (listing) => {
      if ((listing.table?.rows.length ?? 0) > 0) next.print(listing);
      else io.stderr.write(noResourcesMessage(scope));
    },
  };
}

/** kubectl's line for an empty table. */
export function noResourcesMessage(scope: Scope | undefined): string {
  return scope === undefined || scope.allNamespaces
    ? 'No resources found\n'
    : `No resources found in ${escapeTerminal(scope.namespace)} namespace.\n`;
}

function sorted(items: readonly unknown[], key: FindFirst, path: string, what: Sorted): number[] {
  try {
    return sortOrder(items, key, path, what);
  } catch (error) {
    if (error instanceof UnsortableError) throw new RuntimeFailure(error.message);
    throw error;
  }
}
