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
});

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

function common(raw: z.output<typeof Common>): CommonOptions {
  const source: SourceSpec =
    raw.from.length > 0 || raw.demo ? { kind: 'files', paths: raw.from, demo: raw.demo } : { kind: 'cluster' };
  return {
    source,
    ciliumVersion: raw.ciliumVersion === undefined ? DEFAULT_CILIUM_VERSION : parseCiliumVersion(raw.ciliumVersion),
    print: { wide: raw.output === 'wide', noHeaders: !raw.headers },
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
