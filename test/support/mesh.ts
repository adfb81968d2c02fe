/**
 * A cluster mesh for tests: the test API server started once per cluster with the objects of
 * fixtures/mesh/<cluster>/, one kubeconfig file per context, and KUBECONFIG naming them all (kubectl's
 * merge). The fixtures: east (cluster ID 1) and west (2) share the workload shop/web; north and south
 * both use cluster ID 3 (a collision).
 */
import { readFileSync } from 'node:fs';
import { GOLDEN_NOW } from '../run-cli.js';
import { type ApiServerOptions, type RunningApiServer, startApiServer } from './apiserver/index.js';

export type MeshFixture = 'east' | 'west' | 'north' | 'south';

export const meshItems = (cluster: MeshFixture, kind: 'ciliumendpoints' | 'ciliumidentities'): unknown[] =>
  (
    JSON.parse(readFileSync(new URL(`../../fixtures/mesh/${cluster}/${kind}.json`, import.meta.url), 'utf8')) as {
      items: unknown[];
    }
  ).items;

export const meshPath = (cluster: MeshFixture): string =>
  new URL(`../../fixtures/mesh/${cluster}/`, import.meta.url).pathname;

export interface MeshContext {
  /** The context's name in the kubeconfig. */
  context: string;
  /** Whose objects it serves (none: no objects). */
  cluster?: MeshFixture;
  /** Server options (crds, fault, token...). */
  server?: ApiServerOptions;
  /** The server is stopped once the kubeconfig is written: connections are refused. */
  down?: boolean;
  /** The token the kubeconfig holds, when not the server's (a wrong one: 401). */
  token?: string;
  /** Serve from the server of an earlier context (same server, same user). */
  sameAs?: string;
}

export interface Mesh {
  servers: Map<string, RunningApiServer>;
  /** KUBECONFIG: every context's file, in the order given. */
  env: { KUBECONFIG: string };
  close(): Promise<void>;
}

export async function startMesh(dir: string, contexts: readonly MeshContext[]): Promise<Mesh> {
  const servers = new Map<string, RunningApiServer>();
  const files: string[] = [];
  const all: RunningApiServer[] = [];
  for (const spec of contexts) {
    let server = spec.sameAs === undefined ? undefined : servers.get(spec.sameAs);
    if (server === undefined) {
      server = await startApiServer({
        endpoints: spec.cluster === undefined ? [] : meshItems(spec.cluster, 'ciliumendpoints'),
        identities: spec.cluster === undefined ? [] : meshItems(spec.cluster, 'ciliumidentities'),
        tls: true,
        token: 'mesh-token',
        now: () => GOLDEN_NOW,
        ...spec.server,
      });
      all.push(server);
    }
    servers.set(spec.context, server);
    const user = spec.sameAs === undefined ? {} : { token: server.token };
    files.push(server.writeKubeconfig(dir, { contextName: spec.context, token: spec.token, ...user }));
    if (spec.down) await server.close();
  }
  return {
    servers,
    env: { KUBECONFIG: files.join(':') },
    close: async () => {
      await Promise.all(all.map((server) => server.close()));
    },
  };
}
