/**
 * Watch streams as the apiserver's watch cache serves them: the initial ADDED events (resourceVersion ''
 * or '0', or sendInitialEvents with a bookmark), or the events after a resourceVersion (an ERROR 410
 * event before the oldest kept); then every write that concerns the selection, a MODIFIED into or out
 * of it becoming ADDED or DELETED. A Table watch sends the column definitions with its first event only.
 */
import { Buffer } from 'node:buffer';
import type { ServerResponse } from 'node:http';
import type { Want } from './accept.js';
import { KIND_OF, type ResName, type ResourceDef } from './crds.js';
import { goJSON, metaOf, type Obj, type Piece, toChunks } from './json.js';
import { JSON_CT } from './render.js';
import { omitsZeroTime, parseBool, type Served } from './request.js';
import { type Selection, selects } from './selectors.js';
import { badRequest, statusObject } from './status.js';
import type { EventType, StoredEvent } from './store.js';
import { buildTable, objectJSON, partialMetadataJSON } from './tables.js';

/** What one watch request sends: its first events, then (unless it ends with an error) the live ones. */
export interface WatchPlan {
  resource: ResName;
  selection: Selection;
  want: Want;
  includeObject: string;
  initial: Array<{ type: string; object: Obj; rv: number }>;
  errorEvent?: Obj;
  timeoutSeconds?: number;
  bookmarkAfterInitial?: number;
}

interface WatchStream {
  plan: WatchPlan;
  res: ServerResponse;
  sentHeaders: boolean;
  timer?: NodeJS.Timeout;
}

/** Selector-aware event type (MODIFIED into / out of the selection becomes ADDED / DELETED). */
function translateEvent(ev: StoredEvent, sel: Selection): EventType | undefined {
  const now = ev.type !== 'DELETED' && selects(sel, ev.object);
  if (ev.type === 'DELETED') return selects(sel, ev.object) ? 'DELETED' : undefined;
  const before = ev.old !== undefined && selects(sel, ev.old);
  if (ev.type === 'ADDED') return now ? 'ADDED' : undefined;
  if (now && before) return 'MODIFIED';
  if (now && !before) return 'ADDED';
  if (!now && before) return 'DELETED';
  return undefined;
}

/** The plan of a watch request (`watch=true`) on a resource, from its query parameters. */
export function planWatch(
  served: Served,
  resource: ResName,
  selection: Selection,
  want: Want,
  includeObject: string,
  q: URLSearchParams,
): WatchPlan {
  const { store } = served;
  const rvParam = q.get('resourceVersion') ?? '';
  const timeoutRaw = q.get('timeoutSeconds');
  const plan: WatchPlan = {
    resource,
    selection,
    want,
    includeObject,
    initial: [],
    timeoutSeconds: timeoutRaw !== null && timeoutRaw !== '' ? Number(timeoutRaw) : undefined,
  };
  const sendInitial = q.get('sendInitialEvents');
  const initialAll = rvParam === '' || rvParam === '0' || sendInitial === 'true';
  if (initialAll) {
    const snap = store.current();
    for (const key of store.sortedKeys(snap.data[resource])) {
      const o = snap.data[resource].get(key) as Obj;
      if (selects(selection, o)) plan.initial.push({ type: 'ADDED', object: o, rv: snap.rv });
    }
    if (sendInitial === 'true' && parseBool(q.get('allowWatchBookmarks'))) plan.bookmarkAfterInitial = snap.rv;
  } else {
    const from = Number(rvParam);
    const oldest = store.oldestRevision();
    if (!Number.isInteger(from) || from < 0) throw badRequest(`invalid resource version: ${rvParam}`);
    if (from < oldest) {
      plan.errorEvent = statusObject(410, 'Expired', `too old resource version: ${from} (${oldest})`);
    } else {
      for (const ev of store.eventsAfter(from)) {
        if (ev.resource !== resource) continue;
        const t = translateEvent(ev, selection);
        if (t) plan.initial.push({ type: t, object: ev.object, rv: ev.rv });
      }
    }
  }
  return plan;
}

/** The open watch streams of one server. */
export class Watches {
  private readonly streams = new Set<WatchStream>();

  constructor(private readonly served: Served) {
    served.store.subscribe((ev) => {
      for (const w of this.streams) this.deliver(w, ev);
    });
  }

  private encode(w: { plan: WatchPlan; sentHeaders: boolean }, type: string, object: Obj): Buffer {
    const def = this.served.defs.get(w.plan.resource) as ResourceDef;
    const { want, includeObject } = w.plan;
    let out: Piece[];
    // A bookmark is encoded as any object is: sorted keys as JSON, a row of empty cells in a Table.
    if (type === 'ERROR') out = [goJSON(object)];
    else if (want.kind === 'table') {
      out = buildTable(
        def,
        [object],
        { resourceVersion: String(metaOf(object).resourceVersion ?? '') },
        {
          version: want.version,
          includeObject,
          now: this.served.now,
          noHeaders: w.sentHeaders,
          omitZeroTime: omitsZeroTime(this.served),
        },
      );
      w.sentHeaders = true;
    } else if (want.kind === 'partial') out = [partialMetadataJSON(object, want.version, omitsZeroTime(this.served))];
    else out = [objectJSON(object)];
    return Buffer.concat(toChunks([`{"type":${goJSON(type)},"object":`, ...out, '}\n']));
  }

  /** An unstructured object with only what the watch cache sets: no creationTimestamp, not even null. */
  private bookmark(plan: WatchPlan): Obj {
    return {
      kind: KIND_OF[plan.resource],
      apiVersion: 'cilium.io/v2',
      metadata: {
        resourceVersion: String(plan.bookmarkAfterInitial ?? this.served.store.revision),
        annotations: { 'k8s.io/initial-events-end': 'true' },
      },
    };
  }

  /** What a stream sends before any live event, as separate events. */
  private initialEvents(w: { plan: WatchPlan; sentHeaders: boolean }): Buffer[] {
    const { plan } = w;
    const body = plan.initial.map((ev) => this.encode(w, ev.type, ev.object));
    if (plan.bookmarkAfterInitial !== undefined) body.push(this.encode(w, 'BOOKMARK', this.bookmark(plan)));
    if (plan.errorEvent) body.push(this.encode(w, 'ERROR', plan.errorEvent));
    return body;
  }

  /** The first events of a plan, for the faults that cut a response short. */
  initialBody(plan: WatchPlan): Buffer[] {
    return this.initialEvents({ plan, sentHeaders: false });
  }

  private deliver(w: WatchStream, ev: StoredEvent): void {
    if (ev.resource !== w.plan.resource || w.res.writableEnded) return;
    const t = translateEvent(ev, w.plan.selection);
    if (t) w.res.write(this.encode(w, t, ev.object));
  }

  /** Sends the first events, then keeps the stream open for live ones until timeoutSeconds or closeAll. */
  start(plan: WatchPlan, res: ServerResponse, baseHeaders: Record<string, string>): void {
    res.writeHead(200, { ...baseHeaders, 'Content-Type': JSON_CT, 'Transfer-Encoding': 'chunked' });
    const w: WatchStream = { plan, res, sentHeaders: false };
    const first = this.initialEvents(w);
    if (plan.errorEvent) {
      const error = first.pop() as Buffer;
      for (const event of first) res.write(event);
      res.end(error);
      return;
    }
    for (const event of first) res.write(event);
    // flush headers even when there is nothing to send yet
    if (first.length === 0) res.flushHeaders();
    this.streams.add(w);
    const done = () => {
      this.streams.delete(w);
      if (w.timer) clearTimeout(w.timer);
    };
    res.on('close', done);
    // timeoutSeconds=0 (or absent) means the apiserver's default (30-60 min): here, until closeAll().
    if (plan.timeoutSeconds !== undefined && Number.isFinite(plan.timeoutSeconds) && plan.timeoutSeconds > 0) {
      w.timer = setTimeout(() => {
        done();
        if (!res.writableEnded) res.end();
      }, plan.timeoutSeconds * 1000);
    }
  }

  /** Ends every stream. */
  closeAll(): void {
    for (const w of this.streams) {
      if (w.timer) clearTimeout(w.timer);
      if (!w.res.writableEnded) w.res.end();
    }
    this.streams.clear();
  }
}
