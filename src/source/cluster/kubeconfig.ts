/**
 * Finds and loads the kubeconfig the way kubectl does (client-go `clientcmd` loading rules):
 * `--kubeconfig FILE` alone; else every file of `KUBECONFIG` (`:`-separated, missing ones skipped) merged
 * so that the FIRST file to set a cluster, user, context or current-context wins; else `~/.kube/config`;
 * else the pod's service account. Each file is read as client-go reads it (kubeconfig-file.ts); client-node
 * does the authentication; the merge is ours, because client-node's default loader lets the last file's
 * current-context win.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { RuntimeFailure } from '../../model/errors.js';
import { checkAuthProvider, loadFile, readTokenFile } from './kubeconfig-file.js';

type ClientNode = typeof import('@kubernetes/client-node/dist/config.js');

export interface KubeconfigFlags {
  kubeconfig: string | undefined;
  context: string | undefined;
}

export interface LoadedConfig {
  config: KubeConfig;
  /** Where it came from, for messages: file paths or `the pod's service account`. */
  origin: string;
  contextName: string;
  /** The context's namespace, else the service account's, else `default`. */
  namespace: string;
}

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

export function loadKubeconfig(
  k8s: ClientNode,
  flags: KubeconfigFlags,
  env: Readonly<Record<string, string | undefined>>,
): LoadedConfig {
  const { config, origin, inCluster } = locate(k8s, flags, env);
  if (flags.context !== undefined) {
    if (config.getContextObject(flags.context) === null) {
      throw new RuntimeFailure(
        `context "${flags.context}" not found in ${origin}; the contexts there are: ${contextNames(config)}`,
      );
    }
    config.setCurrentContext(flags.context);
  }
  const contextName = config.getCurrentContext();
  const context = contextName ? config.getContextObject(contextName) : null;
  if (context === null) {
    throw new RuntimeFailure(
      contextName
        ? `current-context "${contextName}" is not defined in ${origin}; pass --context NAME (contexts: ${contextNames(config)})`
        : `${origin} has no current-context; pass --context NAME (contexts: ${contextNames(config)})`,
    );
  }
  if (config.getCurrentCluster() === null) {
    throw new RuntimeFailure(
      `context "${contextName}" names cluster "${context.cluster}", which ${origin} does not define`,
    );
  }
  checkAuthProvider(config);
  readTokenFile(config, origin);
  const serviceAccountNamespace = inCluster ? readOptional(join(SERVICE_ACCOUNT, 'namespace'))?.trim() : undefined;
  return { config, origin, contextName, namespace: context.namespace || serviceAccountNamespace || 'default' };
}

export function locate(
  k8s: ClientNode,
  flags: KubeconfigFlags,
  env: Readonly<Record<string, string | undefined>>,
): { config: KubeConfig; origin: string; inCluster: boolean } {
  if (flags.kubeconfig !== undefined) {
    return { config: loadFile(k8s, flags.kubeconfig, '--kubeconfig'), origin: flags.kubeconfig, inCluster: false };
  }
  const list = (env.KUBECONFIG ?? '').split(':').filter((path) => path !== '');
  if (list.length > 0) {
    const present = list.filter((path) => existsSync(path));
    if (present.length === 0) {
      throw new RuntimeFailure(
        `no kubeconfig found: none of the files in KUBECONFIG exists (${list.join(':')}); fix KUBECONFIG or pass --kubeconfig FILE`,
      );
    }
    const merged = mergeFirstWins(
      k8s,
      present.map((path) => loadFile(k8s, path, 'KUBECONFIG')),
    );
    return { config: merged, origin: present.join(':'), inCluster: false };
  }
  const home = env.HOME ?? env.USERPROFILE;
  const standard = home === undefined ? undefined : join(home, '.kube', 'config');
  if (standard !== undefined && existsSync(standard)) {
    return { config: loadFile(k8s, standard, 'the default kubeconfig'), origin: standard, inCluster: false };
  }
  if (env.KUBERNETES_SERVICE_HOST !== undefined && existsSync(join(SERVICE_ACCOUNT, 'token'))) {
    const config = new k8s.KubeConfig();
    config.loadFromCluster();
    return { config, origin: "the pod's service account", inCluster: true };
  }
  throw new RuntimeFailure(
    `no kubeconfig found: no --kubeconfig, no KUBECONFIG, no ${standard ?? '~/.kube/config'}, and not running in a pod; point at a cluster with --kubeconfig FILE, or read files with --from PATH or --demo`,
  );
}

/** kubectl's merge: for every named cluster, user and context, and for current-context, the first file wins. */
function mergeFirstWins(k8s: ClientNode, configs: KubeConfig[]): KubeConfig {
  const firstByName = <T extends { name: string }>(lists: T[][]): T[] => {
    const seen = new Map<string, T>();
    for (const item of lists.flat()) if (!seen.has(item.name)) seen.set(item.name, item);
    return [...seen.values()];
  };
  const merged = new k8s.KubeConfig();
  merged.loadFromOptions({
    clusters: firstByName(configs.map((c) => c.clusters)),
    users: firstByName(configs.map((c) => c.users)),
    contexts: firstByName(configs.map((c) => c.contexts)),
    currentContext: configs.map((c) => c.currentContext).find((name) => name !== undefined && name !== '') ?? '',
  });
  return merged;
}

function contextNames(config: KubeConfig): string {
  const names = config.getContexts().map((context) => context.name);
  return names.length > 0 ? names.join(', ') : '(none)';
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
