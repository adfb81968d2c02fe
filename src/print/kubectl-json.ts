/**
 * kubectl's `-o json` (cli-runtime `printers/json.go`): Go's `json.MarshalIndent(obj, "", "    ")` of an
 * unstructured object, plus a newline. The value is plain JSON data (what JSON.parse returns). Go writes
 * map keys sorted by bytes and escapes `<`, `>`, `&`, U+2028 and U+2029 inside strings; everything else
 * (4-space indent, `{}` and `[]` for empty containers, \b \f \n \r \t and \u00XX escapes, shortest
 * round-trip numbers switching to exponents below 1e-6 and from 1e21) is what JSON.stringify writes too.
 * Native JSON.stringify does the work: one key-sorting pass before it, one escaping pass after it.
 */
import { randomUUID } from 'node:crypto';
import { goEscape, sortKeys } from '../kube/go-json.js';

/** The wrapper kubectl prints around several objects or a list (`get` without a single name). */
export function kubectlList(items: readonly unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items: [...items], kind: 'List', metadata: { resourceVersion: '' } };
}

/** The text `kubectl get -o json` prints for value, trailing newline included. */
export function kubectlJson(value: unknown): string {
  return `${goEscape(JSON.stringify(sortKeys(value), null, 4))}\n`;
}

/**
 * One object alone (`get TYPE NAME -o json`): kubectl decodes it into Go values, so a float -0 prints as
 * `-0` (in a list it prints `0`, as JSON.stringify writes it). A JSON `-0` and `-0.0` both parse as -0 here.
 */
export function kubectlJsonObject(value: unknown): string {
  const marker = `\u0000negative-zero-${randomUUID()}`;
  const text = JSON.stringify(sortKeys(value), (_key, v: unknown) => (Object.is(v, -0) ? marker : v), 4);
  return `${goEscape(text.replaceAll(JSON.stringify(marker), '-0'))}\n`;
}

/**
 * An item as it stands inside kubectl's List: JSON.stringify's indentation depends only on depth, so each
 * item is its own text, indented twice. A list can be kept as these texts instead of its objects. The
 * item is written two levels down (`[[item]]`) so that JSON.stringify indents it, and the brackets cut off.
 */
export function listItemJson(item: unknown): string {
  return goEscape(JSON.stringify([[sortKeys(item)]], null, 4)).slice(NESTED.length, -NESTED_END.length);
}

const NESTED = '[\n    [\n';
const NESTED_END = '\n    ]\n]';

const LIST_OPEN = '{\n    "apiVersion": "v1",\n    "items": [\n';
const LIST_CLOSE = '    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n';

/**
 * The List around items given as blocks of listItemJson's texts, each block its items joined by
 * `between`: what comes before the first block, between two blocks, and after the last; `empty` is the
 * List without items. Written this way it is the same text as kubectlJson(kubectlList(items)).
 */
export const JSON_LIST_FRAME = {
  open: LIST_OPEN,
  between: ',\n',
  close: `\n${LIST_CLOSE}`,
  empty: kubectlJson(kubectlList([])),
};

/**
 * The same text as `kubectlJson(kubectlList(items))`, in pieces of about `size` characters: a list of
 * 100,000 objects is written as it is produced instead of as one string of hundreds of megabytes.
 */
export function* kubectlJsonList(items: readonly unknown[], size = 1 << 20): Generator<string> {
  if (items.length === 0) {
    yield JSON_LIST_FRAME.empty;
    return;
  }
  let chunk = JSON_LIST_FRAME.open;
  for (let i = 0; i < items.length; i++) {
    chunk += `${i > 0 ? JSON_LIST_FRAME.between : ''}${listItemJson(items[i])}`;
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}${JSON_LIST_FRAME.close}`;
}
