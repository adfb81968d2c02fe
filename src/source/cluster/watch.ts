/**
 * `-w`: the list, then one watch after another from the last resourceVersion seen (a server ends each
 * watch after its timeout); a 410 Gone lists again and reports every object as ADDED. As client-go's
 * reflector, a watch that ends within a second, or with 410, is followed by an exponential backoff
 * (0.8 s doubling to 30 s, with jitter), and the list is repeated at most 3 times a minute.
 */
import { isRecord } from '../../model/decode.js';
import { RuntimeFailure } from '../../model/errors.js';
import { type KubeObject, type ResourceType, resourceName } from '../../model/resources.js';
import type { ListRequest, WatchHandlers } from '../source.js';
import { Backoff, HEALTHY_WATCH_MS, pause, relistWait } from './backoff.js';
import type { ApiClient } from './client.js';
import { Collected } from './collect.js';
import { statusFailure, transportFailure } from './errors.js';
import { httpWatch } from './http.js';
import { acceptOf, listAll, queryOf } from './pager.js';
import { nameOf, type RequestContext } from './request.js';

export async function watch<T extends KubeObject>(
  client: ApiClient,
  type: ResourceType<T>,
  namespace: string | undefined,
  request: ListRequest,
  handlers: WatchHandlers<T>,
  signal: AbortSignal,
): Promise<void> {
  const context: RequestContext = { verb: 'watch', resource: type, namespace, name: undefined };
  let listing = await listAll(client, type, namespace, request);
  handlers.list(listing);
  let resourceVersion = listing.resourceVersion ?? '';
  const backoff = new Backoff();
  const relists: number[] = [];
  while (!signal.aborted) {
    const started = Date.now();
    const query = queryOf(request);
    query.set('watch', 'true');
    if (resourceVersion !== '') query.set('resourceVersion', resourceVersion);
    let gone = false;
    let failure: Error | undefined;
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal.addEventListener('abort', onAbort);
    const url = client.url(context, query);
    client.io.debug?.(`GET ${url.pathname}${url.search} (watch)`);
    const onEvent = (line: string) => {
      try {
        const event = parseEvent(line, client, context);
        if (!isRecord(event) || !isRecord(event.object))
          throw new RuntimeFailure(`a watch event of ${resourceName(type)} is not an object`);
        if (event.type === 'ERROR') {
          if (event.object.code === 410) gone = true;
          else throw statusFailure(client.connection, Number(event.object.code), event.object, context, 0);
        } else {
          resourceVersion = eventResourceVersion(event.object) ?? resourceVersion;
          if (event.type === 'BOOKMARK') return;
          const collected = new Collected(type, request, client.io.warn);
          collected.columns = listing.table?.columns;
          collected.add(event.object, `watch event of ${resourceName(type)}`);
          handlers.event(String(event.type), collected.snapshot());
        }
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
      if (failure !== undefined || gone) stop.abort();
    };
    const options = {
      agent: client.connection.agent,
      headers: client.headers(acceptOf(request)),
      timeoutMs: undefined,
    };
    const response = await httpWatch(url, options, onEvent, stop.signal).catch((error: unknown) => {
      throw transportFailure(client.connection, error, context);
    });
    signal.removeEventListener('abort', onAbort);
    if (failure !== undefined) throw failure;
    if (response.status === 410) gone = true;
    else if (response.status !== 200) {
      throw statusFailure(client.connection, response.status, client.parse(response, context), context, 0);
    }
    if (gone || Date.now() - started < HEALTHY_WATCH_MS) {
      const delay = backoff.next();
      client.io.debug?.(`${type.plural}: watch ended early${gone ? ' (410 Gone)' : ''}; waiting ${delay} ms`);
      await pause(delay, signal);
    } else backoff.reset();
    if (gone && !signal.aborted) {
      await pause(relistWait(relists, Date.now()), signal);
      if (signal.aborted) break;
      relists.push(Date.now());
      client.io.debug?.(`${type.plural}: watch expired (410 Gone); listing again`);
      listing = await listAll(client, type, namespace, request);
      handlers.event('ADDED', listing);
      resourceVersion = listing.resourceVersion ?? '';
    }
  }
}

/** The resourceVersion of a watched object (in a Table event, of its row's object). */
function eventResourceVersion(object: Record<string, unknown>): string | undefined {
  const inner =
    object.kind === 'Table' && Array.isArray(object.rows) ? (object.rows[0] as { object?: unknown })?.object : object;
  const metadata = isRecord(inner) && isRecord(inner.metadata) ? inner.metadata : undefined;
  return typeof metadata?.resourceVersion === 'string' ? metadata.resourceVersion : undefined;
}

/** One line of a watch stream as JSON; a line that is not JSON is the server's (or a proxy's) fault. */
function parseEvent(line: string, client: ApiClient, context: RequestContext): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new RuntimeFailure(
      `the API server at ${client.connection.server.origin} sent a watch event of ${nameOf(context)} that is not JSON; a proxy in between? check the server URL of context "${client.connection.contextName}"`,
    );
  }
}
