/**
 * How the apiserver formats Table cells: apimachinery's duration.HumanDuration, metav1.Time parsing
 * (RFC 3339) and Go's fmt %v of a JSON number.
 */

/** apimachinery duration.HumanDuration; `ms` is the duration in milliseconds. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / 3600000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Go fmt %v of a float64 / int64 decoded from JSON. */
export function goNumberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(n);
}

/**
 * metav1.Time.UnmarshalQueryParameter (time.RFC3339). Returns null when it does not parse, 'zero' for
 * the empty string / "null" / 0001-01-01T00:00:00Z, otherwise epoch milliseconds.
 */
export function parseRFC3339(s: string): number | 'zero' | null {
  if (s === '' || s === 'null') return 'zero';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) return null;
  const [, Y, Mo, D, h, mi, se, frac, tz] = m;
  const year = Number(Y);
  const month = Number(Mo);
  const day = Number(D);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(se);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  if (d.getUTCDate() !== day || d.getUTCMonth() !== month - 1) return null; // day out of range
  let ms = d.getTime() + (frac ? Math.trunc(Number(`0${frac}`) * 1000) : 0);
  if (tz && tz !== 'Z') {
    const sign = tz.startsWith('-') ? -1 : 1;
    const tzh = Number(tz.slice(1, 3));
    const tzm = Number(tz.slice(4, 6));
    if (tzh > 23 || tzm > 59) return null;
    ms -= sign * (tzh * 60 + tzm) * 60000;
  }
  const zero = new Date(0);
  zero.setUTCFullYear(1, 0, 1);
  zero.setUTCHours(0, 0, 0, 0);
  if (ms === zero.getTime()) return 'zero'; // Go's time.Time{}.IsZero()
  return ms;
}
