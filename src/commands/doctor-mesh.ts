/**
 * `doctor` over several clusters (issue 13): every single-cluster report, per context, then a Cluster
 * Mesh section: each context's cluster name (the io.cilium.k8s.policy.cluster label) and cluster ID (the
 * range its global identities fall in), its headroom, and the mesh's checks (model/mesh.ts). Exit 3 when
 * a context's report or the mesh has a problem; exit 1 when a context could not be read.
 */
import { type DoctorReport, diagnose } from '../model/health.js';
import {
  type ClusterFacts,
  clusterFacts,
  type MeshCheck,
  type MeshCluster,
  meshChecks,
  meshCluster,
} from '../model/mesh.js';
import { CILIUM_ENDPOINTS, CILIUM_IDENTITIES } from '../model/resources.js';
import { renderReport, reportJson, type Section } from '../print/report.js';
import { ALL_NAMESPACES } from '../source/source.js';
import { type DoctorOptions, ProblemsFound, sections } from './doctor.js';
import type { Io } from './io.js';
import { eachMember, MembersFailed, succeeded } from './mesh.js';

interface MemberReport {
  report: DoctorReport;
  cluster: ClusterFacts;
}

export async function meshDoctor(options: DoctorOptions, io: Io): Promise<void> {
  const outcomes = await eachMember(options, io, async ({ name, source }, own): Promise<MemberReport> => {
    const [endpoints, identities] = await Promise.all([
      source.list(CILIUM_ENDPOINTS, ALL_NAMESPACES, { table: false, objects: true }),
      source.list(CILIUM_IDENTITIES, ALL_NAMESPACES, { table: false, objects: true }),
    ]);
    return {
      report: diagnose(endpoints.items, identities.items, own.ciliumVersion, io.now()),
      cluster: clusterFacts(name, identities.items, own.ciliumVersion),
    };
  });
  const members = succeeded(outcomes);
  const checks = meshChecks(members.map(({ value }) => value.cluster));
  const clusters = members.map(({ value }) => meshCluster(value.cluster, value.report.headroom));
  const problems = [
    ...members.flatMap(({ name, value }) =>
      value.report.checks.filter((c) => c.status === 'problem').map((c) => `${name}: ${c.name}`),
    ),
    ...checks.filter((c) => c.status === 'problem').map((c) => `mesh: ${c.name}`),
  ];
  if (options.print.output.kind === 'json') {
    io.stdout.write(
      reportJson({
        healthy: problems.length === 0,
        contexts: members.map(({ name, value }) => ({ context: name, report: value.report })),
        mesh: { clusters, checks },
      }),
    );
  } else {
    const version = `${options.ciliumVersion.major}.${options.ciliumVersion.minor}`;
    const perContext = members.flatMap(({ name, value }) =>
      sections(value.report, version, io.now())
        .slice(0, -1)
        .map((section) => ({ ...section, title: `${name}: ${section.title}` })),
    );
    const warnings =
      members.reduce((n, { value }) => n + value.report.checks.filter((c) => c.status === 'warning').length, 0) +
      checks.filter((c) => c.status === 'warning').length;
    const text = await renderReport([...perContext, ...meshSections(clusters, checks, problems.length, warnings)], {
      tty: io.isTTY,
      color: options.print.color,
    });
    io.stdout.write(text);
  }
  const failures = outcomes.flatMap((o) => ('failure' in o ? [o.failure] : []));
  if (failures.length > 0) {
    throw new MembersFailed(problems.length > 0 ? [...failures, new ProblemsFound(problems).message] : failures);
  }
  if (problems.length > 0) throw new ProblemsFound(problems);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function meshSections(
  clusters: readonly MeshCluster[],
  checks: readonly MeshCheck[],
  problems: number,
  warnings: number,
): Section[] {
  const worst = checks.some((c) => c.status === 'problem')
    ? 'problem'
    : checks.some((c) => c.status === 'warning')
      ? 'warning'
      : 'ok';
  return [
    {
      title: 'Cluster mesh',
      tone: worst,
      table: {
        head: ['CONTEXT', 'CLUSTER NAME', 'CLUSTER ID', 'USED', 'USE'],
        rows: clusters.map((c) => [
          c.context,
          c.clusterName ?? '<none>',
          c.clusterId === null ? '<unknown>' : String(c.clusterId),
          c.headroom === null ? '-' : String(c.headroom.used),
          c.headroom === null ? '-' : `${c.headroom.percent}% of ${c.headroom.allocatable.toLocaleString('en-US')}`,
        ]),
      },
      notes: [
        'CLUSTER NAME: the io.cilium.k8s.policy.cluster label of its identities; CLUSTER ID: ID >> 16 & 0xFF of its',
        'global identities (max-connected-clusters=255, the default).',
      ],
    },
    {
      title: 'Cluster mesh checks',
      tone: worst,
      table: {
        head: ['CHECK', 'STATUS', 'DETAIL'],
        rows: checks.map((c) => [c.name, { text: c.status, tone: c.status }, c.message]),
      },
    },
    {
      title: `Result: ${problems === 0 ? 'healthy' : `${plural(problems, 'problem')} (exit 3)`}, ${plural(warnings, 'warning')}`,
      tone: problems > 0 ? 'problem' : warnings > 0 ? 'warning' : 'ok',
    },
  ];
}
