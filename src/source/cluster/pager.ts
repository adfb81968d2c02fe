/**
 * Lists as kubectl pages them: `limit` and `continue`, the next page asked for while this one is
 * parsed; a 410 (the continue token expired) lists again from the start, once; a server that repeats a
 * continue token, or hands out fresh ones with 3 pages in a row that bring no new object, is stopped.
 * One object by name is one GET.
 */
import { Buffer } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';
import { isRecord } from '../../model/decode.js';
import { RuntimeFailure } from '../../model/errors.js';
import { type KubeObject, type ResourceType, resourceName } from '../../model/resources.js';
import { buildTable } from '../../view/table.js';
import { parseWhole, WHOLE_JSON_BYTES } from '../json-whole.js';
import { JsonListStream, ListStreamError, type ListStreamEvent } from '../list-stream.js';
import type { Listing, ListRequest } from '../source.js';
import { type ApiClient, type Fetched, JSON_ACCEPT, TABLE_ACCEPT } from './client.js';
import { Collected, elementOrigin } from './collect.js';
import { crdColumns } from './columns.js';
import { ExpiredContinue, unparsable } from './errors.js';
import { nameOf, type RequestContext } from './request.js';

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
const HEAD_BYTES = 2048;

/** The most one object of a list may take (and a list's fields besides its elements): more is refused. */
export const MAX_OBJECT_BYTES = 64 * 1024 * 1024;

/**
 * One page of a list as its body streams in. A small page (500 rows of a server's table) is held and
 * parsed whole by JSON.parse, natively; a larger one is parsed as it arrives, each row or item on
 * its own and handed to the listing, so it is never held whole (and a list in one request,
 * --chunk-size=0, has no size cap but the one on each object). The continue token is read off the first bytes, where the API server writes
 * it, so that the next page is asked for while this one arrives; the next page's chunks wait until this
 * page has ended.
 */
class PageReader<T extends KubeObject> {
  private readonly parser = new JsonListStream({ streamed: LIST_KEYS, maxValueBytes: MAX_OBJECT_BYTES });
  /** The chunks not parsed yet: the page's until it is current, or all of a page read whole. */
  private held: Buffer[] = [];
  private heldBytes = 0;
  private started = false;
  /** Parsed as it arrives: a page too large to hold whole, or one whole JSON.parse cannot take alike. */
  private streaming = false;
  private head: string | undefined = '';
  private contentType = '';
  /** The continue token read off the first bytes (undefined: none there), told once this page is current. */
  private token: { value: string | undefined } | undefined;
  private rest: { body: Record<string, unknown>; listed: boolean } | undefined;

  constructor(
    private readonly client: ApiClient,
    private readonly context: RequestContext,
    private readonly collected: Collected<T>,
    private readonly origin: string,
    private readonly peeked: (token: string) => void,
  ) {}

  /** A chunk of the body, as it arrives. */
  readonly write = (chunk: Buffer, headers: IncomingHttpHeaders): void => {
    this.contentType = String(headers['content-type'] ?? '');
    if (this.head !== undefined) this.peek(chunk);
    if (this.streaming) {
      this.handle(() => this.parser.write(chunk));
      return;
    }
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.started && this.heldBytes > WHOLE_JSON_BYTES) this.stream();
  };

  /** The page's elements may go to the listing now. */
  start(): void {
    this.started = true;
    if (this.token?.value !== undefined) this.peeked(this.token.value);
    if (this.heldBytes > WHOLE_JSON_BYTES) this.stream();
  }

  /** The body has ended: the page's fields besides its elements, handed to the listing. */
  finish(status: number): Record<string, unknown> {
    this.head = undefined;
    if (!this.streaming && !this.whole()) this.stream();
    if (this.streaming) this.handle(() => this.parser.end());
    const rest = this.rest;
    if (rest === undefined) throw unparsable(this.client.connection, this.context, status, this.contentType, 'cut');
    this.collected.rest(rest.body, rest.listed, this.origin);
    return rest.body;
  }

  /** From here the page is parsed as it arrives, the chunks held first. */
  private stream(): void {
    this.streaming = true;
    const held = this.held;
    this.held = [];
    for (const chunk of held) this.handle(() => this.parser.write(chunk));
  }

  /**
   * A page held whole, parsed at once by JSON.parse: the fastest way, and what the streaming parser
   * gives for it, except where the two differ (a repeated `rows` or `items`, more than one value, not
   * JSON): then false, and the page is streamed instead, for the streaming parser's answer.
   */
  private whole(): boolean {
    const text = (this.held.length === 1 ? (this.held[0] as Buffer) : Buffer.concat(this.held)).toString();
    const parsed = parseWhole(text, LIST_KEYS);
    if (parsed === undefined || !isRecord(parsed.value)) return false;
    this.held = [];
    const { value: body, lists } = parsed;
    const rest = { ...body };
    for (const key of lists) {
      delete rest[key];
      (body[key] as unknown[]).forEach((element, index) => {
        this.collected.element(key, element, elementOrigin(this.origin, key, index));
      });
    }
    this.rest = { body: rest, listed: lists.length > 0 };
    return true;
  }

  private peek(chunk: Buffer): void {
    const head = `${this.head ?? ''}${chunk.subarray(0, HEAD_BYTES).toString('latin1')}`;
    const metadata = LIST_HEAD.exec(head)?.[1];
    if (metadata === undefined && head.length < HEAD_BYTES) {
      this.head = head;
      return;
    }
    this.head = undefined;
    this.token = { value: metadata === undefined ? undefined : /"continue":"([^"\\]+)"/.exec(metadata)?.[1] };
    if (this.started && this.token.value !== undefined) this.peeked(this.token.value);
  }

  /** The continue token read off the first bytes, if it was there. */
  get peekedToken(): string | undefined {
    return this.token?.value;
  }

  private handle(read: () => ListStreamEvent[]): void {
    let events: ListStreamEvent[];
    try {
      events = read();
    } catch (error) {
      throw this.failure(error);
    }
    for (const event of events) {
      if (event.type === 'item') {
        this.collected.element(event.key, event.value, elementOrigin(this.origin, event.key, event.index));
      } else if (event.type === 'restart' || event.document > 0) {
        throw new RuntimeFailure(
          `the API server sent a ${resourceName(this.collected.type)} response with ${event.type === 'restart' ? `"${event.key}" twice` : 'more than one JSON value'}; is it a Kubernetes API server?`,
        );
      } else if (!isRecord(event.value)) {
        throw unparsable(this.client.connection, this.context, 200, this.contentType, 'not-object');
      } else {
        this.rest = { body: event.value, listed: event.streamed.length > 0 };
      }
    }
  }

  private failure(error: unknown): Error {
    if (!(error instanceof ListStreamError)) return error as Error;
    const { server } = this.client.connection;
    if (error.kind === 'too-large') {
      return new RuntimeFailure(
        `the API server at ${server.origin} sent a ${nameOf(this.context)} object of more than ${MAX_OBJECT_BYTES / 1024 / 1024} MB while listing it (${this.origin}); refused before memory runs out`,
      );
    }
    const json = this.contentType.includes('json');
    const problem = error.kind === 'truncated' && json ? 'cut' : 'not-json';
    return unparsable(this.client.connection, this.context, 200, this.contentType, problem);
  }
}

/** A Table's rows, a list's items. */
const LIST_KEYS = ['rows', 'items'];

interface Page<T extends KubeObject> {
  reader: PageReader<T>;
  fetching: Promise<Fetched>;
  /** The page after it, asked for as soon as this one's continue token was read. */
  next?: Page<T>;
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
  let number = 0;
  const fetchPage = (token: string | undefined): Page<T> => {
    const query = queryOf(request);
    if (chunkSize > 0) query.set('limit', String(chunkSize));
    if (token !== undefined) query.set('continue', token);
    number++;
    const reader: PageReader<T> = new PageReader(
      client,
      context,
      collected,
      `${type.plural} page ${number}`,
      (found) => {
        page.next = fetchPage(found);
      },
    );
    const fetching = client.fetch(context, query, acceptOf(request), abandon.signal, reader.write);
    fetching.catch(() => {});
    const page: Page<T> = { reader, fetching };
    return page;
  };
  const seenTokens = new Set<string>();
  let token: string | undefined;
  let page = fetchPage(undefined);
  let barren = 0;
  try {
    for (let count = 1; ; count++) {
      collected.beginPage();
      page.reader.start();
      const fetched = await page.fetching;
      const continuing = token !== undefined;
      const body =
        fetched.response.status === 200
          ? page.reader.finish(200)
          : (client.interpret(fetched, context, continuing) as Record<string, unknown>);
      if (fetched.response.status !== 200) collected.add(body, `${type.plural} page ${count}`);
      const fresh = collected.endPage();
      barren = count > 1 && !fresh ? barren + 1 : 0;
      const found = isRecord(body.metadata) && typeof body.metadata.continue === 'string' ? body.metadata.continue : '';
      if (count > 1 || found !== '')
        client.io.progress?.(type.plural, collected.received, client.connection.contextName);
      if (found !== '' && barren >= MAX_BARREN_PAGES) {
        throw new RuntimeFailure(
          `the API server sent ${MAX_BARREN_PAGES} pages in a row with a continue token and no new object while listing ${resourceName(type)}; stopping (a broken server or proxy); try --chunk-size=0`,
        );
      }
      if (found !== '' && seenTokens.has(found)) {
        throw new RuntimeFailure(
          `the API server sent the same continue token twice while listing ${resourceName(type)}; stopping (a broken server or proxy); try --chunk-size=0`,
        );
      }
      seenTokens.add(found);
      token = found === '' ? undefined : found;
      if (token === undefined) break;
      page = token === page.reader.peekedToken && page.next !== undefined ? page.next : fetchPage(token);
    }
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
