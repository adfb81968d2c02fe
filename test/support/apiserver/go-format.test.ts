/**
 * The cell formatting of the fake API server against apimachinery's reference values.
 */
import { describe, expect, it } from 'vitest';
import { humanDuration } from './go-format.js';

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  it('matches the reference table', () => {
    const s = 1000;
    const m = 60 * s;
    const h = 60 * m;
    const d = 24 * h;
    const y = 365 * d;
    const cases: Array<[number, string]> = [
      [-2 * s, '<invalid>'],
      [-1 * s, '0s'],
      [-999, '0s'],
      [0, '0s'],
      [119 * s + 999, '119s'],
      [2 * m, '2m'],
      [2 * m + 5 * s, '2m5s'],
      [9 * m + 59 * s, '9m59s'],
      [10 * m, '10m'],
      [58 * m + 59 * s, '58m'],
      [179 * m, '179m'],
      [3 * h, '3h'],
      [7 * h + 59 * m, '7h59m'],
      [8 * h, '8h'],
      [47 * h + 59 * m, '47h'],
      [2 * d, '2d'],
      [2 * d + 3 * h, '2d3h'],
      [7 * d + 23 * h, '7d23h'],
      [8 * d, '8d'],
      [729 * d, '729d'],
      [2 * y, '2y'],
      [3 * y + 45 * d, '3y45d'],
      [8 * y, '8y'],
      [12 * y + 100 * d, '12y'],
    ];
    for (const [ms, want] of cases) expect([ms, humanDuration(ms)]).toEqual([ms, want]);
  });
});
