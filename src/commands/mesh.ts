/**
 * Several clusters at once (issue 13): the members a mesh source names, each opened as one source of its
 * own and read concurrently. A member that fails is reported as one line prefixed with its name; the
 * others go on, and the command ends with exit 1 (`MembersFailed`).
 */
import { CliError, ExitCode, UsageError } from '../model/errors.js';
import { escapeTerminal } from '../print/sanitize.js';
import type { Source } from '../source/source.js';
import { type CommonOptions, type MeshSpec, open, type SourceSpec } from './common.js';
import { type Io, warner } from './io.js';

export interface Member {
  /** The context's name (or the name given to a dump with `--from NAME=PATH`). */
  name: string;
  source: Source;
}

/** What a member gave, or the line of its failure. */
export type Outcome<R> = { name: string; value: R } | { name: string; failure: string };

export function isMesh(spec: SourceSpec): spec is MeshSpec {
  return spec.kind === 'contexts' || spec.kind === 'dumps';
}

/** What `get` over several clusters cannot do: found before any I/O. */
export function validateMesh(options: CommonOptions & { watch: string }): void {
  const { output } = options.print;
  if (output.kind === 'jsonpath' || output.kind === 'custom-columns') {
    throw new UsageError(
      `-o ${output.kind} reads one cluster at a time; with several, use -o json (one List per context)`,
    );
  }
  if (options.watch !== 'off') throw new UsageError('--watch reads one cluster at a time: give one --context');
}

/** The failures of some members, printed after what the others gave: their lines, exit 1. */
export class MembersFailed extends CliError {
  override name = 'MembersFailed';
  constructor(lines: readonly string[]) {
    super(lines.join('\n'), ExitCode.failure, true);
  }
}

/** `NAME: ` and the line the error would print alone (`error: ...`, or kubectl's own line). */
export function failureLine(name: string, error: unknown): string {
  if (!(error instanceof CliError)) throw error;
  const text = error.message.split('\n').join(' ');
  return `${escapeTerminal(name)}: ${error.verbatim ? text : `error: ${text}`}`;
}

/**
 * The members, in the order given (`--all-contexts`: the kubeconfig's), each as a single-cluster
 * options whose source is that member's; contexts that reach the same server as the same user are
 * kept once, with a warning.
 */
export async function memberOptions<O extends CommonOptions>(
  options: O,
  io: Io,
): Promise<{ name: string; options: O }[]> {
  const spec = options.source as MeshSpec;
  if (spec.kind === 'dumps') {
    return spec.dumps.map(({ name, paths }) => ({
      name,
      options: { ...options, source: { kind: 'files', paths, demo: false } },
    }));
  }
  const { kubeconfigContexts } = await import('../source/cluster/contexts.js');
  const targets = await kubeconfigContexts(spec.flags.kubeconfig, spec.contexts, io.env);
  const seen = new Map<string, string>();
  const kept: { name: string; options: O }[] = [];
  for (const target of targets) {
    if (kept.some((member) => member.name === target.name)) continue;
    const key = target.target;
    const first = key === undefined ? undefined : seen.get(key);
    if (first !== undefined) {
      warner(io)(
        `context "${target.name}" reaches the same server as the same user as context "${first}": read once, as "${first}"`,
      );
      continue;
    }
    if (key !== undefined) seen.set(key, target.name);
    kept.push({
      name: target.name,
      options: { ...options, source: { kind: 'cluster', flags: { ...spec.flags, context: target.name } } },
    });
  }
  return kept;
}

/** A member opened, with its own options, and what to call once it has been read. */
export interface OpenMember<O> extends Member {
  options: O;
  done(): void;
}

/**
 * Opens every member at once (its kubeconfig context, its credentials), in the members' order. While
 * they load, the progress line (a terminal) names the contexts still loading.
 */
export async function openMembers<O extends CommonOptions>(options: O, io: Io): Promise<Outcome<OpenMember<O>>[]> {
  const members = await memberOptions(options, io);
  const progress = progressOf(
    io,
    members.map((m) => m.name),
  );
  return Promise.all(
    members.map(async ({ name, options: own }): Promise<Outcome<OpenMember<O>>> => {
      try {
        const source = await open(own, { ...io, progress: progress.report(name) });
        return { name, value: { name, source, options: own, done: () => progress.done(name) } };
      } catch (error) {
        progress.done(name);
        return { name, failure: failureLine(name, error) };
      }
    }),
  );
}

/** Runs `read` on every member that opened, all at once; the outcomes in the members' order. */
export async function readMembers<O extends CommonOptions, R>(
  opened: readonly Outcome<OpenMember<O>>[],
  read: (member: OpenMember<O>) => Promise<R>,
): Promise<Outcome<R>[]> {
  return Promise.all(
    opened.map(async (outcome): Promise<Outcome<R>> => {
      if (!('value' in outcome)) return outcome;
      try {
        return { name: outcome.name, value: await read(outcome.value) };
      } catch (error) {
        return { name: outcome.name, failure: failureLine(outcome.name, error) };
      } finally {
        outcome.value.done();
      }
    }),
  );
}

/** Opens every member and runs `read` on each, all at once. */
export async function eachMember<O extends CommonOptions, R>(
  options: O,
  io: Io,
  read: (member: Member, options: O) => Promise<R>,
): Promise<Outcome<R>[]> {
  return readMembers(await openMembers(options, io), (member) => read(member, member.options));
}

/** The failure lines of the outcomes (none: nothing thrown), as the error the command ends with. */
export function throwFailures(outcomes: readonly Outcome<unknown>[], more: readonly string[] = []): void {
  const lines = [...outcomes.flatMap((o) => ('failure' in o ? [o.failure] : [])), ...more];
  if (lines.length > 0) throw new MembersFailed(lines);
}

/** The values of the members that did not fail, with their names. */
export function succeeded<R>(outcomes: readonly Outcome<R>[]): { name: string; value: R }[] {
  return outcomes.flatMap((o) => ('value' in o ? [o] : []));
}

/** One progress line for all members: the objects arrived so far, and the contexts still loading. */
function progressOf(io: Io, names: readonly string[]) {
  const loading = new Set(names);
  const counts = new Map<string, Map<string, number>>();
  let last: string | undefined;
  const show = (resource: string) => {
    if (io.progress === undefined || loading.size === 0) return;
    let total = 0;
    for (const perResource of counts.values()) total += perResource.get(resource) ?? 0;
    io.progress(resource, total, [...loading].join(', '), [...loading]);
  };
  return {
    report: (name: string) =>
      io.progress === undefined
        ? undefined
        : (resource: string, count: number) => {
            const own = counts.get(name) ?? new Map<string, number>();
            own.set(resource, count);
            counts.set(name, own);
            last = resource;
            show(resource);
          },
    done: (name: string) => {
      loading.delete(name);
      if (last !== undefined) show(last);
    },
  };
}
