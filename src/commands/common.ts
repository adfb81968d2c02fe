/** Options shared by the commands, already validated (see `cli/options.ts`). */
import type { CiliumVersion } from '../model/version.js';
import { openSource, type SourceSpec } from '../source/open.js';
import type { Scope, Source } from '../source/source.js';
import { type Io, warner } from './io.js';
import type { PrintFlags } from './output.js';

export interface CommonOptions {
  source: SourceSpec;
  /** The CRD columns to use when the source does not say (files). */
  ciliumVersion: CiliumVersion;
  print: PrintFlags;
  /** Log each request (never its credentials) and print stack traces. */
  debug: boolean;
}

/** `-n NS`, `-A`, or neither (the source's default namespace). */
export interface ScopeFlags {
  allNamespaces: boolean;
  namespace: string | undefined;
}

export function open(options: CommonOptions, io: Io): Promise<Source> {
  return openSource(options.source, {
    readStdin: io.readStdin,
    warn: warner(io),
    debug: options.debug ? (line) => io.stderr.write(`debug: ${line}\n`) : undefined,
    progress: io.progress,
    env: io.env,
    now: io.now,
  });
}

export function resolveScope(flags: ScopeFlags, source: Source): Scope {
  return flags.allNamespaces
    ? { allNamespaces: true }
    : { allNamespaces: false, namespace: flags.namespace ?? source.defaultNamespace };
}
