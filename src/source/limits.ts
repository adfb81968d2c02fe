/**
 * The limits on input, documented in README ("Limits") and adjustable from the environment. Input is
 * read as a stream, so only what is held whole counts: one object (a list's element, or a document that
 * is not a list), and the CiliumEndpoints and CiliumIdentities kept from files, which a command needs
 * all at once. Past a limit is one clear error naming the input and the variable, never a crash.
 */
import { UsageError } from '../model/errors.js';

export interface InputLimits {
  /** Bytes of one object's text (JSON or YAML): a list's element, a document that is not a list. */
  maxObjectBytes: number;
  /** Bytes of text of all the endpoints and identities kept from files together. */
  maxKeptBytes: number;
}

const Ki = 1024;
const Mi = Ki * Ki;
const Gi = Ki * Mi;

export const LIMIT_VARIABLES = {
  maxObjectBytes: 'CILIUM_VIEW_MAX_OBJECT_SIZE',
  maxKeptBytes: 'CILIUM_VIEW_MAX_KEPT_SIZE',
} as const;

const DEFAULT_LIMITS: InputLimits = { maxObjectBytes: 64 * Mi, maxKeptBytes: 1 * Gi };

const SIZE = /^(\d+)(Ki|Mi|Gi|Ti)?$/;
const UNITS: Record<string, number> = { Ki, Mi, Gi, Ti: Ki * Gi };

/** The limits, from the environment where set (a byte count, or with a suffix: `Ki`, `Mi`, `Gi`, `Ti`). */
export function inputLimits(env: Readonly<Record<string, string | undefined>>): InputLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(LIMIT_VARIABLES) as Array<keyof InputLimits>) {
    const variable = LIMIT_VARIABLES[key];
    const value = env[variable];
    if (value === undefined || value === '') continue;
    const match = SIZE.exec(value);
    const size = match === null ? Number.NaN : Number(match[1]) * (UNITS[match[2] ?? ''] ?? 1);
    if (!Number.isSafeInteger(size) || size <= 0) {
      throw new UsageError(
        `${variable} must be a size in bytes, such as 268435456 or 256Mi (suffixes Ki, Mi, Gi, Ti), got "${value}"`,
      );
    }
    limits[key] = size;
  }
  return limits;
}

/** A size as a person reads it: `64Mi`, `1Gi`, `1500` (bytes). */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [
    ['Ti', Ki * Gi],
    ['Gi', Gi],
    ['Mi', Mi],
    ['Ki', Ki],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}
