/** Label and field selectors (k8s.io/apimachinery/pkg/labels and pkg/fields) as a CRD's list and watch apply them. */
import { labelsOf, nameOf, namespaceOf, type Obj } from './json.js';
import { badRequest } from './status.js';

export type LabelReq =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!' }
  | { key: string; op: 'gt' | 'lt'; value: number };

/** labels.Parse (k8s.io/apimachinery/pkg/labels/selector.go), simplified lexer. */
export function parseLabelSelector(sel: string): LabelReq[] {
  type Tok = { t: 'id' | 'op' | '(' | ')' | ',' | 'end'; v: string };
  const toks: Tok[] = [];
  let i = 0;
  while (i < sel.length) {
    const c = sel[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      toks.push({ t: c, v: c });
      i++;
      continue;
    }
    const two = sel.slice(i, i + 2);
    if (two === '==' || two === '!=') {
      toks.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if (c === '=' || c === '!' || c === '>' || c === '<') {
      toks.push({ t: 'op', v: c });
      i++;
      continue;
    }
    let j = i;
    while (j < sel.length && !/[\s(),=!<>]/.test(sel[j] ?? '')) j++;
    toks.push({ t: 'id', v: sel.slice(i, j) });
    i = j;
  }
  toks.push({ t: 'end', v: '' });
  let p = 0;
  const peek = () => toks[p] as Tok;
  const next = () => toks[p++] as Tok;
  const fail = (found: Tok, expected: string): never => {
    throw badRequest(`unable to parse requirement: found '${found.v}', expected: ${expected}`);
  };
  const reqs: LabelReq[] = [];
  if (peek().t === 'end') return reqs;
  for (;;) {
    let tok = next();
    if (tok.t === 'op' && tok.v === '!') {
      const k = next();
      if (k.t !== 'id') fail(k, 'identifier');
      reqs.push({ key: k.v, op: '!' });
    } else {
      if (tok.t !== 'id') fail(tok, "identifier or '!'");
      const key = tok.v;
      const op = peek();
      if (op.t === ',' || op.t === 'end') {
        reqs.push({ key, op: 'exists' });
      } else if (op.t === 'op') {
        next();
        if (op.v === '=' || op.v === '==' || op.v === '!=') {
          const v = peek();
          let value = '';
          if (v.t === 'id') {
            next();
            value = v.v;
          } else if (v.t !== ',' && v.t !== 'end') fail(v, 'identifier');
          reqs.push({ key, op: op.v === '!=' ? 'notin' : 'in', values: [value] });
        } else if (op.v === '>' || op.v === '<') {
          const v = next();
          if (v.t !== 'id' || !/^-?\d+$/.test(v.v)) fail(v, 'integer');
          reqs.push({ key, op: op.v === '>' ? 'gt' : 'lt', value: Number(v.v) });
        } else fail(op, "'=', '!=', '==', 'in', notin'");
      } else if (op.t === 'id' && (op.v === 'in' || op.v === 'notin')) {
        next();
        const open = next();
        if (open.t !== '(') fail(open, "'('");
        const values: string[] = [];
        for (;;) {
          tok = next();
          if (tok.t === ')') break;
          if (tok.t === 'id') {
            values.push(tok.v);
            const after = next();
            if (after.t === ')') break;
            if (after.t !== ',') fail(after, "',' or ')'");
          } else if (tok.t === ',') {
            values.push('');
          } else fail(tok, "',', ')' or identifier");
        }
        if (values.length === 0) throw badRequest("for 'in', 'notin' operators, values set can't be empty");
        reqs.push({ key, op: op.v, values });
      } else fail(op, "'=', '!=', '==', 'in', notin'");
    }
    const sep = next();
    if (sep.t === 'end') break;
    if (sep.t !== ',') fail(sep, "','");
  }
  return reqs;
}

function matchLabels(reqs: LabelReq[], labels: Record<string, string>): boolean {
  return reqs.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case 'in':
        return has && r.values.includes(v ?? '');
      case 'notin':
        return !has || !r.values.includes(v ?? '');
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(v ?? '')) return false;
        return r.op === 'gt' ? Number(v) > r.value : Number(v) < r.value;
      }
    }
    return false;
  });
}

export interface FieldReq {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** fields.ParseSelector; only metadata.name and metadata.namespace are selectable for CRs. */
export function parseFieldSelector(sel: string): FieldReq[] {
  const out: FieldReq[] = [];
  if (sel.trim() === '') return out;
  // split on unescaped commas
  const terms: string[] = [];
  let cur = '';
  for (let i = 0; i < sel.length; i++) {
    const c = sel[i];
    if (c === '\\' && i + 1 < sel.length) {
      cur += c + sel[i + 1];
      i++;
    } else if (c === ',') {
      terms.push(cur);
      cur = '';
    } else cur += c;
  }
  terms.push(cur);
  const unescapeValue = (s: string) => s.replace(/\\(.)/g, '$1');
  for (const term of terms) {
    const m = /^(.*?)(!=|==|=)(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${sel}'; can't understand '${term}'`);
    const field = (m[1] ?? '').trim();
    if (field !== 'metadata.name' && field !== 'metadata.namespace') {
      throw badRequest(`"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
    out.push({ field, op: m[2] === '!=' ? '!=' : '=', value: unescapeValue(m[3] ?? '') });
  }
  return out;
}

function matchFields(reqs: FieldReq[], name: string, namespace: string): boolean {
  return reqs.every((r) => {
    const actual = r.field === 'metadata.name' ? name : namespace;
    return r.op === '=' ? actual === r.value : actual !== r.value;
  });
}

/** What a list or a watch keeps: one namespace (undefined: all) and the label and field requirements. */
export interface Selection {
  namespace: string | undefined;
  labels: LabelReq[];
  fields: FieldReq[];
}

export function selects(sel: Selection, o: Obj): boolean {
  return (
    (sel.namespace === undefined || namespaceOf(o) === sel.namespace) &&
    matchLabels(sel.labels, labelsOf(o)) &&
    matchFields(sel.fields, nameOf(o), namespaceOf(o))
  );
}
