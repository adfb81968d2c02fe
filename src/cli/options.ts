/**
 * argv -> typed options: commander hands over raw values, one zod parse per command turns them into the
 * options the command runs with, or a usage error (exit 2) before any I/O (kubectl's Validate step).
 */

import * as z from 'zod/mini';
import type { CardinalityOptions } from '../commands/cardinality.js';
import type { CommonOptions } from '../commands/common.js';
import type { DoctorOptions } from '../commands/doctor.js';
import type { GetOptions } from '../commands/get.js';
import type { ReportOptions } from '../commands/report.js';
import type { WhoSharesOptions } from '../commands/who-shares.js';
import { UsageError } from '../model/errors.js';
import { type FieldSelector, parseFieldSelector } from '../model/field-selector.js';
import { MAX_IDENTITY, MIN_IDENTITY } from '../model/identity.js';
import { parseLabelSelector, SelectorError } from '../model/selector.js';
import { type CiliumVersion, DEFAULT_CILIUM_VERSION, parseCiliumVersion } from '../model/version.js';
import { type OutputSpec, parseOutput } from '../print/printers.js';
import '../model/zod.js';
import type { SourceSpec } from '../commands/common.js';
import { OUTPUT_FORMATS } from '../commands/specs.js';
import { parseRequestTimeout } from '../kube/go-duration.js';
import { KNOWN_RANGE, releaseCheck } from '../view/columns.js';
import { DEFAULT_CHUNK_SIZE } from './defaults.js';

const message = (text: string) => ({ error: () => text });

/** A string flag that must match `pattern`, turned into a number. */
const wholeNumber = (error: (input: string) => string) =>
  z.pipe(z.string().check(z.regex(/^\d+$/, { error: (issue) => error(String(issue.input)) })), z.transform(Number));

const Common = z.object({
  from: z._default(z.array(z.string().check(z.minLength(1, message('--from needs a path (or - for stdin)')))), []),
  demo: z._default(z.boolean(), false),
  ciliumVersion: z.optional(z.string()),
  output: z.pipe(
    z.optional(
      z.string().check(
        z.refine((value) => parseOutput(value) !== undefined, {
          error: (issue) =>
            `unable to match a printer suitable for the output format ${JSON.stringify(issue.input)}, allowed formats are: ${OUTPUT_FORMATS.join(',')}`,
        }),
      ),
    ),
    z.transform((value) => parseOutput(value) as OutputSpec),
  ),
  headers: z._default(z.boolean(), true),
  showLabels: z._default(z.boolean(), false),
  showManagedFields: z._default(z.boolean(), false),
  color: z._default(
    z.enum(['auto', 'always', 'never'], {
      error: (issue) => `--color must be auto, always or never, got ${JSON.stringify(issue.input)}`,
    }),
    'auto',
  ),
  labelColumns: z._default(z.array(z.string()), []),
  debug: z._default(z.boolean(), false),
  kubeconfig: z.optional(z.string().check(z.minLength(1, message('--kubeconfig needs a file')))),
  context: z._default(z.array(z.string().check(z.minLength(1, message('--context needs a context name')))), []),
  allContexts: z._default(z.boolean(), false),
  requestTimeout: z.optional(
    z.pipe(
      z.string().check(
        z.refine((text) => parseRequestTimeout(text) !== null, {
          error: (issue) =>
            `invalid --request-timeout ${JSON.stringify(issue.input)}: use 0 (none), seconds, or a duration such as 30s or 1m30s`,
        }),
      ),
      z.transform((text) => parseRequestTimeout(text) ?? undefined),
    ),
  ),
  chunkSize: z.optional(
    wholeNumber((input) => `--chunk-size must be a whole number (0 = no paging), got ${JSON.stringify(input)}`),
  ),
  insecureSkipTlsVerify: z._default(z.boolean(), false),
});

/** Flags that only mean something for a live cluster (kubectl's connection flags). */
const CLUSTER_FLAGS = {
  kubeconfig: '--kubeconfig',
  context: '--context',
  allContexts: '--all-contexts',
  requestTimeout: '--request-timeout',
  chunkSize: '--chunk-size',
  insecureSkipTlsVerify: '--insecure-skip-tls-verify',
} as const;

const Scope = {
  namespace: z.optional(z.string().check(z.minLength(1, message('-n/--namespace needs a namespace name')))),
  allNamespaces: z._default(z.boolean(), false),
};

/** The flags of the get-style commands (endpoints, identities). */
const Get = {
  ...Scope,
  selector: z.optional(z.string()),
  fieldSelector: z.optional(z.string()),
  sortBy: z.optional(z.string().check(z.minLength(1, message('--sort-by needs a JSONPath, e.g. .metadata.name')))),
  ignoreNotFound: z._default(z.boolean(), false),
  watch: z._default(z.boolean(), false),
  watchOnly: z._default(z.boolean(), false),
  unused: z._default(z.boolean(), false),
  dangling: z._default(z.boolean(), false),
};

/** Field selectors the API server supports on custom resources. */
const FIELDS = ['metadata.name', 'metadata.namespace'];

const IdentityId = z.pipe(
  wholeNumber((input) => `identity ID must be a number, got ${JSON.stringify(input)}`),
  z.number().check(
    z.refine((id) => id >= MIN_IDENTITY && id <= MAX_IDENTITY, {
      error: (issue) =>
        `identity ID ${String(issue.input)} is out of range: it must be ${MIN_IDENTITY} to ${MAX_IDENTITY}`,
    }),
  ),
);

/** Flags are checked once a run: without the checker zod would compile for the schema (decode.ts). */
function parse<T extends z.ZodMiniType>(schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw, { jitless: true });
  if (!result.success) throw new UsageError(result.error.issues[0]?.message ?? 'invalid arguments');
  return result.data;
}

function sourceSpec(raw: z.output<typeof Common>): SourceSpec {
  if (raw.from.length > 0 || raw.demo) {
    const given = Object.entries(CLUSTER_FLAGS).find(([key]) => {
      const value = raw[key as keyof typeof CLUSTER_FLAGS];
      return value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
    });
    if (given !== undefined) {
      throw new UsageError(
        `${given[1]} is for a live cluster and cannot be combined with ${raw.demo ? '--demo' : '--from'}; drop one of them`,
      );
    }
    return namedDumps(raw.from, raw.demo) ?? { kind: 'files', paths: raw.from, demo: raw.demo };
  }
  const contexts = [...new Set(raw.context.flatMap((names) => names.split(',')))];
  if (contexts.some((name) => name === '')) throw new UsageError('--context needs a context name');
  if (raw.allContexts && contexts.length > 0) throw new UsageError('--all-contexts and --context cannot go together');
  const flags = {
    kubeconfig: raw.kubeconfig,
    context: contexts.length === 1 ? contexts[0] : undefined,
    requestTimeoutMs: raw.requestTimeout,
    chunkSize: raw.chunkSize ?? DEFAULT_CHUNK_SIZE,
    insecureSkipTlsVerify: raw.insecureSkipTlsVerify,
  };
  if (raw.allContexts || contexts.length > 1)
    return { kind: 'contexts', contexts: raw.allContexts ? 'all' : contexts, flags };
  return { kind: 'cluster', flags };
}

/** A cluster's name before `=` in `--from NAME=PATH` (a path with `/` or `.` before its `=` is a path). */
const DUMP_NAME = /^([A-Za-z0-9][A-Za-z0-9_:@-]*)=(.+)$/;

/** `--from a=PATH --from b=PATH`: one dump per named cluster (several PATHs may share a name). */
function namedDumps(from: readonly string[], demo: boolean): SourceSpec | undefined {
  const named = from.map((value) => DUMP_NAME.exec(value));
  if (named.every((match) => match === null)) return undefined;
  if (demo || named.some((match) => match === null)) {
    throw new UsageError('--from NAME=PATH names the cluster of every dump: give each --from a NAME=, and no --demo');
  }
  const dumps: { name: string; paths: string[] }[] = [];
  for (const match of named as RegExpExecArray[]) {
    const [, name = '', path = ''] = match;
    const dump = dumps.find((d) => d.name === name);
    if (dump === undefined) dumps.push({ name, paths: [path] });
    else dump.paths.push(path);
  }
  return { kind: 'dumps', dumps };
}

/**
 * Colour: `--color always|never` decide; `auto` (the default) colours a terminal, unless NO_COLOR is set
 * (no-color.org), and FORCE_COLOR (not 0) colours even a pipe.
 */
function useColor(
  when: 'auto' | 'always' | 'never',
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): boolean {
  if (when !== 'auto') return when === 'always';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}

function common(raw: z.output<typeof Common>, terminal: TerminalEnv): CommonOptions {
  return {
    source: sourceSpec(raw),
    ...ciliumVersion(raw.ciliumVersion),
    print: {
      output: raw.output,
      noHeaders: !raw.headers,
      showLabels: raw.showLabels,
      showManagedFields: raw.showManagedFields,
      // kubectl's -L (pflag's stringSlice) takes a CSV line and can be repeated.
      labelColumns: raw.labelColumns.flatMap(csvFields).filter((key) => key !== ''),
      color: useColor(raw.color, terminal.env, terminal.isTTY),
    },
    debug: raw.debug,
  };
}

/** `--cilium-version`: a release whose columns are known, or a newer one (a warning: the newest set is used). */
function ciliumVersion(text: string | undefined): { ciliumVersion: CiliumVersion; warnings: string[] } {
  if (text === undefined) return { ciliumVersion: DEFAULT_CILIUM_VERSION, warnings: [] };
  const version = parseCiliumVersion(text);
  const check = version === undefined ? undefined : releaseCheck(version);
  if (version === undefined || check?.known !== true) {
    throw new UsageError(
      `--cilium-version ${JSON.stringify(text)} is not a Cilium release cilium-view knows: use ${KNOWN_RANGE} (e.g. 1.14 or v1.18.4)`,
    );
  }
  return { ciliumVersion: version, warnings: check.warning === undefined ? [] : [check.warning] };
}

/** The fields of one CSV line (Go's encoding/csv, as pflag's string slices read them): `a,"b,c"` is a, b,c. */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  do {
    let field = '';
    if (line[i] === '"') {
      for (i++; i < line.length; i++) {
        if (line[i] !== '"') field += line[i];
        else if (line[i + 1] === '"') field += line[++i];
        else break;
      }
      i = line.indexOf(',', i);
    } else {
      const end = line.indexOf(',', i);
      field = line.slice(i, end < 0 ? undefined : end);
      i = end;
    }
    fields.push(field);
  } while (i >= 0 && ++i > 0);
  return fields;
}

/** What the colour decision needs to know of the process. */
export interface TerminalEnv {
  env: Readonly<Record<string, string | undefined>>;
  isTTY: boolean;
}

export function getOptions(names: readonly string[], raw: Record<string, unknown>, terminal: TerminalEnv): GetOptions {
  const {
    namespace,
    allNamespaces,
    selector,
    fieldSelector,
    sortBy,
    ignoreNotFound,
    watch,
    watchOnly,
    unused,
    dangling,
    ...rest
  } = parse(z.extend(Common, Get), raw);
  return {
    ...common(rest, terminal),
    names: [...names],
    scope: { namespace, allNamespaces },
    labelSelector: selector === undefined ? undefined : selectorOrUsage(() => parseLabelSelector(selector)),
    fieldSelector: fieldSelector === undefined ? undefined : fieldSelectorOf(fieldSelector),
    sortBy,
    ignoreNotFound,
    watch: watchOnly ? 'watch-only' : watch ? 'watch' : 'off',
    unused,
    dangling,
  };
}

function fieldSelectorOf(text: string): FieldSelector {
  const selector = selectorOrUsage(() => parseFieldSelector(text));
  const unknown = selector.keys.find((key) => !FIELDS.includes(key));
  if (unknown !== undefined) {
    throw new UsageError(
      `"${unknown}" is not a known field selector: only ${FIELDS.map((f) => JSON.stringify(f)).join(', ')}`,
    );
  }
  return selector;
}

function selectorOrUsage<T>(parseIt: () => T): T {
  try {
    return parseIt();
  } catch (error) {
    if (error instanceof SelectorError) throw new UsageError(`invalid selector: ${error.message}`);
    throw error;
  }
}

/** doctor: the whole cluster, no flags of its own. */
export function doctorOptions(raw: Record<string, unknown>, terminal: TerminalEnv): DoctorOptions {
  return common(parse(Common, raw), terminal);
}

/** cardinality: `--labels` is Cilium's `labels` option, checked by the command before any I/O. */
export function cardinalityOptions(raw: Record<string, unknown>, terminal: TerminalEnv): CardinalityOptions {
  const { labels, ...rest } = parse(z.extend(Common, { labels: z.optional(z.string()) }), raw);
  return { ...common(rest, terminal), labels };
}

/** report: `--out FILE` (else stdout, which the command refuses on a terminal) and cardinality's `--labels`. */
export function reportOptions(raw: Record<string, unknown>, terminal: TerminalEnv): ReportOptions {
  const { out, labels, ...rest } = parse(
    z.extend(Common, {
      out: z.optional(z.string().check(z.minLength(1, message('--out needs a file name')))),
      labels: z.optional(z.string()),
    }),
    raw,
  );
  return { ...common(rest, terminal), out, labels, stdoutIsTerminal: terminal.isTTY };
}

/** A Kubernetes object name (DNS-1123 subdomain). */
const DNS_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** `ID`, `NAMESPACE/POD`, or `POD` (in `-n NS`, else the source's default namespace). */
export function whoSharesOptions(
  target: string,
  raw: Record<string, unknown>,
  terminal: TerminalEnv,
): WhoSharesOptions {
  const { namespace, ...rest } = parse(z.extend(Common, { namespace: Scope.namespace }), raw);
  const options = common(rest, terminal);
  if (/^[\d-]/.test(target)) return { ...options, target: { id: parse(IdentityId, target) } };
  // CONTEXT/NAMESPACE/POD: a context's name may hold `/` itself (an EKS ARN), the last two parts never do.
  const parts = target.split('/');
  const context = parts.length > 2 ? parts.slice(0, -2).join('/') : undefined;
  const names = parts.slice(-2);
  if (!names.every((part) => DNS_NAME.test(part)) || context === '') {
    throw new UsageError(
      `${JSON.stringify(target)} is neither an identity ID (1 to ${MAX_IDENTITY}) nor a pod (NAMESPACE/POD, POD, or CONTEXT/NAMESPACE/POD)`,
    );
  }
  const [first = '', second] = names;
  if (context !== undefined) return { ...options, target: { context, namespace: first, pod: second as string } };
  return { ...options, target: second === undefined ? { namespace, pod: first } : { namespace: first, pod: second } };
}
