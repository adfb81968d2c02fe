/**
 * The resource types this tool reads, as the API server serves them: group, version, plural and scope,
 * and the schema their objects are checked with. Decoding, the file source and the cluster source work
 * from this registry, so a new kind is its schema (schema.ts), one entry here, and its columns.
 */
import type * as z from 'zod/mini';
import { type CiliumEndpoint, CiliumEndpointSchema, type CiliumIdentity, CiliumIdentitySchema } from './schema.js';

/** What every object has: a name, and a namespace for namespaced kinds. */
export interface KubeObject {
  metadata: { name: string; namespace?: string | undefined; labels?: Record<string, string> | undefined };
}

/** Where the API server serves a resource (`/api/v1/...` for the core group ''). */
export interface ApiResource {
  group: string;
  version: string;
  /** `ciliumendpoints`. */
  plural: string;
  namespaced: boolean;
}

export interface ResourceType<T extends KubeObject = KubeObject> extends ApiResource {
  /** `CiliumEndpoint`: the objects' `kind`; their lists are `${kind}List`. */
  kind: string;
  schema: z.ZodMiniType<T>;
}

export const CILIUM_ENDPOINTS: ResourceType<CiliumEndpoint> = {
  group: 'cilium.io',
  version: 'v2',
  plural: 'ciliumendpoints',
  namespaced: true,
  kind: 'CiliumEndpoint',
  schema: CiliumEndpointSchema,
};

export const CILIUM_IDENTITIES: ResourceType<CiliumIdentity> = {
  group: 'cilium.io',
  version: 'v2',
  plural: 'ciliumidentities',
  namespaced: false,
  kind: 'CiliumIdentity',
  schema: CiliumIdentitySchema,
};

/** Every resource type the sources read. */
export const RESOURCE_TYPES: readonly ResourceType[] = [CILIUM_ENDPOINTS, CILIUM_IDENTITIES];

/** The resource type whose objects have this `kind`, or whose lists have it (`CiliumEndpointList`). */
export function resourceTypeOf(kind: unknown): ResourceType | undefined {
  return RESOURCE_TYPES.find((type) => kind === type.kind);
}

export function resourceTypeOfList(kind: unknown): ResourceType | undefined {
  return RESOURCE_TYPES.find((type) => kind === `${type.kind}List`);
}

/** `ciliumendpoints.cilium.io`, as kubectl's messages name a resource. */
export function resourceName(resource: ApiResource): string {
  return resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`;
}

/** The object's key in the API server's storage: `namespace/name` for namespaced kinds, else `name`. */
export function storageKey(resource: ApiResource, object: KubeObject): string {
  return resource.namespaced ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata.name;
}
