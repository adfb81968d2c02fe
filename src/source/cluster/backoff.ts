/**
 * How a watch waits after a failure, as client-go's reflector: an exponential backoff after a watch that
 * ends at once or with 410 Gone, and a bound on how often the list is repeated.
 */

/** A watch that lasts less than this is "very short" (client-go's reflector): the next one waits. */
export const HEALTHY_WATCH_MS = 1000;
/** At most this many lists again (after 410 Gone) in any minute. */
const RELISTS_PER_MINUTE = 3;

/** client-go's reflector backoff: 800 ms doubling to 30 s, each delay stretched by up to 100 % jitter. */
export class Backoff {
  private delay = 800;

  next(): number {
    const current = this.delay;
    this.delay = Math.min(this.delay * 2, 30_000);
    return Math.round(current * (1 + Math.random()));
  }

  reset(): void {
    this.delay = 800;
  }
}

/** How long to wait before the next list so that no minute has more than RELISTS_PER_MINUTE. */
export function relistWait(relists: number[], now: number): number {
  while (relists.length > 0 && now - (relists[0] as number) >= 60_000) relists.shift();
  return relists.length < RELISTS_PER_MINUTE ? 0 : (relists[0] as number) + 60_000 - now;
}

/** Waits, or less when the watch is interrupted. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
