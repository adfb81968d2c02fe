/**
 * `kubectl get` for one kind: list (or get by name), wrap the printer, print (get-printers.ts has the
 * wrappers). The endpoints and identities commands are this pipeline for their kind.
 */

import { findResults, parseJsonPath, TemplateError } from '../kube/jsonpath.js';
import { relaxedJsonPath } from '../kube/relaxed-jsonpath.js';
import { CliError, ExitCode, NotFoundError, UsageError } from '../model/errors.js';
import type { FieldSelector } from '../model/field-selector.js';
import { resourceName } from '../model/resources.js';
import type { LabelSelector } from '../model/selector.js';
import { JsonListText } from '../print/json-list-text.js';
import { omitManagedFields } from '../print/managed-fields.js';
import { objectPrinter } from '../print/printers.js';
import type { Paint } from '../print/table-printer.js';
import { TableText } from '../print/table-text.js';
import { type Listing, type ListRequest, namespaceIn, type Scope, type Source } from '../source/source.js';
import { buildTable, type Printable } from '../view/table.js';
import { type Command, checkFormat } from './command.js';
import { type CommonOptions, open, resolveScope, type ScopeFlags } from './common.js';
import {
  eachObjectPrinter,
  joining,
  type ListingPrinter,
  noResourcesFound,
  noResourcesMessage,
  objectsPrinter,
  skipFirst,
  sorting,
  tablePrinter,
  tableStreamPrinter,
  withTable,
} from './get-printers.js';
import type { Io } from './io.js';
import type { Join } from './joins.js';
import type { Kind } from './kinds.js';
import { isMesh, validateMesh } from './mesh.js';
import { painterFor, tablePrintOptions } from './output.js';
import type { CommandSpec } from './specs.js';

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
  /** identities: only those no endpoint uses. */
  unused: boolean;
  /** endpoints: only those whose identity has no CiliumIdentity. */
  dangling: boolean;
}

/** `get` for a kind: the endpoints and identities commands. */
export function getCommand<T extends Printable>(kind: Kind<T>, spec: CommandSpec): Command<GetOptions> {
  return {
    spec,
    validate: (options) => {
      validate(kind, spec, options);
      if (isMesh(options.source)) validateMesh(options);
    },
    run: async (options, io) => {
      if (!isMesh(options.source)) return get(kind, options, io);
      // Several clusters: their code is loaded only for them.
      const { meshGet } = await import('./get-mesh.js');
      return meshGet(kind, options, io);
    },
  };
}

/** Flag combinations kubectl refuses, and templates that do not parse: found before any request. */
function validate<T extends Printable>(kind: Kind<T>, spec: CommandSpec, options: GetOptions): void {
  const { output } = options.print;
  checkFormat(spec, output);
  if (output.kind !== 'table') templateChecked(() => objectPrinter(output));
  if (options.sortBy !== undefined) firstValueOf(options.sortBy);
  if (options.names.length > 0 && (options.labelSelector !== undefined || options.fieldSelector !== undefined)) {
    throw new UsageError('name cannot be provided when a selector is specified');
  }
  if (options.names.length > 0 && options.scope.allNamespaces && kind.type.namespaced) {
    throw new UsageError('a resource cannot be retrieved by name across all namespaces');
  }
  if (options.watch === 'off') return;
  if (options.source.kind === 'files') throw new UsageError('--watch needs a live cluster: files do not change');
  if (options.names.length > 0) {
    throw new UsageError('--watch takes no names; select one with --field-selector metadata.name=NAME');
  }
}

/** list (or get by name), wrap the printer (join, sort, empty message), print; then the names not found. */
async function get<T extends Printable>(kind: Kind<T>, options: GetOptions, io: Io): Promise<void> {
  const paint = await painterFor(options.print);
  const source = await open(options, io);
  const scope = resolveScope(options.scope, source);
  if (options.watch !== 'off' && source.watch !== undefined) {
    const printer = watchPrinter(kind, options, scope, paint, io);
    const handlers = { list: printer.print, event: (_: string, listing: Listing<T>) => printer.print(listing) };
    await source.watch(kind.type, scope, requestFor(options, false), handlers, io.interruption());
    return;
  }
  const joining = kind.join(source, options, io.now());
  const request = requestFor(options, joining !== undefined);
  if (streamsJson(options) && joining === undefined) {
    await printJsonList(source, kind, scope, request, options.print.showManagedFields, io);
    return;
  }
  if (streamsTable(options) && joining === undefined) {
    await printTableList(source, kind, options, scope, request, paint, io);
    return;
  }
  // kubectl's builder skips an empty name, and reports each after what the other names printed.
  const names = options.names.filter((name) => name !== '');
  const emptyNames = options.names.length - names.length;
  const [{ listing, missing }, join] = await Promise.all([
    options.names.length === 0
      ? source.list(kind.type, scope, request).then((l) => ({ listing: l, missing: [] as string[] }))
      : getByName(kind, source, scope.allNamespaces ? '' : scope.namespace, names, request),
    joining,
  ]);
  listPrinter(kind, options, scope, join, paint, io).print(listing);
  const notFoundError =
    missing.length > 0 && !options.ignoreNotFound ? await notFound(kind, source, scope, missing) : undefined;
  if (emptyNames === 0) {
    if (notFoundError !== undefined) throw notFoundError;
    return;
  }
  // One error is `error: ...`; several are kubectl's aggregate, a line each.
  const lines = [
    ...Array<string>(emptyNames).fill('resource name may not be empty'),
    ...(notFoundError?.message.split('\n') ?? []),
  ];
  throw new CliError(lines.length === 1 ? `error: ${lines[0]}` : lines.join('\n'), ExitCode.failure, true);
}

/** What the printing needs from the source: the server's table, or the objects (and labels for -L). */
export function requestFor(options: GetOptions, joins: boolean): ListRequest {
  const objects = options.print.output.kind !== 'table';
  return {
    table: !objects,
    objects: objects || options.sortBy !== undefined || joins,
    labels: options.print.showLabels || options.print.labelColumns.length > 0,
    labelSelector: options.labelSelector,
    fieldSelector: options.fieldSelector,
  };
}

/** The printer of a list: the table or object printer, wrapped in the empty message, the sort and the join. */
function listPrinter<T extends Printable>(
  kind: Kind<T>,
  options: GetOptions,
  scope: Scope,
  join: Join<T> | undefined,
  paint: Paint | undefined,
  io: Io,
): ListingPrinter<T> {
  const { output, noHeaders } = options.print;
  const namespaced = kind.type.namespaced ? scope : undefined;
  let printer: ListingPrinter<T> =
    output.kind === 'table'
      ? tablePrinter(io.stdout, options.print, namespaced, paint)
      : objectsPrinter(io.stdout, objectPrinter(output, options.print.showManagedFields), {
          single: options.names.length === 1,
          kindName: kind.kindName,
          noHeaders,
        });
  if (output.kind === 'table' && options.names.length === 0) printer = noResourcesFound(io, namespaced, printer);
  if (options.sortBy !== undefined) {
    // kubectl sorts a table's rows, or the list an object printer gets (a single named object: a table).
    const what = output.kind === 'table' || options.names.length === 1 ? 'table' : 'list';
    printer = sorting(firstValueOf(options.sortBy), options.sortBy, what, printer);
  }
  if (join !== undefined) printer = joining(join, printer);
  // The table is built only for a table, or for a join (which filters rows and objects together).
  if (output.kind === 'table' || join !== undefined) {
    printer = withTable(kind.columns(options.ciliumVersion), io.now(), printer);
  }
  return printer;
}

/** `-w`: the list (not with --watch-only), then each change: tables one after another, or object by object. */
function watchPrinter<T extends Printable>(
  kind: Kind<T>,
  options: GetOptions,
  scope: Scope,
  paint: Paint | undefined,
  io: Io,
): ListingPrinter<T> {
  const { output, noHeaders } = options.print;
  const printer: ListingPrinter<T> =
    output.kind === 'table'
      ? withTable(
          kind.columns(options.ciliumVersion),
          io.now(),
          tableStreamPrinter(io.stdout, options.print, kind.type.namespaced ? scope : undefined, paint),
        )
      : eachObjectPrinter(io.stdout, objectPrinter(output, options.print.showManagedFields), {
          kindName: kind.kindName,
          noHeaders,
          separator: output.kind === 'yaml' ? '---\n' : '',
        });
  return options.watch === 'watch-only' ? skipFirst(printer) : printer;
}

/** `-o json` of a whole list, unsorted: streamed as text rather than held as objects. */
function streamsJson(options: GetOptions): boolean {
  return options.print.output.kind === 'json' && options.names.length === 0 && options.sortBy === undefined;
}

/** A whole list as a table, unsorted: kept as its cells' text as rows arrive. */
function streamsTable(options: GetOptions): boolean {
  return options.print.output.kind === 'table' && options.names.length === 0 && options.sortBy === undefined;
}

/**
 * A table of a whole list is kept as the text of its cells, made as rows arrive (TableText), and
 * printed once the list is complete: nothing is printed if the source fails half-way.
 */
async function printTableList<T extends Printable>(
  source: Source,
  kind: Kind<T>,
  options: GetOptions,
  scope: Scope,
  request: ListRequest,
  paint: Paint | undefined,
  io: Io,
): Promise<void> {
  const namespaced = kind.type.namespaced ? scope : undefined;
  const text = new TableText(tablePrintOptions(options.print, namespaced, paint));
  const listing = await source.list(kind.type, scope, {
    ...request,
    row: (row) => text.add(row),
    restarted: () => text.clear(),
  });
  // The rows a source did not hand over one by one.
  const table = listing.table ?? buildTable(listing.items, kind.columns(options.ciliumVersion), io.now());
  for (const row of table.rows) text.add(row);
  if (text.rows === 0) io.stderr.write(noResourcesMessage(namespaced));
  else text.print(table.columns, (chunk) => io.stdout.write(chunk));
}

/**
 * A list for -o json is kept as the text of its items, made as pages arrive and deflated a block at a
 * time (JsonListText): far less than the objects, or than the text itself.
 */
async function printJsonList<T extends Printable>(
  source: Source,
  kind: Kind<T>,
  scope: Scope,
  request: ListRequest,
  showManagedFields: boolean,
  io: Io,
): Promise<void> {
  const text = new JsonListText();
  await source.list(kind.type, scope, {
    ...request,
    keep: (raw) => {
      text.add(showManagedFields ? raw : omitManagedFields(raw));
      return false;
    },
    restarted: () => text.clear(),
  });
  await text.print((chunk) => io.stdout.write(chunk));
}

/** kubectl's NotFound lines; when the namespace itself is missing, that is what each name reports. */
export async function notFound<T extends Printable>(
  kind: Kind<T>,
  source: Source,
  scope: Scope,
  missing: readonly string[],
): Promise<NotFoundError> {
  const namespace = namespaceIn(kind.type, scope);
  const noNamespace = namespace !== undefined && (await source.namespaceExists?.(namespace)) === false;
  return new NotFoundError(
    missing.map((name) =>
      !source.live
        ? `error: ${resourceName(kind.type)} "${name}" not found in ${source.description}`
        : noNamespace
          ? `Error from server (NotFound): namespaces "${namespace}" not found`
          : `Error from server (NotFound): ${resourceName(kind.type)} "${name}" not found`,
    ),
  );
}

/** One GET per name (kubectl's order: the arguments'); the names that do not exist are returned apart. */
export async function getByName<T extends Printable>(
  kind: Kind<T>,
  source: Source,
  namespace: string,
  names: readonly string[],
  request: ListRequest,
): Promise<{ listing: Listing<T>; missing: string[] }> {
  const found = await Promise.all(names.map((name) => source.get(kind.type, { namespace, name }, request)));
  const missing = names.filter((_, i) => found[i]?.items.length === 0 && (found[i]?.table?.rows.length ?? 0) === 0);
  const columns = found.find((listing) => listing.table !== undefined)?.table?.columns;
  const listing: Listing<T> = { items: found.flatMap((l) => l.items) };
  if (columns !== undefined) listing.table = { columns, rows: found.flatMap((l) => l.table?.rows ?? []) };
  return { listing, missing };
}

/** `--sort-by`: the first value the (relaxed) JSONPath finds in an object. */
export function firstValueOf(path: string): (object: unknown) => unknown {
  const template = templateChecked(() => parseJsonPath(relaxedJsonPath(path)));
  return (object) => findResults(template, object)[0]?.[0];
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
