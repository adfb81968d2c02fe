/**
 * kubectl's `--request-timeout` values: `0` (no timeout), a whole number of seconds, or a Go duration
 * (`30s`, `1m30s`, `1.5h`, `500ms`).
 */
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const goDuration = /^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h)/;

/** Milliseconds, `undefined` for no timeout, or `null` when `text` is not a duration. */
export function parseRequestTimeout(text: string): number | undefined | null {
  if (/^\d+$/.test(text)) return Number(text) === 0 ? undefined : Number(text) * 1000;
  let rest = text;
  let total = 0;
  if (rest === '') return null;
  while (rest !== '') {
    const m = goDuration.exec(rest);
    if (m === null) return null;
    const [, number = '', unit = ''] = /^([\d.]+)(.*)$/.exec(m[0]) ?? [];
    total += Number(number) * (UNIT_MS[unit] ?? Number.NaN);
    rest = rest.slice(m[0].length);
  }
  if (!Number.isFinite(total)) return null;
  return total === 0 ? undefined : Math.max(1, Math.round(total));
}
