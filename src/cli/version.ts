/**
 * What `--version` prints: the version on the first line (`cilium-view X.Y.Z`, for scripts), then the
 * CiliumEndpoint printer-column sets this build knows, from the data in view/columns.ts.
 */
import { ENDPOINT_COLUMN_SETS, KNOWN_RANGE } from '../view/columns.js';

export function versionText(version: string): string {
  const sets = Object.entries(ENDPOINT_COLUMN_SETS).map(
    ([name, set], i) => `${name} (${i === 0 ? 'Cilium ' : ''}${set.releases})`,
  );
  return `cilium-view ${version}\nCiliumEndpoint column sets: ${sets.join(', ')}\nCilium releases known: ${KNOWN_RANGE}\n`;
}
