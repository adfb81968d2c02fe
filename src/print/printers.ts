/**
 * kubectl's output formats (`-o`), as a registry: the names feed the help text and the "allowed formats"
 * error (cli/defaults.ts holds the list), and each format is one function from objects to text
 * (cli-runtime `printers/interface.go`). The table formats are printed by table-printer.ts.
 */

import { executeTemplate, parseTemplate, TemplateError } from '../kube/jsonpath.js';
import { RuntimeFailure } from '../model/errors.js';
import { CustomColumnsError, parseCustomColumns, printCustomColumns } from './custom-columns.js';
import { kubectlJsonList, kubectlJsonObject, kubectlList } from './kubectl-json.js';
import { kubectlYaml, YamlError } from './kubectl-yaml.js';
import { omitManagedFields } from './managed-fields.js';

export type OutputSpec =
  | { kind: 'table'; wide: boolean }
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string }
  | { kind: 'custom-columns'; spec: string };

/** `-o` as kubectl reads it; `undefined` for a format it does not know. */
export function parseOutput(text: string | undefined): OutputSpec | undefined {
  if (text === undefined || text === '') return { kind: 'table', wide: false };
  const [name = '', ...rest] = text.split('=');
  const argument = rest.join('=');
  switch (name) {
    case 'wide':
      return rest.length === 0 ? { kind: 'table', wide: true } : undefined;
    case 'json':
    case 'yaml':
    case 'name':
      return rest.length === 0 ? { kind: name } : undefined;
    case 'jsonpath':
      return { kind: 'jsonpath', template: argument };
    case 'custom-columns':
      return { kind: 'custom-columns', spec: argument };
    default:
      return undefined;
  }
}

export interface ObjectPrintOptions {
  /** One object asked for by name: printed alone, not in a List (kubectl's singleItemImplied). */
  single: boolean;
  /** `ciliumendpoint.cilium.io`, for `-o name`. */
  kindName: string;
  noHeaders: boolean;
}

/**
 * Prepares the printer first, so a bad template fails before anything is fetched. JSON and YAML leave
 * out managedFields, as kubectl does, unless `showManagedFields` (`--show-managed-fields`).
 */
export function objectPrinter(
  spec: Exclude<OutputSpec, { kind: 'table' }>,
  showManagedFields = false,
): (objects: readonly Named[], options: ObjectPrintOptions) => string | Iterable<string> {
  const shown = (objects: readonly Named[]) => (showManagedFields ? objects : objects.map(omitManagedFields));
  switch (spec.kind) {
    case 'json':
      return (objects, { single }) => (single ? kubectlJsonObject(shown(objects)[0]) : kubectlJsonList(shown(objects)));
    case 'yaml':
      return (objects, { single }) =>
        dataFailure(() => kubectlYaml(single ? shown(objects)[0] : kubectlList(shown(objects))));
    case 'name':
      return (objects, { kindName }) => objects.map((o) => `${kindName}/${o.metadata.name}\n`).join('');
    case 'jsonpath': {
      const template = parseTemplate(spec.template);
      return (objects, { single }) =>
        dataFailure(() => executeTemplate(template, single ? objects[0] : kubectlList(objects)));
    }
    case 'custom-columns': {
      const columns = parseCustomColumns(spec.spec);
      return function* (objects, { noHeaders }) {
        try {
          yield printCustomColumns(columns, objects, noHeaders);
        } catch (error) {
          if (!(error instanceof CustomColumnsError)) throw error;
          yield error.printed;
          throw new RuntimeFailure(error.message);
        }
      };
    }
  }
}

/**
 * A template or the YAML printer failing on the data (not the source): kubectl's line, exit 1. What the
 * printer wrote before the failing object stays printed, as kubectl's does.
 */
function dataFailure(print: () => string): string {
  try {
    return print();
  } catch (error) {
    if (error instanceof TemplateError || error instanceof YamlError) throw new RuntimeFailure(error.message);
    throw error;
  }
}

export interface Named {
  metadata: { name: string };
}
