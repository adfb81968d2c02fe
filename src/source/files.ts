/**
 * The file source: what `kubectl get ... -o json|yaml` printed (a List or one object), multi-document
 * YAML, folders (an unpacked `cilium sysdump`) and stdin. Every input is read as a stream (file-read.ts)
 * and only our kinds are kept, freed of duplicates and put in the API server's order, so files behave
 * like the cluster they were dumped from.
 */
import { fileURLToPath } from 'node:url';
import type { Warn } from '../model/decode.js';
import { inServerOrder } from '../model/order.js';
import { type KubeObject, RESOURCE_TYPES, type ResourceType, storageKey } from '../model/resources.js';
import { inputsOf } from './file-inputs.js';
import { type Kept, readInput } from './file-read.js';
import { inputLimits } from './limits.js';
import { type ListRequest, namespaceIn, type Source } from './source.js';

/** The bundled demo cluster (the spec's five endpoints and six identities), found next to the code. */
export const DEMO_DIR = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));

export interface FileSourceIo {
  /** The bytes of stdin (`--from -`), as they arrive. */
  stdin(): AsyncIterable<Uint8Array>;
  warn: Warn;
  env: Readonly<Record<string, string | undefined>>;
}

export async function openFileSource(paths: readonly string[], io: FileSourceIo): Promise<Source> {
  const limits = inputLimits(io.env);
  const store: Kept = { objects: new Map(RESOURCE_TYPES.map((type) => [type, new Map()])), bytes: 0 };
  for (const path of paths) {
    for (const input of await inputsOf(path, io)) await readInput(input, store, limits, io.warn);
  }
  const all = new Map(
    [...store.objects].map(([type, seen]) => [
      type,
      inServerOrder(
        [...seen.values()].map((e) => e.value),
        (object) => storageKey(type, object),
      ),
    ]),
  );
  const objects = <T extends KubeObject>(type: ResourceType<T>) => (all.get(type) ?? []) as T[];

  return {
    description: `files ${paths.join(', ')}`,
    live: false,
    defaultNamespace: 'default',
    list: async (type, scope, request) => {
      const namespace = namespaceIn(type, scope);
      return {
        items: objects(type).filter(
          (object) => (namespace === undefined || object.metadata.namespace === namespace) && kept(request, object),
        ),
      };
    },
    get: async (type, ref, request) => ({
      items: objects(type).filter(
        (object) =>
          (!type.namespaced || object.metadata.namespace === ref.namespace) &&
          object.metadata.name === ref.name &&
          kept(request, object),
      ),
    }),
  };
}

/** What a server would have returned for the request: the selectors and the keep filter applied. */
function kept(request: ListRequest, object: KubeObject): boolean {
  const { metadata } = object;
  return (
    (request.labelSelector === undefined || request.labelSelector.matches(metadata.labels ?? {})) &&
    (request.fieldSelector === undefined ||
      request.fieldSelector.matches({
        'metadata.name': metadata.name,
        'metadata.namespace': metadata.namespace ?? '',
      })) &&
    (request.keep === undefined || request.keep(object as unknown as Record<string, unknown>))
  );
}
