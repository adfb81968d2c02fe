/**
 * apimachinery `duration.HumanDuration` (pkg/util/duration/duration.go) and the `date` cell of the CRD
 * table convertor (`metav1.Time.UnmarshalQueryParameter` = `time.Parse(time.RFC3339, s)`, zero time →
 * `<unknown>`, parse error → `<invalid>`). Every expected value below was worked out by hand from
 * duration.go's rules (whole seconds truncated toward zero, 365-day years), not by running the code.
 */
import { describe, expect, it } from 'vitest';
import { ageCell, humanDuration, parseTimestamp } from '../../src/kube/human-duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

describe('humanDuration', () => {
  // [label, milliseconds, expected]; grouped by the row of the HumanDuration table they exercise.
  const rows: Array<[string, number, string]> = [
    // s < -1 → <invalid>
    ['-2s', -2 * S, '<invalid>'],
    ['-1h', -H, '<invalid>'],
    ['-10y', -10 * Y, '<invalid>'],
    // s = -1 → 0s (int(d.Seconds()) truncates toward zero, so -1.999s is still -1)
    ['-1.999s', -1999, '0s'],
    ['-1.5s', -1500, '0s'],
    ['-1s', -S, '0s'],
    // under 2 minutes → seconds (int(-0.5) is 0, never "-0s")
    ['-0.5s', -500, '0s'],
    ['-1ms', -1, '0s'],
    ['0', 0, '0s'],
    ['999ms', 999, '0s'],
    ['1s', S, '1s'],
    ['59s', 59 * S, '59s'],
    ['60s', 60 * S, '60s'],
    ['61s', 61 * S, '61s'],
    ['119s', 119 * S, '119s'],
    ['119.999s', 119 * S + 999, '119s'],
    // under 10 minutes → Mm + Ss, seconds dropped when 0
    ['120s', 120 * S, '2m'],
    ['2m0.5s', 2 * M + 500, '2m'],
    ['121s', 121 * S, '2m1s'],
    ['125s', 125 * S, '2m5s'],
    ['2m59s', 2 * M + 59 * S, '2m59s'],
    ['3m', 3 * M, '3m'],
    ['5m30s', 5 * M + 30 * S, '5m30s'],
    ['9m59s', 9 * M + 59 * S, '9m59s'],
    ['9m59.999s', 9 * M + 59 * S + 999, '9m59s'],
    // under 3 hours → minutes
    ['10m', 10 * M, '10m'],
    ['10m59s', 10 * M + 59 * S, '10m'],
    ['58m', 58 * M, '58m'],
    ['60m', 60 * M, '60m'],
    ['2h', 2 * H, '120m'],
    ['179m', 179 * M, '179m'],
    ['179m59s', 179 * M + 59 * S, '179m'],
    // under 8 hours → Hh + Mm, minutes dropped when 0
    ['3h', 3 * H, '3h'],
    ['3h0m59s', 3 * H + 59 * S, '3h'],
    ['3h1m', 3 * H + M, '3h1m'],
    ['5h30m', 5 * H + 30 * M, '5h30m'],
    ['7h59m', 7 * H + 59 * M, '7h59m'],
    ['7h59m59s', 7 * H + 59 * M + 59 * S, '7h59m'],
    // under 48 hours → hours
    ['8h', 8 * H, '8h'],
    ['8h59m', 8 * H + 59 * M, '8h'],
    ['24h', 24 * H, '24h'],
    ['47h', 47 * H, '47h'],
    ['47h59m', 47 * H + 59 * M, '47h'],
    ['47h59m59.999s', 48 * H - 1, '47h'],
    // under 8 days → Dd + Hh, hours dropped when 0
    ['48h', 48 * H, '2d'],
    ['2d0h59m', 2 * D + 59 * M, '2d'],
    ['2d3h', 2 * D + 3 * H, '2d3h'],
    ['2d3h59m', 2 * D + 3 * H + 59 * M, '2d3h'],
    ['7d', 7 * D, '7d'],
    ['7d23h', 7 * D + 23 * H, '7d23h'],
    ['7d23h59m59s', 8 * D - S, '7d23h'],
    // under 2 years (365-day years) → days
    ['8d', 8 * D, '8d'],
    ['8d23h', 8 * D + 23 * H, '8d'],
    ['364d', 364 * D, '364d'],
    ['365d', 365 * D, '365d'],
    ['366d', 366 * D, '366d'],
    ['729d', 729 * D, '729d'],
    ['729d23h59m', 729 * D + 23 * H + 59 * M, '729d'],
    // under 8 years → Yy + Dd, days dropped when 0 (no leap days: 730d is exactly 2y)
    ['730d', 730 * D, '2y'],
    ['2y0d23h', 2 * Y + 23 * H, '2y'],
    ['731d', 731 * D, '2y1d'],
    ['3y', 3 * Y, '3y'],
    ['3y45d', 3 * Y + 45 * D, '3y45d'],
    ['7y364d', 7 * Y + 364 * D, '7y364d'],
    ['7y364d23h', 8 * Y - H, '7y364d'],
    // otherwise → years
    ['8y', 8 * Y, '8y'],
    ['8y364d', 8 * Y + 364 * D, '8y'],
    ['12y', 12 * Y, '12y'],
    ['12y200d', 12 * Y + 200 * D, '12y'],
    ['100y', 100 * Y, '100y'],
  ];

  it.each(rows)('%s → %s', (_label, ms, expected) => {
    expect(humanDuration(ms)).toBe(expected);
  });
});

describe('parseTimestamp', () => {
  it('parses RFC 3339 with Z to epoch milliseconds', () => {
    expect(parseTimestamp('2023-08-08T07:00:00Z')).toBe(Date.UTC(2023, 7, 8, 7, 0, 0));
  });

  it('applies positive and negative offsets', () => {
    expect(parseTimestamp('2023-08-08T09:00:00+02:00')).toBe(Date.UTC(2023, 7, 8, 7, 0, 0));
    expect(parseTimestamp('2023-08-08T02:30:00-04:30')).toBe(Date.UTC(2023, 7, 8, 7, 0, 0));
    expect(parseTimestamp('2023-08-08T07:00:00+00:00')).toBe(Date.UTC(2023, 7, 8, 7, 0, 0));
  });

  it('keeps fractional seconds (to the millisecond, truncated)', () => {
    expect(parseTimestamp('2023-08-08T07:00:00.5Z')).toBe(Date.UTC(2023, 7, 8, 7, 0, 0, 500));
    expect(parseTimestamp('2023-08-08T07:00:00.123Z')).toBe(Date.UTC(2023, 7, 8, 7, 0, 0, 123));
    expect(parseTimestamp('2023-08-08T07:00:00.123999999Z')).toBe(Date.UTC(2023, 7, 8, 7, 0, 0, 123));
  });

  it('gives null (<unknown>) for the empty string, "null" and the zero time', () => {
    expect(parseTimestamp('')).toBeNull();
    expect(parseTimestamp('null')).toBeNull();
    expect(parseTimestamp('0001-01-01T00:00:00Z')).toBeNull();
    // The same instant written with an offset is still Go's zero time.
    expect(parseTimestamp('0001-01-01T02:00:00+02:00')).toBeNull();
  });

  it('gives undefined (<invalid>) for text that does not parse', () => {
    for (const text of ['garbage', '2023-02-30T00:00:00Z', '2023-08-08', '2023-08-08T07:00:00']) {
      expect(parseTimestamp(text), text).toBeUndefined();
    }
  });
});

describe('ageCell', () => {
  // The golden files' clock.
  const now = new Date('2023-08-08T08:00:00Z');

  it.each([
    ['2023-08-08T07:00:00Z', '60m'],
    ['2023-08-08T07:59:00Z', '60s'],
    ['2023-08-08T06:00:00Z', '120m'],
    ['2023-08-08T05:00:00Z', '3h'],
    ['2023-08-07T08:00:00Z', '24h'],
    ['2023-08-06T08:00:00Z', '2d'],
    ['2021-08-08T08:00:00Z', '2y'],
    ['2015-08-08T08:00:00Z', '8y'],
  ])('%s → %s', (timestamp, expected) => {
    expect(ageCell(timestamp, now)).toBe(expected);
  });

  it('converts offsets to UTC before subtracting', () => {
    // All three are 2023-08-08T07:00:00Z.
    expect(ageCell('2023-08-08T09:00:00+02:00', now)).toBe('60m');
    expect(ageCell('2023-08-08T02:30:00-04:30', now)).toBe('60m');
    expect(ageCell('2023-08-09T01:00:00+18:00', now)).toBe('60m');
  });

  it('counts fractional seconds at the 2-minute boundary', () => {
    // now − t = 120.001s → 2m; 119.5s → 119s.
    expect(ageCell('2023-08-08T07:57:59.999Z', now)).toBe('2m');
    expect(ageCell('2023-08-08T07:58:00.5Z', now)).toBe('119s');
    expect(ageCell('2023-08-08T07:57:59.9999999Z', now)).toBe('2m');
  });

  it('tolerates up to 1.999s of clock skew (future timestamps)', () => {
    expect(ageCell('2023-08-08T08:00:00Z', now)).toBe('0s');
    expect(ageCell('2023-08-08T08:00:00.5Z', now)).toBe('0s');
    expect(ageCell('2023-08-08T08:00:01Z', now)).toBe('0s');
    expect(ageCell('2023-08-08T08:00:01.999Z', now)).toBe('0s');
    expect(ageCell('2023-08-08T08:00:02Z', now)).toBe('<invalid>');
    expect(ageCell('2024-01-01T00:00:00Z', now)).toBe('<invalid>');
  });

  it('prints <unknown> for the empty string, "null" and the zero time', () => {
    expect(ageCell('', now)).toBe('<unknown>');
    expect(ageCell('null', now)).toBe('<unknown>');
    expect(ageCell('0001-01-01T00:00:00Z', now)).toBe('<unknown>');
  });

  it('accepts leap days only in leap years', () => {
    const later = new Date('2024-03-01T00:00:00Z');
    expect(ageCell('2024-02-29T00:00:00Z', later)).toBe('24h');
    expect(ageCell('2000-02-29T00:00:00Z', now)).toBe('23y');
    expect(ageCell('2023-02-29T00:00:00Z', now)).toBe('<invalid>');
    expect(ageCell('1900-02-29T00:00:00Z', now)).toBe('<invalid>');
  });

  it.each([
    'garbage',
    'yesterday',
    '2023-02-30T00:00:00Z',
    '2023-04-31T00:00:00Z',
    '2023-13-01T00:00:00Z',
    '2023-00-10T00:00:00Z',
    '2023-08-00T00:00:00Z',
    '2023-08-08T24:00:00Z',
    '2023-08-08T07:60:00Z',
    '2023-08-08T07:00:60Z',
    '2023-08-08T07:00:00',
    '2023-08-08 07:00:00Z',
    '2023-08-08T07:00:00.Z',
    '2023-08-08T07:00Z',
    '2023-08-08',
    '23-08-08T07:00:00Z',
    '2023-08-08T07:00:00+0200',
    ' 2023-08-08T07:00:00Z',
    '2023-08-08T07:00:00Z ',
  ])('prints <invalid> for %j', (timestamp) => {
    expect(ageCell(timestamp, now)).toBe('<invalid>');
  });

  /*
   * The server parses with Go's `time.Parse(time.RFC3339, s)`. When the strict fast path
   * (`parseRFC3339`) fails it falls back to the generic layout parser (time/format.go `parse`), which
   * is more lenient (golang/go#54580): it accepts a comma before the fraction, a one-digit hour, and
   * zone offsets up to +24:60 (range tests `hr > 24`, `mm > 60`), and rejects offsets beyond that.
   */
  describe("Go time.Parse(RFC3339)'s leniency", () => {
    it('accepts an offset of exactly 24 hours or 60 minutes, as the fallback parser does', () => {
      // 2023-08-09T07:00:00+24:00 and 2023-08-09T07:00:00+23:60 are both 2023-08-08T07:00:00Z.
      expect(ageCell('2023-08-09T07:00:00+24:00', now)).toBe('60m');
      expect(ageCell('2023-08-09T07:00:00+23:60', now)).toBe('60m');
    });

    it('accepts a comma as the decimal separator of the seconds (Go ≥ 1.17)', () => {
      expect(ageCell('2023-08-08T07:00:00,000Z', now)).toBe('60m');
      expect(ageCell('2023-08-08T07:58:00,5Z', now)).toBe('119s');
    });

    it('accepts a one-digit hour (layout "15" is a non-padded hour)', () => {
      expect(ageCell('2023-08-08T7:00:00Z', now)).toBe('60m');
    });

    it('rejects a zone offset hour above 24', () => {
      expect(ageCell('2023-08-09T08:00:00+25:00', now)).toBe('<invalid>');
      expect(ageCell('2023-08-08T07:00:00+00:61', now)).toBe('<invalid>');
    });
  });
});
