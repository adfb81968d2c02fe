/**
 * Turns parsed JSON/YAML documents into typed objects. A document may be one object or a list (a
 * `CiliumEndpointList`, a `CiliumIdentityList` or kubectl's `List`). An object that cannot be used is
 * reported through `warn`, naming where it came from, and the rest still decodes.
 */

import type * as z from 'zod/mini';
import { type KubeObject, RESOURCE_TYPES, type ResourceType, resourceTypeOf, resourceTypeOfList } from './resources.js';
import { ListSchema } from './schema.js';

export type Warn = (message: string) => void;

/** The objects decoded so far, by resource type, in the order they were read. */
export class Decoded {
  private readonly lists = new Map<string, KubeObject[]>();

  of<T extends KubeObject>(type: ResourceType<T>): T[] {
    let list = this.lists.get(type.kind);
    if (list === undefined) {
      list = [];
      this.lists.set(type.kind, list);
    }
    return list as T[];
  }
}

export function emptyDecoded(): Decoded {
  return new Decoded();
}

const KNOWN_KINDS = RESOURCE_TYPES.map((type) => type.kind).join(' or ');

/** Decodes one document (`origin` names it in warnings, e.g. `dump.yaml: document 2`) into `into`. */
export function decodeDocument(doc: unknown, origin: string, into: Decoded, warn: Warn): void {
  if (doc === null || doc === undefined) return;
  if (!isRecord(doc)) {
    warn(`${origin}: not a Kubernetes object (found ${describeType(doc)}); skipped`);
    return;
  }
  if (doc.kind === 'List' || resourceTypeOfList(doc.kind) !== undefined) {
    const list = ListSchema.safeParse(doc);
    if (!list.success) {
      warn(`${origin}: ${doc.kind} ${firstIssue(list.error)}; skipped`);
      return;
    }
    const defaultKind = resourceTypeOfList(list.data.kind)?.kind;
    (list.data.items ?? []).forEach((item, i) => {
      decodeObject(item, `${origin}: items[${i}]`, into, warn, defaultKind);
    });
    return;
  }
  decodeObject(doc, origin, into, warn);
}

/**
 * A list read as a stream: its fields but `items` (`envelope`), seen after its items were. As kubectl
 * reads them, an object with an `items` array is a list whatever its kind; ours (`List`, the typed
 * lists) must have the fields of a list. Returns whether its items count, and the kind of an item that
 * omits it; a list that does not count is reported through `warn`.
 */
export function decodeListEnvelope(
  envelope: Record<string, unknown>,
  origin: string,
  warn: Warn,
): { counts: boolean; itemKind: string | undefined } {
  const { kind } = envelope;
  const type = resourceTypeOfList(kind);
  if (kind !== 'List' && type === undefined) return { counts: true, itemKind: undefined };
  const list = ListSchema.safeParse({ ...envelope, items: [] });
  if (!list.success) {
    warn(`${origin}: ${kind} ${firstIssue(list.error)}; skipped`);
    return { counts: false, itemKind: undefined };
  }
  return { counts: true, itemKind: type?.kind };
}

/** Decodes one object; `defaultKind` fills in the kind of an item of a typed list that omits it. */
export function decodeObject(raw: unknown, origin: string, into: Decoded, warn: Warn, defaultKind?: string): void {
  if (!isRecord(raw)) {
    warn(`${origin}: not a Kubernetes object (found ${describeType(raw)}); skipped`);
    return;
  }
  const object =
    raw.kind === undefined && defaultKind !== undefined
      ? { apiVersion: 'cilium.io/v2', ...raw, kind: defaultKind }
      : raw;
  const kind = object.kind;
  const type = resourceTypeOf(kind);
  if (type !== undefined) {
    keep(type.schema, object, origin, into.of(type), warn);
  } else {
    const what = typeof kind === 'string' ? `kind ${kind}` : 'an object without a kind';
    warn(`${origin}: ${what}${named(object)} is not a ${KNOWN_KINDS}; skipped`);
  }
}

/**
 * zod compiles a checker for each object schema the first time it is used (with `new Function`): that
 * pays for itself over thousands of objects, not over the few of a small cluster, where compiling it is
 * most of the decoding's time. The first objects are checked without it.
 */
const INTERPRETED = 1000;
let decodedObjects = 0;

function keep<T>(
  schema: z.ZodMiniType<T>,
  object: Record<string, unknown>,
  origin: string,
  out: T[],
  warn: Warn,
): void {
  const parsed = schema.safeParse(object, { jitless: decodedObjects++ < INTERPRETED });
  if (parsed.success) {
    // The schemas only check (no defaults, no transforms) and keep unknown fields, so the object is what
    // was read: keep it rather than zod's copy, which would double the memory of a large list.
    out.push(object as T);
  } else {
    warn(`${origin}: ${String(object.kind)}${named(object)}: ${firstIssue(parsed.error)}; skipped`);
  }
}

function firstIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `${path.replace(/^\./, '') || '(object)'}: ${issue.message}`;
}

function named(object: Record<string, unknown>): string {
  const meta = object.metadata;
  if (!isRecord(meta) || typeof meta.name !== 'string' || meta.name === '') return '';
  return typeof meta.namespace === 'string' && meta.namespace !== ''
    ? ` ${meta.namespace}/${meta.name}`
    : ` ${meta.name}`;
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
