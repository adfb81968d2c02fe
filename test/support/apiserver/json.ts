/**
 * JSON as the Go apiserver writes it: map keys in byte order (unstructured objects are
 * map[string]interface{}), HTML-safe escaping, and bodies written as pieces so that cached encodings
 * of large lists are never copied into one buffer. Also the accessors of an object's metadata.
 * Written apart from src/kube/go-json.ts on purpose: the server stands in for the real one, so it shares
 * no code with the client it tests, and a mistake in one cannot hide the same mistake in the other.
 */
import { Buffer } from 'node:buffer';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepClone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Sort map keys recursively, as Go does when marshalling map[string]interface{} (unstructured objects). */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort(compareBytes)) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** JSON.stringify plus Go's HTML-safe escaping of <, >, & and U+2028/U+2029 (they only occur inside strings). */
export function goJSON(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] as string);
}

/**
 * Compares the UTF-8 encodings byte-wise (-1, 0 or 1). Below U+D800 that is code-unit order, so only strings
 * with surrogates or U+E000 and above are encoded.
 */
export function compareBytes(a: string, b: string): number {
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x >= 0xd800 || y >= 0xd800) return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
    if (x !== y) return x < y ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}

/** f, remembering each result by its (never changed) argument. */
export function memo<K extends object, V>(f: (key: K) => V): (key: K) => V {
  const results = new WeakMap<K, V>();
  return (key) => {
    let value = results.get(key);
    if (value === undefined) {
      value = f(key);
      results.set(key, value);
    }
    return value;
  };
}

/** The first index of `sorted` (in compareBytes order) whose key is not below `key`. */
export function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes(sorted[mid] as string, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Part of a JSON body: text, or a cached encoding. */
export type Piece = string | Buffer;

/** Encodes the pieces, joining neighbouring text into one chunk. */
export function toChunks(pieces: Piece[]): Buffer[] {
  const chunks: Buffer[] = [];
  let text = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      text += piece;
      continue;
    }
    if (text !== '') chunks.push(Buffer.from(text));
    text = '';
    chunks.push(piece);
  }
  if (text !== '') chunks.push(Buffer.from(text));
  return chunks;
}

/** `[item,item,...]`. */
export function arrayJSON(items: Obj[], json: (o: Obj) => Piece): Piece[] {
  return ['[', ...items.flatMap((o, i) => (i > 0 ? [',', json(o)] : [json(o)])), ']'];
}

export function metaOf(o: Obj): Obj {
  return isObj(o.metadata) ? o.metadata : {};
}
export function nameOf(o: Obj): string {
  return String(metaOf(o).name ?? '');
}
export function namespaceOf(o: Obj): string {
  const ns = metaOf(o).namespace;
  return typeof ns === 'string' ? ns : '';
}
export function labelsOf(o: Obj): Record<string, string> {
  const l = metaOf(o).labels;
  return isObj(l) ? (l as Record<string, string>) : {};
}
