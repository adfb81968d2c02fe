/**
 * The only way this tool talks to a server: HTTP GET. No other method exists in the code, so the tool
 * cannot write to a cluster. Transport failures come back as `TransportError` with a kind the cluster
 * source turns into a message.
 */
import { type Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type TransportFailure = 'refused' | 'dns' | 'timeout' | 'tls' | 'reset' | 'too-large' | 'other';

/** The most one response may hold: a larger one is refused before it can exhaust memory. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  agent: Agent | undefined;
  headers: Record<string, string>;
  /** Whole-request deadline in milliseconds (kubectl's --request-timeout); undefined: none. */
  timeoutMs: number | undefined;
  /** Abandons the request (its connection is closed). */
  signal?: AbortSignal | undefined;
  /**
   * Takes a 200's body chunk by chunk as it arrives (the response's `body` is then empty, and no
   * whole-response cap applies: the reader caps what it holds). A chunk it throws on ends the request
   * with that error.
   */
  stream?: ((chunk: Buffer, headers: IncomingHttpHeaders) => void) | undefined;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO/;

export function httpGet(url: URL, options: RequestOptions): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let timer: NodeJS.Timeout | undefined;
    const abandon = () => req.destroy(new TransportError('other', 'abandoned'));
    const settled = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abandon);
    };
    const fail = (error: Error) => {
      settled();
      reject(error);
    };
    const req = send(url, { method: 'GET', agent: options.agent, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let refused = false;
      const declared = Number(res.headers['content-length'] ?? 0);
      const stream = res.statusCode === 200 ? options.stream : undefined;
      const tooLarge = () => {
        refused = true;
        res.destroy();
        fail(new TransportError('too-large', `the response is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB`));
      };
      if (declared > MAX_RESPONSE_BYTES && stream === undefined) {
        tooLarge();
        return;
      }
      res.on('data', (chunk: Buffer) => {
        if (stream !== undefined) {
          try {
            stream(chunk, res.headers);
          } catch (error) {
            refused = true;
            res.destroy();
            fail(error as Error);
          }
          return;
        }
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) tooLarge();
        else chunks.push(chunk);
      });
      res.on('error', () => {});
      res.on('close', () => {
        if (refused) return;
        if (!res.complete) {
          fail(new TransportError('reset', 'the connection was closed before the response was complete'));
          return;
        }
        settled();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => fail(classify(error)));
    options.signal?.addEventListener('abort', abandon, { once: true });
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        req.destroy(new TransportError('timeout', `no complete answer within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
    }
    req.end();
  });
}

function classify(error: NodeJS.ErrnoException): TransportError {
  if (error instanceof TransportError) return error;
  const code = error.code ?? '';
  if (code === 'ECONNREFUSED') return new TransportError('refused', 'connection refused', code);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new TransportError('dns', 'the host name does not resolve', code);
  if (code === 'ETIMEDOUT') return new TransportError('timeout', 'the connection timed out', code);
  if (TLS_CODES.test(code)) return new TransportError('tls', error.message, code);
  if (code === 'ECONNRESET' || code === 'EPIPE' || error.message === 'socket hang up') {
    return new TransportError('reset', 'the connection was reset', code);
  }
  return new TransportError('other', error.message, code);
}

/**
 * A watch: GET whose 200 body is a stream of newline-separated JSON events, handed to `onLine` as they
 * arrive. Resolves when the server ends the stream (a server-side timeout) or `signal` aborts it; any
 * other status resolves with its whole body, for the caller to report.
 */
export function httpWatch(
  url: URL,
  options: RequestOptions,
  onLine: (line: string) => void,
  signal: AbortSignal,
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (result: HttpResponse | TransportError) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', abort);
      if (result instanceof TransportError) reject(result);
      else resolve(result);
    };
    const req = send(url, { method: 'GET', agent: options.agent, headers: options.headers }, (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (status !== 200) {
          chunks.push(Buffer.from(chunk));
          return;
        }
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) if (line.trim() !== '') onLine(line);
      });
      res.on('error', () => {});
      res.on('close', () => {
        if (pending.trim() !== '' && status === 200 && res.complete) onLine(pending);
        if (!res.complete && !signal.aborted) {
          finish(new TransportError('reset', 'the watch connection was closed before its end'));
          return;
        }
        finish({ status, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    const abort = () => {
      req.destroy();
      finish({ status: 200, headers: {}, body: Buffer.alloc(0) });
    };
    signal.addEventListener('abort', abort);
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish(signal.aborted ? { status: 200, headers: {}, body: Buffer.alloc(0) } : classify(error)),
    );
    req.end();
  });
}
