/** Reading the figures back out of a report page (src/print/html/), as a person would read them. */

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The text of escaped markup. */
export const textOf = (html: string): string => html.replace(/&(amp|lt|gt|quot|#39);/g, (ref) => ENTITIES[ref] ?? ref);

/** The summary figures: `data-figure` -> `data-value`. */
export function summaryFigures(html: string): Record<string, string> {
  return Object.fromEntries(
    [...html.matchAll(/<li data-figure="([^"]+)" data-value="([^"]*)">/g)].map((m) => [m[1], textOf(m[2] ?? '')]),
  );
}

export interface ChartBar {
  label: string;
  value: number;
  /** The text after the bar. */
  note: string;
}

/** The bars of the chart `<svg id="ID">`, in order: each bar's label and note (whole, from its title) and value. */
export function chartBars(html: string, id: string): ChartBar[] {
  const svg = new RegExp(`<svg [^>]*id="${id}"[^>]*>([\\s\\S]*?)</svg>`).exec(html)?.[1];
  if (svg === undefined) throw new Error(`no chart ${id} in the page`);
  return [
    ...svg.matchAll(
      /<g class="row"><title>([^<]*)<\/title><text[^>]*>[^<]*<\/text><rect [^>]*data-value="([^"]*)"\/><text[^>]*>([^<]*)<\/text><\/g>/g,
    ),
  ].map((m) => {
    const title = textOf(m[1] ?? '');
    const colon = title.lastIndexOf(': ');
    return { label: title.slice(0, colon), value: Number(m[2]), note: title.slice(colon + 2) };
  });
}

/** The count in a findings heading, `<h3 id="ID">Title (N)</h3>`. */
export function headingCount(html: string, id: string): number {
  const m = new RegExp(`<h3 id="${id}">[^<]*\\(([\\d,]+)\\)</h3>`).exec(html);
  if (m === null) throw new Error(`no heading ${id} in the page`);
  return Number(m[1]?.replaceAll(',', ''));
}

/** The body rows of the table after the heading `ID`, as the text of their cells. */
export function tableRows(html: string, id: string): string[][] {
  const start = html.indexOf(`<h3 id="${id}">`);
  if (start < 0) throw new Error(`no heading ${id} in the page`);
  const end = html.indexOf('<h3 ', start + 1);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html.slice(start, end < 0 ? undefined : end))?.[1];
  if (body === undefined) return [];
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((cell) => textOf(cell[1] ?? '')),
  );
}
