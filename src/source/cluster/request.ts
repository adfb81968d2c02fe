/**
 * What one request is about: the verb, the resource, the namespace and the name. URL paths are built
 * from it, and so are the error messages (a 403 names the verb and the scope it was refused).
 */
import { type ApiResource, resourceName } from '../../model/resources.js';

/** The RBAC verbs of a read-only client: `get` one object, `list` them, `watch` the changes. */
export type Verb = 'get' | 'list' | 'watch';

export interface RequestContext {
  verb: Verb;
  resource: ApiResource;
  /** The namespace asked in; undefined: the cluster scope (a cluster-scoped kind, or all namespaces). */
  namespace: string | undefined;
  /** The object asked for (`get`). */
  name: string | undefined;
}

export const NAMESPACES: ApiResource = { group: '', version: 'v1', plural: 'namespaces', namespaced: false };

/** `/apis/cilium.io/v2/namespaces/NS/ciliumendpoints/NAME` and its shorter forms. */
export function pathOf({ resource, namespace, name }: RequestContext): string {
  const base = resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  const scoped = namespace === undefined ? base : `${base}/namespaces/${encodeURIComponent(namespace)}`;
  const collection = `${scoped}/${resource.plural}`;
  return name === undefined ? collection : `${collection}/${encodeURIComponent(name)}`;
}

/** `ciliumendpoints.cilium.io`. */
export const nameOf = (context: RequestContext): string => resourceName(context.resource);

/** `in the namespace "NS"`, or `at the cluster scope`. */
export function scopeOf(context: RequestContext): string {
  return context.namespace === undefined ? 'at the cluster scope' : `in the namespace "${context.namespace}"`;
}

/** `listing`, `getting`, `watching`: what the request was doing, for messages. */
export function doing(context: RequestContext): string {
  return { get: 'getting', list: 'listing', watch: 'watching' }[context.verb];
}
