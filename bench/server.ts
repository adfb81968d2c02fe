/**
 * Serves a generated cluster of N endpoints (or `demo`: the demo cluster, fixtures/demo/) through the project's local API server (plain HTTP on
 * 127.0.0.1, or HTTPS with a bearer token: --tls) in a process of its own, so the client under test and the server each have a core.
 *
 *   npx tsx bench/server.ts N|demo [--seed S] [--tls]
 *
 * Once it has listed everything once in each representation (the server encodes each object on first use
 * and keeps the encoding, so that no measured run pays for it), it prints one JSON line, {url, kubeconfig,
 * token and ca (with --tls: the bearer token and the CA file), endpoints, identities, sharedIdentity}, and
 * serves until SIGTERM or SIGINT.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startApiServer, testCertPaths } from '../test/support/apiserver/index.js';
import { type Cluster, generateCluster } from './generate.js';

const DEMO = fileURLToPath(new URL('../fixtures/demo', import.meta.url));

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { seed: { type: 'string' }, tls: { type: 'boolean', default: false } },
});
const demo = positionals[0] === 'demo';
const count = Number(positionals[0]);
if (!demo && (!Number.isInteger(count) || count < 0)) {
  console.error('usage: npx tsx bench/server.ts N|demo [--seed S] [--tls]');
  process.exit(2);
}

/** The demo cluster (fixtures/demo/, the spec's 5 endpoints), or N generated endpoints. */
function objects(seed: number): Pick<Cluster, 'endpoints' | 'identities' | 'sharedIdentity'> {
  if (!demo) return generateCluster(count, seed);
  const items = (kind: string) =>
    JSON.parse(readFileSync(join(DEMO, `${kind}.json`), 'utf8')).items as Cluster['endpoints'];
  // who-shares is not run on it: no identity needs naming.
  return {
    endpoints: items('ciliumendpoints'),
    identities: items('ciliumidentities'),
    sharedIdentity: { id: 0, endpoints: 0 },
  };
}

/** Starts the server; the generated objects are garbage once it has copied them. */
async function start(seed: number) {
  const { endpoints, identities, sharedIdentity } = objects(seed);
  const server = await startApiServer(
    values.tls ? { endpoints, identities, tls: true, token: BENCH_TOKEN } : { endpoints, identities },
  );
  return { server, endpoints: endpoints.length, identities: identities.length, sharedIdentity };
}

/** The bearer token an HTTPS server (--tls) requires, as a real cluster's service account token would be. */
const BENCH_TOKEN = 'cilium-view-bench-token';
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io';

const { server, ...summary } = await start(Number(values.seed ?? 1));
for (const resource of ['ciliumendpoints', 'ciliumidentities']) {
  for (const accept of ['application/json', TABLE_ACCEPT]) {
    await warm(`${server.url}/apis/cilium.io/v2/${resource}`, accept);
  }
}
/** One GET, over HTTPS with the token and the test CA where the server is HTTPS. */
function warm(url: string, accept: string): Promise<void> {
  const headers = { Accept: accept, Authorization: `Bearer ${BENCH_TOKEN}` };
  const options = { headers, ca: server.ca };
  return new Promise((resolve, reject) => {
    const request = url.startsWith('https:') ? httpsGet : httpGet;
    request(url, options, (res) => {
      res.resume();
      res.on('end', resolve);
      res.on('error', reject);
    }).on('error', reject);
  });
}

const dir = mkdtempSync(join(tmpdir(), 'cv-bench-'));
const kubeconfig = server.writeKubeconfig(dir);
const credentials = values.tls ? { token: BENCH_TOKEN, ca: testCertPaths.ca } : {};
console.log(JSON.stringify({ url: server.url, kubeconfig, ...credentials, ...summary }));

const stop = async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
