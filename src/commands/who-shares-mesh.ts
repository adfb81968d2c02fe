/**
 * `who-shares` over several clusters (issue 13): in each cluster, the CiliumIdentity named ID and the
 * endpoints that carry it; the cluster ID the number encodes and which context has that cluster ID; and
 * the equivalents, the identities of the other clusters with the same security labels once
 * io.cilium.k8s.policy.cluster is set aside (the same workload's identity there), with their endpoint
 * counts. `-o json|yaml`: per context the single-cluster document and its equivalents.
 */
import { layoutLines } from '../kube/tabwriter.js';
import { RuntimeFailure } from '../model/errors.js';
import { endpointIdentityId, identityLabels, rawIdentityId, sortedLabels } from '../model/identity.js';
import { type IdentityFacts, identityFacts } from '../model/identity-facts.js';
import { CLUSTER_LABEL, type ClusterFacts, clusterFacts, workloadKey } from '../model/mesh.js';
import { CILIUM_ENDPOINTS, CILIUM_IDENTITIES } from '../model/resources.js';
import type { CiliumEndpoint, CiliumIdentity } from '../model/schema.js';
import { kubectlJson } from '../print/kubectl-json.js';
import { kubectlYaml } from '../print/kubectl-yaml.js';
import { escapeTerminal } from '../print/sanitize.js';
import { printTable } from '../print/table-printer.js';
import { ALL_NAMESPACES, type Source } from '../source/source.js';
import { endpointColumns } from '../view/columns.js';
import { buildTable, type Table } from '../view/table.js';
import { mergeTables } from './get-mesh.js';
import type { Io } from './io.js';
import {
  MembersFailed,
  type OpenMember,
  type Outcome,
  openMembers,
  readMembers,
  succeeded,
  throwFailures,
} from './mesh.js';
import { painterFor, tablePrintOptions } from './output.js';
import { factsDocument, kindLine, podIdentity, type WhoSharesOptions, type WhoSharesTarget } from './who-shares.js';

interface InCluster {
  identity: CiliumIdentity | undefined;
  endpoints: CiliumEndpoint[];
  table: Table;
  /** Endpoints per identity ID. */
  counts: Map<string, number>;
  identities: CiliumIdentity[];
  cluster: ClusterFacts;
}

export async function meshWhoShares(options: WhoSharesOptions, io: Io): Promise<void> {
  const opened = await openMembers(options, io);
  const id = 'id' in options.target ? options.target.id : await podIn(opened, options.target);
  const outcomes = await readMembers(opened, ({ name, source, options: own }) => read(source, id, name, own, io.now()));
  const members = succeeded(outcomes);
  const facts = identityFacts(id, options.ciliumVersion);
  const owner = members.find(({ value }) => value.identity !== undefined);
  const carried = members.some(({ value }) => value.endpoints.length > 0);
  if (
    owner === undefined &&
    !carried &&
    members.length > 0 &&
    (facts.class === 'cluster' || facts.class === 'invalid')
  ) {
    throwFailures(outcomes, [
      `error: identity ${id}${facts.clusterId ? ` (of cluster ID ${facts.clusterId})` : ''} not found: no CiliumIdentity named ${id} and no endpoint carries it in contexts ${members.map((m) => `"${m.name}"`).join(', ')}`,
    ]);
  }
  const labels =
    owner?.value.identity !== undefined
      ? identityLabels(owner.value.identity)
      : sortedLabels(members.flatMap(({ value }) => value.endpoints)[0]?.status?.identity?.labels ?? []);
  const key = labels.filter((label) => !label.startsWith(`k8s:${CLUSTER_LABEL}`)).join(',');
  const clusterIdContexts = members
    .filter(
      ({ value }) =>
        value.cluster.clusterIds.length === 1 && value.cluster.clusterIds[0]?.clusterId === facts.clusterId,
    )
    .map(({ name }) => name);
  const perContext = members.map(({ name, value }) => ({
    context: name,
    identity: value.identity ?? null,
    endpoints: value.endpoints,
    equivalents: value.identities
      .filter((identity) => identity.metadata.name !== String(id) && labels.length > 0 && workloadKey(identity) === key)
      .map((identity) => ({
        id: Number(identity.metadata.name),
        clusterId: identityFacts(Number(identity.metadata.name), options.ciliumVersion).clusterId ?? null,
        endpoints: value.counts.get(identity.metadata.name) ?? 0,
      })),
  }));

  const { output } = options.print;
  if (output.kind === 'json' || output.kind === 'yaml') {
    const document = {
      identity: { ...factsDocument(facts), labels, clusterIdContexts },
      contexts: perContext,
    };
    io.stdout.write(output.kind === 'json' ? kubectlJson(document) : kubectlYaml(document));
  } else {
    await printText(options, { id, facts, labels, clusterIdContexts, perContext, members }, io);
  }
  throwFailures(outcomes);
}

/** The identity of CONTEXT/NAMESPACE/POD, read in that context before the others are listed. */
async function podIn(
  opened: readonly Outcome<OpenMember<WhoSharesOptions>>[],
  target: Extract<WhoSharesTarget, { pod: string }>,
): Promise<number> {
  const member = opened.find((o) => o.name === target.context);
  if (member === undefined) {
    const names = opened.map((o) => `"${o.name}"`).join(', ');
    throw new RuntimeFailure(
      `context "${target.context}" of ${target.context}/${target.namespace}/${target.pod} is not one of the contexts read: ${names}`,
    );
  }
  if (!('value' in member)) throw new MembersFailed([member.failure]);
  return podIdentity(member.value.source, target);
}

/** One cluster: the identity object, the endpoints carrying the ID, every identity and how many endpoints each has. */
async function read(
  source: Source,
  id: number,
  name: string,
  options: WhoSharesOptions,
  now: Date,
): Promise<InCluster> {
  const counts = new Map<string, number>();
  const [endpoints, identities] = await Promise.all([
    source.list(CILIUM_ENDPOINTS, ALL_NAMESPACES, {
      table: true,
      objects: true,
      keep: (raw) => {
        const carried = rawIdentityId(raw);
        counts.set(String(carried), (counts.get(String(carried)) ?? 0) + 1);
        return carried === id;
      },
    }),
    source.list(CILIUM_IDENTITIES, ALL_NAMESPACES, { table: false, objects: true }),
  ]);
  return {
    identity: identities.items.find((identity) => identity.metadata.name === String(id)),
    endpoints: endpoints.items.filter((endpoint) => endpointIdentityId(endpoint) === id),
    table: endpoints.table ?? buildTable(endpoints.items, endpointColumns(options.ciliumVersion), now),
    counts,
    identities: identities.items,
    cluster: clusterFacts(name, identities.items, options.ciliumVersion),
  };
}

interface Found {
  id: number;
  facts: IdentityFacts;
  labels: string[];
  clusterIdContexts: string[];
  perContext: {
    context: string;
    identity: CiliumIdentity | null;
    endpoints: CiliumEndpoint[];
    equivalents: { id: number; clusterId: number | null; endpoints: number }[];
  }[];
  members: { name: string; value: InCluster }[];
}

async function printText(options: WhoSharesOptions, found: Found, io: Io): Promise<void> {
  const { id, facts, labels, clusterIdContexts, perContext, members } = found;
  const lines: [string, string][] = [
    ['Identity:', String(id)],
    ['Kind:', kindLine(facts)],
  ];
  if (facts.clusterId !== undefined) {
    const where =
      clusterIdContexts.length === 0
        ? 'no context read has it'
        : `the cluster ID of ${clusterIdContexts.map((c) => `context "${c}"`).join(', ')}`;
    lines.push(['Cluster ID:', `${facts.clusterId}: ${where}`]);
  }
  labels.forEach((label, i) => {
    lines.push([i === 0 ? 'Labels:' : '', label]);
  });
  if (labels.length === 0) lines.push(['Labels:', '<none>']);
  io.stdout.write(`${layoutLines(lines.map(([k, v]) => `${k}\t${escapeTerminal(v)}`))}\n`);

  const paint = await painterFor(options.print);
  const table = (columns: string[], rows: (string | number)[][]) =>
    printTable(
      {
        columns: columns.map((name) => ({ name, type: 'string', format: '', description: '', priority: 0 })),
        rows: rows.map((cells) => ({ cells, namespace: undefined, labels: {} })),
      },
      { ...tablePrintOptions(options.print, undefined, paint), noHeaders: false },
    );
  io.stdout.write('In each cluster:\n');
  io.stdout.write(
    table(
      ['Context', 'Cluster', 'CiliumIdentity', 'Endpoints'],
      perContext.map((c, i) => [
        c.context,
        members[i]?.value.cluster.names[0] ?? '<none>',
        c.identity === null ? 'none' : c.identity.metadata.name,
        c.endpoints.length,
      ]),
    ),
  );
  const carrying = mergeTables(
    members.filter(({ value }) => value.table.rows.length > 0).map(({ name, value }) => ({ name, table: value.table })),
  );
  if (carrying.rows.length > 0) {
    io.stdout.write(`\nEndpoints with identity ${id}:\n`);
    io.stdout.write(
      printTable(carrying, { ...tablePrintOptions(options.print, ALL_NAMESPACES, paint), withContext: true }),
    );
  }
  const equivalents = perContext.flatMap((c) =>
    c.equivalents.map((e) => [c.context, e.clusterId ?? '-', e.id, e.endpoints]),
  );
  io.stdout.write(`\nThe same workload in other clusters (the same security labels, ${CLUSTER_LABEL} aside):\n`);
  io.stdout.write(
    equivalents.length === 0 ? 'none\n' : table(['Context', 'Cluster ID', 'Identity', 'Endpoints'], equivalents),
  );
}
