/**
 * The report's charts, drawn from the identity picture (model/picture.ts): each bar is a figure of
 * doctor's or cardinality's report, the long lists cut to their largest entries with the rest summed.
 */
import { ENDPOINT_BUCKETS, HEADROOM_LIMIT_PERCENT, overLimit } from '../../model/health.js';
import { type Count, type IdentityPicture, top } from '../../model/picture.js';
import { figure, text } from './escape.js';
import { type Bar, type BarChart, barChart } from './svg.js';

/** Bars per chart of namespaces, workloads and splitting keys; the rest are summed or counted. */
export const TOP_BARS = 20;

export interface Figure {
  id: string;
  caption: string;
  chart: BarChart;
  /** Lines under the chart. */
  notes: string[];
}

const plural = (n: number, one: string, many = `${one}s`): string => `${figure(n)} ${n === 1 ? one : many}`;

const cut = (entries: number): string => (entries > TOP_BARS ? ` (the ${TOP_BARS} largest, the rest summed)` : '');

/** The largest counts as bars, the others as one more bar that sums them. */
function topBars(counts: readonly Count[], others: string): Bar[] {
  const { shown, rest } = top(counts, TOP_BARS);
  const bars: Bar[] = shown.map(({ name, count }) => ({ label: name, value: count }));
  if (rest.entries > 0)
    bars.push({ label: `${plural(rest.entries, others)} (summed)`, value: rest.count, tone: 'muted' });
  return bars;
}

export function figures(picture: IdentityPicture): Figure[] {
  const { doctor, cardinality, namespaces, whatIf } = picture;
  const total = cardinality.identities;
  const splits = cardinality.splittingKeys;
  const result: Figure[] = [
    {
      id: 'endpoint-states',
      caption: 'Endpoints by state',
      chart: {
        id: 'chart-endpoint-states',
        title: 'Endpoints by state',
        axis: 'endpoints',
        bars: Object.entries(doctor.endpoints.byState).map(([state, count]) => ({
          label: state,
          value: count,
          tone: state === 'ready' ? 'ok' : 'problem',
        })),
        empty: 'no endpoints',
      },
      notes: [],
    },
    {
      id: 'identity-use',
      caption: 'Identities by number of endpoints',
      chart: {
        id: 'chart-identity-use',
        title: 'Identities by number of endpoints',
        axis: 'identities',
        bars: [
          { label: '0 (unused)', value: doctor.unused.length, tone: doctor.unused.length > 0 ? 'warning' : 'ok' },
          ...ENDPOINT_BUCKETS.map((bucket) => ({ label: bucket, value: doctor.identities.byEndpointCount[bucket] })),
        ],
        empty: 'no identities',
      },
      notes: ['How many endpoints carry each identity: 0 is an identity no endpoint uses.'],
    },
    {
      id: 'namespaces',
      caption: `Identities per namespace${cut(namespaces.length)}`,
      chart: {
        id: 'chart-namespaces',
        title: 'Identities per namespace',
        axis: 'identities',
        bars: topBars(namespaces, 'other namespace'),
        empty: 'no identities',
      },
      notes: ['The namespace of the security label io.kubernetes.pod.namespace (<none> without one).'],
    },
    {
      id: 'workloads',
      caption: `Identities per workload${cut(cardinality.workloads.length)}`,
      chart: {
        id: 'chart-workloads',
        title: 'Identities per workload',
        axis: 'identities',
        bars: topBars(
          cardinality.workloads.map((w) => ({ name: `${w.namespace}/${w.workload}`, count: w.identities })),
          'other workload',
        ),
        empty: 'no identities',
      },
      notes: [
        'A workload is the label app.kubernetes.io/name, app or k8s-app; else the StatefulSet of ' +
          'statefulset.kubernetes.io/pod-name, the Job or CronJob of job-name; else <none>.',
      ],
    },
    {
      id: 'splitting-keys',
      caption: 'Label keys that split workloads',
      chart: {
        id: 'chart-splitting-keys',
        title: 'Identities saved without each set of label keys',
        axis: `identities saved (of ${figure(total)})`,
        bars: splits.slice(0, TOP_BARS).map((split) => ({
          label: split.keys.join(', '),
          value: split.identitiesSaved,
          note: `${figure(split.identitiesSaved)} of ${figure(total)}, ${plural(split.workloads.length, 'workload')}`,
          tone: 'warning',
        })),
        empty: 'no label key splits a workload into several identities',
      },
      notes: [
        'Label keys whose values differ between identities of one workload (keys that change together ' +
          'are one bar); the bar: how many fewer identities there would be without them.',
        ...(splits.length > TOP_BARS ? [`${plural(splits.length - TOP_BARS, 'more key set')} not drawn.`] : []),
      ],
    },
    {
      id: 'headroom',
      caption: 'Identity headroom per cluster ID',
      chart: {
        id: 'chart-headroom',
        title: 'Identities allocated per cluster ID, in percent of the allocatable',
        axis: 'allocated, % of the allocatable identities',
        unit: '%',
        max: 100,
        marker: { value: HEADROOM_LIMIT_PERCENT, label: `limit ${HEADROOM_LIMIT_PERCENT}%` },
        bars: doctor.headroom.map((h) => ({
          label: `cluster ID ${h.clusterId}`,
          value: h.percent,
          note: `${figure(h.used)} of ${figure(h.allocatable)} (${h.percent}%)`,
          tone: overLimit(h) ? 'problem' : 'ok',
        })),
        empty: 'no identity is allocated',
      },
      notes: [
        'Allocatable: 65,280 for cluster ID 0, 65,536 for every other (max-connected-clusters=255, the default).',
      ],
    },
  ];
  if (whatIf !== null) {
    const relevant = whatIf.policyRelevantKeys.length > 0;
    result.push({
      id: 'what-if',
      caption: `What-if: --labels '${whatIf.labels}'`,
      chart: {
        id: 'chart-what-if',
        title: `Identities before and after --labels '${whatIf.labels}'`,
        axis: 'identities',
        bars: [
          {
            label: 'before',
            value: whatIf.identitiesBefore,
            note: plural(whatIf.identitiesBefore, 'identity', 'identities'),
          },
          {
            label: 'after',
            value: whatIf.identitiesAfter,
            note: plural(whatIf.identitiesAfter, 'identity', 'identities'),
            tone: relevant ? 'problem' : 'ok',
          },
        ],
        empty: 'no identities',
      },
      notes: [
        `Filter: ${whatIf.filter}`,
        `Dropped keys: ${whatIf.droppedKeys.length === 0 ? '<none>' : whatIf.droppedKeys.join(', ')}`,
        relevant
          ? `Policy-relevant keys dropped: ${whatIf.policyRelevantKeys.map((p) => p.key).join(', ')} (table below)`
          : 'No dropped key is policy-relevant.',
      ],
    });
  }
  return result;
}

export function renderFigure({ id, caption, chart, notes }: Figure): string {
  const lines = notes.map((note) => `<p class="note">${text(note)}</p>`).join('');
  return `<figure id="${id}"><figcaption>${text(caption)}</figcaption>${barChart(chart)}${lines}</figure>`;
}
