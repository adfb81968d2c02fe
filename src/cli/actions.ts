/**
 * What each command does once commander has parsed its flags: validate them into options (zod), then
 * run the command. Loaded on first use, so `--help` and `--version` do not pay for zod and the rest; each
 * command is loaded only when it runs, so `endpoints` does not load the report's page or doctor's rules.
 */

import type { Command } from '../commands/command.js';
import { type CommonOptions, open, resolveScope } from '../commands/common.js';
import type { GetOptions } from '../commands/get.js';
import type { Io } from '../commands/io.js';
import { eachMember, isMesh, succeeded } from '../commands/mesh.js';
import { withProgress } from '../commands/progress.js';
import { compareBytes } from '../kube/go-order.js';
import { CILIUM_ENDPOINTS, CILIUM_IDENTITIES } from '../model/resources.js';
import { ALL_NAMESPACES, type Source } from '../source/source.js';
import { cardinalityOptions, doctorOptions, getOptions, reportOptions, whoSharesOptions } from './options.js';

type Raw = Record<string, unknown>;

/** Validates the options (no I/O yet), then runs the command, showing progress where a person watches a long list. */
async function execute<O extends CommonOptions>(command: Command<O>, options: O, io: Io): Promise<void> {
  command.validate(options);
  for (const warning of options.warnings ?? []) io.stderr.write(`warning: ${warning}\n`);
  const progress = withProgress(io, options);
  try {
    await command.run(options, progress.io);
  } finally {
    progress.clear();
  }
}

/** The names completion offers from one source: namespaces (sorted), endpoint names, identity IDs. */
async function names(what: 'namespaces' | 'endpoints' | 'identities', options: GetOptions, source: Source) {
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

/**
 * Completion's source of names: the objects the typed flags point at (warnings are not shown). Several
 * clusters: the names of every one that could be read, sorted bytewise, each once.
 */
async function lookup(io: Io, what: 'namespaces' | 'endpoints' | 'identities', raw: Raw): Promise<string[]> {
  const quiet: Io = { ...io, stderr: { write: () => {} }, progress: undefined };
  const options = getOptions([], { ...raw, allNamespaces: what === 'namespaces' }, io);
  if (!isMesh(options.source)) return names(what, options, await open(options, quiet));
  const outcomes = await eachMember(options, quiet, ({ source }, own) => names(what, own, source));
  return [...new Set(succeeded(outcomes).flatMap(({ value }) => value))].sort(compareBytes);
}

export const actions = {
  lookup,
  endpoints: async (io: Io, raw: Raw, names: string[]) => {
    const options = getOptions(names, raw, io);
    await execute((await import('../commands/endpoints.js')).endpointsCommand, options, io);
  },
  identities: async (io: Io, raw: Raw, names: string[]) => {
    const options = getOptions(names, raw, io);
    await execute((await import('../commands/identities.js')).identitiesCommand, options, io);
  },
  whoShares: async (io: Io, raw: Raw, id: string) => {
    const options = whoSharesOptions(id, raw, io);
    await execute((await import('../commands/who-shares.js')).whoSharesCommand, options, io);
  },
  doctor: async (io: Io, raw: Raw) => {
    const options = doctorOptions(raw, io);
    await execute((await import('../commands/doctor.js')).doctorCommand, options, io);
  },
  cardinality: async (io: Io, raw: Raw) => {
    const options = cardinalityOptions(raw, io);
    await execute((await import('../commands/cardinality.js')).cardinalityCommand, options, io);
  },
  report: async (io: Io, raw: Raw) => {
    const options = reportOptions(raw, io);
    await execute((await import('../commands/report.js')).reportCommand, options, io);
  },
};
