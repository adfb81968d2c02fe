/** `cilium-view endpoints`: `kubectl get ciliumendpoints.cilium.io`, from a cluster or files. */
import { endpointColumns } from '../view/columns.js';
import { buildTable } from '../view/table.js';
import { type CommonOptions, open, resolveScope, type ScopeFlags } from './common.js';
import type { Io } from './io.js';
import { writeTable } from './output.js';

export interface EndpointsOptions extends CommonOptions {
  scope: ScopeFlags;
}

export async function endpoints(options: EndpointsOptions, io: Io): Promise<void> {
  const source = await open(options, io);
  const scope = resolveScope(options.scope, source);
  const listing = await source.listEndpoints(scope, { table: true, objects: false });
  const table = listing.table ?? buildTable(listing.items, endpointColumns(options.ciliumVersion), io.now());
  writeTable(io, table, options.print, scope);
}
