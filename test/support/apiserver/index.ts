/**
 * Test-only fake Kubernetes API server serving Cilium CiliumEndpoint / CiliumIdentity custom resources
 * the way a real kube-apiserver (v1.28+, apiextensions-apiserver) does for kubectl v1.32 and client-go:
 * discovery (legacy and aggregated v2), list/get, limit/continue paging, label and field selectors,
 * server-side Table conversion from the CRD's additionalPrinterColumns, watch streams, Status errors,
 * bearer-token and client-certificate authentication, and per-request fault injection.
 *
 * Independent of src/ on purpose: it is the "real server" the CLI is tested against.
 * Only node builtins and `yaml` are used. The certificates in ../certs are TEST-ONLY.
 *
 * This module is its whole interface: startApiServer(options) and the handle it resolves to.
 * Where each behaviour lives:
 *   store.ts      revisions, snapshots, events, continue tokens (etcd as the apiserver uses it)
 *   crds.ts       the Cilium CRDs served and the resources they define
 *   discovery.ts  /api, /apis (legacy and aggregated), /version, namespaces, the CRD objects
 *   resources.ts  get and list of the Cilium resources
 *   watch.ts      watch streams
 *   selectors.ts  label and field selectors
 *   tables.ts     JSON, PartialObjectMetadata and Table representations (printer columns)
 *   accept.ts     content negotiation
 *   auth.ts       bearer token, client certificates, kubeconfigs
 *   faults.ts     fault injection
 *   routing.ts    one request from arrival to answer
 *   status.ts, render.ts, request.ts, json.ts, jsonpath.ts, go-format.ts: the pieces they share
 *
 * test/real/conformance.test.ts sends the same requests to it and to a real kube-apiserver v1.34.4 (built
 * from source) and fails when their status codes, content types or body shapes drift apart. Served as
 * serverVersion v1.34.x it answers as that server does; what changed between releases is kept by version
 * (/version's emulation and compatibility fields from 1.33, no null creationTimestamp from 1.34). Where it
 * deliberately differs from kube-apiserver:
 * - Faults (faults.ts): bodies cut off, resets, hangs, proxy HTML, any Status on any request. A real server
 *   cannot be made to produce them; they are what it exists for.
 * - It is given its objects and never creates any, so it validates nothing: a name that is not lowercase or a
 *   status.state outside the CRD's schema, which a real server refuses on create (422 Invalid), is served.
 *   The demo objects carry no managedFields (kubectl -o json left them out); a real server adds them.
 * - GET only: any other method is 405 (the CLI must never write); a real server would write.
 * - Without the `token` and `clientCertAuth` options it wants no credentials and anyone may read everything
 *   (a real server would forbid system:anonymous). With them it authenticates as kube-apiserver does with
 *   anonymous requests on: a wrong credential is 401, none at all is system:anonymous, who may read /version
 *   and nothing else (403 with RBAC's wording).
 * - Of the core group it serves namespaces only (by name) and lists only them in discovery.
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
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { type AuthConfig, type KubeconfigOptions, testCertPaths, tlsOptions, writeKubeconfig } from './auth.js';
import { type CRDSet, loadCRDs } from './crds.js';
import type { Fault } from './faults.js';
import type { RequestInfo } from './request.js';
import { Router } from './routing.js';
import { Store } from './store.js';

export { ANONYMOUS_PLACEHOLDER_TOKEN, type KubeconfigOptions, TEST_USER, testCertPaths } from './auth.js';
export type { CRDSet } from './crds.js';
export type { Fault } from './faults.js';
export type { RequestInfo } from './request.js';

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
  /**
   * If set, require `Authorization: Bearer <token>` unless a verified client certificate was presented: a
   * wrong token is 401, no credential at all is system:anonymous (403 but for /version).
   */
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

/** A running server: where it is, how to authenticate, what it was asked, and how to change its data. */
export interface RunningApiServer {
  /** e.g. https://127.0.0.1:41234 */
  url: string;
  /** The test CA's certificate (PEM) that signed the server certificate; undefined over plain HTTP. */
  ca: string | undefined;
  /** The bearer token the server requires (the `token` option); undefined when it requires none. */
  token: string | undefined;
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

/** Starts a server on 127.0.0.1 (a free port) serving `opts`; resolves once it listens. */
export async function startApiServer(opts: ApiServerOptions = {}): Promise<RunningApiServer> {
  const { objects: crds, defs } = loadCRDs(opts.crds ?? 'v1.14');
  const store = new Store(opts.endpoints ?? [], opts.identities ?? []);
  const auth: AuthConfig = { tls: opts.tls === true, token: opts.token, clientCertAuth: opts.clientCertAuth === true };
  const served = {
    defs,
    crds,
    store,
    now: opts.now ?? (() => new Date()),
    serverVersion: opts.serverVersion ?? 'v1.32.4',
  };
  const router = new Router(served, auth, opts.fault);

  const server = auth.tls
    ? https.createServer(tlsOptions(auth), router.onRequest)
    : http.createServer(router.onRequest);
  const sockets = new Set<Socket>();
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
  const url = `${auth.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  let kubeconfigCount = 0;
  let closed = false;

  return {
    url,
    ca: auth.tls ? readFileSync(testCertPaths.ca, 'utf8') : undefined,
    token: opts.token,
    requests: router.requests,
    writeKubeconfig(dir: string, k: KubeconfigOptions = {}): string {
      kubeconfigCount++;
      const file = join(dir, `kubeconfig-${port}-${kubeconfigCount}.yaml`);
      writeKubeconfig(file, url, auth, k);
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
      router.close();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
      await done;
    },
  };
}
