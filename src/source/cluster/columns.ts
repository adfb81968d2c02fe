/**
 * The printer columns of a custom resource, read from its CRD (`additionalPrinterColumns` of the served
 * version), for a server that answers with plain objects instead of a Table.
 */
import { isRecord } from '../../model/decode.js';
import { type ApiResource, resourceName } from '../../model/resources.js';
import type { ColumnType, PrinterColumn } from '../../view/columns.js';
import { type ApiClient, JSON_ACCEPT } from './client.js';

const CUSTOM_RESOURCE_DEFINITIONS: ApiResource = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  plural: 'customresourcedefinitions',
  namespaced: false,
};

/** The served version's printer columns from the CRD; undefined where the CRD cannot be read. */
export async function crdColumns(client: ApiClient, resource: ApiResource): Promise<PrinterColumn[] | undefined> {
  const crd = await client
    .getJson(
      { verb: 'get', resource: CUSTOM_RESOURCE_DEFINITIONS, namespace: undefined, name: resourceName(resource) },
      new URLSearchParams(),
      JSON_ACCEPT,
    )
    .catch(() => undefined);
  const versions = isRecord(crd) && isRecord(crd.spec) && Array.isArray(crd.spec.versions) ? crd.spec.versions : [];
  const served = versions.find((v: unknown) => isRecord(v) && v.name === resource.version);
  if (!isRecord(served) || !Array.isArray(served.additionalPrinterColumns)) return undefined;
  return served.additionalPrinterColumns.filter(isRecord).map((c) => ({
    name: String(c.name),
    type: String(c.type) as ColumnType,
    format: typeof c.format === 'string' ? c.format : '',
    description: typeof c.description === 'string' ? c.description : '',
    priority: typeof c.priority === 'number' ? c.priority : 0,
    jsonPath: String(c.jsonPath),
  }));
}
