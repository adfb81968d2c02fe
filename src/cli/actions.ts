/**
 * What each command does once commander has parsed its flags: validate them into options (zod), then
 * run the command. Loaded on first use, so `--help` and `--version` do not pay for zod and the rest.
 */
import { endpoints } from '../commands/endpoints.js';
import { identities } from '../commands/identities.js';
import type { Io } from '../commands/io.js';
import { whoSharesCommand } from '../commands/who-shares.js';
import { getOptions, whoSharesOptions } from './options.js';

type Raw = Record<string, unknown>;

export const actions = {
  endpoints: (io: Io, raw: Raw, names: string[]) => endpoints(getOptions(names, raw), io),
  identities: (io: Io, raw: Raw, names: string[]) => identities(getOptions(names, raw), io),
  whoShares: (io: Io, raw: Raw, id: string) => whoSharesCommand(whoSharesOptions(id, raw), io),
};
