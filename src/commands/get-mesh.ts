/**
 * `get` over several clusters (issue 13): every member listed at once, as `get` lists one (list, join),
 * then printed together. A table gets a first CONTEXT column, the members' rows in the order given,
 * each in its server's order (`--sort-by` sorts across all of them). The object formats never alter an
 * object: `-o json|yaml` print one document holding, per member, its name and the List one context would
 * print (`{"contexts": [{"context": NAME, "list": LIST}]}`), `-o name` prefixes each line with the name
 * and a space.
 */
import type { KubeObject } from '../model/resources.js';
import { kubectlJson, kubectlList } from '../print/kubectl-json.js';
import { kubectlYaml } from '../print/kubectl-yaml.js';
import { printTable } from '../print/table-printer.js';
import type { Listing, Scope } from '../source/source.js';
import { buildTable, type Table } from '../view/table.js';
import { resolveScope } from './common.js';
import { firstValueOf, type GetOptions, getByName, notFound, requestFor } from './get.js';
import { type ListingPrinter, noResourcesFound, sorting } from './get-printers.js';
import type { Io } from './io.js';
import type { Kind } from './kinds.js';
import { eachMember, succeeded, throwFailures } from './mesh.js';
import { painterFor, tablePrintOptions } from './output.js';

interface MemberListing<T> {
  scope: Scope;
  listing: Listing<T>;
  /** kubectl's NotFound lines of the names this member does not have. */
  notFound: string[];
}

export async function meshGet<T extends KubeObject>(kind: Kind<T>, options: GetOptions, io: Io): Promise<void> {
  const paint = await painterFor(options.print);
  const table = options.print.output.kind === 'table';
  const outcomes = await eachMember(options, io, async ({ source }, own): Promise<MemberListing<T>> => {
    const scope = resolveScope(own.scope, source);
    const joining = kind.join(source, own, io.now());
    const request = requestFor(own, joining !== undefined);
    const [{ listing, missing }, join] = await Promise.all([
      own.names.length === 0
        ? source.list(kind.type, scope, request).then((l) => ({ listing: l, missing: [] as string[] }))
        : getByName(kind, source, scope.allNamespaces ? '' : scope.namespace, own.names, request),
      joining,
    ]);
    const lines =
      missing.length > 0 && !own.ignoreNotFound
        ? (await notFound(kind, source, scope, missing)).message.split('\n')
        : [];
    if (!table && join === undefined) return { scope, listing, notFound: lines };
    const built = listing.table ?? buildTable(listing.items, kind.columns(own.ciliumVersion), io.now());
    return {
      scope,
      listing: join === undefined ? { ...listing, table: built } : join(listing.items, built),
      notFound: lines,
    };
  });
  const listed = succeeded(outcomes);
  if (table) printTables(kind, options, listed, paint, io);
  else printObjects(kind, options, listed, io);
  throwFailures(
    outcomes,
    listed.flatMap(({ name, value }) => value.notFound.map((line) => `${name}: ${line}`)),
  );
}

function printTables<T extends KubeObject>(
  kind: Kind<T>,
  options: GetOptions,
  listed: { name: string; value: MemberListing<T> }[],
  paint: Parameters<typeof tablePrintOptions>[2],
  io: Io,
): void {
  const merged: Listing<T> = {
    items: listed.flatMap(({ value }) => value.listing.items),
    table: mergeTables(listed.map(({ name, value }) => ({ name, table: value.listing.table as Table }))),
  };
  const scope = listed[0]?.value.scope ?? { allNamespaces: true };
  const namespaced = kind.type.namespaced ? scope : undefined;
  let printer: ListingPrinter<T> = {
    print: ({ table }) =>
      table !== undefined &&
      printTable(table, { ...tablePrintOptions(options.print, namespaced, paint), withContext: true }, (chunk) =>
        io.stdout.write(chunk),
      ),
  };
  if (options.names.length === 0) printer = noResourcesFound(io, namespaced, printer);
  if (options.sortBy !== undefined) printer = sorting(firstValueOf(options.sortBy), options.sortBy, 'table', printer);
  printer.print(merged);
}

/** `-o json|yaml|name`: each member's objects as one context prints them, under the member's name. */
function printObjects<T extends KubeObject>(
  kind: Kind<T>,
  options: GetOptions,
  listed: { name: string; value: MemberListing<T> }[],
  io: Io,
): void {
  // --sort-by sorts each context's objects: every List stays the one its context prints.
  const sortBy = options.sortBy;
  const lists = listed.map(({ name, value }) => {
    let items = value.listing.items;
    if (sortBy !== undefined) {
      sorting<T>(firstValueOf(sortBy), sortBy, 'list', { print: (sorted) => (items = sorted.items) }).print(
        value.listing,
      );
    }
    return { name, items };
  });
  const { output } = options.print;
  if (output.kind === 'name') {
    for (const { name, items } of lists) {
      for (const item of items) io.stdout.write(`${name} ${kind.kindName}/${item.metadata.name}\n`);
    }
    return;
  }
  const document = { contexts: lists.map(({ name, items }) => ({ context: name, list: kubectlList(items) })) };
  io.stdout.write(output.kind === 'json' ? kubectlJson(document) : kubectlYaml(document));
}

/**
 * The members' tables as one, each row tagged with its member. Clusters of different Cilium releases
 * print different columns: the merged table has every column once, in the order first met, and a row
 * has an empty cell under a column its cluster does not print.
 */
export function mergeTables(tables: readonly { name: string; table: Table }[]): Table {
  const columns: Table['columns'] = [];
  for (const { table } of tables) {
    for (const column of table.columns) if (!columns.some((c) => c.name === column.name)) columns.push(column);
  }
  const rows = tables.flatMap(({ name, table }) => {
    const at = columns.map((column) => table.columns.findIndex((c) => c.name === column.name));
    return table.rows.map((row) => ({
      ...row,
      cells: at.map((i) => (i < 0 ? null : (row.cells[i] ?? null))),
      context: name,
    }));
  });
  return { columns, rows };
}
