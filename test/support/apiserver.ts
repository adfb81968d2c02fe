/**
 * Test-only fake Kubernetes API server serving Cilium CiliumEndpoint / CiliumIdentity custom resources
 * the way a real kube-apiserver (v1.28+, apiextensions-apiserver) does for kubectl v1.32 and client-go:
 * discovery (legacy and aggregated v2), list/get, limit/continue paging, label and field selectors,
 * server-side Table conversion from the CRD's additionalPrinterColumns, watch streams, Status errors,
 * bearer-token and client-certificate authentication, and per-request fault injection.
 *
 * Independent of src/ on purpose: it is the "real server" the CLI is tested against.
 * Only node builtins and `yaml` are used. The certificates in ./certs are TEST-ONLY.
 *
 * What the real kubectl sends (checked with /usr/bin/kubectl, v1.32.4, -v=8):
 * - /usr/bin/kubectl is the Google Cloud SDK dispatcher: first `GET /version?timeout=5s` (Accept
 *   `application/json, *\/*`), then it execs kubectl.1.<server minor> (1.27-1.33 are installed); if
 *   /version fails or hangs (5 s) it silently runs its own 1.32. Hence the default serverVersion v1.32.4.
 * - Discovery: `GET /api?timeout=32s` and `GET /apis?timeout=32s` with Accept
 *   `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json`.
 *   Aggregated (v2) is served; given plain JSON instead, kubectl falls back to /api/v1 and
 *   /apis/<group>/<version> (Accept `application/json, *\/*`). No /openapi requests for `get`.
 * - `get` lists with `?limit=500` (or `--chunk-size`), then `?continue=<token>&limit=N`, with Accept
 *   `application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json`;
 *   `--sort-by` sends `?includeObject=Object` and no limit; `-o json|yaml|name` sends Accept `application/json`.
 *   `get TYPE NAME` GETs the object path (no query).
 * - `-w`: after the list, `?resourceVersion=<list RV>&watch=true` (same Table Accept, no timeoutSeconds,
 *   no allowWatchBookmarks). `get TYPE NAME -w` GETs the object, then watches the list path with
 *   `fieldSelector=metadata.name=NAME&resourceVersion=0&watch=true` and drops the first event.
 */
import { Buffer } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { stringify as yamlStringify } from 'yaml';
import { type CRDSet, loadCRDs } from './apiserver/crds.js';
import { handleCRDs, handleDiscovery } from './apiserver/discovery.js';
import { humanDuration } from './apiserver/go-format.js';
import type { Obj } from './apiserver/json.js';
import { baseHeaders, JSON_CT, type Rendered, renderStatus, sendRendered } from './apiserver/render.js';
import { parseBool, parseResourcePath, type Served } from './apiserver/request.js';
import { handleCilium } from './apiserver/resources.js';
import {
  EXPIRED_CONTINUE,
  EXPIRED_LIST,
  GENERIC_NOT_FOUND,
  REASON_BY_CODE,
  type StatusDetails,
  StatusError,
} from './apiserver/status.js';
import { restartToken, Store } from './apiserver/store.js';
import { Watches, type WatchPlan } from './apiserver/watch.js';

export { humanDuration };

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

export interface ApiServerOptions {
  /**
   * CiliumEndpoint objects (plain JSON; deep-copied). apiVersion/kind are added when missing; an object
   * without metadata.resourceVersion gets the initial list resourceVersion (>= 1001). metadata.namespace
   * is required. Nothing else is added (no uid, no creationTimestamp).
   */
  endpoints?: unknown[];
  /** CiliumIdentity objects (plain JSON). */
  identities?: unknown[];
  /** Which Cilium CRD set to serve (default 'v1.14'); 'none' = Cilium CRDs not installed. */
  crds?: CRDSet;
  /** HTTPS with the test CA (default false = plain HTTP). */
  tls?: boolean;
  /** If set, require `Authorization: Bearer <token>` (401 otherwise), unless a verified client certificate was presented. */
  token?: string;
  /** If set (tls only), request a client certificate signed by the test CA and accept it as authentication. */
  clientCertAuth?: boolean;
  /** Server clock used for the Table's date columns (default: real clock). */
  now?: () => Date;
  /** Per-request fault injection, consulted before normal handling (after the request is logged). */
  fault?: (req: RequestInfo) => Fault | undefined;
  /**
   * gitVersion served at /version (default 'v1.32.4'). NOTE: /usr/bin/kubectl is the Google Cloud SDK
   * dispatcher: it GETs /version first and execs kubectl.1.<minor> matching the server (1.27-1.33 installed),
   * so this picks the real kubectl version under test.
   */
  serverVersion?: string;
}

export interface RequestInfo {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** 0-based arrival index. */
  index: number;
}

export type Fault =
  | { kind: 'status'; code: number; reason?: string; message?: string; retryAfter?: number }
  | { kind: 'html'; code?: number }
  | { kind: 'reset-mid-body' }
  | { kind: 'truncate-body' }
  | { kind: 'hang' }
  | { kind: 'raw'; code: number; headers?: Record<string, string>; body: string | Buffer };

export interface KubeconfigOptions {
  contextName?: string;
  namespace?: string;
  /**
   * Token for the user; defaults to the server's token (or, over https without any credential,
   * ANONYMOUS_PLACEHOLDER_TOKEN). Pass '' to write no token.
   */
  token?: string;
  /** Write client-certificate-data / client-key-data; defaults to the server's clientCertAuth. */
  clientCert?: boolean;
  insecureSkipTlsVerify?: boolean;
  /** Write certificate-authority-data (tls only); defaults to true unless insecureSkipTlsVerify. */
  withCA?: boolean;
}

export interface RunningApiServer {
  /** e.g. https://127.0.0.1:41234 */
  url: string;
  /** Every request (faulted, rejected and non-GET ones included), in arrival order. */
  requests: RequestInfo[];
  /** Writes `kubeconfig-<port>-<n>.yaml` for this server into dir and returns its path. */
  writeKubeconfig(dir: string, opts?: KubeconfigOptions): string;
  /**
   * Replaces the stored objects. The differences become ADDED / MODIFIED / DELETED events (one new
   * resourceVersion each, stamped on the object) delivered to open watches. Pages of a list started
   * before keep reading their snapshot through the continue token, as with etcd.
   */
  setObjects(endpoints: unknown[], identities: unknown[]): void;
  /**
   * Applies one write (resource chosen by `kind`, else by the presence of metadata.namespace) with a
   * new resourceVersion stamped on the object, and pushes it to the matching open watch streams.
   */
  emit(event: { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: unknown }): void;
  /** Ends watch streams and hanging requests, closes every connection and the listener. Idempotent. */
  close(): Promise<void>;
}

/** Paths of the committed TEST-ONLY certificates (see certs/README.md). */
export const testCertPaths = {
  ca: fileURLToPath(new URL('./certs/ca.crt', import.meta.url)),
  serverCert: fileURLToPath(new URL('./certs/server.crt', import.meta.url)),
  serverKey: fileURLToPath(new URL('./certs/server.key', import.meta.url)),
  clientCert: fileURLToPath(new URL('./certs/client.crt', import.meta.url)),
  clientKey: fileURLToPath(new URL('./certs/client.key', import.meta.url)),
} as const;

/** Username the server attributes to token / client-certificate requests (used in default Forbidden messages). */
export const TEST_USER = 'cilium-view-test-user';

/**
 * Token writeKubeconfig puts in an https kubeconfig when the server wants no credentials (no `token`
 * option, no client certificate): kubectl would otherwise prompt for a username. Ignored by a server
 * without `token`; rejected (401) by a server with a different `token`.
 */
export const ANONYMOUS_PLACEHOLDER_TOKEN = 'cilium-view-test-placeholder-token';

// ---------------------------------------------------------------------------------------------
// Request routing
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

export async function startApiServer(opts: ApiServerOptions = {}): Promise<RunningApiServer> {
  const { objects: crds, defs } = loadCRDs(opts.crds ?? 'v1.14');
  const now = opts.now ?? (() => new Date());
  const tlsMode = opts.tls === true;
  const requests: RequestInfo[] = [];
  const hanging = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let closed = false;

  const store = new Store(opts.endpoints ?? [], opts.identities ?? []);
  const served: Served = { defs, crds, store, now, serverVersion: opts.serverVersion ?? 'v1.32.4' };
  const watches = new Watches(served);

  // ----- authentication -----
  function authenticate(req: IncomingMessage): { ok: boolean; user: string } {
    if (tlsMode && opts.clientCertAuth) {
      const sock = req.socket as TLSSocket;
      if (sock.authorized) {
        const cert = sock.getPeerCertificate();
        if (cert && Object.keys(cert).length > 0) return { ok: true, user: String(cert.subject?.CN ?? TEST_USER) };
      }
    }
    if (opts.token !== undefined) {
      const auth = (req.headers.authorization ?? '').trim();
      const parts = auth.split(' ');
      if (parts.length >= 2 && parts[0]?.toLowerCase() === 'bearer' && parts.slice(1).join(' ').trim() === opts.token) {
        return { ok: true, user: TEST_USER };
      }
      return { ok: false, user: '' };
    }
    if (tlsMode && opts.clientCertAuth) return { ok: false, user: '' };
    return { ok: true, user: 'system:anonymous' };
  }

  // ----- main handling (everything but faults) -----
  function handleNormal(req: IncomingMessage, info: RequestInfo): Rendered | WatchPlan {
    const auth = authenticate(req);
    if (!auth.ok) return renderStatus(new StatusError(401, 'Unauthorized', 'Unauthorized'));
    const rr = parseResourcePath(info.path);
    if (info.method !== 'GET') {
      const details: StatusDetails = rr ? { name: rr.name, group: rr.group, kind: rr.resource } : {};
      return renderStatus(
        new StatusError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
          details,
        ),
      );
    }
    try {
      const hostPort = req.headers.host ?? '';
      const disc = handleDiscovery(served, info.path, info.headers.accept, hostPort);
      if (disc) return disc;
      if (
        rr &&
        rr.group === 'apiextensions.k8s.io' &&
        rr.version === 'v1' &&
        rr.resource === 'customresourcedefinitions'
      ) {
        return handleCRDs(served, rr, info.headers.accept, info.query);
      }
      if (rr && rr.group === 'cilium.io' && (rr.resource === 'ciliumendpoints' || rr.resource === 'ciliumidentities')) {
        return handleCilium(served, rr, info.query, info.headers.accept);
      }
      throw GENERIC_NOT_FOUND();
    } catch (e) {
      if (e instanceof StatusError) return renderStatus(e);
      return renderStatus(
        new StatusError(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`, {}),
      );
    }
  }

  /** Default Status message/details for a status fault, shaped like the real apiserver's for that code. */
  function faultStatus(f: Extract<Fault, { kind: 'status' }>, info: RequestInfo, user: string): StatusError {
    const reason = f.reason ?? REASON_BY_CODE[f.code] ?? (f.code >= 500 ? 'InternalError' : '');
    const rr = parseResourcePath(info.path);
    const qualified = rr ? (rr.group ? `${rr.resource}.${rr.group}` : rr.resource) : '';
    const details: StatusDetails | undefined = rr ? { name: rr.name, group: rr.group, kind: rr.resource } : {};
    if (f.retryAfter !== undefined && details) details.retryAfterSeconds = f.retryAfter;
    let message = f.message;
    let listContinue: string | undefined;
    if (message === undefined) {
      const verb =
        rr?.name !== undefined
          ? parseBool(info.query.get('watch'))
            ? 'watch'
            : 'get'
          : parseBool(info.query.get('watch'))
            ? 'watch'
            : 'list';
      switch (reason) {
        case 'Forbidden': {
          const who = user || 'system:anonymous';
          let why: string;
          if (!rr) why = `User "${who}" cannot ${info.method.toLowerCase()} path "${info.path}"`;
          else if (rr.namespace)
            why = `User "${who}" cannot ${verb} resource "${rr.resource}" in API group "${rr.group}" in the namespace "${rr.namespace}"`;
          else
            why = `User "${who}" cannot ${verb} resource "${rr.resource}" in API group "${rr.group}" at the cluster scope`;
          message = rr
            ? rr.name
              ? `${qualified} "${rr.name}" is forbidden: ${why}`
              : `${qualified} is forbidden: ${why}`
            : `forbidden: ${why}`;
          break;
        }
        case 'NotFound':
          message = rr?.name
            ? `${qualified} "${rr.name}" not found`
            : 'the server could not find the requested resource';
          break;
        case 'Unauthorized':
          message = 'Unauthorized';
          break;
        case 'Expired':
        case 'Gone': {
          const cont = info.query.get('continue');
          if (cont) {
            message = EXPIRED_CONTINUE;
            try {
              const tok = JSON.parse(Buffer.from(cont, 'base64url').toString('utf8')) as Obj;
              if (typeof tok.start === 'string') listContinue = restartToken(tok.start);
            } catch {
              // leave without a new token
            }
          } else message = EXPIRED_LIST;
          break;
        }
        case 'TooManyRequests':
          message = 'Too many requests, please try again later.';
          break;
        case 'ServiceUnavailable':
          message = 'the server is currently unable to handle the request';
          break;
        case 'Timeout':
          message =
            'the server was unable to return a response in the time allotted, but may still be processing the request';
          break;
        case 'InternalError':
          message = 'Internal error occurred: injected fault';
          break;
        case 'BadRequest':
          message = 'the server rejected our request for an unknown reason';
          break;
        default:
          message = `injected ${f.code} fault`;
      }
    }
    return new StatusError(f.code, reason, message, details, listContinue);
  }

  const HTML_PAGE = (code: number) =>
    `<html>\r\n<head><title>${code} ${http.STATUS_CODES[code] ?? ''}</title></head>\r\n<body>\r\n<center><h1>${code} ${http.STATUS_CODES[code] ?? ''}</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n`;

  /** The whole body, for the faults that cut it. */
  function bodyOf(out: Rendered | WatchPlan): { r: Rendered; body: Buffer } {
    const r =
      'code' in out ? out : { code: 200, headers: { 'Content-Type': JSON_CT }, chunks: watches.initialBody(out) };
    return { r, body: Buffer.concat(r.chunks) };
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const info: RequestInfo = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      index: requests.length,
    };
    requests.push(info);
    req.resume(); // discard any request body
    if (closed) {
      res.destroy();
      return;
    }
    let fault: Fault | undefined;
    try {
      fault = opts.fault?.(info);
    } catch (e) {
      sendRendered(
        res,
        renderStatus(new StatusError(500, 'InternalError', `fault callback threw: ${(e as Error).message}`, {})),
      );
      return;
    }
    if (fault) {
      switch (fault.kind) {
        case 'status': {
          const auth = authenticate(req);
          const err = faultStatus(fault, info, auth.ok ? auth.user : '');
          const extra: Record<string, string> =
            fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
          sendRendered(res, renderStatus(err, extra));
          return;
        }
        case 'html': {
          const code = fault.code ?? 502;
          sendRendered(res, { code, headers: { 'Content-Type': 'text/html' }, chunks: [Buffer.from(HTML_PAGE(code))] });
          return;
        }
        case 'raw': {
          const body = typeof fault.body === 'string' ? Buffer.from(fault.body) : fault.body;
          const headers: Record<string, string> = { ...fault.headers };
          const hasLen = Object.keys(headers).some(
            (h) => h.toLowerCase() === 'content-length' || h.toLowerCase() === 'transfer-encoding',
          );
          if (!hasLen) headers['Content-Length'] = String(body.length);
          res.writeHead(fault.code, headers);
          res.end(body);
          return;
        }
        case 'hang':
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        case 'reset-mid-body': {
          const { r, body } = bodyOf(handleNormal(req, info));
          const part = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
          res.writeHead(r.code, {
            ...baseHeaders(),
            ...r.headers,
            'Content-Length': String(Math.max(body.length, part.length + 1)),
          });
          res.write(part, () => {
            setTimeout(() => res.socket?.destroy(), 20);
          });
          return;
        }
        case 'truncate-body': {
          const { r, body } = bodyOf(handleNormal(req, info));
          sendRendered(res, { ...r, chunks: [body.subarray(0, Math.floor(body.length / 2))] });
          return;
        }
      }
    }
    const out = handleNormal(req, info);
    if ('code' in out) {
      sendRendered(res, out);
      return;
    }
    watches.start(out, res, baseHeaders());
  }

  // ----- listen -----
  let server: http.Server | https.Server;
  if (tlsMode) {
    server = https.createServer(
      {
        cert: readFileSync(testCertPaths.serverCert),
        key: readFileSync(testCertPaths.serverKey),
        ca: readFileSync(testCertPaths.ca),
        requestCert: opts.clientCertAuth === true,
        rejectUnauthorized: false,
      },
      onRequest,
    );
  } else {
    server = http.createServer(onRequest);
  }
  server.keepAliveTimeout = 30_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket) => {
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${tlsMode ? 'https' : 'http'}://127.0.0.1:${port}`;
  let kubeconfigCount = 0;

  return {
    url,
    requests,
    writeKubeconfig(dir: string, k: KubeconfigOptions = {}): string {
      const contextName = k.contextName ?? 'cilium-view-test';
      const cluster: Obj = { server: url };
      const withCA = k.withCA ?? !k.insecureSkipTlsVerify;
      if (tlsMode && withCA) cluster['certificate-authority-data'] = readFileSync(testCertPaths.ca).toString('base64');
      if (k.insecureSkipTlsVerify) cluster['insecure-skip-tls-verify'] = true;
      const user: Obj = {};
      const clientCert = k.clientCert ?? opts.clientCertAuth === true;
      let token = k.token ?? opts.token;
      // kubectl quirk: over https with no credential at all, kubectl prompts "Please enter Username:" on
      // stdin (and fails with EOF in tests). A token the server does not check avoids that.
      if (token === undefined && tlsMode && !clientCert) token = ANONYMOUS_PLACEHOLDER_TOKEN;
      if (token) user.token = token;
      if (clientCert) {
        user['client-certificate-data'] = readFileSync(testCertPaths.clientCert).toString('base64');
        user['client-key-data'] = readFileSync(testCertPaths.clientKey).toString('base64');
      }
      const context: Obj = { cluster: `${contextName}-cluster`, user: `${contextName}-user` };
      if (k.namespace) context.namespace = k.namespace;
      const cfg = {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: `${contextName}-cluster`, cluster }],
        contexts: [{ name: contextName, context }],
        'current-context': contextName,
        users: [{ name: `${contextName}-user`, user }],
        preferences: {},
      };
      kubeconfigCount++;
      const file = join(dir, `kubeconfig-${port}-${kubeconfigCount}.yaml`);
      writeFileSync(file, yamlStringify(cfg), { mode: 0o600 });
      return file;
    },
    setObjects(endpoints: unknown[], identities: unknown[]): void {
      store.replace(endpoints, identities);
    },
    emit(event: { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: unknown }): void {
      store.emit(event.type, event.object);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      watches.closeAll();
      for (const res of hanging) res.socket?.destroy();
      hanging.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
      await done;
    },
  };
}
