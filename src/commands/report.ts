/**
 * `cilium-view report`: doctor and cardinality drawn as one self-contained HTML page (print/html/), from
 * the same model (model/picture.ts). The page goes to `--out FILE`, or to stdout when that is not a
 * terminal. It is a picture, not a gate: exit 0 whatever doctor's verdict, which the page shows.
 */
import { accessSync, constants, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { RuntimeFailure, UsageError } from '../model/errors.js';
import { parseLabelsOption } from '../model/label-filter.js';
import { identityPicture, type LabelsOption } from '../model/picture.js';
import { CILIUM_ENDPOINTS, CILIUM_IDENTITIES } from '../model/resources.js';
import { reportPage } from '../print/html/page.js';
import { escapeTerminal } from '../print/sanitize.js';
import { ALL_NAMESPACES } from '../source/source.js';
import type { Command } from './command.js';
import { type CommonOptions, open } from './common.js';
import type { Io } from './io.js';
import { isMesh, MembersFailed } from './mesh.js';
import { REPORT_SPEC } from './specs.js';

export interface ReportOptions extends CommonOptions {
  /** `--out`: the file to write; undefined: stdout, which must not be a terminal. */
  out: string | undefined;
  /** `--labels`: a `labels` option of cilium-config to draw before and after; undefined: no what-if. */
  labels: string | undefined;
  /** Whether stdout is a terminal: the page is then refused there. */
  stdoutIsTerminal: boolean;
}

const reason = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? 'no such directory'
    : code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'it is a directory'
        : String(code ?? error);
};

/** Before anything is fetched: the file's folder exists and can be written, and the file is not a folder. */
function checkWritable(out: string): void {
  try {
    accessSync(dirname(out), constants.W_OK);
    if (statSync(out, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
  } catch (error) {
    throw new RuntimeFailure(`cannot write the report to ${out}: ${reason(error)}; check --out`);
  }
}

/** The whole page or nothing: written beside the target, then renamed over it. */
function writeWhole(out: string, html: string): void {
  const partial = `${out}.partial`;
  try {
    writeFileSync(partial, html);
    renameSync(partial, out);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new RuntimeFailure(`cannot write the report to ${out}: ${reason(error)}; check --out`);
  }
}

export const reportCommand: Command<ReportOptions> = {
  spec: REPORT_SPEC,
  validate: ({ out, labels, ciliumVersion, stdoutIsTerminal }) => {
    if (out === undefined && stdoutIsTerminal) {
      throw new UsageError('report writes an HTML page: give --out FILE (e.g. --out report.html), or redirect stdout');
    }
    if (labels !== undefined) parseLabelsOption(labels, ciliumVersion);
  },
  run,
};

async function run(options: ReportOptions, io: Io): Promise<void> {
  const { out, labels, ciliumVersion } = options;
  const whatIf: LabelsOption | undefined =
    labels === undefined ? undefined : { text: labels, filter: parseLabelsOption(labels, ciliumVersion) };
  if (out !== undefined) checkWritable(out);
  const { html, failures } = isMesh(options.source)
    ? await (await import('./report-mesh.js')).meshReport(options, io, whatIf)
    : { html: await page(options, io, whatIf), failures: [] };
  if (out === undefined) io.stdout.write(html);
  else {
    writeWhole(out, html);
    io.stderr.write(`report written to ${escapeTerminal(out)} (${Math.ceil(Buffer.byteLength(html) / 1024)} KB)\n`);
  }
  if (failures.length > 0) throw new MembersFailed(failures);
}

/** The page of one cluster. */
async function page(options: ReportOptions, io: Io, whatIf: LabelsOption | undefined): Promise<string> {
  const { ciliumVersion } = options;
  const source = await open(options, io);
  const [endpoints, identities] = await Promise.all([
    source.list(CILIUM_ENDPOINTS, ALL_NAMESPACES, { table: false, objects: true }),
    source.list(CILIUM_IDENTITIES, ALL_NAMESPACES, { table: false, objects: true }),
  ]);
  const now = io.now();
  const picture = identityPicture(endpoints.items, identities.items, ciliumVersion, now, whatIf);
  return reportPage(picture, {
    source: source.description,
    generated: now,
    ciliumVersion: `${ciliumVersion.major}.${ciliumVersion.minor}`,
  });
}
