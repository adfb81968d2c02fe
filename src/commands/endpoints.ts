/** `cilium-view endpoints [NAME...]`: `kubectl get ciliumendpoints.cilium.io`, from a cluster or files. */
import { type GetOptions, get } from './get.js';
import type { Io } from './io.js';
import { ENDPOINTS } from './kinds.js';

export const endpoints = (options: GetOptions, io: Io): Promise<void> => get(ENDPOINTS, options, io);
