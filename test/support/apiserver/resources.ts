/**
 * GET of the Cilium custom resources: one object, a list (paged from the store's snapshots), or a watch
 * (planned here, streamed by ./watch.ts), each as JSON, Table or PartialObjectMetadata as Accept asks.
 */
import { NOT_ACCEPTABLE, negotiate } from './accept.js';
import type { ResName } from './crds.js';
import { arrayJSON, goJSON, metaOf, sortKeys } from './json.js';
import { type Rendered, renderJSON } from './render.js';
import { omitsZeroTime, parseBool, type ResourceRequest, type Served } from './request.js';
import { parseFieldSelector, parseLabelSelector, type Selection } from './selectors.js';
import { PageNotFound, StatusError } from './status.js';
import { buildTable, checkIncludeObject, objectJSON, partialMetadataJSON } from './tables.js';
import { planWatch, type WatchPlan } from './watch.js';

export function handleCilium(
  served: Served,
  rr: ResourceRequest,
  q: URLSearchParams,
  accept: string | undefined,
): Rendered | WatchPlan {
  const { store, now } = served;
  const omitZeroTime = omitsZeroTime(served);
  const resource = rr.resource as ResName;
  const def = served.defs.get(resource);
  // Not a resource of a CRD (nor one in the scope its CRD gives it): no handler takes the path.
  if (!def || rr.version !== def.version) throw new PageNotFound();
  if (!def.namespaced && rr.namespace !== undefined) throw new PageNotFound();
  if (def.namespaced && rr.namespace === undefined && rr.name !== undefined) throw new PageNotFound();
  const qualified = `${def.plural}.${def.group}`;
  // A subresource the CRD does not define: the object "not found", whether it exists or not.
  if (rr.subresource !== undefined && !def.subresources.includes(rr.subresource)) {
    throw new StatusError(404, 'NotFound', `${qualified} "${rr.name}" not found`, {
      name: rr.name,
      group: def.group,
      kind: def.plural,
    });
  }
  const watch = parseBool(q.get('watch'));
  const labels = parseLabelSelector(q.get('labelSelector') ?? '');
  const fields = parseFieldSelector(q.get('fieldSelector') ?? '');

  if (rr.name !== undefined && !watch) {
    const want = negotiate(accept, 'object');
    if (!want) throw NOT_ACCEPTABLE();
    const includeObject = checkIncludeObject(q);
    const key = def.namespaced ? `${rr.namespace}/${rr.name}` : rr.name;
    const o = store.current().data[resource].get(key);
    if (!o)
      throw new StatusError(404, 'NotFound', `${qualified} "${rr.name}" not found`, {
        name: rr.name,
        group: def.group,
        kind: def.plural,
      });
    if (want.kind === 'table') {
      return renderJSON(
        200,
        buildTable(
          def,
          [o],
          { resourceVersion: String(metaOf(o).resourceVersion ?? '') },
          { version: want.version, includeObject, now, omitZeroTime },
        ),
      );
    }
    if (want.kind === 'partial') return renderJSON(200, [partialMetadataJSON(o, want.version, omitZeroTime)]);
    return renderJSON(200, [objectJSON(o)]);
  }

  const want = negotiate(accept, rr.name !== undefined ? 'object' : 'list');
  if (!want) throw NOT_ACCEPTABLE();
  const includeObject = checkIncludeObject(q);

  if (watch) {
    // a watch of one object (kubectl get NAME -w) watches the list, selecting the name
    const named = rr.name !== undefined ? [{ field: 'metadata.name', op: '=' as const, value: rr.name }] : [];
    const selection: Selection = { namespace: rr.namespace, labels, fields: [...fields, ...named] };
    return planWatch(served, resource, selection, want, includeObject, q);
  }

  const limitRaw = q.get('limit');
  const limit = limitRaw !== null && limitRaw !== '' ? Number.parseInt(limitRaw, 10) : 0;
  const selection: Selection = { namespace: rr.namespace, labels, fields };
  const { items, metadata: listMeta } = store.list(resource, {
    selection,
    limit,
    continue: q.get('continue') ?? '',
    resourceVersion: q.get('resourceVersion') ?? '',
    resourceVersionMatch: q.get('resourceVersionMatch'),
  });
  if (want.kind === 'table')
    return renderJSON(
      200,
      buildTable(def, items, listMeta, { version: want.version, includeObject, now, omitZeroTime }),
    );
  if (want.kind === 'partial') {
    return renderJSON(200, [
      `{"kind":"PartialObjectMetadataList","apiVersion":${goJSON(`meta.k8s.io/${want.version}`)},"metadata":${goJSON(listMeta)},"items":`,
      ...arrayJSON(items, (o) => partialMetadataJSON(o, want.version, omitZeroTime)),
      '}',
    ]);
  }
  // goJSON(sortKeys(list)): the keys in byte order are apiVersion, items, kind, metadata. The list is
  // unstructured, so its metadata keeps "continue" when empty (a Table's or a typed list's drops it).
  return renderJSON(200, [
    `{"apiVersion":${goJSON(`${def.group}/${def.version}`)},"items":`,
    ...arrayJSON(items, objectJSON),
    `,"kind":${goJSON(def.listKind)},"metadata":${goJSON(sortKeys({ continue: '', ...listMeta }))}}`,
  ]);
}
