/** `cilium-view endpoints [NAME...]`: `kubectl get ciliumendpoints.cilium.io`, from a cluster or files. */
import type { Command } from './command.js';
import { type GetOptions, getCommand } from './get.js';
import { ENDPOINTS } from './kinds.js';
import { ENDPOINTS_SPEC } from './specs.js';

export const endpointsCommand: Command<GetOptions> = getCommand(ENDPOINTS, ENDPOINTS_SPEC);
