/**
 * Builds kube-apiserver and etcd from this folder's Go module into the cache, unless they are there:
 * `npx tsx test/real/build.ts` (what `npm run test:real` runs first). Prints the binaries' folder.
 */
import { binDir, buildBinaries } from '../support/real/binaries.js';

await buildBinaries();
process.stdout.write(`${binDir()}\n`);
