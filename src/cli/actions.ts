/**
 * What each command does once commander has parsed its flags: validate them into options (zod), then
 * run the command. Loaded on first use, so `--help` and `--version` do not pay for zod and the rest.
 */

import { cardinalityCommand } from '../commands/cardinality.js';
import type { Command } from '../commands/command.js';
import { type CommonOptions, open, resolveScope } from '../commands/common.js';
import { doctorCommand } from '../commands/doctor.js';
import { endpointsCommand } from '../commands/endpoints.js';
import { identitiesCommand } from '../commands/identities.js';
import type { Io } from '../commands/io.js';
import { withProgress } from '../commands/progress.js';
import { reportCommand } from '../commands/report.js';
import { whoSharesCommand } from '../commands/who-shares.js';
import { compareBytes } from '../kube/go-order.js';
import { CILIUM_ENDPOINTS, CILIUM_IDENTITIES } from '../model/resources.js';
import { ALL_NAMESPACES } from '../source/source.js';
import { cardinalityOptions, doctorOptions, getOptions, reportOptions, whoSharesOptions } from './options.js';

type Raw = Record<string, unknown>;

/** Validates the options (no I/O yet), then runs the command, showing progress where a person watches a long list. */
async function execute<O extends CommonOptions>(command: Command<O>, options: O, io: Io): Promise<void> {
  command.validate(options);
  await command.run(options, withProgress(io, options));
}

/** Completion's source of names: the objects the typed flags point at (warnings are not shown). */
async function lookup(io: Io, what: 'namespaces' | 'endpoints' | 'identities', raw: Raw): Promise<string[]> {
  const quiet: Io = { ...io, stderr: { write: () => {} } };
  const options = getOptions([], { ...raw, allNamespaces: what === 'namespaces' }, io);
  const source = await open(options, quiet);
  if (what === 'identities') {
    const { items } = await source.list(CILIUM_IDENTITIES, ALL_NAMESPACES, { table: false, objects: true });
    return items.map((i) => i.metadata.name);
  }
  const scope = resolveScope(options.scope, source);
  const { items } = await source.list(CILIUM_ENDPOINTS, scope, { table: false, objects: true });
  return what === 'endpoints'
    ? items.map((e) => e.metadata.name)
    : [...new Set(items.map((e) => e.metadata.namespace))].sort(compareBytes);
}

export const actions = {
  lookup,
  endpoints: (io: Io, raw: Raw, names: string[]) => execute(endpointsCommand, getOptions(names, raw, io), io),
  identities: (io: Io, raw: Raw, names: string[]) => execute(identitiesCommand, getOptions(names, raw, io), io),
  whoShares: (io: Io, raw: Raw, id: string) => execute(whoSharesCommand, whoSharesOptions(id, raw, io), io),
  doctor: (io: Io, raw: Raw) => execute(doctorCommand, doctorOptions(raw, io), io),
  cardinality: (io: Io, raw: Raw) => execute(cardinalityCommand, cardinalityOptions(raw, io), io),
  report: (io: Io, raw: Raw) => execute(reportCommand, reportOptions(raw, io), io),
};
