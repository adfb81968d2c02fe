/** Chooses the source a command reads: files (`--from`, `--demo`) or the live cluster (imported lazily). */
import type { Warn } from '../model/decode.js';
import type { ClusterFlags } from './cluster/index.js';
import { DEMO_DIR, openFileSource } from './files.js';
import type { Source } from './source.js';

export type SourceSpec = { kind: 'files'; paths: string[]; demo: boolean } | { kind: 'cluster'; flags: ClusterFlags };

export interface SourceIo {
  readStdin(): Promise<string>;
  warn: Warn;
  debug: ((line: string) => void) | undefined;
  progress: ((resource: string, count: number, context: string) => void) | undefined;
  env: Readonly<Record<string, string | undefined>>;
  now(): Date;
}

export async function openSource(spec: SourceSpec, io: SourceIo): Promise<Source> {
  if (spec.kind === 'cluster') {
    const { openClusterSource } = await import('./cluster/index.js');
    return openClusterSource(spec.flags, io);
  }
  if (!spec.demo) return openFileSource(spec.paths, io);
  const source = await openFileSource([...spec.paths, DEMO_DIR], io);
  return {
    ...source,
    description: spec.paths.length > 0 ? `${source.description} and the demo cluster` : 'the demo cluster',
  };
}
