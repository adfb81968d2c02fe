/**
 * Serves a generated cluster of N endpoints through the project's local API server (plain HTTP on
 * 127.0.0.1) in a process of its own, so the client under test and the server each have a core.
 *
 *   npx tsx bench/server.ts N [--seed S]
 *
 * Once it has listed everything once in each representation (the server encodes each object on first use
 * and keeps the encoding, so that no measured run pays for it), it prints one JSON line, {url, kubeconfig,
 * endpoints, identities, sharedIdentity}, and serves until SIGTERM or SIGINT.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startApiServer } from '../test/support/apiserver/index.js';
import { generateCluster } from './generate.js';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { seed: { type: 'string' } } });
const count = Number(positionals[0]);
if (!Number.isInteger(count) || count < 0) {
  console.error('usage: npx tsx bench/server.ts N [--seed S]');
  process.exit(2);
}

/** Starts the server; the generated objects are garbage once it has copied them. */
async function start(seed: number) {
  const { endpoints, identities, sharedIdentity } = generateCluster(count, seed);
  const server = await startApiServer({ endpoints, identities });
  return { server, endpoints: endpoints.length, identities: identities.length, sharedIdentity };
}

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io';

const { server, ...summary } = await start(Number(values.seed ?? 1));
for (const resource of ['ciliumendpoints', 'ciliumidentities']) {
  for (const accept of ['application/json', TABLE_ACCEPT]) {
    const response = await fetch(`${server.url}/apis/cilium.io/v2/${resource}`, { headers: { Accept: accept } });
    await response.arrayBuffer();
  }
}
const dir = mkdtempSync(join(tmpdir(), 'cv-bench-'));
const kubeconfig = server.writeKubeconfig(dir);
console.log(JSON.stringify({ url: server.url, kubeconfig, ...summary }));

const stop = async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
