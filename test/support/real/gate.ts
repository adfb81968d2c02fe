/**
 * Whether the real-server tests run: they need the binaries in the cache (test/real/build.ts builds them).
 * Without them they are skipped, with one message from the global setup, unless CV_REQUIRE_REAL_APISERVER=1
 * (set by .ci/run): then the global setup builds them, and a file that still finds none fails.
 */
import { type Binaries, cachedBinaries, REQUIRE_REAL } from './binaries.js';

export function realBinaries(): Binaries | undefined {
  const binaries = cachedBinaries();
  if (!binaries && REQUIRE_REAL) {
    throw new Error('CV_REQUIRE_REAL_APISERVER=1 but kube-apiserver and etcd are not built: run `npm run test:real`');
  }
  return binaries;
}

/** For describe.skipIf(!hasReal): true when the binaries are built. */
export const hasReal: boolean = realBinaries() !== undefined;
