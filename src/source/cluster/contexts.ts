/**
 * The contexts of the kubeconfig (as kubectl loads it, KUBECONFIG merge included), in its order, with
 * where each points: several contexts are read at once (`--context a,b`, `--all-contexts`), and two that
 * reach the same server as the same user are read once.
 */
import { RuntimeFailure } from '../../model/errors.js';
import { type KubeconfigFlags, locate } from './kubeconfig.js';

export interface ContextTarget {
  name: string;
  /** The server URL and the user's name: two contexts with the same target read the same objects. */
  server: string | undefined;
  user: string | undefined;
}

/** The named contexts (all of them for 'all'), each checked to exist. */
export async function kubeconfigContexts(
  kubeconfig: KubeconfigFlags['kubeconfig'],
  wanted: readonly string[] | 'all',
  env: Readonly<Record<string, string | undefined>>,
): Promise<ContextTarget[]> {
  const k8s = await import('@kubernetes/client-node');
  const { config, origin } = locate(k8s, { kubeconfig, context: undefined }, env);
  const contexts = config.getContexts();
  const names = wanted === 'all' ? contexts.map((c) => c.name) : wanted;
  if (names.length === 0) throw new RuntimeFailure(`${origin} has no contexts`);
  return names.map((name) => {
    const context = contexts.find((c) => c.name === name);
    if (context === undefined) {
      const known = contexts.map((c) => c.name).join(', ') || '(none)';
      throw new RuntimeFailure(`context "${name}" not found in ${origin}; the contexts there are: ${known}`);
    }
    return { name, server: config.getCluster(context.cluster)?.server, user: context.user };
  });
}
