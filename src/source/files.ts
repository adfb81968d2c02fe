/**
 * The file source: what `kubectl get ... -o json|yaml` printed (a List or one object), multi-document
 * YAML, folders (an unpacked `cilium sysdump`) and stdin. Everything is read up front, decoded, freed of
 * duplicates and put in the API server's order, so files behave like the cluster they were dumped from.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeDocument, emptyDecoded, type Warn } from '../model/decode.js';
import { RuntimeFailure } from '../model/errors.js';
import { inServerOrder } from '../model/order.js';
import { type KubeObject, RESOURCE_TYPES, type ResourceType, storageKey } from '../model/resources.js';
import { type ListRequest, namespaceIn, type Source } from './source.js';
import { describePosition, jsonErrorOffset } from './syntax-errors.js';

/** The bundled demo cluster (the spec's five endpoints and six identities), found next to the code. */
export const DEMO_DIR = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));

export interface FileSourceIo {
  readStdin(): Promise<string>;
  warn: Warn;
}

const STDIN = '-';
const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);
/** A file met while walking a folder is read only if it names one of our kinds (sysdumps hold much else). */
const mentionsOurKinds = (text: string): boolean => RESOURCE_TYPES.some((type) => text.includes(type.kind));

interface Input {
  name: string;
  text: string;
  format: 'json' | 'yaml' | 'sniff';
}

export async function openFileSource(paths: readonly string[], io: FileSourceIo): Promise<Source> {
  const inputs: Input[] = [];
  for (const path of paths) inputs.push(...(await readInput(path, io)));

  const read = new Map<ResourceType, Map<string, { value: KubeObject; origin: string }>>(
    RESOURCE_TYPES.map((type) => [type, new Map()]),
  );
  for (const input of inputs) {
    const documents = await parseDocuments(input);
    documents.forEach((document, i) => {
      const origin = documents.length > 1 ? `${input.name}: document ${i + 1}` : input.name;
      const decoded = emptyDecoded();
      decodeDocument(document, origin, decoded, io.warn);
      for (const [type, seen] of read) {
        for (const value of decoded.of(type))
          keepFirst(seen, storageKey(type, value), value, origin, io.warn, type.kind);
      }
    });
  }
  const all = new Map(
    [...read].map(([type, seen]) => [
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

function keepFirst<T>(
  seen: Map<string, { value: T; origin: string }>,
  key: string,
  value: T,
  origin: string,
  warn: Warn,
  kind: string,
): void {
  const first = seen.get(key);
  if (first === undefined) {
    seen.set(key, { value, origin });
  } else {
    warn(`${origin}: ${kind} ${key} was already read from ${first.origin}; keeping that one`);
  }
}

async function readInput(path: string, io: FileSourceIo): Promise<Input[]> {
  if (path === STDIN) {
    return [{ name: 'stdin', text: await io.readStdin(), format: 'sniff' }];
  }
  const info = await stat(path).catch((error: unknown) => {
    throw unreadable(path, error);
  });
  if (!info.isDirectory()) {
    return [{ name: path, text: await read(path), format: formatOf(path) }];
  }
  const inputs: Input[] = [];
  for (const file of await walk(path)) {
    const text = await read(file);
    if (mentionsOurKinds(text)) inputs.push({ name: file, text, format: formatOf(file) });
  }
  return inputs;
}

/** Every .json, .yaml and .yml file under `dir`, depth first, in name order. */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    throw unreadable(dir, error);
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile() && EXTENSIONS.has(extname(entry.name).toLowerCase())) files.push(path);
  }
  return files;
}

async function read(path: string): Promise<string> {
  return readFile(path, 'utf8').catch((error: unknown) => {
    throw unreadable(path, error);
  });
}

function unreadable(path: string, error: unknown): RuntimeFailure {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file or directory'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a directory'
          : (error as Error).message;
  return new RuntimeFailure(`cannot read ${path}: ${reason}; check the path given to --from`);
}

function formatOf(path: string): Input['format'] {
  const ext = extname(path).toLowerCase();
  return ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : 'sniff';
}

/** The documents of one input; a syntax error names the input and, where the parser knows it, the line. */
async function parseDocuments(input: Input): Promise<unknown[]> {
  const format = input.format === 'sniff' ? (/^\s*[[{]/.test(input.text) ? 'json' : 'yaml') : input.format;
  if (format === 'json') {
    try {
      return [JSON.parse(input.text)];
    } catch (error) {
      const message = (error as Error).message.split('\n')[0] ?? '';
      const where = describePosition(input.text, jsonErrorOffset(input.text));
      throw new RuntimeFailure(`${input.name}: invalid JSON${where}: ${message}`);
    }
  }
  const { parseYamlDocuments } = await import('./yaml-documents.js');
  return parseYamlDocuments(input.text, input.name);
}
