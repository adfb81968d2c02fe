/** Cilium versions as users write them: `1.14`, `v1.14.5`, `1.18.0-rc.1`. */
export interface CiliumVersion {
  major: number;
  minor: number;
  /** 0 when not given: `1.12` is 1.12.0. */
  patch: number;
}

/** The version whose CRDs the spec's tables come from; the offline default. */
export const DEFAULT_CILIUM_VERSION: CiliumVersion = { major: 1, minor: 14, patch: 0 };

/** `1.14`, `v1.14.5`, `1.18.0-rc.1` (a pre-release counts as its release); undefined for anything else. */
export function parseCiliumVersion(text: string): CiliumVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (m === null) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}
