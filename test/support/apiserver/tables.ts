/**
 * The representations an object is served in: JSON (keys sorted, as Go marshals unstructured objects),
 * PartialObjectMetadata, and Table rows from the CRD's additionalPrinterColumns (apiextensions-apiserver
 * `tableconvertor`), each row carrying the object as includeObject asks.
 */
import { Buffer } from 'node:buffer';
import { NAME_DESCRIPTION, type ResourceDef } from './crds.js';
import { goNumberText, humanDuration, parseRFC3339 } from './go-format.js';
import { goJSON, memo, metaOf, nameOf, type Obj, type Piece, sortKeys } from './json.js';
import { evalSimpleJSONPath } from './jsonpath.js';
import { badRequest } from './status.js';

// Stored objects and the key maps of committed snapshots are never changed (every write stores a new copy
// in a new map), so what is derived from them is computed once: lists of 100,000 objects stay fast.

/** goJSON(sortKeys(o)), encoded. */
export const objectJSON = memo((o: Obj) => Buffer.from(goJSON(sortKeys(o))));

const partialJSONByVersion = new Map<string, (o: Obj) => Buffer>();
/** goJSON(partialMetadata(o, version)), encoded. */
export function partialMetadataJSON(o: Obj, version: string, omitZeroTime = false): Buffer {
  const key = `${version}${omitZeroTime ? ' omitzero' : ''}`;
  let json = partialJSONByVersion.get(key);
  if (json === undefined) {
    json = memo((x: Obj) => Buffer.from(goJSON(partialMetadata(x, version, omitZeroTime))));
    partialJSONByVersion.set(key, json);
  }
  return json(o);
}

const cellsJSONByDef = new WeakMap<ResourceDef, (o: Obj) => string>();
/** goJSON(cellsFor(def, o, now)); remembered unless a date column makes the cells move with the clock. */
function cellsJSON(def: ResourceDef, o: Obj, now: () => Date): string {
  if (def.columns.some((c) => c.type === 'date')) return goJSON(cellsFor(def, o, now));
  let json = cellsJSONByDef.get(def);
  if (json === undefined) {
    json = memo((x: Obj) => goJSON(cellsFor(def, x, now)));
    cellsJSONByDef.set(def, json);
  }
  return json(o);
}

/**
 * The PartialObjectMetadata of an object: its metadata in ObjectMeta's field order. A missing
 * creationTimestamp is null before 1.34 and left out from 1.34 (omitZeroTime).
 */
function partialMetadata(o: Obj, version: string, omitZeroTime: boolean): Obj {
  const md = metaOf(o);
  const order = [
    'name',
    'generateName',
    'namespace',
    'selfLink',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'labels',
    'annotations',
    'ownerReferences',
    'finalizers',
    'managedFields',
  ];
  const out: Obj = {};
  for (const k of order) {
    if (md[k] !== undefined && md[k] !== '') out[k] = sortKeys(md[k]);
    else if (k === 'creationTimestamp' && !omitZeroTime) out[k] = null;
  }
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: out };
}

/** A row's cells as apiextensions-apiserver's tableconvertor computes them; `now` ages the date columns. */
function cellsFor(def: ResourceDef, o: Obj, now: () => Date): unknown[] {
  const cells: unknown[] = [nameOf(o)];
  for (const col of def.columns) {
    const r = evalSimpleJSONPath(o, col.steps);
    if (!r.found) {
      cells.push(null);
      continue;
    }
    const v = r.value;
    switch (col.type) {
      case 'string':
        if (v === null || v === undefined) cells.push('<no value>');
        else if (typeof v === 'string') cells.push(v);
        else if (typeof v === 'number') cells.push(goNumberText(v));
        else if (typeof v === 'boolean') cells.push(String(v));
        else cells.push(goJSON(sortKeys(v)));
        break;
      case 'integer':
        cells.push(typeof v === 'number' ? Math.trunc(v) : null);
        break;
      case 'number':
        cells.push(typeof v === 'number' ? v : null);
        break;
      case 'boolean':
        cells.push(typeof v === 'boolean' ? v : null);
        break;
      case 'date': {
        if (typeof v !== 'string') {
          cells.push(null);
          break;
        }
        const t = parseRFC3339(v);
        if (t === null) cells.push('<invalid>');
        else if (t === 'zero') cells.push('<unknown>');
        else cells.push(humanDuration(now().getTime() - t));
        break;
      }
      default:
        cells.push(null);
    }
  }
  return cells;
}

function tableColumns(def: ResourceDef): Obj[] {
  return [
    { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 0 },
    ...def.columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format,
      description: c.description,
      priority: c.priority,
    })),
  ];
}

function rowObjectJSON(o: Obj, includeObject: string, version: string, omitZeroTime: boolean): Piece {
  if (includeObject === 'None') return 'null';
  if (includeObject === 'Object') return objectJSON(o);
  return partialMetadataJSON(o, version, omitZeroTime);
}

/** A Table as JSON: one row per object, its cells and the object as includeObject asks. */
export function tableJSON(
  version: string,
  listMeta: Obj,
  columnDefinitions: Obj[] | null,
  items: Obj[],
  rowCells: (o: Obj) => string,
  includeObject: string,
  omitZeroTime: boolean,
): Piece[] {
  const pieces: Piece[] = [
    `{"kind":"Table","apiVersion":${goJSON(`meta.k8s.io/${version}`)},"metadata":${goJSON(listMeta)},"columnDefinitions":${goJSON(columnDefinitions)},"rows":[`,
  ];
  items.forEach((o, i) => {
    pieces.push(
      `${i > 0 ? ',' : ''}{"cells":${rowCells(o)},"object":`,
      rowObjectJSON(o, includeObject, version, omitZeroTime),
      '}',
    );
  });
  pieces.push(']}');
  return pieces;
}

/** How a Table is asked for, and the server clock its date columns are aged by. */
export interface TableRequest {
  version: string;
  includeObject: string;
  now: () => Date;
  /** Leave columnDefinitions null (a watch sends them with its first event only). */
  noHeaders?: boolean;
  /** Leave a missing creationTimestamp out of the rows' PartialObjectMetadata (1.34) rather than null. */
  omitZeroTime: boolean;
}

/** The Table of a Cilium resource: a Name column and the CRD's printer columns. */
export function buildTable(def: ResourceDef, items: Obj[], listMeta: Obj, t: TableRequest): Piece[] {
  const columns = t.noHeaders ? null : tableColumns(def);
  const cells = (o: Obj) => cellsJSON(def, o, t.now);
  return tableJSON(t.version, listMeta, columns, items, cells, t.includeObject, t.omitZeroTime);
}

/** The includeObject query parameter of a Table request (default Metadata). */
export function checkIncludeObject(q: URLSearchParams): string {
  const v = q.get('includeObject') ?? '';
  if (v === '' || v === 'Metadata') return 'Metadata';
  if (v === 'None' || v === 'Object') return v;
  throw badRequest(`unrecognized includeObject value: "${v}"`);
}
