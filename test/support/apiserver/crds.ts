/**
 * The Cilium CustomResourceDefinitions the server serves (the committed copies in ../crds), read back as
 * a real server shows them, and what the server derives from each: its resource names, scope, served
 * version, subresources and printer columns.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { isObj, type Obj } from './json.js';
import { type PathStep, parseSimpleJSONPath } from './jsonpath.js';

/** The Cilium resources the server stores. */
export type ResName = 'ciliumendpoints' | 'ciliumidentities';
export const RESOURCES: ResName[] = ['ciliumendpoints', 'ciliumidentities'];
export const KIND_OF: Record<ResName, string> = {
  ciliumendpoints: 'CiliumEndpoint',
  ciliumidentities: 'CiliumIdentity',
};

export interface ColumnDef {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  steps: PathStep[];
}

export interface ResourceDef {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: string[];
  columns: ColumnDef[];
  crd: Obj;
}

export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** The Cilium CRD sets the server can serve ('none': Cilium is not installed). */
export type CRDSet = 'v1.9' | 'v1.11' | 'v1.12.0' | 'v1.14' | 'v1.18' | 'none';

const CRD_FILES: Record<Exclude<CRDSet, 'none'>, string[]> = {
  'v1.9': ['ciliumendpoints.crd.v1.9.yaml', 'ciliumidentities.crd.v1.9.yaml'],
  'v1.11': ['ciliumendpoints.crd.v1.11.yaml', 'ciliumidentities.crd.v1.11.yaml'],
  'v1.12.0': ['ciliumendpoints.crd.v1.12.0.yaml', 'ciliumidentities.crd.v1.12.0.yaml'],
  'v1.14': ['ciliumendpoints.crd.yaml', 'ciliumidentities.crd.yaml'],
  'v1.18': ['ciliumendpoints.crd.v1.18.yaml', 'ciliumidentities.crd.v1.18.yaml'],
};

const CRD_CREATED = '2024-01-01T00:00:00Z';

export const CR_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

export const STATUS_VERBS = ['get', 'patch', 'update'];

function loadCRD(file: string): Obj {
  const text = readFileSync(fileURLToPath(new URL(`../crds/${file}`, import.meta.url)), 'utf8');
  const doc = parseAllDocuments(text)
    .map((d) => d.toJSON() as unknown)
    .find((d) => isObj(d) && d.kind === 'CustomResourceDefinition');
  if (!isObj(doc)) throw new Error(`no CustomResourceDefinition in ${file}`);
  const spec = doc.spec as Obj;
  const names = spec.names as Obj;
  const versions = spec.versions as Obj[];
  // Make it look like a CRD read back from a real server.
  const md = { ...(doc.metadata as Obj) };
  md.creationTimestamp = CRD_CREATED;
  md.generation = 1;
  md.resourceVersion = '100';
  md.uid = uuidFrom(String(md.name));
  doc.metadata = md;
  // The server defaults a CRD's conversion: none between versions.
  spec.conversion ??= { strategy: 'None' };
  doc.status = {
    acceptedNames: { ...names },
    conditions: [
      {
        lastTransitionTime: CRD_CREATED,
        message: 'no conflicts found',
        reason: 'NoConflicts',
        status: 'True',
        type: 'NamesAccepted',
      },
      {
        lastTransitionTime: CRD_CREATED,
        message: 'the initial names have been accepted',
        reason: 'InitialNamesAccepted',
        status: 'True',
        type: 'Established',
      },
    ],
    storedVersions: versions.filter((v) => v.storage).map((v) => v.name),
  };
  return doc;
}

function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function resourceFromCRD(crd: Obj): ResourceDef {
  const spec = crd.spec as Obj;
  const names = spec.names as Obj;
  const versions = (spec.versions as Obj[]).filter((v) => v.served !== false);
  const ver = versions.find((v) => v.storage) ?? versions[0];
  if (!ver) throw new Error('CRD has no served version');
  const printer = (ver.additionalPrinterColumns as Obj[] | undefined) ?? [];
  const cols: Obj[] =
    printer.length > 0
      ? printer
      : [
          {
            name: 'Age',
            type: 'date',
            description: CREATION_TIMESTAMP_DESCRIPTION,
            jsonPath: '.metadata.creationTimestamp',
          },
        ];
  const subresources: string[] = [];
  if (isObj(ver.subresources)) {
    if ('status' in ver.subresources) subresources.push('status');
    if ('scale' in ver.subresources) subresources.push('scale');
  }
  return {
    group: String(spec.group),
    version: String(ver.name),
    plural: String(names.plural),
    singular: String(names.singular ?? String(names.kind).toLowerCase()),
    kind: String(names.kind),
    listKind: String(names.listKind ?? `${String(names.kind)}List`),
    namespaced: spec.scope === 'Namespaced',
    shortNames: (names.shortNames as string[] | undefined) ?? [],
    categories: (names.categories as string[] | undefined) ?? [],
    subresources,
    columns: cols.map((c) => {
      const jsonPath = String(c.jsonPath);
      const desc = c.description
        ? String(c.description)
        : `Custom resource definition column (in JSONPath format): ${jsonPath}`;
      return {
        name: String(c.name),
        type: String(c.type),
        format: c.format ? String(c.format) : '',
        description: desc,
        priority: typeof c.priority === 'number' ? c.priority : 0,
        steps: parseSimpleJSONPath(jsonPath),
      };
    }),
    crd,
  };
}

export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

/** The CRD objects of a set, as a server shows them, and the resource each defines (by plural). */
export function loadCRDs(set: CRDSet): { objects: Obj[]; defs: Map<ResName, ResourceDef> } {
  const objects: Obj[] = [];
  const defs = new Map<ResName, ResourceDef>();
  if (set === 'none') return { objects, defs };
  for (const f of CRD_FILES[set]) {
    const crd = loadCRD(f);
    const def = resourceFromCRD(crd);
    defs.set(def.plural as ResName, def);
    objects.push(crd);
  }
  return { objects, defs };
}
