/** bench/RESULTS.md: the figures of one run, the ratios the targets are about, and the checks. */
import type { Run } from './measure.js';

export interface Result {
  label: string;
  /** Endpoints in the cluster the command ran against; undefined for commands without one. */
  endpoints: number | undefined;
  status: 'ok' | 'skipped' | 'failed';
  note: string;
  runs: Run[];
}

export type Measure = 'wall' | 'rss';

export interface Ratio {
  label: string;
  of: Result;
  vs: Result;
  measure: Measure;
  /** The target's upper bound; undefined for a ratio shown for reference. */
  limit: number | undefined;
}

export interface Report {
  machine: string[];
  results: Result[];
  ratios: Ratio[];
  checks: string[];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The values of one measure over the runs; undefined where it was not measured. */
function valuesOf(result: Result, measure: Measure): number[] | undefined {
  const values = result.runs.map((run) => (measure === 'wall' ? run.wall : run.rssKiB));
  return values.length > 0 && values.every((v) => v !== undefined) ? (values as number[]) : undefined;
}

const formatWall = (seconds: number) => (seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(2)} s`);
const formatRss = (kib: number) => `${Math.round(kib / 1024)} MiB`;
const format = (measure: Measure, value: number) => (measure === 'wall' ? formatWall(value) : formatRss(value));
export const formatCount = (n: number) => n.toLocaleString('en-US');

function figures(result: Result, measure: Measure): [string, string] {
  const values = valuesOf(result, measure);
  if (result.status !== 'ok' || values === undefined) return [result.status === 'ok' ? 'n/a' : '', ''];
  const range = `${format(measure, Math.min(...values))} – ${format(measure, Math.max(...values))}`;
  return [format(measure, median(values)), range];
}

function ratioCells(ratio: Ratio): [string, string] {
  const why = [ratio.of, ratio.vs].find((r) => r.status !== 'ok');
  if (why !== undefined) {
    const at = why.endpoints === undefined ? '' : ` at ${formatCount(why.endpoints)}`;
    return ['n/a', `skipped: \`${why.label}\`${at} ${why.status === 'skipped' ? 'was skipped' : 'failed'}`];
  }
  const of = valuesOf(ratio.of, ratio.measure);
  const vs = valuesOf(ratio.vs, ratio.measure);
  if (of === undefined || vs === undefined) return ['n/a', 'skipped: peak RSS not measured (no GNU time)'];
  const value = median(of) / median(vs);
  const text = `${value.toFixed(2)}x`;
  if (ratio.limit === undefined) return [text, 'reference'];
  return [text, value <= ratio.limit ? 'met' : 'missed'];
}

export function renderReport(report: Report): string {
  const lines = ['# Benchmark results', '', ...report.machine.map((line) => `- ${line}`), ''];
  lines.push(
    '| command | endpoints | wall median | wall min – max | peak RSS median | peak RSS min – max | notes |',
    '|---|---:|---:|---:|---:|---:|---|',
  );
  for (const result of report.results) {
    const [wall, wallRange] = figures(result, 'wall');
    const [rss, rssRange] = figures(result, 'rss');
    const endpoints = result.endpoints === undefined ? '' : formatCount(result.endpoints);
    lines.push(
      `| \`${result.label}\` | ${endpoints} | ${wall} | ${wallRange} | ${rss} | ${rssRange} | ${result.note} |`,
    );
  }
  lines.push(
    '',
    '## Targets (issue 15): ratios of the medians above',
    '',
    '| ratio | measure | value | target | result |',
    '|---|---|---:|---:|---|',
  );
  for (const ratio of report.ratios) {
    const [value, result] = ratioCells(ratio);
    const target = ratio.limit === undefined ? '' : `<= ${ratio.limit.toFixed(2)}x`;
    const measure = ratio.measure === 'wall' ? 'wall time' : 'peak RSS';
    lines.push(`| ${ratio.label} | ${measure} | ${value} | ${target} | ${result} |`);
  }
  lines.push('', '## Checks', '', ...report.checks.map((check) => `- ${check}`), '');
  return lines.join('\n');
}
