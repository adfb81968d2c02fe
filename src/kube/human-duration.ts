/**
 * apimachinery's `duration.HumanDuration` (pkg/util/duration/duration.go), which the API server uses
 * for every `date` printer column (the AGE cells kubectl prints). Whole seconds, truncated toward zero.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export function humanDuration(milliseconds: number): string {
  const seconds = Math.trunc(milliseconds / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(milliseconds / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(milliseconds / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/**
 * RFC 3339 as Go's `time.Parse(time.RFC3339, ...)` takes it, leniencies included: a one-digit hour and a
 * comma before the fraction (golang/go#54580); zone offsets of at most 24 hours and 60 minutes.
 */
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})([.,]\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses a Kubernetes timestamp (RFC 3339, as `metav1.Time` accepts it). Returns `null` for the zero
 * time and the empty string (printed `<unknown>`), `undefined` when it does not parse (`<invalid>`).
 */
export function parseTimestamp(text: string): number | null | undefined {
  if (text === '' || text === 'null') return null;
  const m = rfc3339.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = m as unknown as string[];
  const fields = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = fields;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return undefined;
  let ms = date.setUTCHours(hour, minute, second, 0);
  if (fraction !== undefined) ms += Math.trunc(Number(`0.${fraction.slice(1)}`) * 1000);
  if (zone !== undefined && zone !== 'Z') {
    if (Number(zone.slice(1, 3)) > 24 || Number(zone.slice(4, 6)) > 60) return undefined;
    const sign = zone.startsWith('-') ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * MINUTE;
  }
  return ms === ZERO_TIME ? null : ms;
}

/** Go's zero `time.Time`, 0001-01-01T00:00:00Z, which Kubernetes prints as `<unknown>`. */
const ZERO_TIME = new Date('0001-01-01T00:00:00Z').getTime();

/** A `date` cell: HumanDuration since the timestamp, as the API server's table convertor computes it. */
export function ageCell(timestamp: string, now: Date): string {
  const t = parseTimestamp(timestamp);
  if (t === undefined) return '<invalid>';
  if (t === null) return '<unknown>';
  return humanDuration(now.getTime() - t);
}
