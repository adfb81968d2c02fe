/**
 * Horizontal bar charts as SVG strings, made in Node without a browser. Readable without colour and
 * without script: each bar has its label and its number as text, the axis its ticks and what it counts,
 * the chart a <title> and a <desc> that lists every bar. Colours come from the page's stylesheet
 * (classes `bar ok|warning|problem|neutral|muted`), so light and dark schemes and print restyle them.
 */
import { figure, shorten, text } from './escape.js';

export type BarTone = 'ok' | 'warning' | 'problem' | 'neutral' | 'muted';

export interface Bar {
  label: string;
  value: number;
  /** Written after the bar; default: the value. */
  note?: string;
  tone?: BarTone;
}

export interface BarChart {
  /** Unique in the page: the ids of the chart's title and description derive from it. */
  id: string;
  title: string;
  /** What the values count, under the axis. */
  axis: string;
  bars: readonly Bar[];
  /** Shown instead of bars when there are none. */
  empty: string;
  /** The end of the scale; default the largest value. */
  max?: number;
  /** Written after the numbers of the ticks, e.g. '%'. */
  unit?: string;
  /** A vertical line across the bars, e.g. a limit. */
  marker?: { value: number; label: string };
}

export const CHART_WIDTH = 800;
const LABEL_END = 282;
const PLOT_X = 290;
const PLOT_WIDTH = 320;
const ROW = 24;
const BAR = 16;
const TOP = 22;
const AXIS = 46;
/** Characters of a label that fit left of the bars (12px text); the whole label is in the bar's title. */
export const LABEL_CHARS = 38;
/** Characters of a note that fit right of the longest bar. */
export const NOTE_CHARS = 28;

/** A step of 1, 2 or 5 times a power of ten, giving about five intervals; whole numbers only. */
function tickStep(max: number): number {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  return Math.max(1, step);
}

const round = (n: number): string => String(Math.round(n * 10) / 10);

const attrs = (values: Record<string, string | number>): string =>
  Object.entries(values)
    .map(([name, value]) => ` ${name}="${typeof value === 'number' ? round(value) : text(value)}"`)
    .join('');

function frame(chart: BarChart, height: number, description: string, body: string): string {
  const { id, title } = chart;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart"${attrs({
      id,
      width: CHART_WIDTH,
      height,
      viewBox: `0 0 ${CHART_WIDTH} ${height}`,
      role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
    })}>` +
    `<title id="${id}-title">${text(title)}</title><desc id="${id}-desc">${text(description)}</desc>${body}</svg>`
  );
}

export function barChart(chart: BarChart): string {
  const { bars, unit = '' } = chart;
  if (bars.length === 0) {
    return frame(chart, 40, chart.empty, `<text class="empty"${attrs({ x: 8, y: 24 })}>${text(chart.empty)}</text>`);
  }
  const largest = Math.max(chart.max ?? 0, ...bars.map((bar) => bar.value), chart.marker?.value ?? 0);
  const step = tickStep(largest > 0 ? largest : 1);
  const end = Math.max(step, Math.ceil(largest / step) * step);
  const scale = (value: number) => (value / end) * PLOT_WIDTH;
  const axisY = TOP + bars.length * ROW + 4;
  const height = axisY + AXIS;

  const rows = bars.map((bar, i) => {
    const y = TOP + i * ROW;
    const width = bar.value > 0 ? Math.max(2, scale(bar.value)) : 0;
    const note = bar.note ?? figure(bar.value);
    return (
      `<g class="row"><title>${text(`${bar.label}: ${note}`)}</title>` +
      `<text class="label"${attrs({ x: LABEL_END, y: y + BAR - 4, 'text-anchor': 'end' })}>${text(shorten(bar.label, LABEL_CHARS))}</text>` +
      `<rect class="bar ${bar.tone ?? 'neutral'}"${attrs({ x: PLOT_X, y, width, height: BAR, 'data-value': String(bar.value) })}/>` +
      `<text class="value"${attrs({ x: PLOT_X + width + 6, y: y + BAR - 4 })}>${text(shorten(note, NOTE_CHARS))}</text></g>`
    );
  });

  const ticks: string[] = [];
  for (let value = 0; value <= end; value += step) {
    const x = PLOT_X + scale(value);
    ticks.push(
      `<line class="tick"${attrs({ x1: x, x2: x, y1: TOP - 4, y2: axisY + 4 })}/>` +
        `<text class="tick-label"${attrs({ x, y: axisY + 18, 'text-anchor': 'middle' })}>${figure(value)}${text(unit)}</text>`,
    );
  }
  const axis =
    `<line class="axis"${attrs({ x1: PLOT_X, x2: PLOT_X + PLOT_WIDTH, y1: axisY, y2: axisY })}/>` +
    `<text class="axis-label"${attrs({ x: PLOT_X + PLOT_WIDTH / 2, y: axisY + 38, 'text-anchor': 'middle' })}>${text(chart.axis)}</text>`;

  let marker = '';
  if (chart.marker !== undefined) {
    const x = PLOT_X + scale(chart.marker.value);
    marker =
      `<line class="marker"${attrs({ x1: x, x2: x, y1: TOP - 8, y2: axisY })}/>` +
      `<text class="marker-label"${attrs({ x, y: TOP - 10, 'text-anchor': 'middle' })}>${text(chart.marker.label)}</text>`;
  }

  const description = `${chart.axis}: ${bars.map((bar) => `${bar.label} ${bar.note ?? figure(bar.value)}`).join('; ')}`;
  return frame(chart, height, description, `${ticks.join('')}${axis}${rows.join('')}${marker}`);
}
