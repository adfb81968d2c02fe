/**
 * cli-runtime's OmitManagedFieldsPrinter (`printers/managedfields.go`), which kubectl puts around its
 * `-o json` and `-o yaml` printers unless `--show-managed-fields` is given: each object (each item of a
 * list) is printed without `metadata.managedFields`, the key removed whatever it holds (`[]` and `null`
 * too). The other formats (jsonpath, custom-columns, name, the table) see the objects as they are.
 */
export function omitManagedFields<T>(object: T): T {
  if (typeof object !== 'object' || object === null) return object;
  const metadata = (object as { metadata?: unknown }).metadata;
  if (typeof metadata !== 'object' || metadata === null || !Object.hasOwn(metadata, 'managedFields')) return object;
  const { managedFields: _, ...rest } = metadata as Record<string, unknown>;
  return { ...object, metadata: rest };
}
