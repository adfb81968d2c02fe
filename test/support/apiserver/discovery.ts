/**
 * Discovery as kube-apiserver serves it with apiextensions: /api, /apis (legacy, or aggregated
 * APIGroupDiscoveryList v2/v2beta1 when asked), the group and resource lists, /version, the namespaces
 * kubectl looks up, and the CustomResourceDefinition objects themselves.
 */
import { NOT_ACCEPTABLE, negotiate } from './accept.js';
import {
  CR_VERBS,
  CREATION_TIMESTAMP_DESCRIPTION,
  NAME_DESCRIPTION,
  type ResName,
  type ResourceDef,
  STATUS_VERBS,
  storageVersionHash,
} from './crds.js';
import { compareBytes, goJSON, metaOf, nameOf, type Obj, type Piece, sortKeys } from './json.js';
import { type Rendered, render, renderJSON, renderStatus } from './render.js';
import { omitsZeroTime, type ResourceRequest, type Served, servedMinor } from './request.js';
import { GENERIC_NOT_FOUND, StatusError } from './status.js';
import { checkIncludeObject, objectJSON, partialMetadataJSON, tableJSON } from './tables.js';

/** The responseKind of a built-in resource in aggregated discovery: its own group and version, left empty. */
const BUILT_IN_KIND = (kind: string) => ({ group: '', version: '', kind });

/**
 * Of the core group, the test server serves namespaces (by name, for kubectl's lookup after a NotFound),
 * and lists only them, as kube-apiserver lists them.
 */
const CORE_RESOURCES: Obj[] = [
  {
    name: 'namespaces',
    singularName: 'namespace',
    namespaced: false,
    kind: 'Namespace',
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['ns'],
    storageVersionHash: storageVersionHash('', 'v1', 'Namespace'),
  },
  { name: 'namespaces/finalize', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['update'] },
  {
    name: 'namespaces/status',
    singularName: '',
    namespaced: false,
    kind: 'Namespace',
    verbs: ['get', 'patch', 'update'],
  },
];

const CORE_AGGREGATED: Obj[] = [
  {
    resource: 'namespaces',
    responseKind: BUILT_IN_KIND('Namespace'),
    scope: 'Cluster',
    singularResource: 'namespace',
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['ns'],
    subresources: [
      { subresource: 'finalize', responseKind: BUILT_IN_KIND('Namespace'), verbs: ['update'] },
      { subresource: 'status', responseKind: BUILT_IN_KIND('Namespace'), verbs: ['get', 'patch', 'update'] },
    ],
  },
];

/** A served group version: its resources as APIResourceList and as aggregated discovery lists them. */
interface Group {
  group: string;
  version: string;
  resources: Obj[];
  aggResources: Obj[];
}

function discoveryGroups(defs: Map<ResName, ResourceDef>): Group[] {
  const groups: Group[] = [];
  groups.push({
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resources: [
      {
        name: 'customresourcedefinitions',
        singularName: 'customresourcedefinition',
        namespaced: false,
        kind: 'CustomResourceDefinition',
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        shortNames: ['crd', 'crds'],
        categories: ['api-extensions'],
        // kube-apiserver still stores CRDs as v1beta1.
        storageVersionHash: storageVersionHash('apiextensions.k8s.io', 'v1beta1', 'CustomResourceDefinition'),
      },
      {
        name: 'customresourcedefinitions/status',
        singularName: '',
        namespaced: false,
        kind: 'CustomResourceDefinition',
        verbs: STATUS_VERBS,
      },
    ],
    aggResources: [
      {
        resource: 'customresourcedefinitions',
        responseKind: BUILT_IN_KIND('CustomResourceDefinition'),
        scope: 'Cluster',
        singularResource: 'customresourcedefinition',
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        shortNames: ['crd', 'crds'],
        categories: ['api-extensions'],
        subresources: [
          {
            subresource: 'status',
            responseKind: BUILT_IN_KIND('CustomResourceDefinition'),
            verbs: STATUS_VERBS,
          },
        ],
      },
    ],
  });
  if (defs.size > 0) {
    const list = [...defs.values()].sort((a, b) => compareBytes(a.plural, b.plural));
    const first = list[0] as ResourceDef;
    const resources: Obj[] = [];
    const aggResources: Obj[] = [];
    for (const d of list) {
      resources.push({
        name: d.plural,
        singularName: d.singular,
        namespaced: d.namespaced,
        kind: d.kind,
        verbs: CR_VERBS,
        ...(d.shortNames.length ? { shortNames: d.shortNames } : {}),
        ...(d.categories.length ? { categories: d.categories } : {}),
        storageVersionHash: storageVersionHash(d.group, d.version, d.kind),
      });
      for (const sub of d.subresources) {
        resources.push({
          name: `${d.plural}/${sub}`,
          singularName: '',
          namespaced: d.namespaced,
          kind: d.kind,
          verbs: STATUS_VERBS,
        });
      }
      const agg: Obj = {
        resource: d.plural,
        responseKind: { group: d.group, version: d.version, kind: d.kind },
        scope: d.namespaced ? 'Namespaced' : 'Cluster',
        singularResource: d.singular,
        verbs: CR_VERBS,
      };
      if (d.shortNames.length) agg.shortNames = d.shortNames;
      if (d.categories.length) agg.categories = d.categories;
      if (d.subresources.length) {
        agg.subresources = d.subresources.map((s) => ({
          subresource: s,
          responseKind: { group: d.group, version: d.version, kind: d.kind },
          verbs: STATUS_VERBS,
        }));
      }
      aggResources.push(agg);
    }
    groups.push({ group: first.group, version: first.version, resources, aggResources });
  }
  return groups;
}

function aggregatedList(served: Served, version: string, core: boolean): Obj {
  // Before 1.34 a zero creationTimestamp was written as null; from 1.34 it is left out.
  const zeroTime = omitsZeroTime(served) ? {} : { creationTimestamp: null };
  const items = core
    ? [{ metadata: zeroTime, versions: [{ version: 'v1', resources: CORE_AGGREGATED, freshness: 'Current' }] }]
    : discoveryGroups(served.defs).map((g) => ({
        metadata: { name: g.group, ...zeroTime },
        versions: [{ version: g.version, resources: g.aggResources, freshness: 'Current' }],
      }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

/**
 * Discovery (legacy and aggregated v2), /version and the namespaces; undefined for any other path.
 */
export function handleDiscovery(
  served: Served,
  path: string,
  accept: string | undefined,
  hostPort: string,
): Rendered | undefined {
  const groups = discoveryGroups(served.defs);
  if (path === '/api' || path === '/apis') {
    const want = negotiate(accept, 'discovery');
    if (!want) throw NOT_ACCEPTABLE();
    if (want.kind === 'aggregated') {
      return render(
        200,
        aggregatedList(served, want.version, path === '/api'),
        `application/json;g=apidiscovery.k8s.io;v=${want.version};as=APIGroupDiscoveryList`,
      );
    }
    if (path === '/api') {
      return render(200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: hostPort }],
      });
    }
    return render(200, {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groups.map((g) => ({
        name: g.group,
        versions: [{ groupVersion: `${g.group}/${g.version}`, version: g.version }],
        preferredVersion: { groupVersion: `${g.group}/${g.version}`, version: g.version },
      })),
    });
  }
  if (path === '/api/v1') {
    return render(200, { kind: 'APIResourceList', groupVersion: 'v1', resources: CORE_RESOURCES });
  }
  // Namespaces: the built-in ones and those of the stored endpoints (kubectl looks one up after a
  // NotFound by name, to tell a missing object from a missing namespace).
  const namespaceMatch = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(path);
  if (namespaceMatch !== null) {
    const name = decodeURIComponent(namespaceMatch[1] as string);
    const known = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
    for (const o of served.store.current().data.ciliumendpoints.values()) known.add(String(metaOf(o).namespace));
    if (!known.has(name)) {
      return renderStatus(
        new StatusError(404, 'NotFound', `namespaces "${name}" not found`, { name, kind: 'namespaces' }),
      );
    }
    return render(200, {
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name, creationTimestamp: '2023-08-08T06:00:00Z' },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
  for (const g of groups) {
    if (path === `/apis/${g.group}`) {
      const gv = { groupVersion: `${g.group}/${g.version}`, version: g.version };
      return render(200, { kind: 'APIGroup', apiVersion: 'v1', name: g.group, versions: [gv], preferredVersion: gv });
    }
    if (path === `/apis/${g.group}/${g.version}`) {
      return render(200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: `${g.group}/${g.version}`,
        resources: g.resources,
      });
    }
  }
  if (path === '/version') {
    const gitVersion = served.serverVersion;
    const mm = /^v?(\d+)\.(\d+)/.exec(gitVersion);
    const [major, minor] = [mm?.[1] ?? '1', mm?.[2] ?? '32'];
    // From 1.33 the emulation version (by default the binary's) and the oldest it is compatible with.
    const compatibility =
      servedMinor(served) >= 33
        ? {
            emulationMajor: major,
            emulationMinor: minor,
            minCompatibilityMajor: major,
            minCompatibilityMinor: String(Number(minor) - 1),
          }
        : {};
    return render(200, {
      major,
      minor,
      ...compatibility,
      gitVersion,
      gitCommit: '59526cd4867447956156ae3a602fcbac5e8b9ba0',
      gitTreeState: 'clean',
      buildDate: '2025-04-22T16:00:00Z',
      goVersion: 'go1.23.8',
      compiler: 'gc',
      platform: 'linux/amd64',
    });
  }
  return undefined;
}

/** GET of the CustomResourceDefinition objects, one or all, as JSON, Table or PartialObjectMetadata. */
export function handleCRDs(
  served: Served,
  rr: ResourceRequest,
  accept: string | undefined,
  q: URLSearchParams,
): Rendered {
  const crdDef = {
    group: 'apiextensions.k8s.io',
    plural: 'customresourcedefinitions',
  };
  if (rr.namespace !== undefined || rr.subresource) throw GENERIC_NOT_FOUND();
  const omitZeroTime = omitsZeroTime(served);
  const crdTable = (items: Obj[], version: string, includeObject: string, md: Obj): Piece[] =>
    tableJSON(
      version,
      md,
      [
        { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 0 },
        { name: 'Created At', type: 'date', format: '', description: CREATION_TIMESTAMP_DESCRIPTION, priority: 0 },
      ],
      items,
      (o) => goJSON([nameOf(o), metaOf(o).creationTimestamp]),
      includeObject,
      omitZeroTime,
    );
  if (rr.name !== undefined) {
    const crd = served.crds.find((c) => nameOf(c) === rr.name);
    if (!crd) {
      throw new StatusError(404, 'NotFound', `${crdDef.plural}.${crdDef.group} "${rr.name}" not found`, {
        name: rr.name,
        group: crdDef.group,
        kind: crdDef.plural,
      });
    }
    const want = negotiate(accept, 'object');
    if (!want) throw NOT_ACCEPTABLE();
    if (want.kind === 'table')
      return renderJSON(
        200,
        crdTable([crd], want.version, checkIncludeObject(q), {
          resourceVersion: String(metaOf(crd).resourceVersion),
        }),
      );
    if (want.kind === 'partial') return renderJSON(200, [partialMetadataJSON(crd, want.version, omitZeroTime)]);
    return renderJSON(200, [objectJSON(crd)]);
  }
  const want = negotiate(accept, 'list');
  if (!want) throw NOT_ACCEPTABLE();
  const items = [...served.crds].sort((a, b) => compareBytes(nameOf(a), nameOf(b)));
  if (want.kind === 'table')
    return renderJSON(
      200,
      crdTable(items, want.version, checkIncludeObject(q), { resourceVersion: String(served.store.revision) }),
    );
  return render(
    200,
    sortKeys({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinitionList',
      metadata: { resourceVersion: String(served.store.revision) },
      items,
    }),
  );
}
