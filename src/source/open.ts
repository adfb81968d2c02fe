/** Chooses the source a command reads: files (`--from`, `--demo`) or the live cluster. */
import type { Warn } from '../model/decode.js';
import { UsageError } from '../model/errors.js';
import { DEMO_DIR, openFileSource } from './files.js';
import type { Source } from './source.js';

export type SourceSpec = { kind: 'files'; paths: string[]; demo: boolean } | { kind: 'cluster' };

export interface SourceIo {
  readStdin(): Promise<string>;
  warn: Warn;
}

export async function openSource(spec: SourceSpec, io: SourceIo): Promise<Source> {
  if (spec.kind === 'cluster') {
    throw new UsageError('no source given: reading a live cluster is not supported yet; use --from PATH or --demo');
  }
  if (!spec.demo) return openFileSource(spec.paths, io);
  const source = await openFileSource([...spec.paths, DEMO_DIR], io);
  return {
    ...source,
    description: spec.paths.length > 0 ? `${source.description} and the demo cluster` : 'the demo cluster',
  };
}
