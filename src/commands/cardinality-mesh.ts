/**
 * `cardinality` over several clusters (issue 13): each cluster's report, as cardinality prints one,
 * per context (`east: Summary`, ...; `-o json`: `{contexts: [{context, report}]}`). A context that
 * cannot be read is one line on stderr, after what the others gave, and exit 1.
 */
import { CILIUM_IDENTITIES } from '../model/resources.js';
import { renderReport, reportJson } from '../print/report.js';
import { ALL_NAMESPACES } from '../source/source.js';
import { type CardinalityOptions, cardinalityReport, cardinalitySections } from './cardinality.js';
import type { Io } from './io.js';
import { eachMember, succeeded, throwFailures } from './mesh.js';

export async function meshCardinality(options: CardinalityOptions, io: Io): Promise<void> {
  const outcomes = await eachMember(options, io, async ({ source }, own) => {
    const { items } = await source.list(CILIUM_IDENTITIES, ALL_NAMESPACES, { table: false, objects: true });
    return cardinalityReport(items, own);
  });
  const members = succeeded(outcomes);
  if (options.print.output.kind === 'json') {
    io.stdout.write(reportJson({ contexts: members.map(({ name, value }) => ({ context: name, report: value })) }));
  } else {
    const sections = members.flatMap(({ name, value }) =>
      cardinalitySections(value).map((section) => ({ ...section, title: `${name}: ${section.title}` })),
    );
    io.stdout.write(await renderReport(sections, { tty: io.isTTY, color: options.print.color }));
  }
  throwFailures(outcomes);
}
