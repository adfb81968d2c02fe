/** Options shared by the commands (completed by `cli/options.ts`), and the source they name. */
import type { CiliumVersion } from '../model/version.js';
import type { ClusterFlags } from '../source/cluster/index.js';
import { DEMO_DIR, openFileSource } from '../source/files.js';
import type { Scope, Source } from '../source/source.js';
import { type Io, warner } from './io.js';
import type { PrintFlags } from './output.js';

/** The source a command reads: files (`--from`, `--demo`) or the live cluster, or several of them (mesh.ts). */
export type SourceSpec =
  | { kind: 'files'; paths: string[]; demo: boolean }
  | { kind: 'cluster'; flags: ClusterFlags }
  | MeshSpec;

/**
 * Several clusters read at once, each under its name: kubeconfig contexts (`--context a,b`,
 * `--all-contexts`: 'all'), or dumps named on the command line (`--from a=PATH --from b=PATH`).
 */
export type MeshSpec =
  | { kind: 'contexts'; contexts: string[] | 'all'; flags: ClusterFlags }
  | { kind: 'dumps'; dumps: { name: string; paths: string[] }[] };

export interface CommonOptions {
  source: SourceSpec;
  /** The CRD columns to use when the source does not say (files). */
  ciliumVersion: CiliumVersion;
  /** Said on stderr before the command runs (`warning: ...`), e.g. a Cilium release newer than the known ones. */
  warnings?: readonly string[];
  print: PrintFlags;
  /** Log each request (never its credentials) and print stack traces. */
  debug: boolean;
}

/** `-n NS`, `-A`, or neither (the source's default namespace). */
export interface ScopeFlags {
  allNamespaces: boolean;
  namespace: string | undefined;
}

/** Opens the source the options name; the cluster's code (and its Kubernetes client) is imported only for a cluster. */
export async function open(options: CommonOptions, io: Io): Promise<Source> {
  const spec = options.source;
  const sourceIo = {
    stdin: io.stdin,
    warn: warner(io),
    debug: options.debug ? (line: string) => io.stderr.write(`debug: ${line}\n`) : undefined,
    progress: io.progress,
    env: io.env,
    now: io.now,
  };
  if (spec.kind === 'contexts' || spec.kind === 'dumps') {
    // Every command opens the members of several clusters one by one (mesh.ts): reaching this is our bug.
    throw new Error(`open() takes one cluster, not a source of kind ${spec.kind}`);
  }
  if (spec.kind === 'cluster') {
    const { openClusterSource } = await import('../source/cluster/index.js');
    return openClusterSource(spec.flags, sourceIo);
  }
  if (!spec.demo) return openFileSource(spec.paths, sourceIo);
  const source = await openFileSource([...spec.paths, DEMO_DIR], sourceIo);
  return {
    ...source,
    description: spec.paths.length > 0 ? `${source.description} and the demo cluster` : 'the demo cluster',
  };
}

export function resolveScope(flags: ScopeFlags, source: Source): Scope {
  return flags.allNamespaces
    ? { allNamespaces: true }
    : { allNamespaces: false, namespace: flags.namespace ?? source.defaultNamespace };
}
