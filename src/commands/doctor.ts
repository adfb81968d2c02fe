/**
 * `cilium-view doctor`: one health report over every endpoint and identity (model/health.ts has the
 * rules). Exit 0 when healthy; when it finds problems it prints the report and then throws
 * ProblemsFound (exit 3), so it can gate CI or alerting.
 */

import { ageCell } from '../kube/human-duration.js';
import { CliError } from '../model/errors.js';
import {
  type DoctorReport,
  diagnose,
  ENDPOINT_BUCKETS,
  type Headroom,
  overLimit,
  type Status,
} from '../model/health.js';
import { CILIUM_ENDPOINTS, CILIUM_IDENTITIES } from '../model/resources.js';
import { renderReport, reportJson, type Section } from '../print/report.js';
import { ALL_NAMESPACES } from '../source/source.js';
import { type Command, checkFormat } from './command.js';
import { type CommonOptions, open } from './common.js';
import type { Io } from './io.js';
import { isMesh } from './mesh.js';
import { DOCTOR_SPEC } from './specs.js';

/** doctor has no flags of its own; a terminal (`io.isTTY`) gets tables, `print.color` colours them. */
export type DoctorOptions = CommonOptions;

export const DOCTOR_PROBLEMS_EXIT = 3;

/** The report found problems: it was printed; this is the one line on stderr and exit 3. */
export class ProblemsFound extends CliError {
  override name = 'ProblemsFound';
  constructor(checks: readonly string[]) {
    super(`doctor: problems found: ${checks.join(', ')}`, DOCTOR_PROBLEMS_EXIT, true);
  }
}

export const doctorCommand: Command<DoctorOptions> = {
  spec: DOCTOR_SPEC,
  validate: (options) => checkFormat(DOCTOR_SPEC, options.print.output),
  run,
};

async function run(options: DoctorOptions, io: Io): Promise<void> {
  if (isMesh(options.source)) return (await import('./doctor-mesh.js')).meshDoctor(options, io);
  const source = await open(options, io);
  const [endpoints, identities] = await Promise.all([
    source.list(CILIUM_ENDPOINTS, ALL_NAMESPACES, { table: false, objects: true }),
    source.list(CILIUM_IDENTITIES, ALL_NAMESPACES, { table: false, objects: true }),
  ]);
  const report = diagnose(endpoints.items, identities.items, options.ciliumVersion, io.now());
  const version = `${options.ciliumVersion.major}.${options.ciliumVersion.minor}`;
  io.stdout.write(
    options.print.output.kind === 'json'
      ? reportJson(report)
      : await renderReport(sections(report, version, io.now()), { tty: io.isTTY, color: options.print.color }),
  );
  const problems = report.checks.filter((check) => check.status === 'problem').map((check) => check.name);
  if (problems.length > 0) throw new ProblemsFound(problems);
}

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A section's title with its count, red or yellow when the count is not 0. */
const counted = (title: string, count: number, status: Status): Pick<Section, 'title' | 'tone'> => ({
  title: `${title} (${count})`,
  tone: count === 0 ? 'ok' : status,
});

function limit({ clusterId, first, last }: Headroom): string {
  const range = `IDs ${first}-${last}`;
  return clusterId === 0 ? `${range} (1-255 are reserved)` : `${range} (cluster ID ${clusterId} of a cluster mesh)`;
}

export function sections(report: DoctorReport, version: string, now: Date): Section[] {
  const { endpoints, identities, unused, dangling, duplicates, headroom, checks } = report;
  const check = (name: string) => checks.find((c) => c.name === name)?.status ?? 'ok';
  const problems = checks.filter((c) => c.status === 'problem').length;
  const warnings = checks.filter((c) => c.status === 'warning').length;
  return [
    {
      title: 'Summary',
      facts: [
        ['Endpoints:', String(endpoints.total)],
        ['Identities:', String(identities.total)],
        ['Identities per endpoint:', identities.perEndpoint === null ? '-' : String(identities.perEndpoint)],
        ['Cilium version:', `${version} (for the reserved identity IDs; --cilium-version)`],
      ],
    },
    {
      title: 'Checks',
      table: {
        head: ['CHECK', 'STATUS', 'DETAIL'],
        rows: checks.map((c) => [c.name, { text: c.status, tone: c.status }, c.message]),
      },
    },
    {
      title: 'Identities by number of endpoints',
      table: {
        head: ['ENDPOINTS', 'IDENTITIES'],
        rows: ENDPOINT_BUCKETS.map((bucket) => [bucket, String(identities.byEndpointCount[bucket])]),
      },
    },
    {
      ...counted('Unused identities', unused.length, check('unused identities')),
      table: {
        head: ['NAME', 'NAMESPACE', 'AGE', 'MARKED'],
        rows: unused.map((u) => [
          u.name,
          u.namespace ?? '<none>',
          ageCell(u.created ?? '', now),
          u.markedAt === null
            ? 'no'
            : {
                text: `${ageCell(u.markedAt, now)} ago${u.collectionOverdue ? ' (overdue)' : ''}`,
                tone: u.collectionOverdue ? 'warning' : 'ok',
              },
        ]),
      },
      notes:
        unused.length === 0
          ? []
          : [
              "MARKED: when Cilium's operator marked the identity for collection (annotation io.cilium.heartbeat);",
              'it deletes it within 45m (identity-heartbeat-timeout 30m + identity-gc-interval 15m, the defaults).',
            ],
    },
    {
      ...counted('Dangling references', dangling.length, 'problem'),
      table: {
        head: ['NAMESPACE', 'ENDPOINT', 'IDENTITY'],
        rows: dangling.map((d) => [d.namespace, d.name, String(d.identity)]),
      },
    },
    {
      ...counted('Duplicate identities', duplicates.length, 'problem'),
      table: {
        head: ['IDENTITIES', 'LABELS'],
        rows: duplicates.map((d) => [d.identities.join(','), d.labels.join(',')]),
      },
    },
    {
      title: 'Endpoints by state',
      table: { head: ['STATE', 'ENDPOINTS'], rows: Object.entries(endpoints.byState).map(([s, n]) => [s, String(n)]) },
    },
    {
      ...counted('Endpoints not ready', endpoints.notReady.length, 'problem'),
      table: {
        head: ['ENDPOINT', 'STATE'],
        rows: endpoints.notReady.map((e) => [`${e.namespace}/${e.name}`, { text: e.state, tone: 'problem' }]),
      },
    },
    {
      title: 'Identity headroom',
      tone: check('identity headroom'),
      table: {
        head: ['CLUSTER ID', 'USED', 'ALLOCATABLE', 'USE', 'LIMIT'],
        rows: headroom.map((h) => [
          String(h.clusterId),
          String(h.used),
          h.allocatable.toLocaleString('en-US'),
          { text: `${h.percent}%`, tone: overLimit(h) ? 'problem' : 'ok' },
          limit(h),
        ]),
      },
      empty: 'no identity is allocated',
      notes: [
        'Allocatable: 65,280 for cluster ID 0, 65,536 for every other (max-connected-clusters=255, the default).',
      ],
    },
    {
      title: `Result: ${problems === 0 ? 'healthy' : `${count(problems, 'problem')} (exit 3)`}, ${count(warnings, 'warning')}`,
      tone: problems > 0 ? 'problem' : warnings > 0 ? 'warning' : 'ok',
    },
  ];
}
