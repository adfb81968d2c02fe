/**
 * One request from arrival to answer: logged, faulted if the test says so, authenticated, then routed to
 * discovery, the CRD objects or the Cilium resources (GET only: the CLI must never write), with every
 * failure answered as a Status but for a path no handler takes ("404 page not found" in plain text, as
 * kube-apiserver's mux answers it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ANONYMOUS_USER, type AuthConfig, authenticate, requiresCredentials } from './auth.js';
import { handleCRDs, handleDiscovery } from './discovery.js';
import { type Fault, faultStatus, sendFault } from './faults.js';
import { baseHeaders, JSON_CT, type Rendered, renderPageNotFound, renderStatus, sendRendered } from './render.js';
import { parseResourcePath, type RequestInfo, type Served } from './request.js';
import { handleCilium } from './resources.js';
import { GENERIC_NOT_FOUND, PageNotFound, type StatusDetails, StatusError } from './status.js';
import { Watches, type WatchPlan } from './watch.js';

/** What system:public-info-viewer lets anyone read (of them the test server serves /version). */
const PUBLIC_PATHS = new Set(['/version', '/version/', '/healthz', '/livez', '/readyz']);

export class Router {
  /** Every request (faulted, rejected and non-GET ones included), in arrival order. */
  readonly requests: RequestInfo[] = [];
  private readonly watches: Watches;
  private readonly hanging = new Set<ServerResponse>();
  private closed = false;

  constructor(
    private readonly served: Served,
    private readonly auth: AuthConfig,
    private readonly fault: ((req: RequestInfo) => Fault | undefined) | undefined,
  ) {
    this.watches = new Watches(served);
  }

  readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const info: RequestInfo = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      index: this.requests.length,
    };
    this.requests.push(info);
    req.resume(); // discard any request body
    if (this.closed) {
      res.destroy();
      return;
    }
    let fault: Fault | undefined;
    try {
      fault = this.fault?.(info);
    } catch (e) {
      sendRendered(
        res,
        renderStatus(new StatusError(500, 'InternalError', `fault callback threw: ${(e as Error).message}`, {})),
      );
      return;
    }
    if (fault) {
      sendFault(fault, {
        info,
        res,
        user: () => {
          const auth = authenticate(this.auth, req);
          return auth.ok ? auth.user : '';
        },
        normal: () => this.rendered(this.handle(req, info)),
        hang: () => {
          this.hanging.add(res);
          res.on('close', () => this.hanging.delete(res));
        },
      });
      return;
    }
    const out = this.handle(req, info);
    if ('code' in out) {
      sendRendered(res, out);
      return;
    }
    this.watches.start(out, res, baseHeaders());
  };

  /** The answer as one response (a watch: its first events). */
  private rendered(out: Rendered | WatchPlan): Rendered {
    if ('code' in out) return out;
    return { code: 200, headers: { 'Content-Type': JSON_CT }, chunks: this.watches.initialBody(out) };
  }

  /** Everything but faults. */
  private handle(req: IncomingMessage, info: RequestInfo): Rendered | WatchPlan {
    const auth = authenticate(this.auth, req);
    if (!auth.ok) return renderStatus(new StatusError(401, 'Unauthorized', 'Unauthorized'));
    // RBAC's default roles let system:anonymous read the version and the health checks, nothing else.
    if (auth.user === ANONYMOUS_USER && requiresCredentials(this.auth) && !PUBLIC_PATHS.has(info.path)) {
      return renderStatus(faultStatus({ kind: 'status', code: 403 }, info, auth.user));
    }
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
      const disc = handleDiscovery(this.served, info.path, info.headers.accept, hostPort);
      if (disc) return disc;
      if (
        rr &&
        rr.group === 'apiextensions.k8s.io' &&
        rr.version === 'v1' &&
        rr.resource === 'customresourcedefinitions'
      ) {
        return handleCRDs(this.served, rr, info.headers.accept, info.query);
      }
      if (rr && rr.group === 'cilium.io' && (rr.resource === 'ciliumendpoints' || rr.resource === 'ciliumidentities')) {
        return handleCilium(this.served, rr, info.query, info.headers.accept);
      }
      // The core group and apiextensions.k8s.io/v1 answer a path of theirs they do not know with a Status;
      // any other path reaches no handler.
      if (info.path.startsWith('/api/v1/') || info.path.startsWith('/apis/apiextensions.k8s.io/v1/')) {
        throw GENERIC_NOT_FOUND();
      }
      throw new PageNotFound();
    } catch (e) {
      if (e instanceof StatusError) return renderStatus(e);
      if (e instanceof PageNotFound) return renderPageNotFound();
      return renderStatus(
        new StatusError(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`, {}),
      );
    }
  }

  /** Refuses later requests, ends the watch streams and drops the hanging requests. */
  close(): void {
    this.closed = true;
    this.watches.closeAll();
    for (const res of this.hanging) res.socket?.destroy();
    this.hanging.clear();
  }
}
