/**
 * The live-cluster source. It asks for what kubectl asks for, a server-side Table, but with
 * `includeObject=Object`, so one paged list gives both kubectl's exact cells (columns of the cluster's
 * own CRD version, AGE on the server's clock) and the full objects the join needs. A server that
 * answers with a plain list gets the columns of its CRD (`additionalPrinterColumns`), else the built-in
 * set. @kubernetes/client-node (kubeconfig, authentication, TLS) is loaded on this path only.
 */
import type { Agent } from 'node:http';
import { RuntimeFailure } from '../../model/errors.js';
import { namespaceIn, type Source } from '../source.js';
import { ApiClient, type ClusterFlags, type ClusterIo, type Connection, JSON_ACCEPT } from './client.js';
import { httpGet } from './http.js';
import { loadKubeconfig } from './kubeconfig.js';
import { credentialFailure, serverUrl } from './kubeconfig-file.js';
import { getOne, listAll } from './pager.js';
import { NAMESPACES } from './request.js';
import { checkTlsMaterial, type TlsMaterial } from './tls-material.js';
import { watch } from './watch.js';

export type { ClusterFlags, ClusterIo } from './client.js';

export async function openClusterSource(flags: ClusterFlags, io: ClusterIo): Promise<Source> {
  const { connection, namespace } = await connect(flags, io);
  const client = new ApiClient(connection, flags, io);
  return {
    description: `context "${connection.contextName}" (${connection.server.origin})`,
    live: true,
    defaultNamespace: namespace,
    list: (type, scope, request) => listAll(client, type, namespaceIn(type, scope), request),
    get: (type, ref, request) => getOne(client, type, type.namespaced ? ref.namespace : undefined, ref.name, request),
    watch: (type, scope, request, handlers, signal) =>
      watch(client, type, namespaceIn(type, scope), request, handlers, signal),
    namespaceExists: (name) => namespaceExists(client, name),
  };
}

/** The kubeconfig's current context as a connection: server, TLS agent, authentication headers. */
async function connect(flags: ClusterFlags, io: ClusterIo): Promise<{ connection: Connection; namespace: string }> {
  const k8s = await import('@kubernetes/client-node/dist/config.js');
  const loaded = loadKubeconfig(k8s, flags, io.env);
  const { config, contextName } = loaded;
  const cluster = config.getCurrentCluster();
  if (cluster === null) throw new RuntimeFailure(`context "${contextName}" has no cluster`);
  const server = serverUrl(cluster.server, cluster.name, loaded.origin);
  const skipVerify = flags.insecureSkipTlsVerify || cluster.skipTLSVerify;
  if (skipVerify && server.protocol === 'https:') {
    io.warn(`TLS verification is off for ${server.origin}: the server's certificate is not checked`);
  }
  // client-node refuses plain-HTTP servers unless TLS verification is "skipped", which means nothing there.
  const effective = { ...cluster, skipTLSVerify: skipVerify || server.protocol === 'http:' };
  config.clusters = config.clusters.map((c) => (c.name === cluster.name ? effective : c));

  const options: { headers?: Record<string, string>; agent?: Agent } = {};
  try {
    await config.applyToHTTPSOptions(options);
  } catch (error) {
    throw new RuntimeFailure(
      `cannot authenticate as the user of context "${contextName}": ${credentialFailure(error, config.getCurrentUser()?.exec)}; check the user's credentials in ${loaded.origin}`,
    );
  }
  if (options.agent !== undefined && server.protocol === 'https:') {
    checkTlsMaterial((options.agent as Agent & { options: TlsMaterial }).options, contextName, loaded.origin);
  }
  const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k, String(v)]));
  if (server.protocol === 'http:' && headers.Authorization !== undefined) {
    // client-go sends no bearer token over plain HTTP: anyone on the path could read it.
    delete headers.Authorization;
    io.warn(
      `not sending the credentials of context "${contextName}" to ${server.origin}: the server URL is plain http:// (kubectl does not send them either); use https://`,
    );
  }
  // One connection for all the pages, as kubectl keeps it (client-node's agent closes each socket).
  if (options.agent !== undefined) (options.agent as Agent & { keepAlive: boolean }).keepAlive = true;
  const connection: Connection = {
    server,
    contextName,
    requestTimeoutMs: flags.requestTimeoutMs,
    agent: options.agent,
    headers,
  };
  return { connection, namespace: loaded.namespace };
}

/** Whether a namespace exists (kubectl asks after a NotFound by name); undefined when it cannot tell. */
async function namespaceExists(client: ApiClient, name: string): Promise<boolean | undefined> {
  const url = client.url({ verb: 'get', resource: NAMESPACES, namespace: undefined, name });
  const response = await httpGet(url, {
    agent: client.connection.agent,
    headers: client.headers(JSON_ACCEPT),
    timeoutMs: client.flags.requestTimeoutMs,
  }).catch(() => undefined);
  client.io.debug?.(`GET ${url.pathname} -> ${response?.status ?? 'failed'}`);
  return response?.status === 200 ? true : response?.status === 404 ? false : undefined;
}
