/**
 * `cilium-view identities [ID...]`: `kubectl get ciliumidentities.cilium.io` (cluster-scoped: `-n` and
 * `-A` change nothing).
 */
import { type GetOptions, get } from './get.js';
import type { Io } from './io.js';
import { IDENTITIES } from './kinds.js';

export const identities = (options: GetOptions, io: Io): Promise<void> => get(IDENTITIES, options, io);
