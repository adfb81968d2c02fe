/**
 * The objects, kept as etcd keeps them for the apiserver: every write is a new revision (resourceVersion)
 * and a new immutable snapshot, so a list paged with continue tokens reads one consistent snapshot, and
 * the history of events lets a watch resume from an older resourceVersion (410 Expired before the oldest).
 * Keys are `namespace/name` (CiliumEndpoint) or `name` (CiliumIdentity), listed in byte order.
 */
import { Buffer } from 'node:buffer';
import { KIND_OF, RESOURCES, type ResName } from './crds.js';
import {
  compareBytes,
  deepClone,
  goJSON,
  isObj,
  lowerBound,
  memo,
  metaOf,
  nameOf,
  namespaceOf,
  type Obj,
  sortKeys,
} from './json.js';
import { type Selection, selects } from './selectors.js';
import { badRequest, EXPIRED_CONTINUE, EXPIRED_LIST, StatusError } from './status.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One revision: every resource's objects by key. Never changed once committed. */
export interface Snapshot {
  rv: number;
  data: Record<ResName, Map<string, Obj>>;
}

export interface StoredEvent {
  rv: number;
  resource: ResName;
  type: EventType;
  object: Obj;
  /** The object before the write (undefined for ADDED). */
  old: Obj | undefined;
}

/** A list request as the store sees it: where to start, how much, and which objects it keeps. */
export interface ListQuery {
  selection: Selection;
  /** 0: no limit. */
  limit: number;
  /** The continue token, '' for the first page. */
  continue: string;
  resourceVersion: string;
  resourceVersionMatch: string | null;
}

const empty = (): Record<ResName, Map<string, Obj>> => ({ ciliumendpoints: new Map(), ciliumidentities: new Map() });

function keyOf(resource: ResName, o: Obj): string {
  return resource === 'ciliumendpoints' ? `${namespaceOf(o)}/${nameOf(o)}` : nameOf(o);
}

function maxObjectRv(list: unknown[]): number {
  let m = 0;
  for (const o of list) {
    const r = isObj(o) && isObj(o.metadata) ? Number(o.metadata.resourceVersion) : Number.NaN;
    if (Number.isFinite(r) && r > m) m = r;
  }
  return m;
}

/** A deep copy with apiVersion and kind filled in, checked for a name (and a namespace for endpoints). */
function normalize(resource: ResName, raw: unknown, assignRv: number): Obj {
  if (!isObj(raw)) throw new Error(`${KIND_OF[resource]} must be an object`);
  const o = deepClone(raw);
  o.apiVersion ??= 'cilium.io/v2';
  o.kind ??= KIND_OF[resource];
  const md: Obj = isObj(o.metadata) ? o.metadata : {};
  o.metadata = md;
  if (typeof md.name !== 'string' || md.name === '') throw new Error(`${KIND_OF[resource]} without metadata.name`);
  if (resource === 'ciliumendpoints' && (typeof md.namespace !== 'string' || md.namespace === '')) {
    throw new Error(`CiliumEndpoint ${md.name} without metadata.namespace`);
  }
  if (md.resourceVersion === undefined) md.resourceVersion = String(assignRv);
  return o;
}

/** The continue token of the etcd3 store: the revision and the key after which the next page starts. */
function encodeContinue(tokenRv: number, startKey: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: tokenRv, start: `${startKey}\u0000` })).toString(
    'base64url',
  );
}

/** The token a 410 hands out to go on from `start` (an encoded start key) at the latest revision. */
export function restartToken(start: string): string {
  return encodeContinue(-1, start.replace(/\u0000$/, ''));
}

function decodeContinue(token: string): { rv: number; start: string } {
  const invalid = (why: string) => badRequest(`continue key is not valid: ${why}`);
  if (!/^[A-Za-z0-9_-]*$/.test(token)) throw invalid('illegal base64 data');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (e) {
    throw invalid((e as Error).message);
  }
  if (!isObj(parsed)) throw invalid('not an object');
  if (parsed.v !== 'meta.k8s.io/v1')
    throw badRequest(`continue key is not valid: server does not recognize this encoded version ${String(parsed.v)}`);
  if (typeof parsed.rv !== 'number' || !Number.isInteger(parsed.rv) || parsed.rv === 0) {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (typeof parsed.start !== 'string' || parsed.start === '')
    throw badRequest('continue key is not valid: encoded start key empty (version meta.k8s.io/v1)');
  const start = parsed.start;
  if (start.split('/').some((p) => p === '..' || p === '.'))
    throw badRequest('continue key is not valid: path traversal detected');
  return { rv: parsed.rv, start };
}

export class Store {
  /** The latest revision handed out (it can be ahead of the last snapshot: see replace). */
  private rv = 0;
  private readonly history: Snapshot[] = [];
  private readonly events: StoredEvent[] = [];
  private readonly listeners = new Set<(ev: StoredEvent) => void>();

  /** A snapshot's keys in storage order (byte-wise, as etcd); computed once per (never changed) map. */
  readonly sortedKeys = memo((data: Map<string, Obj>) => [...data.keys()].sort(compareBytes));

  /**
   * The initial objects, in one revision above 1000 and above every resourceVersion they carry; those
   * without one get that revision.
   */
  constructor(endpoints: unknown[], identities: unknown[]) {
    this.rv = Math.max(maxObjectRv(endpoints), maxObjectRv(identities), 1000) + 1;
    const data = empty();
    for (const raw of endpoints) this.put(data, 'ciliumendpoints', normalize('ciliumendpoints', raw, this.rv));
    for (const raw of identities) this.put(data, 'ciliumidentities', normalize('ciliumidentities', raw, this.rv));
    this.history.push({ rv: this.rv, data });
  }

  private put(data: Record<ResName, Map<string, Obj>>, resource: ResName, o: Obj): void {
    data[resource].set(keyOf(resource, o), o);
  }

  get revision(): number {
    return this.rv;
  }

  current(): Snapshot {
    return this.history[this.history.length - 1] as Snapshot;
  }

  oldestRevision(): number {
    return (this.history[0] as Snapshot).rv;
  }

  /** The events after revision `rv`, oldest first. */
  eventsAfter(rv: number): StoredEvent[] {
    return this.events.filter((ev) => ev.rv > rv);
  }

  /** Calls `listener` with every later write; returns the function that stops it. */
  subscribe(listener: (ev: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Replaces the stored objects. The differences become ADDED / MODIFIED / DELETED events, one revision
   * each (a change of resourceVersion alone is no change).
   */
  replace(endpoints: unknown[], identities: unknown[]): void {
    this.rv = Math.max(this.rv, maxObjectRv(endpoints), maxObjectRv(identities));
    const prev = this.current().data;
    const next = empty();
    const pending: Array<{ resource: ResName; raw: unknown }> = [
      ...endpoints.map((raw) => ({ resource: 'ciliumendpoints' as const, raw })),
      ...identities.map((raw) => ({ resource: 'ciliumidentities' as const, raw })),
    ];
    for (const { resource, raw } of pending) {
      if (!isObj(raw)) throw new Error(`${KIND_OF[resource]} must be an object`);
      next[resource].set(keyOf(resource, normalize(resource, raw, 0)), raw);
    }
    for (const resource of RESOURCES) {
      for (const [key, old] of prev[resource]) {
        if (!next[resource].has(key)) this.write(resource, 'DELETED', old);
      }
      for (const [key, raw] of next[resource]) {
        const old = this.current().data[resource].get(key);
        if (!old) this.write(resource, 'ADDED', raw);
        else {
          const candidate = normalize(resource, raw, 0);
          const oldCmp = { ...old, metadata: { ...metaOf(old), resourceVersion: undefined } };
          const newCmp = { ...candidate, metadata: { ...metaOf(candidate), resourceVersion: undefined } };
          if (goJSON(sortKeys(oldCmp)) !== goJSON(sortKeys(newCmp))) this.write(resource, 'MODIFIED', raw);
        }
      }
    }
  }

  /** One write of `object`: the resource by its kind, else by the presence of metadata.namespace. */
  emit(type: EventType, object: unknown): void {
    if (!isObj(object)) throw new Error('emit: object must be an object');
    let resource: ResName;
    if (object.kind === 'CiliumEndpoint') resource = 'ciliumendpoints';
    else if (object.kind === 'CiliumIdentity') resource = 'ciliumidentities';
    else resource = namespaceOf(object) !== '' ? 'ciliumendpoints' : 'ciliumidentities';
    this.write(resource, type, object);
  }

  /** One write: a new resourceVersion, stamped on the object like a real apiserver does. */
  private write(resource: ResName, type: EventType, raw: unknown): void {
    const o = normalize(resource, raw, 0);
    this.rv += 1;
    metaOf(o).resourceVersion = String(this.rv);
    const key = keyOf(resource, o);
    const data = { ...this.current().data, [resource]: new Map(this.current().data[resource]) };
    const old = data[resource].get(key);
    if (type === 'DELETED') data[resource].delete(key);
    else data[resource].set(key, o);
    this.history.push({ rv: this.rv, data });
    const ev: StoredEvent = { rv: this.rv, resource, type, object: o, old };
    this.events.push(ev);
    for (const listener of this.listeners) listener(ev);
  }

  /**
   * One page of a list, from the latest snapshot or the one its continue token (or an Exact
   * resourceVersion) names; 410 Expired when that snapshot is unknown, with a token to go on at the latest.
   */
  list(resource: ResName, q: ListQuery): { items: Obj[]; metadata: Obj } {
    const { namespace, labels, fields } = q.selection;
    const prefix = namespace !== undefined ? `${namespace}/` : '';
    let snap = this.current();
    let startAfter: string | undefined;
    if (q.continue !== '') {
      if (q.resourceVersion !== '' && q.resourceVersion !== '0')
        throw badRequest('specifying resource version is not allowed when using continue');
      const tok = decodeContinue(q.continue);
      startAfter = prefix + tok.start;
      if (tok.rv !== -1) {
        const found = this.history.find((h) => h.rv === tok.rv);
        if (!found) throw new StatusError(410, 'Expired', EXPIRED_CONTINUE, undefined, restartToken(tok.start));
        snap = found;
      }
    } else if (q.resourceVersionMatch === 'Exact' && q.resourceVersion !== '') {
      const found = this.history.find((h) => String(h.rv) === q.resourceVersion);
      if (!found) throw new StatusError(410, 'Expired', EXPIRED_LIST);
      snap = found;
    }
    const all = this.sortedKeys(snap.data[resource]);
    const keys = prefix === '' ? all : all.filter((k) => k.startsWith(prefix));
    const items: Obj[] = [];
    let lastKey: string | undefined;
    let next = startAfter === undefined ? 0 : lowerBound(keys, startAfter);
    while (next < keys.length && !(q.limit > 0 && items.length >= q.limit)) {
      const k = keys[next++] as string;
      const o = snap.data[resource].get(k) as Obj;
      if (selects(q.selection, o)) {
        items.push(o);
        lastKey = k;
      }
    }
    const metadata: Obj = { resourceVersion: String(snap.rv) };
    if (q.limit > 0 && next < keys.length && lastKey !== undefined) {
      metadata.continue = encodeContinue(snap.rv, lastKey.slice(prefix.length));
      // like the etcd3 store: only an unfiltered list knows how many keys remain
      if (labels.length === 0 && fields.length === 0) metadata.remainingItemCount = keys.length - next;
    }
    return { items, metadata };
  }
}
