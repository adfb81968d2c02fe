/**
 * `cilium-view who-shares ID | NAMESPACE/POD`: what a security identity is (reserved, well-known, of
 * which cluster, node-local), then every endpoint in every namespace that carries it, as `endpoints -A`
 * prints them; `-o json|yaml` gives `{identity, endpoints}`.
 */

import { ageCell } from '../kube/human-duration.js';
import { layoutLines } from '../kube/tabwriter.js';
import { RuntimeFailure, UsageError } from '../model/errors.js';
import { heartbeatMark, identityNamespace, rawIdentityId, whoShares } from '../model/identity.js';
import { type IdentityFacts, identityFacts } from '../model/identity-facts.js';
import { CILIUM_ENDPOINTS, CILIUM_IDENTITIES } from '../model/resources.js';
import { kubectlJson } from '../print/kubectl-json.js';
import { kubectlYaml } from '../print/kubectl-yaml.js';
import { escapeTerminal } from '../print/sanitize.js';
import { ALL_NAMESPACES, type Source } from '../source/source.js';
import { endpointColumns } from '../view/columns.js';
import { buildTable } from '../view/table.js';
import { type Command, checkFormat } from './command.js';
import { type CommonOptions, open } from './common.js';
import type { Io } from './io.js';
import { isMesh } from './mesh.js';
import { painterFor, writeTable } from './output.js';
import { WHO_SHARES_SPEC } from './specs.js';

/** An identity by number, or the pod whose endpoint's identity is wanted. */
export type WhoSharesTarget = { id: number } | { namespace: string | undefined; pod: string; context?: string };

export interface WhoSharesOptions extends CommonOptions {
  target: WhoSharesTarget;
}

export const whoSharesCommand: Command<WhoSharesOptions> = {
  spec: WHO_SHARES_SPEC,
  validate: (options) => {
    checkFormat(WHO_SHARES_SPEC, options.print.output);
    const { target } = options;
    if (!('pod' in target)) return;
    if (isMesh(options.source) && target.context === undefined) {
      throw new UsageError('with several contexts, name the pod with its context: CONTEXT/NAMESPACE/POD');
    }
    if (!isMesh(options.source) && target.context !== undefined) {
      throw new UsageError('CONTEXT/NAMESPACE/POD needs several contexts (--context a,b or --all-contexts)');
    }
  },
  run,
};

async function run(options: WhoSharesOptions, io: Io): Promise<void> {
  if (isMesh(options.source)) return (await import('./who-shares-mesh.js')).meshWhoShares(options, io);
  const source = await open(options, io);
  const id = 'id' in options.target ? options.target.id : await podIdentity(source, options.target);
  const facts = identityFacts(id, options.ciliumVersion);
  // Only the endpoints carrying the identity are kept as pages arrive; the identity is one GET.
  const [endpointListing, identityListing] = await Promise.all([
    source.list(CILIUM_ENDPOINTS, ALL_NAMESPACES, {
      table: true,
      objects: true,
      keep: (raw) => rawIdentityId(raw) === id,
    }),
    facts.hasCiliumIdentity
      ? source.get(CILIUM_IDENTITIES, { namespace: '', name: String(id) }, { table: false, objects: true })
      : { items: [] },
  ]);
  const sharing = whoShares(id, endpointListing.items, identityListing.items);
  if (sharing.labels.length === 0 && facts.class === 'reserved' && facts.name !== undefined) {
    sharing.labels.push(`reserved:${facts.name}`);
  }
  const { identity } = sharing;
  const explained = facts.class !== 'cluster';
  if (identity === undefined && sharing.endpoints.length === 0 && (!explained || facts.class === 'invalid')) {
    throw new RuntimeFailure(
      facts.class === 'invalid'
        ? `identity ${id} is not one Cilium hands out: ${facts.meaning}`
        : `identity ${id}${facts.clusterId ? ` (of cluster ID ${facts.clusterId})` : ''} not found: no CiliumIdentity named ${id} and no endpoint carries it in ${source.description}`,
    );
  }

  const { output } = options.print;
  if (output.kind === 'json' || output.kind === 'yaml') {
    const document = {
      identity: { ...factsDocument(facts), labels: sharing.labels, object: identity ?? null },
      endpoints: sharing.endpoints,
    };
    io.stdout.write(output.kind === 'json' ? kubectlJson(document) : kubectlYaml(document));
    return;
  }

  const lines: [string, string][] = [
    ['Identity:', String(id)],
    ['Kind:', kindLine(facts)],
  ];
  if (identity !== undefined) {
    lines.push(['Namespace:', identityNamespace(identity) ?? '<none>']);
    lines.push(['Age:', ageCell(identity.metadata.creationTimestamp ?? '', io.now())]);
    const heartbeat = heartbeatMark(identity);
    if (heartbeat !== undefined)
      lines.push(['Unused since:', `${heartbeat} (operator heartbeat: marked for collection)`]);
  } else if (facts.hasCiliumIdentity) {
    lines.push(['CiliumIdentity:', `missing (no object named ${id}; labels below are from the endpoints' status)`]);
  }
  sharing.labels.forEach((label, i) => {
    lines.push([i === 0 ? 'Labels:' : '', label]);
  });
  if (sharing.labels.length === 0) lines.push(['Labels:', '<none>']);
  lines.push(['Endpoints:', String(sharing.endpoints.length)]);
  io.stdout.write(`${layoutLines(lines.map(([key, value]) => `${key}\t${escapeTerminal(value)}`))}\n`);

  if (sharing.endpoints.length === 0) {
    io.stdout.write(`No endpoint uses identity ${id}.\n`);
    return;
  }
  const table =
    endpointListing.table ?? buildTable(sharing.endpoints, endpointColumns(options.ciliumVersion), io.now());
  writeTable(io.stdout, table, options.print, ALL_NAMESPACES, await painterFor(options.print));
}

/** The identity of a pod's endpoint (same name and namespace as the pod). */
export async function podIdentity(
  source: Source,
  target: { namespace: string | undefined; pod: string },
): Promise<number> {
  const namespace = target.namespace ?? source.defaultNamespace;
  const [endpoint] = (
    await source.get(CILIUM_ENDPOINTS, { namespace, name: target.pod }, { table: false, objects: true })
  ).items;
  if (endpoint === undefined) {
    throw new RuntimeFailure(
      `no CiliumEndpoint for pod ${namespace}/${target.pod} in ${source.description}: is the pod running, on a node with Cilium, and not on the host network?`,
    );
  }
  const id = endpoint.status?.identity?.id;
  if (id === undefined) {
    throw new RuntimeFailure(
      `the endpoint of pod ${namespace}/${target.pod} has no identity yet (state ${endpoint.status?.state ?? 'unknown'}); try again once it is ready`,
    );
  }
  return id;
}

export function kindLine(facts: IdentityFacts): string {
  if (facts.class === 'cluster') {
    return facts.clusterId === undefined || facts.clusterId === 0
      ? 'cluster-wide identity (allocated for a label set)'
      : `cluster-wide identity of cluster ID ${facts.clusterId} (cluster mesh: allocated by that cluster)`;
  }
  return facts.meaning;
}

export function factsDocument(facts: IdentityFacts): Record<string, unknown> {
  return {
    id: facts.id,
    class: facts.class,
    ...(facts.name === undefined ? {} : { name: facts.name }),
    meaning: facts.meaning,
    ...(facts.clusterId === undefined ? {} : { clusterId: facts.clusterId }),
  };
}
