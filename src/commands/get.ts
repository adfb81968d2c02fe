/**
 * `kubectl get` for one kind: list (or get by name) -> table or objects -> sort -> print. The endpoints
 * and identities commands are this pipeline for their kind.
 */
import { NotFoundError, RuntimeFailure, UsageError } from '../model/errors.js';
import type { FieldSelector, LabelSelector } from '../model/selector.js';
import { relaxedJsonPath } from '../print/custom-columns.js';
import { findResults, parseJsonPath, TemplateError } from '../print/jsonpath-template.js';
import { objectPrinter } from '../print/printers.js';
import { TableStream } from '../print/table-printer.js';
import type { Listing, ListRequest, Source } from '../source/source.js';
import { sortOrder, UnsortableError } from '../view/sort.js';
import { buildTable, type Printable, type Table } from '../view/table.js';
import { type CommonOptions, open, resolveScope, type ScopeFlags } from './common.js';
import type { Io } from './io.js';
import type { Kind } from './kinds.js';
import { painterFor, tablePrintOptions, writeTable } from './output.js';

export interface GetOptions extends CommonOptions {
  /** Objects asked for by name, printed in this order. */
  names: string[];
  scope: ScopeFlags;
  labelSelector: LabelSelector | undefined;
  fieldSelector: FieldSelector | undefined;
  sortBy: string | undefined;
  ignoreNotFound: boolean;
  /** `-w` (the list, then changes) or `--watch-only` (changes only). */
  watch: 'off' | 'watch' | 'watch-only';
}

export async function get<T extends Printable>(kind: Kind<T>, options: GetOptions, io: Io): Promise<void> {
  const { output } = options.print;
  const printObjects = output.kind === 'table' ? undefined : templateChecked(() => objectPrinter(output));
  const sortKey = options.sortBy === undefined ? undefined : firstValueOf(options.sortBy);
  if (options.names.length > 0 && (options.labelSelector !== undefined || options.fieldSelector !== undefined)) {
    throw new UsageError('name cannot be provided when a selector is specified');
  }
  if (options.watch !== 'off') {
    if (options.source.kind === 'files') throw new UsageError('--watch needs a live cluster: files do not change');
    if (options.names.length > 0) {
      throw new UsageError('--watch takes no names; select one with --field-selector metadata.name=NAME');
    }
  }
  const paint = await painterFor(options.print);
  const source = await open(options, io);
  const scope = resolveScope(options.scope, source);
  if (options.names.length > 0 && scope.allNamespaces && kind.namespaced) {
    throw new UsageError('a resource cannot be retrieved by name across all namespaces');
  }
  const request: ListRequest = {
    table: printObjects === undefined,
    objects: printObjects !== undefined || sortKey !== undefined,
    labelSelector: options.labelSelector,
    fieldSelector: options.fieldSelector,
  };

  const watch = options.watch === 'off' ? undefined : kind.watch(source);
  if (watch !== undefined) {
    const printed = printObjects ?? (() => '');
    const stream = new TableStream(tablePrintOptions(options.print, kind.namespaced ? scope : undefined, paint));
    // kubectl's YAML printer separates the documents it prints with `---`.
    const separator = output.kind === 'yaml' ? '---\n' : '';
    let count = 0;
    const write = (listing: Listing<T>, skip: boolean) => {
      if (skip) return;
      if (printObjects === undefined) {
        const table = listing.table ?? buildTable(listing.items, kind.columns(options.ciliumVersion), io.now());
        io.stdout.write(stream.print(table));
        return;
      }
      for (const item of listing.items) {
        const text = printed([item], { single: true, kindName: kind.kindName, noHeaders: options.print.noHeaders });
        io.stdout.write(count++ > 0 ? separator + text : text);
      }
    };
    await watch(
      scope,
      request,
      { list: (l) => write(l, options.watch === 'watch-only'), event: (_, l) => write(l, false) },
      io.interruption(),
    );
    return;
  }
  const { listing, missing } =
    options.names.length === 0
      ? { listing: await kind.list(source, scope, request), missing: [] }
      : await getByName(kind, source, scope.allNamespaces ? '' : scope.namespace, options.names, request);
  const table =
    printObjects === undefined
      ? (listing.table ?? buildTable(listing.items, kind.columns(options.ciliumVersion), io.now()))
      : undefined;
  const order = sortKey === undefined ? undefined : sorted(listing.items, sortKey, options.sortBy ?? '');
  const items = order === undefined ? listing.items : order.map((i) => listing.items[i] as T);

  if (printObjects !== undefined) {
    const single = options.names.length === 1;
    if (!(single && items.length === 0)) {
      io.stdout.write(printObjects(items, { single, kindName: kind.kindName, noHeaders: options.print.noHeaders }));
    }
  } else if (table !== undefined) {
    const sorted: Table =
      order === undefined ? table : { ...table, rows: order.map((i) => table.rows[i]) as Table['rows'] };
    const emptyScope = options.names.length > 0 ? null : kind.namespaced ? scope : undefined;
    writeTable(io, sorted, options.print, emptyScope, paint);
  }
  if (missing.length > 0 && !options.ignoreNotFound) {
    throw new NotFoundError(
      missing.map((name) =>
        source.live
          ? `Error from server (NotFound): ${kind.resource}.cilium.io "${name}" not found`
          : `error: ${kind.resource}.cilium.io "${name}" not found in ${source.description}`,
      ),
    );
  }
}

/** One GET per name (kubectl's order: the arguments'); the names that do not exist are returned apart. */
async function getByName<T>(
  kind: Kind<T>,
  source: Source,
  namespace: string,
  names: readonly string[],
  request: ListRequest,
): Promise<{ listing: Listing<T>; missing: string[] }> {
  const found = await Promise.all(names.map((name) => kind.get(source, namespace, name, request)));
  const missing = names.filter((_, i) => found[i]?.items.length === 0 && (found[i]?.table?.rows.length ?? 0) === 0);
  const columns = found.find((listing) => listing.table !== undefined)?.table?.columns;
  const listing: Listing<T> = { items: found.flatMap((l) => l.items) };
  if (columns !== undefined) listing.table = { columns, rows: found.flatMap((l) => l.table?.rows ?? []) };
  return { listing, missing };
}

/** `--sort-by`: the first value the (relaxed) JSONPath finds in an object. */
function firstValueOf(path: string): (object: unknown) => unknown {
  const template = templateChecked(() => parseJsonPath(relaxedJsonPath(path)));
  return (object) => findResults(template, object)[0]?.[0];
}

function sorted(items: readonly unknown[], key: (object: unknown) => unknown, path: string): number[] {
  try {
    return sortOrder(items, key, path);
  } catch (error) {
    if (error instanceof UnsortableError) throw new RuntimeFailure(error.message);
    throw error;
  }
}

/** A template error is the user's: a usage error, found before anything is fetched. */
function templateChecked<R>(build: () => R): R {
  try {
    return build();
  } catch (error) {
    if (error instanceof TemplateError) throw new UsageError(error.message);
    throw error;
  }
}
