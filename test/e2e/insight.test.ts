/**
 * doctor and cardinality as whole commands, on synthetic clusters with known answers, read from files
 * and from the local API server. The commands are called directly, with an in-memory Io; errors are
 * turned into exit codes as the entry does.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CardinalityOptions, cardinalityCommand } from '../../src/commands/cardinality.js';
import type { Command } from '../../src/commands/command.js';
import type { CommonOptions, SourceSpec } from '../../src/commands/common.js';
import { DOCTOR_PROBLEMS_EXIT, type DoctorOptions, doctorCommand } from '../../src/commands/doctor.js';
import type { Io } from '../../src/commands/io.js';
import { CliError } from '../../src/model/errors.js';
import { DEFAULT_CILIUM_VERSION } from '../../src/model/version.js';
import { type OutputSpec, parseOutput } from '../../src/print/printers.js';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { tempDirs } from '../support/temp.js';
import {
  type Cluster,
  deployment,
  healthyCluster,
  identity,
  merge,
  SYNTHETIC_NOW,
  securityLabels,
  statefulSet,
  troubledCluster,
} from '../synthetic.js';

const temp = tempDirs();

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function run<O extends CommonOptions>(command: Command<O>, options: O, isTTY = false): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: {
      write: (text) => {
        stdout += text;
      },
    },
    stderr: {
      write: (text) => {
        stderr += text;
      },
    },
    stdin: async function* () {},
    env: {},
    isTTY,
    stderrIsTTY: false,
    now: () => SYNTHETIC_NOW,
    interruption: () => new AbortController().signal,
  };
  try {
    command.validate(options);
    await command.run(options, io);
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    stderr += error.verbatim ? `${error.message}\n` : `error: ${error.message}\n`;
    return { code: error.exitCode, stdout, stderr };
  }
}

const servers: RunningApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const SOURCES = ['files', 'cluster'] as const;

async function sourceOf(kind: (typeof SOURCES)[number], cluster: Cluster): Promise<SourceSpec> {
  const dir = temp('cv-insight-');
  if (kind === 'files') {
    const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
    writeFileSync(join(dir, 'endpoints.json'), list(cluster.endpoints));
    writeFileSync(join(dir, 'identities.json'), list(cluster.identities));
    return { kind: 'files', paths: [join(dir, 'endpoints.json'), join(dir, 'identities.json')], demo: false };
  }
  const server = await startApiServer({ endpoints: cluster.endpoints, identities: cluster.identities });
  servers.push(server);
  const flags = { context: undefined, requestTimeoutMs: undefined, chunkSize: 500, insecureSkipTlsVerify: false };
  return { kind: 'cluster', flags: { kubeconfig: server.writeKubeconfig(dir), ...flags } };
}

interface Flags {
  output?: string;
  color?: boolean;
}

const doctorOptions = (source: SourceSpec, { output, color = false }: Flags = {}): DoctorOptions => ({
  source,
  ciliumVersion: DEFAULT_CILIUM_VERSION,
  print: { output: parseOutput(output) as OutputSpec, noHeaders: false, showLabels: false, labelColumns: [], color },
  debug: false,
});

const cardinalityOptions = (source: SourceSpec, labels?: string, flags: Flags = {}): CardinalityOptions => ({
  ...doctorOptions(source, flags),
  labels,
});

const NOWHERE: SourceSpec = { kind: 'files', paths: ['/nonexistent/cv-insight.json'], demo: false };

describe.each(SOURCES)('doctor over %s', (kind) => {
  it('exits 0 on a healthy cluster', async () => {
    const result = await run(doctorCommand, doctorOptions(await sourceOf(kind, healthyCluster())));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Summary\n {2}Endpoints: +57\n {2}Identities: +55\n/);
    expect(result.stdout.endsWith('\nResult: healthy, 0 warnings\n')).toBe(true);
  });

  it('exits 3 and names the problems', async () => {
    const result = await run(doctorCommand, doctorOptions(await sourceOf(kind, troubledCluster())));
    expect(result.code).toBe(DOCTOR_PROBLEMS_EXIT);
    expect(result.stderr).toBe('doctor: problems found: dangling references, duplicate identities, endpoint states\n');
    expect(result.stdout).toContain(
      '\nDangling references (1)\n  NAMESPACE   ENDPOINT   IDENTITY\n  default     orphan     45000\n',
    );
    expect(result.stdout).toContain('\n  31001   default     31d   120m ago (overdue)\n');
    expect(result.stdout.endsWith('\nResult: 3 problems (exit 3), 2 warnings\n')).toBe(true);
  });

  it('-o json gives the whole report', async () => {
    const result = await run(doctorCommand, doctorOptions(await sourceOf(kind, troubledCluster()), { output: 'json' }));
    expect(result.code).toBe(DOCTOR_PROBLEMS_EXIT);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual([
      'healthy',
      'checks',
      'endpoints',
      'identities',
      'unused',
      'dangling',
      'duplicates',
      'headroom',
    ]);
    expect(report.healthy).toBe(false);
    expect(report.dangling).toEqual([{ namespace: 'default', name: 'orphan', identity: 45_000 }]);
    expect(report.duplicates).toEqual([{ identities: ['30000', '30001'], labels: expect.any(Array) }]);
    expect(
      report.headroom.map((h: { clusterId: number; allocatable: number }) => [h.clusterId, h.allocatable]),
    ).toEqual([
      [0, 65_280],
      [3, 65_536],
    ]);
  });
});

describe.each(SOURCES)('cardinality over %s', (kind) => {
  it('a StatefulSet of 50 pods: 50 identities split by pod-name; excluding it with --labels leaves 1', async () => {
    const source = await sourceOf(kind, statefulSet('default', 'web', 50, 10_000));
    const labels = 'k8s:!statefulset.kubernetes.io/pod-name';
    const result = await run(cardinalityCommand, cardinalityOptions(source, labels, { output: 'json' }));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ciliumVersion: '1.14', identities: 50 });
    expect(report.splittingKeys).toEqual([
      { keys: ['k8s:statefulset.kubernetes.io/pod-name'], identitiesSaved: 49, workloads: ['default/web'] },
    ]);
    expect(report.whatIf).toMatchObject({ labels, identitiesBefore: 50, identitiesAfter: 1, policyRelevantKeys: [] });
  });

  it("names a CronJob's job-name and controller-uid", async () => {
    const result = await run(cardinalityCommand, cardinalityOptions(await sourceOf(kind, healthyCluster())));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '\n  k8s:batch.kubernetes.io/controller-uid,k8s:batch.kubernetes.io/job-name,k8s:controller-uid,k8s:job-name   2 of 55            batch/backup\n',
    );
  });
});

describe('the same report from files and from the API server', () => {
  it.each([
    ['doctor', (source: SourceSpec) => run(doctorCommand, doctorOptions(source))],
    ['cardinality', (source: SourceSpec) => run(cardinalityCommand, cardinalityOptions(source, 'k8s:app'))],
  ])('%s', async (_name, command) => {
    const fromFiles = await command(await sourceOf('files', troubledCluster()));
    const fromCluster = await command(await sourceOf('cluster', troubledCluster()));
    expect(fromCluster).toEqual(fromFiles);
  });
});

describe('plain output, exactly', () => {
  it('doctor', async () => {
    const cluster = merge(deployment('shop', 'api', 2, 20_000), {
      endpoints: [],
      identities: [identity(20_001, securityLabels('shop', { app: 'old' }), { markedMinutesAgo: 10 })],
    });
    const result = await run(doctorCommand, doctorOptions(await sourceOf('files', cluster)));
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: `Summary
  Endpoints:                 2
  Identities:                2
  Identities per endpoint:   1
  Cilium version:            1.14 (for the reserved identity IDs; --cilium-version)

Checks
  CHECK                  STATUS    DETAIL
  dangling references    ok        every identity an endpoint refers to exists or is built in
  duplicate identities   ok        no two identities have the same labels
  endpoint states        ok        every endpoint is ready
  identity headroom      ok        cluster ID 0 uses 0% of its 65,280 identities (limit 90%)
  unused identities      warning   1 identity is used by no endpoint (Cilium's operator collects them)
  identity GC            ok        no identity is overdue for collection

Identities by number of endpoints
  ENDPOINTS   IDENTITIES
  1           0
  2-5         1
  6-20        0
  >20         0

Unused identities (1)
  NAME    NAMESPACE   AGE   MARKED
  20001   shop        31d   10m ago
  MARKED: when Cilium's operator marked the identity for collection (annotation io.cilium.heartbeat);
  it deletes it within 45m (identity-heartbeat-timeout 30m + identity-gc-interval 15m, the defaults).

Dangling references (0)
  none

Duplicate identities (0)
  none

Endpoints by state
  STATE   ENDPOINTS
  ready   2

Endpoints not ready (0)
  none

Identity headroom
  CLUSTER ID   USED   ALLOCATABLE   USE   LIMIT
  0            2      65,280        0%    IDs 256-65535 (1-255 are reserved)
  Allocatable: 65,280 for cluster ID 0, 65,536 for every other (max-connected-clusters=255, the default).

Result: healthy, 1 warning
`,
    });
  });

  it('cardinality', async () => {
    const source = await sourceOf('files', statefulSet('db', 'pg', 3, 10_000));
    const result = await run(cardinalityCommand, cardinalityOptions(source, 'k8s:!statefulset.kubernetes.io/pod-name'));
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: `Summary
  Identities:     3
  Workloads:      1
  Label filter:   Cilium 1.14 defaults assumed for --labels (--cilium-version)

Identities by workload
  NAMESPACE   WORKLOAD   IDENTITIES
  db          pg         3
  WORKLOAD: the label app.kubernetes.io/name, app or k8s-app; else the StatefulSet of
  statefulset.kubernetes.io/pod-name, the Job or CronJob of job-name; else <none>.

Label keys that split workloads (1)
  KEYS                                     IDENTITIES SAVED   WORKLOADS
  k8s:statefulset.kubernetes.io/pod-name   2 of 3             db/pg
  KEYS: label keys whose values differ between identities of one workload (keys that change
  together are listed together); IDENTITIES SAVED: how many fewer identities without them.

What-if: --labels 'k8s:!statefulset.kubernetes.io/pod-name'
  Filter:         Cilium 1.14 default patterns plus labels "k8s:!statefulset.kubernetes.io/pod-name" (a label is identity-relevant unless an exclude pattern matches it and no include pattern matches a longer part of its key)
  Identities:     3 -> 1
  Dropped keys:   k8s:statefulset.kubernetes.io/pod-name
  no dropped key is policy-relevant
  A dropped key is policy-relevant when dropping it merges identities of different workloads that
  it told apart: no network policy could then select one of those workloads without the others.
`,
    });
  });
});

describe('on a terminal', () => {
  const BORDER = '┌';
  const ANSI = '\u001b[';
  it.each([
    [false, false, false, false],
    [false, true, false, false],
    [true, false, true, false],
    [true, true, true, true],
  ])('tty %s, color %s: borders %s, colours %s', async (tty, color, borders, colours) => {
    const source = await sourceOf('files', troubledCluster());
    for (const result of [
      await run(doctorCommand, doctorOptions(source, { color }), tty),
      await run(cardinalityCommand, cardinalityOptions(source, 'k8s:app', { color }), tty),
    ]) {
      expect(result.stdout.includes(BORDER)).toBe(borders);
      expect(result.stdout.includes(ANSI)).toBe(colours);
    }
  });
});

describe('usage errors, before anything is read', () => {
  it.each([
    ['doctor -o yaml', () => run(doctorCommand, doctorOptions(NOWHERE, { output: 'yaml' }))],
    ['cardinality -o wide', () => run(cardinalityCommand, cardinalityOptions(NOWHERE, undefined, { output: 'wide' }))],
    ['cardinality --labels with a bad regex', () => run(cardinalityCommand, cardinalityOptions(NOWHERE, 'k8s:!('))],
  ])('%s', async (_name, command) => {
    const result = await command();
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });
});
