/** The two kinds `get`-style commands print, and what differs between them. */
import { CILIUM_ENDPOINTS, CILIUM_IDENTITIES, type KubeObject, type ResourceType } from '../model/resources.js';
import type { CiliumEndpoint, CiliumIdentity } from '../model/schema.js';
import type { CiliumVersion } from '../model/version.js';
import type { Source } from '../source/source.js';
import { endpointColumns, identityColumns, type PrinterColumn } from '../view/columns.js';
import type { GetOptions } from './get.js';
import { danglingJoin, identityJoin, type Join } from './joins.js';

export interface Kind<T extends KubeObject> {
  /** What the sources read: the resource type (`ciliumendpoints.cilium.io`, namespaced or not). */
  type: ResourceType<T>;
  /** `ciliumendpoint.cilium.io`, as `-o name` prints it. */
  kindName: string;
  columns(version: CiliumVersion): PrinterColumn[];
  /** The other list `get` joins this one with (wide identities, --unused, --dangling), read meanwhile. */
  join(source: Source, options: GetOptions, now: Date): Promise<Join<T>> | undefined;
}

export const ENDPOINTS: Kind<CiliumEndpoint> = {
  type: CILIUM_ENDPOINTS,
  kindName: 'ciliumendpoint.cilium.io',
  columns: endpointColumns,
  join: (source, options) => (options.dangling ? danglingJoin(source, options.ciliumVersion) : undefined),
};

export const IDENTITIES: Kind<CiliumIdentity> = {
  type: CILIUM_IDENTITIES,
  kindName: 'ciliumidentity.cilium.io',
  columns: identityColumns,
  join: (source, options, now) => {
    const wide = options.print.output.kind === 'table' && options.print.output.wide;
    return wide || options.unused ? identityJoin(source, options.unused, now) : undefined;
  },
};
