/**
 * `cilium-view identities [ID...]`: `kubectl get ciliumidentities.cilium.io` (cluster-scoped: `-n` and
 * `-A` change nothing).
 */
import type { Command } from './command.js';
import { type GetOptions, getCommand } from './get.js';
import { IDENTITIES } from './kinds.js';
import { IDENTITIES_SPEC } from './specs.js';

export const identitiesCommand: Command<GetOptions> = getCommand(IDENTITIES, IDENTITIES_SPEC);
