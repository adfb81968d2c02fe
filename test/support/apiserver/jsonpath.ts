/** The subset of JSONPath that CRD additionalPrinterColumns use (client-go jsonpath, AllowMissingKeys). */
import { isObj } from './json.js';

export type PathStep = { field: string } | { index: number };

export function parseSimpleJSONPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  let i = 0;
  const p = path.trim();
  while (i < p.length) {
    const c = p[i];
    if (c === '.') {
      i++;
      let name = '';
      while (i < p.length && p[i] !== '.' && p[i] !== '[') {
        if (p[i] === '\\' && i + 1 < p.length) {
          name += p[i + 1];
          i += 2;
        } else {
          name += p[i];
          i++;
        }
      }
      if (name !== '') steps.push({ field: name });
    } else if (c === '[') {
      const end = p.indexOf(']', i);
      if (end < 0) throw new Error(`unclosed [ in ${path}`);
      const inner = p.slice(i + 1, end).trim();
      i = end + 1;
      const q = /^(['"])(.*)\1$/.exec(inner);
      if (q) steps.push({ field: q[2] ?? '' });
      else if (/^-?\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else throw new Error(`unsupported JSONPath element [${inner}] in ${path}`);
    } else {
      throw new Error(`unsupported JSONPath ${path}`);
    }
  }
  return steps;
}

/** Returns {found:false} when missing / not matching (client-go jsonpath with AllowMissingKeys: no result or error). */
export function evalSimpleJSONPath(
  obj: unknown,
  steps: PathStep[],
): { found: true; value: unknown } | { found: false } {
  let cur: unknown = obj;
  for (const st of steps) {
    if (cur === null || cur === undefined) return { found: false };
    if ('field' in st) {
      if (!isObj(cur) || !Object.hasOwn(cur, st.field)) return { found: false };
      cur = cur[st.field];
    } else {
      if (!Array.isArray(cur)) return { found: false };
      const idx = st.index < 0 ? st.index + cur.length : st.index;
      if (idx < 0 || idx >= cur.length) return { found: false };
      cur = cur[idx];
    }
  }
  return { found: true, value: cur };
}
