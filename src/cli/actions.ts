/**
 * What each command does once commander has parsed its flags: validate them into options (zod), then
 * run the command. Loaded on first use, so `--help` and `--version` do not pay for zod and the rest.
 */

import { cardinalityCommand } from '../commands/cardinality.js';
import { open, resolveScope } from '../commands/common.js';
import { doctorCommand } from '../commands/doctor.js';
import { endpoints } from '../commands/endpoints.js';
import { identities } from '../commands/identities.js';
import type { Io } from '../commands/io.js';
import { whoSharesCommand } from '../commands/who-shares.js';
import { compareBytes } from '../model/order.js';
import { cardinalityOptions, doctorOptions, getOptions, whoSharesOptions } from './options.js';

type Raw = Record<string, unknown>;

/** Completion's source of names: the objects the typed flags point at (warnings are not shown). */
async function lookup(io: Io, what: 'namespaces' | 'endpoints' | 'identities', raw: Raw): Promise<string[]> {
  const quiet: Io = { ...io, stderr: { write: () => {} } };
  const options = getOptions([], { ...raw, allNamespaces: what === 'namespaces' }, io);
  const source = await open(options, quiet);
  if (what === 'identities') {
    return (await source.listIdentities({ table: false, objects: true })).items.map((i) => i.metadata.name);
  }
  const scope = resolveScope(options.scope, source);
  const { items } = await source.listEndpoints(scope, { table: false, objects: true });
  return what === 'endpoints'
    ? items.map((e) => e.metadata.name)
    : [...new Set(items.map((e) => e.metadata.namespace))].sort(compareBytes);
}

export const actions = {
  lookup,
  endpoints: (io: Io, raw: Raw, names: string[]) => endpoints(getOptions(names, raw, io), io),
  identities: (io: Io, raw: Raw, names: string[]) => identities(getOptions(names, raw, io), io),
  whoShares: (io: Io, raw: Raw, id: string) => whoSharesCommand(whoSharesOptions(id, raw, io), io),
  doctor: (io: Io, raw: Raw) => doctorCommand(doctorOptions(raw, io), io),
  cardinality: (io: Io, raw: Raw) => cardinalityCommand(cardinalityOptions(raw, io), io),
};
