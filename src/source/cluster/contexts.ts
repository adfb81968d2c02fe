/**
 * The contexts of the kubeconfig (as kubectl loads it, KUBECONFIG merge included), in its order, with
 * where each points: several contexts are read at once (`--context a,b`, `--all-contexts`), and two that
 * reach the same server as the same user are read once.
 */
import { RuntimeFailure } from '../../model/errors.js';
import { type KubeconfigFlags, locate } from './kubeconfig.js';

export interface ContextTarget {
  name: string;
  /**
   * The server, the user (its entry without its name: two names for the same credentials are the same
   * user) and the namespace: two contexts with the same target read the same objects. Compared, never shown.
   */
  target: string | undefined;
}

/** The named contexts (all of them for 'all'), each checked to exist. */
/** JSON with the keys of objects in order, so that equal entries give equal text. */
function sorted(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export async function kubeconfigContexts(
  kubeconfig: KubeconfigFlags['kubeconfig'],
  wanted: readonly string[] | 'all',
  env: Readonly<Record<string, string | undefined>>,
): Promise<ContextTarget[]> {
  const k8s = await import('@kubernetes/client-node/dist/config.js');
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
    const server = config.getCluster(context.cluster)?.server;
    const { name: _, ...user } = config.getUser(context.user) ?? { name: '' };
    const target = server === undefined ? undefined : JSON.stringify([server, user, context.namespace ?? ''], sorted);
    return { name, target };
  });
}
