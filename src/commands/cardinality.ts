/**
 * `cilium-view cardinality`: identity explosion. Identities by workload, the label keys that split a
 * workload into many identities, and with `--labels` what Cilium's `labels` option would leave
 * (model/cardinality.ts has the rules).
 */
import { cardinality, whatIf } from '../model/cardinality.js';
import { defaultLabelFilter, parseLabelsOption } from '../model/label-filter.js';
import { CILIUM_IDENTITIES } from '../model/resources.js';
import type { CiliumIdentity } from '../model/schema.js';
import { renderReport, reportJson, type Section } from '../print/report.js';
import { ALL_NAMESPACES } from '../source/source.js';
import { type Command, checkFormat } from './command.js';
import { type CommonOptions, open } from './common.js';
import type { Io } from './io.js';
import { isMesh } from './mesh.js';
import { CARDINALITY_SPEC } from './specs.js';

/** A terminal (`io.isTTY`) gets tables, `print.color` colours them. */
export interface CardinalityOptions extends CommonOptions {
  /** `--labels`: a `labels` option of cilium-config to try out; undefined: no what-if. */
  labels: string | undefined;
}

export const cardinalityCommand: Command<CardinalityOptions> = {
  spec: CARDINALITY_SPEC,
  validate: (options) => {
    checkFormat(CARDINALITY_SPEC, options.print.output);
    if (options.labels !== undefined) parseLabelsOption(options.labels, options.ciliumVersion);
  },
  run,
};

export type CardinalityOutput = ReturnType<typeof cardinalityReport>;

/** cardinality's report of one cluster's identities, as `-o json` prints it. */
export function cardinalityReport(items: readonly CiliumIdentity[], options: CardinalityOptions) {
  const { ciliumVersion, labels } = options;
  const filter = labels === undefined ? undefined : parseLabelsOption(labels, ciliumVersion);
  return {
    ciliumVersion: `${ciliumVersion.major}.${ciliumVersion.minor}`,
    labelFilter: defaultLabelFilter(ciliumVersion).description,
    ...cardinality(items),
    whatIf: filter === undefined ? null : { labels, ...whatIf(items, filter) },
  };
}

async function run(options: CardinalityOptions, io: Io): Promise<void> {
  if (isMesh(options.source)) return (await import('./cardinality-mesh.js')).meshCardinality(options, io);
  const source = await open(options, io);
  const { items } = await source.list(CILIUM_IDENTITIES, ALL_NAMESPACES, { table: false, objects: true });
  const report = cardinalityReport(items, options);
  io.stdout.write(
    options.print.output.kind === 'json'
      ? reportJson(report)
      : await renderReport(cardinalitySections(report), { tty: io.isTTY, color: options.print.color }),
  );
}

/** The report as sections of text. */
export function cardinalitySections(report: CardinalityOutput): Section[] {
  const { identities, workloads, splittingKeys } = report;
  const sections: Section[] = [
    {
      title: 'Summary',
      facts: [
        ['Identities:', String(identities)],
        ['Workloads:', String(workloads.length)],
        ['Label filter:', `Cilium ${report.ciliumVersion} defaults assumed for --labels (--cilium-version)`],
      ],
    },
    {
      title: 'Identities by workload',
      table: {
        head: ['NAMESPACE', 'WORKLOAD', 'IDENTITIES'],
        rows: workloads.map((w) => [w.namespace, w.workload, String(w.identities)]),
      },
      notes: [
        'WORKLOAD: the label app.kubernetes.io/name, app or k8s-app; else the StatefulSet of',
        'statefulset.kubernetes.io/pod-name, the Job or CronJob of job-name; else <none>.',
      ],
    },
    {
      title: `Label keys that split workloads (${splittingKeys.length})`,
      tone: splittingKeys.length === 0 ? 'ok' : 'warning',
      table: {
        head: ['KEYS', 'IDENTITIES SAVED', 'WORKLOADS'],
        rows: splittingKeys.map((s) => [
          s.keys.join(','),
          `${s.identitiesSaved} of ${identities}`,
          s.workloads.join(','),
        ]),
      },
      notes: [
        'KEYS: label keys whose values differ between identities of one workload (keys that change',
        'together are listed together); IDENTITIES SAVED: how many fewer identities without them.',
      ],
    },
  ];
  if (report.whatIf !== null) {
    const { filter, identitiesBefore, identitiesAfter, droppedKeys, policyRelevantKeys } = report.whatIf;
    sections.push({
      title: `What-if: --labels '${report.whatIf.labels}'`,
      tone: policyRelevantKeys.length === 0 ? 'ok' : 'problem',
      facts: [
        ['Filter:', filter],
        ['Identities:', `${identitiesBefore} -> ${identitiesAfter}`],
        ['Dropped keys:', droppedKeys.length === 0 ? '<none>' : droppedKeys.join(',')],
      ],
      table: {
        head: ['POLICY-RELEVANT KEY', 'MERGED WORKLOADS'],
        rows: policyRelevantKeys.map((p) => [{ text: p.key, tone: 'problem' }, p.workloads.join(',')]),
      },
      empty: 'no dropped key is policy-relevant',
      notes: [
        'A dropped key is policy-relevant when dropping it merges identities of different workloads that',
        'it told apart: no network policy could then select one of those workloads without the others.',
      ],
    });
  }
  return sections;
}
