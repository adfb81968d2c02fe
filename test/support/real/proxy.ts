/**
 * An HTTPS reverse proxy in front of a real kube-apiserver, with the same serving certificate, that can
 * hold a request before passing it on: the moment for the test to change the cluster under a client
 * (compact etcd between two pages of a list). Everything else passes through unchanged, both ways.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createServer, request as httpsRequest, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { RealCluster } from './cluster.js';

export interface RunningProxy {
  url: string;
  /** A kubeconfig for the proxy, the admin's token. */
  kubeconfig: string;
  /** Every request, in arrival order. */
  requests: Array<{ url: string; userAgent: string }>;
  close(): Promise<void>;
}

/** `hold` may return a promise: the request waits for it before it goes on to the server. */
export async function startProxy(
  cluster: RealCluster,
  hold: (request: IncomingMessage) => Promise<void> | undefined,
): Promise<RunningProxy> {
  const requests: RunningProxy['requests'] = [];
  const server: Server = createServer(
    { cert: readFileSync(cluster.serving.cert), key: readFileSync(cluster.serving.key) },
    (incoming, outgoing) => {
      requests.push({ url: incoming.url ?? '', userAgent: incoming.headers['user-agent'] ?? '' });
      const forward = () => {
        const upstream = httpsRequest(
          new URL(incoming.url ?? '/', cluster.url),
          { method: incoming.method, headers: incoming.headers, ca: cluster.ca },
          (answer) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          },
        );
        upstream.on('error', () => outgoing.destroy());
        incoming.pipe(upstream);
      };
      const waiting = hold(incoming);
      if (waiting) waiting.then(forward, () => outgoing.destroy());
      else forward();
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = join(cluster.tempDir(), 'proxy.kubeconfig.yaml');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'proxy',
        cluster: { server: url, 'certificate-authority-data': Buffer.from(cluster.ca).toString('base64') },
      },
    ],
    users: [{ name: 'admin', user: { token: cluster.adminToken } }],
    contexts: [{ name: 'proxy', context: { cluster: 'proxy', user: 'admin' } }],
    'current-context': 'proxy',
  };
  writeFileSync(kubeconfig, stringify(config));
  return {
    url,
    kubeconfig,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
