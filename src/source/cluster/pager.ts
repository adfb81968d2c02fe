/**
 * Lists as kubectl pages them: `limit` and `continue`, the next page asked for while this one is
 * parsed; a 410 (the continue token expired) lists again from the start, once; a server that repeats a
 * continue token, or hands out fresh ones with 3 pages in a row that bring no new object, is stopped.
 * One object by name is one GET.
 */
import { isRecord } from '../../model/decode.js';
import { RuntimeFailure } from '../../model/errors.js';
import { type KubeObject, type ResourceType, resourceName } from '../../model/resources.js';
import { buildTable } from '../../view/table.js';
import type { Listing, ListRequest } from '../source.js';
import { type ApiClient, JSON_ACCEPT, TABLE_ACCEPT } from './client.js';
import { Collected } from './collect.js';
import { crdColumns } from './columns.js';
import { ExpiredContinue } from './errors.js';
import type { HttpResponse } from './http.js';
import type { RequestContext } from './request.js';

/** The query every request of a command carries: the Table's objects, and the selectors. */
export function queryOf(request: ListRequest): URLSearchParams {
  const query = new URLSearchParams(request.table ? { includeObject: request.objects ? 'Object' : 'Metadata' } : {});
  if (request.labelSelector !== undefined && request.labelSelector.text !== '') {
    query.set('labelSelector', request.labelSelector.text);
  }
  if (request.fieldSelector !== undefined && request.fieldSelector.text !== '') {
    query.set('fieldSelector', request.fieldSelector.text);
  }
  return query;
}

export const acceptOf = (request: ListRequest): string => (request.table ? TABLE_ACCEPT : JSON_ACCEPT);

/** The whole list, paged; listed again once from the start if a continue token expires. */
export async function listAll<T extends KubeObject>(
  client: ApiClient,
  type: ResourceType<T>,
  namespace: string | undefined,
  request: ListRequest,
): Promise<Listing<T>> {
  const context: RequestContext = { verb: 'list', resource: type, namespace, name: undefined };
  try {
    return await listPages(client, type, context, request);
  } catch (error) {
    if (!(error instanceof ExpiredContinue)) throw error;
    client.io.debug?.(`${type.plural}: continue token expired (410); listing again from the start`);
    request.restarted?.();
  }
  try {
    return await listPages(client, type, context, request);
  } catch (error) {
    if (!(error instanceof ExpiredContinue)) throw error;
    throw new RuntimeFailure(
      `the list of ${resourceName(type)} changed faster than it could be paged (410 Expired, twice); retry, or list in one request with --chunk-size=0`,
    );
  }
}

/** One object by name: a listing of it, or an empty one when the server has no such object. */
export async function getOne<T extends KubeObject>(
  client: ApiClient,
  type: ResourceType<T>,
  namespace: string | undefined,
  name: string,
  request: ListRequest,
): Promise<Listing<T>> {
  const collected = new Collected(type, request, client.io.warn);
  const context: RequestContext = { verb: 'get', resource: type, namespace, name };
  const body = await client.getJson(context, queryOf(request), acceptOf(request));
  if (body !== undefined) collected.add(body, `${type.plural}/${name}`);
  return finish(client, collected, request);
}

/** Pages in a row that may bring no new object before a list that keeps handing out continue tokens is stopped. */
const MAX_BARREN_PAGES = 3;

const LIST_HEAD = /^\{"kind":"[A-Za-z]+","apiVersion":"[^"]*","metadata":\{([^{}]*)\}/;

/** The continue token of a list body, read off its first bytes (where the API server writes it). */
function peekContinue(response: HttpResponse): string | undefined {
  if (response.status !== 200) return undefined;
  const metadata = LIST_HEAD.exec(response.body.subarray(0, 2048).toString('latin1'))?.[1];
  return metadata === undefined ? undefined : /"continue":"([^"\\]+)"/.exec(metadata)?.[1];
}

async function listPages<T extends KubeObject>(
  client: ApiClient,
  type: ResourceType<T>,
  context: RequestContext,
  request: ListRequest,
): Promise<Listing<T>> {
  const collected = new Collected(type, request, client.io.warn);
  const { chunkSize } = client.flags;
  // A page in flight is abandoned (its connection closed) when the list ends early, by an error.
  const abandon = new AbortController();
  const fetchPage = (token: string | undefined) => {
    const query = queryOf(request);
    if (chunkSize > 0) query.set('limit', String(chunkSize));
    if (token !== undefined) query.set('continue', token);
    const fetching = client.fetch(context, query, acceptOf(request), abandon.signal);
    fetching.catch(() => {});
    return fetching;
  };
  const seenTokens = new Set<string>();
  let token: string | undefined;
  let pending = fetchPage(undefined);
  let page = 0;
  let barren = 0;
  try {
    do {
      page++;
      const fetched = await pending;
      // The continue token is at the start of the body: the next page is asked for while this one is parsed.
      const peeked = peekContinue(fetched.response);
      if (peeked !== undefined) pending = fetchPage(peeked);
      const body = client.interpret(fetched, context, token !== undefined) as Record<string, unknown>;
      const before = collected.distinct;
      collected.add(body, `${type.plural} page ${page}`);
      barren = page > 1 && collected.distinct === before ? barren + 1 : 0;
      const next = isRecord(body.metadata) && typeof body.metadata.continue === 'string' ? body.metadata.continue : '';
      if (page > 1 || next !== '') client.io.progress?.(type.plural, collected.received, client.connection.contextName);
      if (next !== '' && barren >= MAX_BARREN_PAGES) {
        throw new RuntimeFailure(
          `the API server sent ${MAX_BARREN_PAGES} pages in a row with a continue token and no new object while listing ${resourceName(type)}; stopping (a broken server or proxy); try --chunk-size=0`,
        );
      }
      if (next !== '' && seenTokens.has(next)) {
        throw new RuntimeFailure(
          `the API server sent the same continue token twice while listing ${resourceName(type)}; stopping (a broken server or proxy); try --chunk-size=0`,
        );
      }
      seenTokens.add(next);
      token = next === '' ? undefined : next;
      if (token !== undefined && token !== peeked) pending = fetchPage(token);
    } while (token !== undefined);
  } finally {
    abandon.abort();
  }
  return finish(client, collected, request);
}

/** The listing a command asked for; a table from the CRD's columns when the server sent plain objects. */
async function finish<T extends KubeObject>(
  client: ApiClient,
  collected: Collected<T>,
  request: ListRequest,
): Promise<Listing<T>> {
  const listing = collected.snapshot();
  if (!collected.plain || !request.table) return listing;
  const columns = await crdColumns(client, collected.type);
  return columns === undefined ? listing : { ...listing, table: buildTable(listing.items, columns, client.io.now()) };
}
