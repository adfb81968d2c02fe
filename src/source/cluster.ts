/**
 * The live-cluster source. It asks for what kubectl asks for, a server-side Table, but with
 * `includeObject=Object`, so one paged list gives both kubectl's exact cells (columns of the cluster's
 * own CRD version, AGE on the server's clock) and the full objects the join needs. A server that
 * answers with a plain list gets the columns of its CRD (`additionalPrinterColumns`), else the built-in
 * set. @kubernetes/client-node (kubeconfig, authentication, TLS) is loaded on this path only.
 */
import type { Agent } from 'node:http';
import { type Decoded, decodeObject, emptyDecoded, isRecord, type Warn } from '../model/decode.js';
import { RuntimeFailure } from '../model/errors.js';
import type { CiliumEndpoint, CiliumIdentity } from '../model/schema.js';
import type { ColumnDefinition, ColumnType, PrinterColumn } from '../view/columns.js';
import { buildTable, type Cell, type TableRow } from '../view/table.js';
import { type HttpResponse, httpGet, httpWatch, TransportError } from './http.js';
import { type KubeconfigFlags, loadKubeconfig } from './kubeconfig.js';
import type { Listing, ListRequest, Scope, Source, WatchHandlers } from './source.js';

export interface ClusterFlags extends KubeconfigFlags {
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

type Resource = 'ciliumendpoints' | 'ciliumidentities';

const GROUP_VERSION = 'cilium.io/v2';
const JSON_ACCEPT = 'application/json';
const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const MAX_ATTEMPTS = 5;
const BACKOFF_MS = 200;
const MAX_RETRY_AFTER_MS = 30_000;

interface Connection {
  server: URL;
  contextName: string;
  agent: Agent | undefined;
  headers: Record<string, string>;
}

export async function openClusterSource(flags: ClusterFlags, io: ClusterIo): Promise<Source> {
  const k8s = await import('@kubernetes/client-node');
  const loaded = loadKubeconfig(k8s, flags, io.env);
  const { config, contextName } = loaded;
  const cluster = config.getCurrentCluster();
  if (cluster === null) throw new RuntimeFailure(`context "${contextName}" has no cluster`);
  const server = new URL(cluster.server);
  const skipVerify = flags.insecureSkipTlsVerify || cluster.skipTLSVerify;
  if (skipVerify && server.protocol === 'https:') {
    io.warn(`TLS verification is off for ${server.origin}: the server's certificate is not checked`);
  }
  // client-node refuses plain-HTTP servers unless TLS verification is "skipped", which means nothing there.
  const effective = { ...cluster, skipTLSVerify: skipVerify || server.protocol === 'http:' };
  config.clusters = config.clusters.map((c) => (c.name === cluster.name ? effective : c));

  const options: { headers?: Record<string, string>; agent?: Agent } = {};
  try {
    await config.applyToHTTPSOptions(options);
  } catch (error) {
    throw new RuntimeFailure(
      `cannot authenticate as the user of context "${contextName}": ${firstLine(error)}; check the user's credentials in ${loaded.origin}`,
    );
  }
  // One connection for all the pages, as kubectl keeps it (client-node's agent closes each socket).
  if (options.agent !== undefined) (options.agent as Agent & { keepAlive: boolean }).keepAlive = true;
  const connection: Connection = {
    server,
    contextName,
    agent: options.agent,
    headers: Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k, String(v)])),
  };
  const lister = new Lister(connection, flags, io);

  return {
    description: `context "${contextName}" (${server.origin})`,
    live: true,
    defaultNamespace: loaded.namespace,
    listEndpoints: (scope: Scope, request: ListRequest) =>
      lister.list(endpointsPath(scope.allNamespaces ? undefined : scope.namespace), request, ENDPOINTS),
    listIdentities: (request: ListRequest) =>
      lister.list(`/apis/${GROUP_VERSION}/ciliumidentities`, request, IDENTITIES),
    watchEndpoints: (
      scope: Scope,
      request: ListRequest,
      handlers: WatchHandlers<CiliumEndpoint>,
      signal: AbortSignal,
    ) =>
      lister.watch(
        endpointsPath(scope.allNamespaces ? undefined : scope.namespace),
        request,
        ENDPOINTS,
        handlers,
        signal,
      ),
    watchIdentities: (request: ListRequest, handlers: WatchHandlers<CiliumIdentity>, signal: AbortSignal) =>
      lister.watch(`/apis/${GROUP_VERSION}/ciliumidentities`, request, IDENTITIES, handlers, signal),
    namespaceExists: (namespace: string) => lister.namespaceExists(namespace),
    getEndpoint: (namespace: string, name: string, request: ListRequest) =>
      lister.get(`${endpointsPath(namespace)}/${encodeURIComponent(name)}`, name, request, ENDPOINTS),
    getIdentity: (name: string, request: ListRequest) =>
      lister.get(`/apis/${GROUP_VERSION}/ciliumidentities/${encodeURIComponent(name)}`, name, request, IDENTITIES),
  };
}

/** What differs between the two resources. */
interface Kind<T> {
  resource: Resource;
  itemKind: string;
  pick(decoded: Decoded): T[];
}

const ENDPOINTS: Kind<CiliumEndpoint> = {
  resource: 'ciliumendpoints',
  itemKind: 'CiliumEndpoint',
  pick: (decoded) => decoded.endpoints,
};
const IDENTITIES: Kind<CiliumIdentity> = {
  resource: 'ciliumidentities',
  itemKind: 'CiliumIdentity',
  pick: (decoded) => decoded.identities,
};

function endpointsPath(namespace: string | undefined): string {
  return namespace === undefined
    ? `/apis/${GROUP_VERSION}/ciliumendpoints`
    : `/apis/${GROUP_VERSION}/namespaces/${encodeURIComponent(namespace)}/ciliumendpoints`;
}

/** The list, as it builds up page by page; only what the request keeps. */
class Collected<T extends CiliumEndpoint | CiliumIdentity> {
  private readonly decoded = emptyDecoded();
  readonly rows: TableRow[] = [];
  columns: ColumnDefinition[] | undefined;
  plain = false;
  resourceVersion: string | undefined;

  constructor(
    private readonly kind: Kind<T>,
    private readonly request: ListRequest,
    private readonly warn: Warn,
  ) {}

  get items(): T[] {
    return this.kind.pick(this.decoded);
  }

  get resource(): Resource {
    return this.kind.resource;
  }

  /** One response body: a Table (rows, with objects or their metadata) or a plain list or object. */
  add(body: Record<string, unknown>, origin: string): void {
    if (isRecord(body.metadata) && typeof body.metadata.resourceVersion === 'string') {
      this.resourceVersion = body.metadata.resourceVersion;
    }
    if (body.kind === 'Table') {
      this.columns ??= tableColumns(body.columnDefinitions, this.kind.resource);
      const rows = Array.isArray(body.rows) ? body.rows.filter(isRecord) : [];
      rows.forEach((row, i) => {
        this.addRow(row, `${origin}: row ${i}`);
      });
    } else if ((body.kind === 'List' || body.kind === `${this.kind.itemKind}List`) && Array.isArray(body.items)) {
      this.plain = true;
      body.items.forEach((item: unknown, i: number) => {
        this.addObject(item, `${origin}: items[${i}]`);
      });
    } else if (body.kind === this.kind.itemKind) {
      this.plain = true;
      this.addObject(body, origin);
    } else {
      throw new RuntimeFailure(
        `the API server answered ${this.kind.resource}.cilium.io with ${describeKind(body)}, not a ${this.kind.itemKind}List or Table; is it a Kubernetes API server, and the right URL?`,
      );
    }
  }

  /** Objects received so far (kept or not), for progress. */
  received = 0;

  /** Keys seen so far: a server (or proxy) that repeats an object across pages is not believed twice. */
  private readonly seen = new Set<string>();

  private duplicate(object: Record<string, unknown>, origin: string): boolean {
    this.received++;
    const metadata = isRecord(object.metadata) ? object.metadata : {};
    const key = `${String(metadata.namespace ?? '')}/${String(metadata.name ?? '')}`;
    if (key === '/' || !this.seen.has(key)) {
      this.seen.add(key);
      return false;
    }
    this.warn(
      `${origin}: ${this.kind.itemKind} ${key.replace(/^\//, '')} was already listed on an earlier page; ignoring it`,
    );
    return true;
  }

  private addRow(row: Record<string, unknown>, origin: string): void {
    const object = isRecord(row.object) ? row.object : {};
    if (this.duplicate(object, origin)) return;
    if (this.request.keep !== undefined && !this.request.keep(object)) return;
    const cells = Array.isArray(row.cells) ? (row.cells as Cell[]) : [];
    if (!this.request.objects) {
      const metadata = isRecord(object.metadata) ? object.metadata : {};
      const labels =
        this.request.labels && isRecord(metadata.labels) ? (metadata.labels as Record<string, string>) : NO_LABELS;
      const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
      this.rows.push({ cells, namespace, labels });
      return;
    }
    const added = this.addObject(object, origin, true);
    if (added !== undefined) {
      this.rows.push({ cells, namespace: added.metadata.namespace, labels: added.metadata.labels ?? {} });
    }
  }

  private addObject(raw: unknown, origin: string, checked = false): T | undefined {
    if (isRecord(raw) && !checked && this.duplicate(raw, origin)) return undefined;
    if (isRecord(raw) && this.request.keep !== undefined && !this.request.keep(raw)) return undefined;
    const before = this.items.length;
    decodeObject(raw, origin, this.decoded, this.warn, this.kind.itemKind);
    return this.items[before];
  }
}

class ExpiredContinue extends Error {}

interface Fetched {
  response: HttpResponse;
  /** How many attempts a retried failure took (0 when it was not retried). */
  attempts: number;
}

const LIST_HEAD = /^\{"kind":"[A-Za-z]+","apiVersion":"[^"]*","metadata":\{([^{}]*)\}/;

/** The continue token of a list body, read off its first bytes (where the API server writes it). */
function peekContinue(response: HttpResponse): string | undefined {
  if (response.status !== 200) return undefined;
  const metadata = LIST_HEAD.exec(response.body.subarray(0, 2048).toString('latin1'))?.[1];
  const token = metadata === undefined ? undefined : /"continue":"([^"\\]+)"/.exec(metadata)?.[1];
  return token;
}

class Lister {
  constructor(
    private readonly connection: Connection,
    private readonly flags: ClusterFlags,
    private readonly io: ClusterIo,
  ) {}

  async list<T extends CiliumEndpoint | CiliumIdentity>(
    path: string,
    request: ListRequest,
    kind: Kind<T>,
  ): Promise<Listing<T>> {
    try {
      return await this.listPages(path, request, kind);
    } catch (error) {
      if (!(error instanceof ExpiredContinue)) throw error;
      this.io.debug?.(`${kind.resource}: continue token expired (410); listing again from the start`);
      request.restarted?.();
    }
    try {
      return await this.listPages(path, request, kind);
    } catch (error) {
      if (!(error instanceof ExpiredContinue)) throw error;
      throw new RuntimeFailure(
        `the list of ${kind.resource}.cilium.io changed faster than it could be paged (410 Expired, twice); retry, or list in one request with --chunk-size=0`,
      );
    }
  }

  /** One object by name: a listing of it, or an empty one when the server has no such object. */
  async get<T extends CiliumEndpoint | CiliumIdentity>(
    path: string,
    name: string,
    request: ListRequest,
    kind: Kind<T>,
  ): Promise<Listing<T>> {
    const collected = new Collected(kind, request, this.io.warn);
    const body = await this.getJson(`${path}?${this.query(request)}`, kind.resource, undefined, {
      accept: request.table ? TABLE_ACCEPT : JSON_ACCEPT,
      notFound: name,
    });
    if (body !== undefined) collected.add(body, `${kind.resource}/${name}`);
    return this.finish(collected, request);
  }

  async namespaceExists(namespace: string): Promise<boolean | undefined> {
    const url = new URL(`/api/v1/namespaces/${encodeURIComponent(namespace)}`, this.connection.server);
    const response = await httpGet(url, {
      agent: this.connection.agent,
      headers: this.headers(JSON_ACCEPT),
      timeoutMs: this.flags.requestTimeoutMs,
    }).catch(() => undefined);
    this.io.debug?.(`GET ${url.pathname} -> ${response?.status ?? 'failed'}`);
    return response?.status === 200 ? true : response?.status === 404 ? false : undefined;
  }

  private query(request: ListRequest): URLSearchParams {
    const query = new URLSearchParams(request.table ? { includeObject: request.objects ? 'Object' : 'Metadata' } : {});
    if (request.labelSelector !== undefined && request.labelSelector.text !== '') {
      query.set('labelSelector', request.labelSelector.text);
    }
    if (request.fieldSelector !== undefined && request.fieldSelector.text !== '') {
      query.set('fieldSelector', request.fieldSelector.text);
    }
    return query;
  }

  private async listPages<T extends CiliumEndpoint | CiliumIdentity>(
    path: string,
    request: ListRequest,
    kind: Kind<T>,
  ): Promise<Listing<T>> {
    const collected = new Collected(kind, request, this.io.warn);
    const namespace = /\/namespaces\/([^/]+)\//.exec(path)?.[1];
    const accept = request.table ? TABLE_ACCEPT : JSON_ACCEPT;
    const pageOf = (token: string | undefined) => {
      const query = this.query(request);
      if (this.flags.chunkSize > 0) query.set('limit', String(this.flags.chunkSize));
      if (token !== undefined) query.set('continue', token);
      return `${path}?${query}`;
    };
    // A page in flight is abandoned (its connection closed) when the list ends early, by an error.
    const abandon = new AbortController();
    const fetchPage = (token: string | undefined) => {
      const fetching = this.fetch(pageOf(token), kind.resource, accept, abandon.signal);
      fetching.catch(() => {});
      return fetching;
    };
    const seenTokens = new Set<string>();
    let token: string | undefined;
    let pending = fetchPage(undefined);
    let page = 0;
    try {
      do {
        page++;
        const fetched = await pending;
        // The continue token is at the start of the body: the next page is asked for while this one is parsed.
        const peeked = peekContinue(fetched.response);
        if (peeked !== undefined) pending = fetchPage(peeked);
        const body = this.interpret(fetched, kind.resource, namespace && decodeURIComponent(namespace), {
          continuing: token !== undefined,
        }) as Record<string, unknown>;
        collected.add(body, `${kind.resource} page ${page}`);
        const next =
          isRecord(body.metadata) && typeof body.metadata.continue === 'string' ? body.metadata.continue : '';
        if (page > 1 || next !== '') this.io.progress?.(kind.resource, collected.received, this.connection.contextName);
        if (next !== '' && seenTokens.has(next)) {
          throw new RuntimeFailure(
            `the API server sent the same continue token twice while listing ${kind.resource}.cilium.io; stopping (a broken server or proxy); try --chunk-size=0`,
          );
        }
        seenTokens.add(next);
        token = next === '' ? undefined : next;
        if (token !== undefined && token !== peeked) pending = fetchPage(token);
      } while (token !== undefined);
    } finally {
      abandon.abort();
    }
    return this.finish(collected, request);
  }

  /** The listing a command asked for; a table from the CRD's columns when the server sent plain objects. */
  private async finish<T extends CiliumEndpoint | CiliumIdentity>(
    collected: Collected<T>,
    request: ListRequest,
  ): Promise<Listing<T>> {
    const listing = snapshot(collected);
    if (!collected.plain || !request.table) return listing;
    const columns = await this.crdColumns(collected);
    return columns === undefined ? listing : { ...listing, table: buildTable(listing.items, columns, this.io.now()) };
  }

  /**
   * `-w`: the list, then one watch after another from the last resourceVersion seen (a server ends
   * each watch after its timeout); a 410 Gone lists again and reports every object as ADDED.
   */
  async watch<T extends CiliumEndpoint | CiliumIdentity>(
    path: string,
    request: ListRequest,
    kind: Kind<T>,
    handlers: WatchHandlers<T>,
    signal: AbortSignal,
  ): Promise<void> {
    let listing = await this.list(path, request, kind);
    handlers.list(listing);
    let resourceVersion = listing.resourceVersion ?? '';
    while (!signal.aborted) {
      const query = this.query(request);
      query.set('watch', 'true');
      if (resourceVersion !== '') query.set('resourceVersion', resourceVersion);
      let gone = false;
      let failure: Error | undefined;
      const stop = new AbortController();
      const onAbort = () => stop.abort();
      signal.addEventListener('abort', onAbort);
      const url = new URL(`${path}?${query}`, this.connection.server);
      this.io.debug?.(`GET ${url.pathname}${url.search} (watch)`);
      const response = await httpWatch(
        url,
        {
          agent: this.connection.agent,
          headers: this.headers(request.table ? TABLE_ACCEPT : JSON_ACCEPT),
          timeoutMs: undefined,
        },
        (line) => {
          try {
            const event: unknown = JSON.parse(line);
            if (!isRecord(event) || !isRecord(event.object))
              throw new RuntimeFailure(`a watch event of ${kind.resource}.cilium.io is not an object`);
            if (event.type === 'ERROR') {
              if (event.object.code === 410) gone = true;
              else throw this.statusFailure(Number(event.object.code), event.object, kind.resource, undefined, 0);
            } else {
              resourceVersion = eventResourceVersion(event.object) ?? resourceVersion;
              if (event.type === 'BOOKMARK') return;
              const collected = new Collected(kind, request, this.io.warn);
              collected.columns = listing.table?.columns;
              collected.add(event.object, `watch event of ${kind.resource}.cilium.io`);
              handlers.event(String(event.type), snapshot(collected));
            }
          } catch (error) {
            failure = error instanceof Error ? error : new Error(String(error));
          }
          if (failure !== undefined || gone) stop.abort();
        },
        stop.signal,
      ).catch((error: unknown) => {
        throw this.transportFailure(error, kind.resource);
      });
      signal.removeEventListener('abort', onAbort);
      if (failure !== undefined) throw failure;
      if (response.status === 410) gone = true;
      else if (response.status !== 200) {
        throw this.statusFailure(response.status, this.parse(response, kind.resource), kind.resource, undefined, 0);
      }
      if (gone && !signal.aborted) {
        this.io.debug?.(`${kind.resource}: watch expired (410 Gone); listing again`);
        listing = await this.list(path, request, kind);
        handlers.event('ADDED', listing);
        resourceVersion = listing.resourceVersion ?? '';
      }
    }
  }

  private headers(accept: string): Record<string, string> {
    return { ...this.connection.headers, Accept: accept, 'User-Agent': 'cilium-view' };
  }

  /** The served version's printer columns from the CRD; undefined where the CRD cannot be read. */
  private async crdColumns<T extends CiliumEndpoint | CiliumIdentity>(
    collected: Collected<T>,
  ): Promise<PrinterColumn[] | undefined> {
    const resource = collected.resource;
    const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${resource}.cilium.io`;
    const crd = await this.getJson(path, resource, undefined, { accept: JSON_ACCEPT }).catch(() => undefined);
    const versions = isRecord(crd) && isRecord(crd.spec) && Array.isArray(crd.spec.versions) ? crd.spec.versions : [];
    const v2 = versions.find((v: unknown) => isRecord(v) && v.name === 'v2');
    if (!isRecord(v2) || !Array.isArray(v2.additionalPrinterColumns)) return undefined;
    return v2.additionalPrinterColumns.filter(isRecord).map((c) => ({
      name: String(c.name),
      type: String(c.type) as ColumnType,
      format: typeof c.format === 'string' ? c.format : '',
      description: typeof c.description === 'string' ? c.description : '',
      priority: typeof c.priority === 'number' ? c.priority : 0,
      jsonPath: String(c.jsonPath),
    }));
  }

  /** One GET and what it says; errors become one clear line. */
  private async getJson(
    pathAndQuery: string,
    resource: Resource,
    namespace: string | undefined,
    options: { continuing?: boolean; accept?: string },
  ): Promise<Record<string, unknown>>;
  private async getJson(
    pathAndQuery: string,
    resource: Resource,
    namespace: string | undefined,
    options: { accept?: string; notFound: string },
  ): Promise<Record<string, unknown> | undefined>;
  private async getJson(
    pathAndQuery: string,
    resource: Resource,
    namespace: string | undefined,
    options: { continuing?: boolean; accept?: string; notFound?: string },
  ): Promise<Record<string, unknown> | undefined> {
    return this.interpret(
      await this.fetch(pathAndQuery, resource, options.accept ?? TABLE_ACCEPT),
      resource,
      namespace,
      options,
    );
  }

  /** One GET, retried on 429 and 5xx with backoff (honouring Retry-After). */
  private async fetch(
    pathAndQuery: string,
    resource: Resource,
    accept: string,
    signal?: AbortSignal,
  ): Promise<Fetched> {
    const url = new URL(pathAndQuery, this.connection.server);
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const response = await httpGet(url, {
        agent: this.connection.agent,
        headers: this.headers(accept),
        timeoutMs: this.flags.requestTimeoutMs,
        signal,
      }).catch((error: unknown) => {
        throw this.transportFailure(error, resource);
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

  /** The body of a 200; anything else as the error it is (an expired continue, a missing object, ...). */
  private interpret(
    { response, attempts }: Fetched,
    resource: Resource,
    namespace: string | undefined,
    options: { continuing?: boolean; notFound?: string },
  ): Record<string, unknown> | undefined {
    const body = this.parse(response, resource);
    if (response.status === 200) return body;
    if (response.status === 410 && options.continuing === true) throw new ExpiredContinue();
    if (response.status === 404 && isNotFound(body, options.notFound)) return undefined;
    throw this.statusFailure(response.status, body, resource, namespace, attempts);
  }

  private parse(response: HttpResponse, resource: Resource): Record<string, unknown> {
    const type = String(response.headers['content-type'] ?? '');
    let body: unknown;
    try {
      body = JSON.parse(response.body.toString('utf8'));
    } catch {
      if (type.includes('json')) {
        throw new RuntimeFailure(
          `the API server at ${this.connection.server.origin} sent a ${resource}.cilium.io response that ends before its JSON does (HTTP ${response.status}): the connection or a proxy cut it off; nothing was printed; try again`,
        );
      }
      const what = type === '' ? 'a body' : `a ${type.split(';')[0]} body`;
      throw new RuntimeFailure(
        `the API server at ${this.connection.server.origin} answered ${resource}.cilium.io with ${what} that is not JSON (HTTP ${response.status}): a proxy or load balancer in between? check the server URL of context "${this.connection.contextName}"`,
      );
    }
    if (!isRecord(body)) {
      throw new RuntimeFailure(
        `the API server at ${this.connection.server.origin} answered ${resource}.cilium.io with JSON that is not an object (HTTP ${response.status})`,
      );
    }
    return body;
  }

  private statusFailure(
    code: number,
    status: Record<string, unknown>,
    resource: Resource,
    namespace: string | undefined,
    attempts: number,
  ): RuntimeFailure {
    const { server, contextName } = this.connection;
    const message = typeof status.message === 'string' ? status.message : '';
    const reason = typeof status.reason === 'string' ? status.reason : '';
    const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
    switch (code) {
      case 401:
        return new RuntimeFailure(
          `the API server at ${server.origin} rejected the credentials of context "${contextName}" (401 Unauthorized): the token or client certificate is missing, wrong or expired; log in again or refresh the kubeconfig`,
        );
      case 403: {
        const user = /User "([^"]*)"/.exec(message)?.[1];
        return new RuntimeFailure(
          `forbidden (403): ${user === undefined ? 'you' : `user "${user}"`} cannot list ${resource}.cilium.io ${scope}; the missing RBAC rule is: list ${resource}.cilium.io ${scope} (deploy/rbac.yaml has a ClusterRole with it)`,
        );
      }
      case 404:
        return new RuntimeFailure(
          `the server has no ${resource}.cilium.io resource (404 Not Found): Cilium's CRDs are not installed in the cluster of context "${contextName}" (or Cilium runs without them, in kvstore mode); check with: kubectl get crd ${resource}.cilium.io`,
        );
      case 410:
        return new RuntimeFailure(`the API server answered 410 Gone for ${resource}.cilium.io: ${message || reason}`);
      default: {
        const said = [reason, message].filter((part) => part !== '').join(': ');
        const tries = attempts > 0 ? ` after ${attempts} attempts; try again later` : '';
        return new RuntimeFailure(
          `the API server at ${server.origin} answered ${code}${said === '' ? '' : ` (${said})`} while listing ${resource}.cilium.io${tries}`,
        );
      }
    }
  }

  private transportFailure(error: unknown, resource: Resource): RuntimeFailure {
    const { server, contextName } = this.connection;
    if (!(error instanceof TransportError)) return new RuntimeFailure(firstLine(error));
    switch (error.kind) {
      case 'refused':
        return new RuntimeFailure(
          `cannot connect to the API server at ${server.origin} (context "${contextName}"): connection refused; is the cluster running, and is this the right context?`,
        );
      case 'dns':
        return new RuntimeFailure(
          `cannot resolve the API server's host ${server.hostname} (context "${contextName}"): check the server URL in the kubeconfig and your DNS`,
        );
      case 'timeout':
        return new RuntimeFailure(
          this.flags.requestTimeoutMs === undefined
            ? `the connection to the API server at ${server.origin} timed out; check the network, or the server URL of context "${contextName}"`
            : `the API server at ${server.origin} did not answer within the --request-timeout of ${formatMs(this.flags.requestTimeoutMs)}; raise --request-timeout or check the network`,
        );
      case 'tls':
        return new RuntimeFailure(
          `TLS verification of the API server at ${server.origin} failed (${error.code ?? error.message}): its certificate is not signed by the certificate-authority of context "${contextName}"; fix certificate-authority-data in the kubeconfig, or pass --insecure-skip-tls-verify if you accept the risk`,
        );
      case 'too-large':
        return new RuntimeFailure(
          `the API server at ${server.origin} sent more than 64 MB in one response while listing ${resource}.cilium.io; refused before memory runs out: list in pages (--chunk-size 500, the default)`,
        );
      case 'reset':
        return new RuntimeFailure(
          `the connection to the API server at ${server.origin} was reset while listing ${resource}.cilium.io; nothing was printed; try again`,
        );
      default:
        return new RuntimeFailure(
          `request to the API server at ${server.origin} failed while listing ${resource}.cilium.io: ${error.message}`,
        );
    }
  }
}

function tableColumns(definitions: unknown, resource: Resource): ColumnDefinition[] {
  if (!Array.isArray(definitions) || definitions.length === 0) {
    throw new RuntimeFailure(`the API server's table of ${resource}.cilium.io has no column definitions`);
  }
  return definitions.filter(isRecord).map((c) => ({
    name: String(c.name ?? ''),
    type: String(c.type ?? 'string') as ColumnType,
    format: typeof c.format === 'string' ? c.format : '',
    description: typeof c.description === 'string' ? c.description : '',
    priority: typeof c.priority === 'number' ? c.priority : 0,
  }));
}

/** Rows keep their labels only for `--show-labels` and `-L`: 100,000 label maps cost memory. */
const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/** The listing of what has been collected: the objects and, when the server printed them, its rows. */
function snapshot<T extends CiliumEndpoint | CiliumIdentity>(collected: Collected<T>): Listing<T> {
  const listing: Listing<T> = { items: collected.items };
  if (!collected.plain) listing.table = { columns: collected.columns ?? [], rows: collected.rows };
  if (collected.resourceVersion !== undefined) listing.resourceVersion = collected.resourceVersion;
  return listing;
}

/** The resourceVersion of a watched object (in a Table event, of its row's object). */
function eventResourceVersion(object: Record<string, unknown>): string | undefined {
  const inner =
    object.kind === 'Table' && Array.isArray(object.rows) ? (object.rows[0] as { object?: unknown })?.object : object;
  const metadata = isRecord(inner) && isRecord(inner.metadata) ? inner.metadata : undefined;
  return typeof metadata?.resourceVersion === 'string' ? metadata.resourceVersion : undefined;
}

/** A 404 about the named object (its resource exists), rather than about a missing resource type. */
function isNotFound(status: Record<string, unknown>, name: string | undefined): boolean {
  return name !== undefined && status.reason === 'NotFound' && isRecord(status.details) && status.details.name === name;
}

function describeKind(body: Record<string, unknown>): string {
  if (body.kind === 'Status') return `a Status (${String(body.reason ?? body.message ?? 'no reason')})`;
  return typeof body.kind === 'string' ? `kind ${body.kind}` : 'an object without a kind';
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

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
