/** YAML input (kubectl -o yaml, sysdumps, multi-document files); loaded only when a YAML file is read. */
import { parseAllDocuments } from 'yaml';
import { RuntimeFailure } from '../model/errors.js';
import { describePosition } from './syntax-errors.js';

export function parseYamlDocuments(text: string, name: string): unknown[] {
  const documents = parseAllDocuments(text, { prettyErrors: false });
  if (!Array.isArray(documents)) return [];
  return documents.map((document) => {
    const error = document.errors[0];
    if (error !== undefined) {
      throw new RuntimeFailure(`${name}: invalid YAML${describePosition(text, error.pos[0])}: ${error.message}`);
    }
    return document.toJS({ maxAliasCount: 100 });
  });
}
