/** What a request asks for (the resource path, boolean query parameters) and what the handlers serve from. */
import type { IncomingHttpHeaders } from 'node:http';
import type { ResName, ResourceDef } from './crds.js';
import type { Obj } from './json.js';
import type { Store } from './store.js';

/** The state one server's handlers serve from. */
export interface Served {
  /** The Cilium resources by plural (none without the CRDs). */
  defs: Map<ResName, ResourceDef>;
  /** The CustomResourceDefinition objects. */
  crds: Obj[];
  store: Store;
  /** The server clock (Table date columns). */
  now: () => Date;
  /** gitVersion served at /version. */
  serverVersion: string;
}

/**
 * The minor version of the server imitated (1.x), for what changed between releases: /version names the
 * emulation and compatibility versions from 1.33, and a zero creationTimestamp is left out from 1.34.
 */
export function servedMinor(served: Served): number {
  const match = /^v?1\.(\d+)/.exec(served.serverVersion);
  return match ? Number(match[1]) : 32;
}

/** Whether a zero creationTimestamp is left out (1.34, omitzero) rather than written as null. */
export function omitsZeroTime(served: Served): boolean {
  return servedMinor(served) >= 34;
}

export interface ResourceRequest {
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Parses /apis/G/V[/namespaces/NS]/RES[/NAME[/SUB]] and /api/v1/... . */
export function parseResourcePath(path: string): ResourceRequest | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  let group: string;
  let rest: string[];
  if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    rest = parts.slice(1);
  } else return undefined;
  const version = rest[0] ?? '';
  rest = rest.slice(1);
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length === 0 || rest.length > 3) return undefined;
  return { group, version, resource: rest[0] ?? '', namespace, name: rest[1], subresource: rest[2] };
}

export function parseBool(v: string | null): boolean {
  return v !== null && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v);
}
export interface RequestInfo {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** 0-based arrival index. */
  index: number;
}
