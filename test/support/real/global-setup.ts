/**
 * vitest's global setup for the real-server tests (test/real/): with CV_REQUIRE_REAL_APISERVER=1 it builds
 * kube-apiserver and etcd when they are not cached (and fails without Go); otherwise, when they are not
 * cached, it prints the one message saying those tests are skipped and how to run them.
 */
import { binDir, buildBinaries, cachedBinaries, hasGo, REQUIRE_REAL } from './binaries.js';

export default async function setup(): Promise<void> {
  if (cachedBinaries()) return;
  if (REQUIRE_REAL) {
    if (!hasGo())
      throw new Error('CV_REQUIRE_REAL_APISERVER=1 but Go is not installed: it builds kube-apiserver and etcd');
    await buildBinaries();
    return;
  }
  const why = hasGo() ? `they are not built in ${binDir()}` : 'Go is not installed to build them';
  console.warn(
    `The real kube-apiserver tests (test/real/) are skipped: ${why}; \`npm run test:real\` builds and runs them.`,
  );
}
