/** The watch's backoff (client-go's reflector) and its bound on lists repeated after 410 Gone. */
import { describe, expect, it } from 'vitest';
import { Backoff, relistWait } from '../../src/source/cluster/backoff.js';

describe('Backoff', () => {
  it('waits 0.8 s doubling to 30 s, each with up to 100 % jitter, and starts over after a reset', () => {
    const backoff = new Backoff();
    const bases = [800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000];
    for (const base of bases) {
      const delay = backoff.next();
      expect(delay).toBeGreaterThanOrEqual(base);
      expect(delay).toBeLessThanOrEqual(2 * base);
    }
    backoff.reset();
    expect(backoff.next()).toBeLessThanOrEqual(1600);
  });
});

describe('relistWait', () => {
  it('lets 3 lists through in a minute, then waits for the oldest to be a minute old', () => {
    const relists: number[] = [];
    for (const now of [0, 1000, 2000]) {
      expect(relistWait(relists, now)).toBe(0);
      relists.push(now);
    }
    expect(relistWait(relists, 3000)).toBe(57_000);
    expect(relistWait(relists, 60_000)).toBe(0);
  });

  it('a server that answers 410 at once, for ten minutes: never more than 3 lists in any minute', () => {
    const relists: number[] = [];
    const all: number[] = [];
    for (let now = 0; now < 600_000; ) {
      now += relistWait(relists, now);
      relists.push(now);
      all.push(now);
      now += 1;
    }
    for (const start of all) expect(all.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(3);
    expect(all.length).toBeGreaterThanOrEqual(30);
  });
});
