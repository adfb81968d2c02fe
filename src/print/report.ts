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
  /** Colours, used only on a terminal. */
  color: boolean;
}

const INDENT = '  ';

const text = (cell: ReportCell): string => escapeTerminal(typeof cell === 'string' ? cell : cell.text);

const indent = (block: string): string[] =>
  block
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => `${INDENT}${line}`);

function plainSection(section: Section): string {
  const lines = [section.title];
  if (section.facts !== undefined)
    lines.push(...indent(layoutLines(section.facts.map(([l, v]) => `${l}\t${text(v)}`))));
  if (section.table !== undefined) {
    const { head, rows } = section.table;
    if (rows.length === 0) lines.push(`${INDENT}${section.empty ?? 'none'}`);
    else lines.push(...indent(layoutLines([head.join('\t'), ...rows.map((row) => row.map(text).join('\t'))])));
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

/** The sections, one blank line apart. */
export async function renderReport(sections: readonly Section[], terminal: ReportStyle): Promise<string> {
  const render = terminal.tty ? await terminalRenderer(terminal.color) : plainSection;
  return sections.map(render).join('\n');
}

/** The report as JSON: two-space indent, fields in the order the report declares them. */
export const reportJson = (report: unknown): string => `${JSON.stringify(report, null, 2)}\n`;
