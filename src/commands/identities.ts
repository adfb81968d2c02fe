/** `cilium-view identities`: `kubectl get ciliumidentities.cilium.io` (cluster-scoped: `-A` changes nothing). */
import { IDENTITY_COLUMNS } from '../view/columns.js';
import { buildTable } from '../view/table.js';
import { type CommonOptions, open } from './common.js';
import type { Io } from './io.js';
import { writeTable } from './output.js';

export type IdentitiesOptions = CommonOptions;

export async function identities(options: IdentitiesOptions, io: Io): Promise<void> {
  const source = await open(options, io);
  const listing = await source.listIdentities({ table: true, objects: false });
  const table = listing.table ?? buildTable(listing.items, IDENTITY_COLUMNS, io.now());
  writeTable(io, table, options.print, undefined);
}
