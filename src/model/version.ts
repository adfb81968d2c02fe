/** Cilium versions as users write them: `1.14`, `v1.14.5`, `1.18.0-rc.1`. */
import { UsageError } from './errors.js';

export interface CiliumVersion {
  major: number;
  minor: number;
}

/** The version whose CRDs the spec's tables come from; the offline default. */
export const DEFAULT_CILIUM_VERSION: CiliumVersion = { major: 1, minor: 14 };

export function parseCiliumVersion(text: string): CiliumVersion {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (m === null || m[1] !== '1') {
    throw new UsageError(
      `--cilium-version ${JSON.stringify(text)} is not a Cilium 1.x version; write it as 1.14 or v1.18.4`,
    );
  }
  return { major: 1, minor: Number(m[2]) };
}
