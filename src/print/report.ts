/**
 * Reports (doctor, cardinality): sections of facts, tables and notes, rendered either plain (piped
 * output: stable text, columns aligned as kubectl aligns them) or for a terminal (bordered cli-table3
 * tables; chalk colours when colour is on: problems red, warnings yellow, ok green). The terminal
 * libraries are loaded only for a terminal.
 */

import { layoutLines } from '../kube/tabwriter.js';
import { escapeTerminal } from './sanitize.js';

export type Tone = 'ok' | 'warning' | 'problem';

export type ReportCell = string | { text: string; tone: Tone };

export interface Section {
  title: string;
  /** Colours the title on a terminal. */
  tone?: Tone;
  /** Label and value lines. */
  facts?: readonly (readonly [label: string, value: ReportCell])[];
  table?: { head: readonly string[]; rows: readonly (readonly ReportCell[])[] };
  /** Printed instead of a table without rows. */
  empty?: string;
  notes?: readonly string[];
}

export interface ReportStyle {
  /** stdout is a terminal: bordered tables. */
  tty: boolean;
  /** Colours: on a terminal, and in plain text when asked for (`--color always`). */
  color: boolean;
}

const INDENT = '  ';

const text = (cell: ReportCell): string => escapeTerminal(typeof cell === 'string' ? cell : cell.text);

const indent = (block: string): string[] =>
  block
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => `${INDENT}${line}`);

type Paints = Record<Tone, (text: string) => string>;

/** A cell's paint: its tone's colour, or nothing. */
const painter =
  (cells: readonly (readonly ReportCell[])[], paints: Paints | undefined) =>
  (line: number, column: number, text: string): string => {
    const cell = cells[line]?.[column];
    return paints === undefined || cell === undefined || typeof cell === 'string' ? text : paints[cell.tone](text);
  };

/** Plain text, aligned as kubectl aligns columns; the tones coloured when `paints` are given (`--color always`). */
function plainSection(section: Section, paints?: Paints): string {
  const title =
    paints !== undefined && section.tone !== undefined ? paints[section.tone](section.title) : section.title;
  const lines = [title];
  if (section.facts !== undefined) {
    const cells = section.facts.map(([label, value]) => [label, value]);
    lines.push(
      ...indent(
        layoutLines(
          section.facts.map(([l, v]) => `${l}\t${text(v)}`),
          undefined,
          painter(cells, paints),
        ),
      ),
    );
  }
  if (section.table !== undefined) {
    const { head, rows } = section.table;
    if (rows.length === 0) lines.push(`${INDENT}${section.empty ?? 'none'}`);
    else {
      const layout = layoutLines(
        [head.join('\t'), ...rows.map((row) => row.map(text).join('\t'))],
        undefined,
        painter([head, ...rows], paints),
      );
      lines.push(...indent(layout));
    }
  }
  lines.push(...(section.notes ?? []).map((note) => `${INDENT}${note}`));
  return `${lines.join('\n')}\n`;
}

async function terminalRenderer(color: boolean): Promise<(section: Section) => string> {
  const [{ Chalk }, { default: Table }] = await Promise.all([import('chalk'), import('cli-table3')]);
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const paint = { ok: chalk.green, warning: chalk.yellow, problem: chalk.red };
  const cell = (c: ReportCell): string =>
    typeof c === 'string' ? escapeTerminal(c) : paint[c.tone](escapeTerminal(c.text));
  const table = (head: readonly string[], rows: readonly (readonly ReportCell[])[]): string => {
    const t = new Table({ head: head.map((h) => chalk.bold(h)), style: { head: [], border: [] } });
    t.push(...rows.map((row) => row.map(cell)));
    return t.toString();
  };
  return (section) => {
    const title = chalk.bold(section.tone === undefined ? section.title : paint[section.tone](section.title));
    const blocks = [title];
    if (section.facts !== undefined) blocks.push(table([], section.facts));
    if (section.table !== undefined) {
      const { head, rows } = section.table;
      blocks.push(rows.length === 0 ? chalk.dim(section.empty ?? 'none') : table(head, rows));
    }
    blocks.push(...(section.notes ?? []).map((note) => chalk.dim(note)));
    return `${blocks.join('\n')}\n`;
  };
}

/** The sections, one blank line apart: bordered on a terminal, else plain (coloured with `--color always`). */
export async function renderReport(sections: readonly Section[], terminal: ReportStyle): Promise<string> {
  if (terminal.tty) return sections.map(await terminalRenderer(terminal.color)).join('\n');
  const paints = terminal.color ? await plainPaints() : undefined;
  return sections.map((section) => plainSection(section, paints)).join('\n');
}

async function plainPaints(): Promise<Paints> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return { ok: chalk.green, warning: chalk.yellow, problem: chalk.red };
}

/** The report as JSON: two-space indent, fields in the order the report declares them. */
export const reportJson = (report: unknown): string => `${JSON.stringify(report, null, 2)}\n`;
