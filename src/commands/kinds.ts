/** The two kinds `get`-style commands print, and what differs between them. */
import type { CiliumEndpoint, CiliumIdentity } from '../model/schema.js';
import type { CiliumVersion } from '../model/version.js';
import type { Listing, ListRequest, Scope, Source, WatchHandlers } from '../source/source.js';
import { endpointColumns, IDENTITY_COLUMNS, type PrinterColumn } from '../view/columns.js';
import type { GetOptions } from './get.js';
import { danglingJoin, identityJoin, type Join } from './joins.js';

export interface Kind<T> {
  /** `ciliumendpoints`: the resource, as kubectl's messages name it (with `.cilium.io`). */
  resource: string;
  /** `ciliumendpoint.cilium.io`, as `-o name` prints it. */
  kindName: string;
  namespaced: boolean;
  columns(version: CiliumVersion): PrinterColumn[];
  list(source: Source, scope: Scope, request: ListRequest): Promise<Listing<T>>;
  get(source: Source, namespace: string, name: string, request: ListRequest): Promise<Listing<T>>;
  /** The other list `get` joins this one with (wide identities, --unused, --dangling), read meanwhile. */
  join(source: Source, options: GetOptions, now: Date): Promise<Join<T>> | undefined;
  /** The source's watch for this kind; undefined for sources that cannot watch (files). */
  watch(
    source: Source,
  ):
    | ((scope: Scope, request: ListRequest, handlers: WatchHandlers<T>, signal: AbortSignal) => Promise<void>)
    | undefined;
}

export const ENDPOINTS: Kind<CiliumEndpoint> = {
  resource: 'ciliumendpoints',
  kindName: 'ciliumendpoint.cilium.io',
  namespaced: true,
  columns: endpointColumns,
  list: (source, scope, request) => source.listEndpoints(scope, request),
  get: (source, namespace, name, request) => source.getEndpoint(namespace, name, request),
  watch: (source) => source.watchEndpoints?.bind(source),
  join: (source, options) => (options.dangling ? danglingJoin(source, options.ciliumVersion) : undefined),
};

export const IDENTITIES: Kind<CiliumIdentity> = {
  resource: 'ciliumidentities',
  kindName: 'ciliumidentity.cilium.io',
  namespaced: false,
  columns: () => IDENTITY_COLUMNS,
  list: (source, _scope, request) => source.listIdentities(request),
  get: (source, _namespace, name, request) => source.getIdentity(name, request),
  watch: (source) => {
    const watch = source.watchIdentities?.bind(source);
    return watch && ((_scope, request, handlers, signal) => watch(request, handlers, signal));
  },
  join: (source, options, now) => {
    const wide = options.print.output.kind === 'table' && options.print.output.wide;
    return wide || options.unused ? identityJoin(source, options.unused, now) : undefined;
  },
};
