/**
 * The JSONPath subset of CRD printer columns (`additionalPrinterColumns[].jsonPath`), which the API
 * server evaluates with client-go's jsonpath: fields (`.status.id`), escaped dots in keys
 * (`.metadata.labels.io\.kubernetes\.pod\.namespace`), list indexes (`[0]`, `[-1]`) and `[*]`.
 * Like the server, only the first result is used, and anything missing gives `undefined`. A path it
 * cannot read is a TemplateError.
 */
import { TemplateError } from './jsonpath.js';

type Step = { field: string } | { index: number } | { all: true };

export type CompiledPath = (object: unknown) => unknown;

export function compilePath(path: string): CompiledPath {
  const steps = parse(path);
  return (object) => first(object, steps, 0);
}

function parse(path: string): Step[] {
  const steps: Step[] = [];
  let i = path.startsWith('{') && path.endsWith('}') ? 1 : 0;
  const end = i === 1 ? path.length - 1 : path.length;
  while (i < end) {
    const c = path[i];
    if (c === '.') {
      let field = '';
      i++;
      while (i < end && path[i] !== '.' && path[i] !== '[') {
        if (path[i] === '\\' && i + 1 < end) i++;
        field += path[i];
        i++;
      }
      if (field !== '') steps.push({ field });
    } else if (c === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) throw new TemplateError(`unclosed [ in JSONPath ${path}`);
      const inner = path.slice(i + 1, close).trim();
      if (inner === '*') steps.push({ all: true });
      else if (/^-?\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ field: inner.slice(1, -1) });
      else throw new TemplateError(`unsupported JSONPath step [${inner}] in ${path}`);
      i = close + 1;
    } else {
      throw new TemplateError(`unexpected ${c} at ${i} in JSONPath ${path}`);
    }
  }
  return steps;
}

function first(value: unknown, steps: Step[], at: number): unknown {
  if (value === undefined || value === null) return undefined;
  const step = steps[at];
  if (step === undefined) return value;
  if ('field' in step) {
    if (typeof value !== 'object' || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    return Object.hasOwn(record, step.field) ? first(record[step.field], steps, at + 1) : undefined;
  }
  if (!Array.isArray(value)) return undefined;
  if ('index' in step) {
    const index = step.index < 0 ? value.length + step.index : step.index;
    return first(value[index], steps, at + 1);
  }
  for (const element of value) {
    const found = first(element, steps, at + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
