/** Responses: a status code, headers and a body in chunks, written as the apiserver writes them. */
import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { goJSON, type Piece, toChunks } from './json.js';
import type { StatusError } from './status.js';

export interface Rendered {
  code: number;
  headers: Record<string, string>;
  /** Written in order: a large list is sent from its cached pieces, never copied into one buffer. */
  chunks: Buffer[];
}

export const JSON_CT = 'application/json';

/** A JSON body (Go's encoding). */
export function render(code: number, body: unknown, contentType = JSON_CT): Rendered {
  return renderJSON(code, [goJSON(body)], contentType);
}

/** A body already in JSON pieces, a newline after it as the apiserver writes one. */
export function renderJSON(code: number, json: Piece[], contentType = JSON_CT): Rendered {
  return { code, headers: { 'Content-Type': contentType }, chunks: toChunks([...json, '\n']) };
}

/** A Status error, with extra headers (Retry-After). */
export function renderStatus(err: StatusError, extraHeaders?: Record<string, string>): Rendered {
  const r = render(err.code, err.toObject());
  Object.assign(r.headers, extraHeaders);
  return r;
}

/** Go's http.NotFound, as kube-apiserver answers a path none of its handlers takes. */
export function renderPageNotFound(): Rendered {
  return {
    code: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    chunks: [Buffer.from('404 page not found\n')],
  };
}

/** The headers every answer carries. */
export function baseHeaders(): Record<string, string> {
  return { 'Audit-Id': randomUUID(), 'Cache-Control': 'no-cache, private' };
}

/** Writes a response with its Content-Length, the chunks in one writev. */
export function sendRendered(res: ServerResponse, r: Rendered): void {
  const length = r.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  res.writeHead(r.code, { ...baseHeaders(), ...r.headers, 'Content-Length': String(length) });
  res.cork();
  for (const chunk of r.chunks) res.write(chunk);
  res.end(); // uncorks: the chunks go out in one writev
}
