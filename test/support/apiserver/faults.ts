/**
 * Fault injection: per request, the test's `fault` callback can replace the answer with a Status error
 * (worded and detailed as the real apiserver words that code), a proxy's HTML page, raw bytes, a body cut
 * in half or reset mid-way, or no answer at all until the server closes.
 */
import { Buffer } from 'node:buffer';
import type { ServerResponse } from 'node:http';
import * as http from 'node:http';
import type { Obj } from './json.js';
import { baseHeaders, type Rendered, renderStatus, sendRendered } from './render.js';
import { parseBool, parseResourcePath, type RequestInfo } from './request.js';
import { EXPIRED_CONTINUE, EXPIRED_LIST, REASON_BY_CODE, type StatusDetails, StatusError } from './status.js';
import { restartToken } from './store.js';

/** What the `fault` callback can make of a request (undefined: nothing, the normal answer). */
export type Fault =
  | { kind: 'status'; code: number; reason?: string; message?: string; retryAfter?: number }
  | { kind: 'html'; code?: number }
  | { kind: 'reset-mid-body' }
  | { kind: 'truncate-body' }
  | { kind: 'hang' }
  | { kind: 'raw'; code: number; headers?: Record<string, string>; body: string | Buffer };
/** Default Status message/details for a status fault, shaped like the real apiserver's for that code. */
export function faultStatus(f: Extract<Fault, { kind: 'status' }>, info: RequestInfo, user: string): StatusError {
  const reason = f.reason ?? REASON_BY_CODE[f.code] ?? (f.code >= 500 ? 'InternalError' : '');
  const rr = parseResourcePath(info.path);
  const qualified = rr ? (rr.group ? `${rr.resource}.${rr.group}` : rr.resource) : '';
  const details: StatusDetails | undefined = rr ? { name: rr.name, group: rr.group, kind: rr.resource } : {};
  if (f.retryAfter !== undefined && details) details.retryAfterSeconds = f.retryAfter;
  let message = f.message;
  let listContinue: string | undefined;
  if (message === undefined) {
    const verb =
      rr?.name !== undefined
        ? parseBool(info.query.get('watch'))
          ? 'watch'
          : 'get'
        : parseBool(info.query.get('watch'))
          ? 'watch'
          : 'list';
    switch (reason) {
      case 'Forbidden': {
        const who = user || 'system:anonymous';
        let why: string;
        if (!rr) why = `User "${who}" cannot ${info.method.toLowerCase()} path "${info.path}"`;
        else if (rr.namespace)
          why = `User "${who}" cannot ${verb} resource "${rr.resource}" in API group "${rr.group}" in the namespace "${rr.namespace}"`;
        else
          why = `User "${who}" cannot ${verb} resource "${rr.resource}" in API group "${rr.group}" at the cluster scope`;
        message = rr
          ? rr.name
            ? `${qualified} "${rr.name}" is forbidden: ${why}`
            : `${qualified} is forbidden: ${why}`
          : `forbidden: ${why}`;
        break;
      }
      case 'NotFound':
        message = rr?.name ? `${qualified} "${rr.name}" not found` : 'the server could not find the requested resource';
        break;
      case 'Unauthorized':
        message = 'Unauthorized';
        break;
      case 'Expired':
      case 'Gone': {
        const cont = info.query.get('continue');
        if (cont) {
          message = EXPIRED_CONTINUE;
          try {
            const tok = JSON.parse(Buffer.from(cont, 'base64url').toString('utf8')) as Obj;
            if (typeof tok.start === 'string') listContinue = restartToken(tok.start);
          } catch {
            // leave without a new token
          }
        } else message = EXPIRED_LIST;
        break;
      }
      case 'TooManyRequests':
        message = 'Too many requests, please try again later.';
        break;
      case 'ServiceUnavailable':
        message = 'the server is currently unable to handle the request';
        break;
      case 'Timeout':
        message =
          'the server was unable to return a response in the time allotted, but may still be processing the request';
        break;
      case 'InternalError':
        message = 'Internal error occurred: injected fault';
        break;
      case 'BadRequest':
        message = 'the server rejected our request for an unknown reason';
        break;
      default:
        message = `injected ${f.code} fault`;
    }
  }
  // kube-apiserver's 401 and 410 carry no details.
  const withDetails = reason !== 'Unauthorized' && reason !== 'Expired';
  return new StatusError(f.code, reason, message, withDetails ? details : undefined, listContinue);
}

/** The error page of an nginx proxy in front of the apiserver. */
const HTML_PAGE = (code: number) =>
  `<html>\r\n<head><title>${code} ${http.STATUS_CODES[code] ?? ''}</title></head>\r\n<body>\r\n<center><h1>${code} ${http.STATUS_CODES[code] ?? ''}</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n`;

/** What a fault needs of the request it replaces the answer to. */
export interface FaultedRequest {
  info: RequestInfo;
  res: ServerResponse;
  /** The user the request authenticates as, '' when it does not. */
  user: () => string;
  /** The answer without the fault (a watch: its first events), for the faults that cut it. */
  normal: () => Rendered;
  /** Leaves the response unanswered until the server closes. */
  hang: () => void;
}

/** Answers (or does not answer) a request as the fault says. */
export function sendFault(fault: Fault, r: FaultedRequest): void {
  const { res } = r;
  switch (fault.kind) {
    case 'status': {
      const err = faultStatus(fault, r.info, r.user());
      const extra: Record<string, string> =
        fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
      sendRendered(res, renderStatus(err, extra));
      return;
    }
    case 'html': {
      const code = fault.code ?? 502;
      sendRendered(res, { code, headers: { 'Content-Type': 'text/html' }, chunks: [Buffer.from(HTML_PAGE(code))] });
      return;
    }
    case 'raw': {
      const body = typeof fault.body === 'string' ? Buffer.from(fault.body) : fault.body;
      const headers: Record<string, string> = { ...fault.headers };
      const hasLen = Object.keys(headers).some(
        (h) => h.toLowerCase() === 'content-length' || h.toLowerCase() === 'transfer-encoding',
      );
      if (!hasLen) headers['Content-Length'] = String(body.length);
      res.writeHead(fault.code, headers);
      res.end(body);
      return;
    }
    case 'hang':
      r.hang();
      return;
    case 'reset-mid-body': {
      const normal = r.normal();
      const body = Buffer.concat(normal.chunks);
      const part = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
      res.writeHead(normal.code, {
        ...baseHeaders(),
        ...normal.headers,
        'Content-Length': String(Math.max(body.length, part.length + 1)),
      });
      res.write(part, () => {
        setTimeout(() => res.socket?.destroy(), 20);
      });
      return;
    }
    case 'truncate-body': {
      const normal = r.normal();
      const body = Buffer.concat(normal.chunks);
      sendRendered(res, { ...normal, chunks: [body.subarray(0, Math.floor(body.length / 2))] });
      return;
    }
  }
}
