/**
 * Several clusters at once (issue 13): `endpoints -A --all-contexts` against each context alone. The
 * contexts are listed concurrently, so the wall time of all of them should stay within 1.3x that of the
 * slowest alone.
 *
 *   npm run build && npx tsx bench/mesh.ts [--sizes 2000,4000,8000] [--runs 3] [--latency 20]
 *
 * Each cluster is a generated one served by bench/server.ts in a process of its own; in front of each, a
 * proxy here holds every request for `--latency` milliseconds before passing it on, as the round trip
 * to a remote API server would (0: loopback only, where the client's and servers' CPU on a small shared
 * machine decides). Prints, per latency, the median wall time of each context alone, of all together,
 * and the ratio of together to the slowest alone, against the 1.3 target.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { testCertPaths } from '../test/support/apiserver/index.js';
import { type Cluster, measure, REPO, startCluster } from './measure.js';
import { median } from './report.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '2000,4000,8000' },
    runs: { type: 'string', default: '3' },
    latency: { type: 'string', default: '0,20' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const latencies = values.latency.split(',').map(Number);
const BIN = join(REPO, 'bin', 'cilium-view.js');

/**
 * A proxy on 127.0.0.1 that passes each request to `target` after `delayMs`. The servers are HTTPS with a
 * bearer token, as a real cluster is (a token is never sent over plain http://), so the proxy is too:
 * it answers with the test server's certificate and calls the server with the test CA.
 */
async function delayingProxy(target: string, delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const agent = new https.Agent({ keepAlive: true, ca: readFileSync(testCertPaths.ca) });
  const server = https.createServer(
    { cert: readFileSync(testCertPaths.serverCert), key: readFileSync(testCertPaths.serverKey) },
    (req, res) => {
      setTimeout(() => {
        const forward = https.request(
          {
            host: upstream.hostname,
            port: upstream.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
            agent,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.on('error', () => res.destroy());
        req.pipe(forward);
      }, delayMs);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One kubeconfig file per cluster, its context named `cluster-N`, its server the proxy. */
function kubeconfigFor(dir: string, cluster: Cluster, name: string, server: string): string {
  const config = parse(readFileSync(cluster.kubeconfig, 'utf8'));
  config.clusters[0].cluster.server = server;
  config.clusters[0].name = `${name}-cluster`;
  config.users[0].name = `${name}-user`;
  config.contexts[0] = { name, context: { cluster: `${name}-cluster`, user: `${name}-user` } };
  config['current-context'] = name;
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(config));
  return file;
}

async function wall(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await measure([process.execPath, BIN, ...args], { env, timeoutMs: 300_000 });
    if (run.code !== 0) throw new Error(`cilium-view ${args.join(' ')} failed: ${run.firstStderrLine}`);
    times.push(run.wall);
  }
  return median(times);
}

const dir = mkdtempSync(join(tmpdir(), 'cv-bench-mesh-'));
const clusters = await Promise.all(sizes.map((size) => startCluster(size)));
try {
  console.log(
    `| latency | ${sizes.map((s, i) => `cluster-${i} (${s}) alone`).join(' | ')} | all together | together / slowest |`,
  );
  console.log(`|---|${sizes.map(() => '---|').join('')}---|---|`);
  for (const latency of latencies) {
    const proxies = await Promise.all(clusters.map((cluster) => delayingProxy(cluster.url, latency)));
    const names = clusters.map((_, i) => `cluster-${i}`);
    const files = clusters.map((cluster, i) => kubeconfigFor(dir, cluster, names[i] as string, proxies[i]?.url ?? ''));
    const env = { ...process.env, KUBECONFIG: files.join(':') };
    const alone: number[] = [];
    for (const name of names) alone.push(await wall(['endpoints', '-A', '--context', name], env));
    const together = await wall(['endpoints', '-A', '--all-contexts'], env);
    const ratio = together / Math.max(...alone);
    console.log(
      `| ${latency} ms | ${alone.map((t) => `${t.toFixed(2)} s`).join(' | ')} | ${together.toFixed(2)} s | ${ratio.toFixed(2)} (target <= 1.3) |`,
    );
    await Promise.all(proxies.map((proxy) => proxy.close()));
  }
} finally {
  await Promise.all(clusters.map((cluster) => cluster.stop()));
  rmSync(dir, { recursive: true, force: true });
}
