/**
 * kubectl's `-o custom-columns=SPEC` (kubectl `pkg/cmd/get/customcolumn.go`), checked against kubectl 1.32:
 * - SPEC is `HEADER:PATH,HEADER:PATH`, split at every comma, then at the first colon. A PATH may omit the
 *   braces and the leading dot (`RelaxedJSONPathExpression`: `metadata.name` is `{.metadata.name}`) and
 *   holds no brace; an empty PATH finds nothing.
 * - One line per object, cells tab-separated and laid out by kubectl's tabwriter (`GetNewTabWriter`, the
 *   one tables use), after the header line (printed as given) unless noHeaders.
 * - A cell joins the values found with `,`, each printed as Go's `fmt.Sprint` (a map as
 *   `map[k:v]`, nil as `<nil>`) with ESC shown as `^[` and CR as `\r`; nothing found prints `<none>`.
 * - Errors carry kubectl's message. Parse errors of a PATH and execution errors (an index out of range)
 *   are client-go's own, unwrapped. kubectl has already printed the header line on stdout when they
 *   occur; here nothing is printed.
 */
import { findResults, goSprint, parseJsonPath, type Template, TemplateError } from '../kube/jsonpath.js';
import { relaxedJsonPath } from '../kube/relaxed-jsonpath.js';
import { layoutLines } from '../kube/tabwriter.js';
import { escapeTerminal } from './sanitize.js';

export interface CustomColumn {
  header: string;
  template: Template;
}

/** Parses SPEC as kubectl does; throws TemplateError with kubectl's message for a bad one. */
export function parseCustomColumns(spec: string): CustomColumn[] {
  if (spec === '') throw new TemplateError('custom-columns format specified but no custom columns given');
  const columns = spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0)
      throw new TemplateError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), path: relaxedJsonPath(part.slice(colon + 1)) };
  });
  return columns.map(({ header, path }) => ({ header, template: parseJsonPath(path) }));
}

/** A template that failed on an object (an index out of range): what kubectl printed before it, and its error. */
export class CustomColumnsError extends TemplateError {
  constructor(
    message: string,
    /** The header and the rows of the objects before the one that failed, laid out together. */
    readonly printed: string,
  ) {
    super(message);
  }
}

/**
 * The columns of every object, as kubectl prints them (empty text for no headers and no objects). A
 * column that fails on an object ends the table there, as kubectl's CustomColumnsPrinter does: the rows
 * before it are printed (CustomColumnsError's `printed`), the rest are not.
 */
export function printCustomColumns(
  columns: readonly CustomColumn[],
  objects: readonly unknown[],
  noHeaders: boolean,
): string {
  const lines = noHeaders ? [] : [columns.map((column) => column.header).join('\t')];
  // Tabs and line breaks inside cells act on the tabwriter as kubectl's own do.
  const layout = () => layoutLines(lines.flatMap((line) => line.split('\n')));
  for (const object of objects) {
    try {
      lines.push(columns.map((column) => columnText(column.template, object)).join('\t'));
    } catch (error) {
      if (error instanceof TemplateError) throw new CustomColumnsError(error.message, layout());
      throw error;
    }
  }
  return layout();
}

function columnText(template: Template, object: unknown): string {
  const results = findResults(template, object);
  const none = (results[0] ?? []).length === 0 ? ['<none>'] : [];
  return [...none, ...results.flat().map((value) => escapeTerminal(goSprint(value)))].join(',');
}

/** cli-runtime's EscapeTerminal. */
