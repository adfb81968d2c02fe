/** kubectl's RelaxedJSONPathExpression (kubectl `pkg/cmd/get/customcolumn.go`), for custom columns and --sort-by. */
import { TemplateError } from './jsonpath.js';

const RELAXED_PATH = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** `name`, `.name`, `{name}` and `{.name}` all become `{.name}`; the empty path stays empty; a brace inside is a TemplateError. */
export function relaxedJsonPath(path: string): string {
  if (path === '') return path;
  const match = RELAXED_PATH.exec(path);
  if (!match)
    throw new TemplateError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  return `{.${match[1] ?? match[2]}}`;
}
