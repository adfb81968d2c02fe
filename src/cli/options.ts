/**
 * argv -> typed options: commander hands over raw values, one zod parse per command turns them into the
 * options the command runs with, or a usage error (exit 2) before any I/O (kubectl's Validate step).
 */
import { z } from 'zod';
import type { CommonOptions } from '../commands/common.js';
import type { EndpointsOptions } from '../commands/endpoints.js';
import type { WhoSharesOptions } from '../commands/who-shares.js';
import { UsageError } from '../model/errors.js';
import { MAX_IDENTITY, MIN_IDENTITY } from '../model/identity.js';
import { DEFAULT_CILIUM_VERSION, parseCiliumVersion } from '../model/version.js';
import type { SourceSpec } from '../source/open.js';
import { parseRequestTimeout } from './duration.js';

/** kubectl's default page size (`--chunk-size`). */
export const DEFAULT_CHUNK_SIZE = 500;

/** Output formats `-o` accepts; the help text and the usage error are built from this list. */
export const OUTPUT_FORMATS = ['wide'] as const;

const Common = z.object({
  from: z.array(z.string().min(1, '--from needs a path (or - for stdin)')).default([]),
  demo: z.boolean().default(false),
  ciliumVersion: z.string().optional(),
  output: z
    .string()
    .optional()
    .refine((value) => value === undefined || (OUTPUT_FORMATS as readonly string[]).includes(value), {
      error: (issue) =>
        `unable to match a printer suitable for the output format ${JSON.stringify(issue.input)}, allowed formats are: ${OUTPUT_FORMATS.join(',')}`,
    }),
  headers: z.boolean().default(true),
  debug: z.boolean().default(false),
  kubeconfig: z.string().min(1, '--kubeconfig needs a file').optional(),
  context: z.string().min(1, '--context needs a context name').optional(),
  requestTimeout: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      const ms = parseRequestTimeout(text);
      if (ms === null) {
        ctx.addIssue({
          code: 'custom',
          message: `invalid --request-timeout ${JSON.stringify(text)}: use 0 (none), seconds, or a duration such as 30s or 1m30s`,
        });
        return z.NEVER;
      }
      return ms;
    }),
  chunkSize: z
    .string()
    .regex(/^\d+$/, {
      error: (issue) => `--chunk-size must be a whole number (0 = no paging), got ${JSON.stringify(issue.input)}`,
    })
    .transform(Number)
    .optional(),
  insecureSkipTlsVerify: z.boolean().default(false),
});

/** Flags that only mean something for a live cluster (kubectl's connection flags). */
const CLUSTER_FLAGS = {
  kubeconfig: '--kubeconfig',
  context: '--context',
  requestTimeout: '--request-timeout',
  chunkSize: '--chunk-size',
  insecureSkipTlsVerify: '--insecure-skip-tls-verify',
} as const;

const Scope = z.object({
  namespace: z.string().min(1, '-n/--namespace needs a namespace name').optional(),
  allNamespaces: z.boolean().default(false),
});

const IdentityId = z
  .string()
  .regex(/^\d+$/, { error: (issue) => `identity ID must be a number, got ${JSON.stringify(issue.input)}` })
  .transform(Number)
  .refine((id) => id >= MIN_IDENTITY && id <= MAX_IDENTITY, {
    error: (issue) =>
      `identity ID ${String(issue.input)} is out of range: it must be ${MIN_IDENTITY} to ${MAX_IDENTITY}`,
  });

function parse<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw);
  if (!result.success) throw new UsageError(result.error.issues[0]?.message ?? 'invalid arguments');
  return result.data;
}

function sourceSpec(raw: z.output<typeof Common>): SourceSpec {
  if (raw.from.length > 0 || raw.demo) {
    const given = Object.entries(CLUSTER_FLAGS).find(([key]) => {
      const value = raw[key as keyof typeof CLUSTER_FLAGS];
      return value !== undefined && value !== false;
    });
    if (given !== undefined) {
      throw new UsageError(
        `${given[1]} is for a live cluster and cannot be combined with ${raw.demo ? '--demo' : '--from'}; drop one of them`,
      );
    }
    return { kind: 'files', paths: raw.from, demo: raw.demo };
  }
  return {
    kind: 'cluster',
    flags: {
      kubeconfig: raw.kubeconfig,
      context: raw.context,
      requestTimeoutMs: raw.requestTimeout,
      chunkSize: raw.chunkSize ?? DEFAULT_CHUNK_SIZE,
      insecureSkipTlsVerify: raw.insecureSkipTlsVerify,
    },
  };
}

function common(raw: z.output<typeof Common>): CommonOptions {
  return {
    source: sourceSpec(raw),
    ciliumVersion: raw.ciliumVersion === undefined ? DEFAULT_CILIUM_VERSION : parseCiliumVersion(raw.ciliumVersion),
    print: { wide: raw.output === 'wide', noHeaders: !raw.headers },
    debug: raw.debug,
  };
}

export function endpointsOptions(raw: Record<string, unknown>): EndpointsOptions {
  const { namespace, allNamespaces, ...rest } = parse(Common.extend(Scope.shape), raw);
  return { ...common(rest), scope: { namespace, allNamespaces } };
}

export function identitiesOptions(raw: Record<string, unknown>): CommonOptions {
  return common(parse(Common.extend(Scope.shape), raw));
}

export function whoSharesOptions(id: string, raw: Record<string, unknown>): WhoSharesOptions {
  return { ...common(parse(Common, raw)), id: parse(IdentityId, id) };
}
