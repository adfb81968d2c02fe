/**
 * `cilium-view who-shares ID`: what identity ID is, then every endpoint in every namespace that carries
 * it, as the table `endpoints -A` prints.
 */
import { RuntimeFailure } from '../model/errors.js';
import { identityNamespace, rawIdentityId, whoShares } from '../model/identity.js';
import { layoutLines } from '../print/tabwriter.js';
import { endpointColumns } from '../view/columns.js';
import { ageCell } from '../view/duration.js';
import { buildTable } from '../view/table.js';
import { type CommonOptions, open } from './common.js';
import type { Io } from './io.js';
import { painterFor, writeTable } from './output.js';

export interface WhoSharesOptions extends CommonOptions {
  id: number;
}

/** The annotation Cilium's operator sets on an identity it found unused (and will collect). */
const HEARTBEAT_ANNOTATION = 'io.cilium.heartbeat';

export async function whoSharesCommand(options: WhoSharesOptions, io: Io): Promise<void> {
  const source = await open(options, io);
  const { id } = options;
  // Only the endpoints carrying the identity are kept as pages arrive, and the identity is one GET.
  const [endpointListing, identityListing] = await Promise.all([
    source.listEndpoints(
      { allNamespaces: true },
      { table: true, objects: true, keep: (raw) => rawIdentityId(raw) === id },
    ),
    source.getIdentity(String(id), { table: false, objects: true }),
  ]);
  const sharing = whoShares(id, endpointListing.items, identityListing.items);
  const { identity } = sharing;
  if (identity === undefined && sharing.endpoints.length === 0) {
    throw new RuntimeFailure(
      `identity ${id} not found: no CiliumIdentity named ${id} and no endpoint carries it in ${source.description}`,
    );
  }

  const facts: [string, string][] = [['Identity:', String(id)]];
  if (identity === undefined) {
    facts.push(['CiliumIdentity:', `missing (no object named ${id}; labels below are from the endpoints' status)`]);
  } else {
    facts.push(['Namespace:', identityNamespace(identity) ?? '<none>']);
    facts.push(['Age:', ageCell(identity.metadata.creationTimestamp ?? '', io.now())]);
    const heartbeat = identity.metadata.annotations?.[HEARTBEAT_ANNOTATION];
    if (heartbeat !== undefined)
      facts.push(['Unused since:', `${heartbeat} (operator heartbeat: marked for collection)`]);
  }
  sharing.labels.forEach((label, i) => {
    facts.push([i === 0 ? 'Labels:' : '', label]);
  });
  if (sharing.labels.length === 0) facts.push(['Labels:', '<none>']);
  facts.push(['Endpoints:', String(sharing.endpoints.length)]);
  io.stdout.write(`${layoutLines(facts.map((fact) => fact.join('\t')))}\n`);

  if (sharing.endpoints.length === 0) {
    io.stdout.write(`No endpoint uses identity ${id}.\n`);
    return;
  }
  const table =
    endpointListing.table ?? buildTable(sharing.endpoints, endpointColumns(options.ciliumVersion), io.now());
  writeTable(io, table, options.print, { allNamespaces: true }, await painterFor(options.print));
}
