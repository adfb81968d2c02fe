/**
 * `report` over several clusters (issue 13): each cluster's picture, as the report of one draws it, and
 * the mesh doctor prints across clusters (model/mesh.ts: cluster names, cluster IDs, headroom, checks),
 * on one page. The clusters that could not be read are listed on the page and on stderr (exit 1, once
 * the page of the others is written); when none could be, there is no page.
 */
import { clusterFacts, meshChecks, meshCluster } from '../model/mesh.js';
import { identityPicture, type LabelsOption } from '../model/picture.js';
import { CILIUM_ENDPOINTS, CILIUM_IDENTITIES } from '../model/resources.js';
import { meshReportPage } from '../print/html/mesh.js';
import { ALL_NAMESPACES } from '../source/source.js';
import type { Io } from './io.js';
import { eachMember, succeeded, throwFailures } from './mesh.js';
import type { ReportOptions } from './report.js';

/** The page, and the lines of the clusters that could not be read. */
export async function meshReport(
  options: ReportOptions,
  io: Io,
  whatIf: LabelsOption | undefined,
): Promise<{ html: string; failures: string[] }> {
  const outcomes = await eachMember(options, io, async ({ name, source }, own) => {
    const [endpoints, identities] = await Promise.all([
      source.list(CILIUM_ENDPOINTS, ALL_NAMESPACES, { table: false, objects: true }),
      source.list(CILIUM_IDENTITIES, ALL_NAMESPACES, { table: false, objects: true }),
    ]);
    const picture = identityPicture(endpoints.items, identities.items, own.ciliumVersion, io.now(), whatIf);
    return { source: source.description, picture, cluster: clusterFacts(name, identities.items, own.ciliumVersion) };
  });
  const members = succeeded(outcomes);
  // No cluster read: no page, only the lines.
  if (members.length === 0) throwFailures(outcomes);
  const failures = outcomes.flatMap((o) => ('failure' in o ? [o.failure] : []));
  const { ciliumVersion } = options;
  const html = meshReportPage(
    {
      members: members.map(({ name, value }) => ({ name, source: value.source, picture: value.picture })),
      clusters: members.map(({ value }) => meshCluster(value.cluster, value.picture.doctor.headroom)),
      checks: meshChecks(members.map(({ value }) => value.cluster)),
      failures,
    },
    { generated: io.now(), ciliumVersion: `${ciliumVersion.major}.${ciliumVersion.minor}` },
  );
  return { html, failures };
}
