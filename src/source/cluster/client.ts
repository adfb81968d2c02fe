/**
 * The HTTP client of the cluster source: one GET per call over the kubeconfig's connection, retried on
 * 429 and 5xx with backoff (honouring Retry-After), its body parsed as JSON, anything but a 200 turned
 * into the error it is.
 */
import type { Agent, IncomingHttpHeaders } from 'node:http';
import { isRecord, type Warn } from '../../model/decode.js';
import { ExpiredContinue, type Peer, statusFailure, transportFailure, unparsable } from './errors.js';
import { type HttpResponse, httpGet } from './http.js';
import { pathOf, type RequestContext } from './request.js';

export interface ClusterFlags {
  kubeconfig: string | undefined;
  context: string | undefined;
  /** kubectl's --request-timeout in milliseconds; undefined: none. */
  requestTimeoutMs: number | undefined;
  /** Items per page (`limit`); 0 lists in one request. */
  chunkSize: number;
  insecureSkipTlsVerify: boolean;
}

export interface ClusterIo {
  env: Readonly<Record<string, string | undefined>>;
  warn: Warn;
  debug: ((line: string) => void) | undefined;
  /** How many objects of a list have arrived so far, after each page of a list of several pages. */
  progress: ((resource: string, count: number, context: string) => void) | undefined;
  now(): Date;
}

/** The server, the kubeconfig context, and how to reach it (TLS agent, authentication headers). */
export interface Connection extends Peer {
  agent: Agent | undefined;
  headers: Record<string, string>;
}

export const JSON_ACCEPT = 'application/json';
export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const MAX_ATTEMPTS = 5;
const BACKOFF_MS = 200;
const MAX_RETRY_AFTER_MS = 30_000;

export interface Fetched {
  response: HttpResponse;
  /** How many attempts a retried failure took (0 when it was not retried). */
  attempts: number;
}

export class ApiClient {
  constructor(
    readonly connection: Connection,
    readonly flags: ClusterFlags,
    readonly io: ClusterIo,
  ) {}

  /** The request's URL under the server URL's path, if it has one (a proxy's `/k8s/clusters/c-abc`). */
  url(context: RequestContext, query?: URLSearchParams): URL {
    const search = query === undefined || query.size === 0 ? '' : `?${query}`;
    const { server } = this.connection;
    const prefix = server.pathname.replace(/\/+$/, '');
    return new URL(`${server.origin}${prefix}${pathOf(context)}${search}`);
  }

  headers(accept: string): Record<string, string> {
    return { ...this.connection.headers, Accept: accept, 'User-Agent': 'cilium-view' };
  }

  /** One GET and its body; a 404 for the named object is `undefined`, other failures throw. */
  async getJson(
    context: RequestContext,
    query: URLSearchParams,
    accept: string,
  ): Promise<Record<string, unknown> | undefined> {
    return this.interpret(await this.fetch(context, query, accept), context);
  }

  /** One GET, retried on 429 and 5xx with backoff (honouring Retry-After); `stream` takes a 200's body as it arrives. */
  async fetch(
    context: RequestContext,
    query: URLSearchParams,
    accept: string,
    signal?: AbortSignal,
    stream?: (chunk: Buffer, headers: IncomingHttpHeaders) => void,
  ): Promise<Fetched> {
    const url = this.url(context, query);
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const response = await httpGet(url, {
        agent: this.connection.agent,
        headers: this.headers(accept),
        timeoutMs: this.flags.requestTimeoutMs,
        signal,
        stream,
      }).catch((error: unknown) => {
        throw transportFailure(this.connection, error, context);
      });
      this.io.debug?.(`GET ${url.pathname}${url.search} -> ${response.status} (${Date.now() - started} ms)`);
      const retryable = response.status === 429 || response.status >= 500;
      if (retryable && attempt < MAX_ATTEMPTS) {
        await sleep(retryDelay(response, attempt));
        continue;
      }
      return { response, attempts: retryable ? attempt : 0 };
    }
  }

  /**
   * The body of a 200; anything else as the error it is: an expired continue token (`continuing`), a
   * missing object (`undefined`, for a `get`), or a failure.
   */
  interpret(
    { response, attempts }: Fetched,
    context: RequestContext,
    continuing = false,
  ): Record<string, unknown> | undefined {
    const body = isBarePageNotFound(response) ? {} : this.parse(response, context);
    if (response.status === 200) return body;
    if (response.status === 410 && continuing) throw new ExpiredContinue();
    if (response.status === 404 && isNotFound(body, context)) return undefined;
    throw statusFailure(this.connection, response.status, body, context, attempts);
  }

  parse(response: HttpResponse, context: RequestContext): Record<string, unknown> {
    const type = String(response.headers['content-type'] ?? '');
    let body: unknown;
    try {
      body = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw unparsable(this.connection, context, response.status, type, type.includes('json') ? 'cut' : 'not-json');
    }
    if (!isRecord(body)) throw unparsable(this.connection, context, response.status, type, 'not-object');
    return body;
  }
}

/**
 * kube-apiserver answers a path under an API group it does not serve (Cilium's CRDs not installed) with
 * Go's plain-text "404 page not found", not a Status: that is a 404 with no details, not a proxy.
 */
function isBarePageNotFound({ status, headers, body }: HttpResponse): boolean {
  return (
    status === 404 &&
    String(headers['content-type'] ?? '').startsWith('text/plain') &&
    body.toString('utf8').trim() === '404 page not found'
  );
}

/** A 404 about the named object of a `get` (its resource exists), rather than about a missing resource type. */
function isNotFound(status: Record<string, unknown>, context: RequestContext): boolean {
  return (
    context.verb === 'get' &&
    context.name !== undefined &&
    status.reason === 'NotFound' &&
    isRecord(status.details) &&
    status.details.name === context.name
  );
}

function retryDelay(response: HttpResponse, attempt: number): number {
  const header = response.headers['retry-after'];
  const seconds = typeof header === 'string' ? Number(header) : Number.NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  return BACKOFF_MS * 2 ** (attempt - 1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
