/**
 * `kubectl get` for one kind: list (or get by name) -> table or objects -> sort -> print. The endpoints
 * and identities commands are this pipeline for their kind.
 */

import { findResults, parseJsonPath, TemplateError } from '../kube/jsonpath.js';
import { relaxedJsonPath } from '../kube/relaxed-jsonpath.js';
import { NotFoundError, RuntimeFailure, UsageError } from '../model/errors.js';
import { resourceName } from '../model/resources.js';
import type { FieldSelector, LabelSelector } from '../model/selector.js';
import { kubectlJsonListOf, listItemJson } from '../print/kubectl-json.js';
import { objectPrinter } from '../print/printers.js';
import { TableStream } from '../print/table-printer.js';
import { type Listing, type ListRequest, namespaceIn, type Source } from '../source/source.js';
import { type Sorted, sortOrder, UnsortableError } from '../view/sort.js';
import { buildTable, type Printable, type Table } from '../view/table.js';
import { type Command, checkFormat } from './command.js';
import { type CommonOptions, open, resolveScope, type ScopeFlags } from './common.js';
import type { Io } from './io.js';
import type { Kind } from './kinds.js';
import { painterFor, tablePrintOptions, writeTable } from './output.js';
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
    validate: (options) => validate(kind, spec, options),
    run: (options, io) => get(kind, options, io),
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

async function get<T extends Printable>(kind: Kind<T>, options: GetOptions, io: Io): Promise<void> {
  const { output } = options.print;
  const printObjects = output.kind === 'table' ? undefined : objectPrinter(output);
  const sortKey = options.sortBy === undefined ? undefined : firstValueOf(options.sortBy);
  const paint = await painterFor(options.print);
  const source = await open(options, io);
  const scope = resolveScope(options.scope, source);
  const joining = kind.join(source, options, io.now());
  const request: ListRequest = {
    table: printObjects === undefined,
    objects: printObjects !== undefined || sortKey !== undefined || joining !== undefined,
    labels: options.print.showLabels || options.print.labelColumns.length > 0,
    labelSelector: options.labelSelector,
    fieldSelector: options.fieldSelector,
  };
  const tableOf = (listing: Listing<T>) =>
    listing.table ?? buildTable(listing.items, kind.columns(options.ciliumVersion), io.now());

  if (options.watch !== 'off' && source.watch !== undefined) {
    const stream = new TableStream(tablePrintOptions(options.print, kind.type.namespaced ? scope : undefined, paint));
    const print =
      printObjects === undefined
        ? (l: Listing<T>) => stream.print(tableOf(l))
        : eachObject(kind, options, printObjects);
    await source.watch(
      kind.type,
      scope,
      request,
      {
        list: (listing) => {
          if (options.watch !== 'watch-only') io.stdout.write(print(listing));
        },
        event: (_, listing) => io.stdout.write(print(listing)),
      },
      io.interruption(),
    );
    return;
  }

  if (output.kind === 'json' && options.names.length === 0 && sortKey === undefined && joining === undefined) {
    // A list for -o json is kept as the text of its items, made as pages arrive: far less than the
    // objects, and held as bytes outside the JavaScript heap, which the garbage collector need not scan.
    const texts: Buffer[] = [];
    await source.list(kind.type, scope, {
      ...request,
      keep: (raw) => {
        texts.push(Buffer.from(listItemJson(raw)));
        return false;
      },
      restarted: () => {
        texts.length = 0;
      },
    });
    for (const chunk of kubectlJsonListOf(texts, (text) => text.toString())) io.stdout.write(chunk);
    return;
  }
  const [{ listing, missing }, join] = await Promise.all([
    options.names.length === 0
      ? source.list(kind.type, scope, request).then((l) => ({ listing: l, missing: [] as string[] }))
      : getByName(kind, source, scope.allNamespaces ? '' : scope.namespace, options.names, request),
    joining,
  ]);
  // The table is built only for a table (or a join, which filters rows and items together).
  const joined =
    join !== undefined
      ? join(listing.items, tableOf(listing))
      : { items: listing.items, table: printObjects === undefined ? tableOf(listing) : undefined };
  // kubectl sorts a table's rows, or the list an object printer gets (a single named object: a table).
  const what = printObjects === undefined || options.names.length === 1 ? 'table' : 'list';
  const order = sortKey === undefined ? undefined : sorted(joined.items, sortKey, options.sortBy ?? '', what);
  const items = order === undefined ? joined.items : order.map((i) => joined.items[i] as T);

  if (printObjects !== undefined) {
    const single = options.names.length === 1;
    if (!(single && items.length === 0)) {
      const printed = printObjects(items, { single, kindName: kind.kindName, noHeaders: options.print.noHeaders });
      for (const chunk of typeof printed === 'string' ? [printed] : printed) io.stdout.write(chunk);
    }
  } else if (joined.table !== undefined) {
    const { table } = joined;
    const rows = order === undefined ? table.rows : order.map((i) => table.rows[i] as Table['rows'][number]);
    const emptyScope = options.names.length > 0 ? null : kind.type.namespaced ? scope : undefined;
    writeTable(io, { ...table, rows }, options.print, emptyScope, paint);
  }
  if (missing.length > 0 && !options.ignoreNotFound) {
    // Like kubectl: when the namespace itself is missing, that is what each missing name reports.
    const namespace = namespaceIn(kind.type, scope);
    const noNamespace = namespace !== undefined && (await source.namespaceExists?.(namespace)) === false;
    throw new NotFoundError(
      missing.map((name) =>
        !source.live
          ? `error: ${resourceName(kind.type)} "${name}" not found in ${source.description}`
          : noNamespace
            ? `Error from server (NotFound): namespaces "${namespace}" not found`
            : `Error from server (NotFound): ${resourceName(kind.type)} "${name}" not found`,
      ),
    );
  }
}

/** `-w -o json|yaml|...`: each object on its own, as kubectl prints watched objects (YAML with `---`). */
function eachObject<T extends Printable>(
  kind: Kind<T>,
  options: GetOptions,
  printObjects: ReturnType<typeof objectPrinter>,
): (listing: Listing<T>) => string {
  const separator = options.print.output.kind === 'yaml' ? '---\n' : '';
  let count = 0;
  return (listing) =>
    listing.items
      .map((item) => {
        const text = printObjects([item], {
          single: true,
          kindName: kind.kindName,
          noHeaders: options.print.noHeaders,
        });
        return count++ > 0 ? separator + text : text;
      })
      .join('');
}

/** One GET per name (kubectl's order: the arguments'); the names that do not exist are returned apart. */
async function getByName<T extends Printable>(
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
function firstValueOf(path: string): (object: unknown) => unknown {
  const template = templateChecked(() => parseJsonPath(relaxedJsonPath(path)));
  return (object) => findResults(template, object)[0]?.[0];
}

function sorted(items: readonly unknown[], key: (object: unknown) => unknown, path: string, what: Sorted): number[] {
  try {
    return sortOrder(items, key, path, what);
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
