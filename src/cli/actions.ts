/**
 * What each command does once commander has parsed its flags: validate them into options (zod), then
 * run the command. Loaded on first use, so `--help` and `--version` do not pay for zod and the rest.
 */

import { cardinalityCommand } from '../commands/cardinality.js';
import { type CommonOptions, open, resolveScope } from '../commands/common.js';
import { doctorCommand } from '../commands/doctor.js';
import { endpoints } from '../commands/endpoints.js';
import { identities } from '../commands/identities.js';
import type { Io } from '../commands/io.js';
import { withProgress } from '../commands/progress.js';
import { reportCommand } from '../commands/report.js';
import { whoSharesCommand } from '../commands/who-shares.js';
import { compareBytes } from '../model/order.js';
import { cardinalityOptions, doctorOptions, getOptions, reportOptions, whoSharesOptions } from './options.js';

type Raw = Record<string, unknown>;

/** Runs a command with its options, showing progress where a person watches a long list. */
function withIo<O extends CommonOptions>(options: O, io: Io, command: (options: O, io: Io) => Promise<void>) {
  return command(options, withProgress(io, options));
}

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
  endpoints: (io: Io, raw: Raw, names: string[]) => withIo(getOptions(names, raw, io), io, endpoints),
  identities: (io: Io, raw: Raw, names: string[]) => withIo(getOptions(names, raw, io), io, identities),
  whoShares: (io: Io, raw: Raw, id: string) => withIo(whoSharesOptions(id, raw, io), io, whoSharesCommand),
  doctor: (io: Io, raw: Raw) => withIo(doctorOptions(raw, io), io, doctorCommand),
  cardinality: (io: Io, raw: Raw) => withIo(cardinalityOptions(raw, io), io, cardinalityCommand),
  report: (io: Io, raw: Raw) => withIo(reportOptions(raw, io), io, reportCommand),
};
