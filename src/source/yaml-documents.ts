/** YAML text parsed into values (yaml-stream.ts cuts the input into such texts); loaded only for YAML. */
import { parseAllDocuments } from 'yaml';
import { RuntimeFailure } from '../model/errors.js';
import { describePosition } from './syntax-errors.js';

/**
 * The documents of one text; a syntax error names the input and, where the parser knows it, the line:
 * `firstLine` is the input's line the text starts on, and `lineOf` maps a line of the text to a line
 * from there, where lines were taken out of it.
 */
export function parseYamlDocuments(
  text: string,
  name: string,
  firstLine = 1,
  lineOf: (line: number) => number = (line) => line,
): unknown[] {
  const documents = parseAllDocuments(text, { prettyErrors: false });
  if (!Array.isArray(documents)) return [];
  const where = (offset: number | undefined) => {
    const position = describePosition(text, offset);
    return position.replace(/line (\d+)/, (_, line: string) => `line ${lineOf(Number(line)) + firstLine - 1}`);
  };
  return documents.map((document) => {
    const error = document.errors[0];
    if (error !== undefined) {
      throw new RuntimeFailure(`${name}: invalid YAML${where(error.pos[0])}: ${error.message}`);
    }
    try {
      return document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // An alias bomb ("excessive alias count"): expected from hostile input, not a bug of ours.
      const start = document.contents?.range?.[0];
      throw new RuntimeFailure(`${name}: invalid YAML${where(start)}: ${(error as Error).message}`);
    }
  });
}
