/**
 * The only way this tool talks to a server: HTTP GET. No other method exists in the code, so the tool
 * cannot write to a cluster. Transport failures come back as `TransportError` with a kind the cluster
 * source turns into a message. As client-go's transport: a connect timeout (30 s) and a TLS handshake
 * timeout (10 s) hold without `--request-timeout`, response headers may be large, a gzip body is decoded.
 */
import { type Agent, type ClientRequest, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { createGunzip, createInflate } from 'node:zlib';
import { classify, TransportError } from './transport-error.js';

export { TransportError, type TransportFailure } from './transport-error.js';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The most one response (and one watch event) may hold: a larger one is refused before it can exhaust memory. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Go's `http.Transport` default (`MaxResponseHeaderBytes`): Node's own 16 KB would refuse what kubectl reads. */
const MAX_HEADER_BYTES = 10 * 1024 * 1024;

/** client-go's dialer and transport timeouts; tests shorten them rather than wait. */
export const TRANSPORT_TIMEOUTS = { connectMs: 30_000, tlsHandshakeMs: 10_000 };

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

/** The largest delay `setTimeout` takes (2^31 - 1 ms, about 24.8 days): longer ones are made of several. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A timer of any length (`--request-timeout 597h`); returns its cancel. */
export function longTimeout(action: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout;
  const arm = (left: number) => {
    timer = setTimeout(() => (left > MAX_TIMER_MS ? arm(left - MAX_TIMER_MS) : action()), Math.min(left, MAX_TIMER_MS));
  };
  arm(ms);
  return () => clearTimeout(timer);
}

function send(url: URL, options: RequestOptions, onResponse: Parameters<typeof httpRequest>[2]): ClientRequest {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const req = request(
    url,
    { method: 'GET', agent: options.agent, headers: options.headers, maxHeaderSize: MAX_HEADER_BYTES },
    onResponse,
  );
  req.on('socket', (socket) => guardConnection(req, socket, url.protocol === 'https:'));
  return req;
}

/** A new connection must connect within 30 s and, over https, finish its TLS handshake within 10 s more. */
function guardConnection(req: ClientRequest, socket: Socket, tls: boolean): void {
  if (!socket.connecting) return;
  const connectTimer = setTimeout(
    () => req.destroy(new TransportError('timeout', 'the connection timed out', 'ETIMEDOUT')),
    TRANSPORT_TIMEOUTS.connectMs,
  );
  socket.once('connect', () => {
    clearTimeout(connectTimer);
    if (!tls) return;
    const handshakeTimer = setTimeout(
      () => req.destroy(new TransportError('handshake-timeout', 'TLS handshake timeout')),
      TRANSPORT_TIMEOUTS.tlsHandshakeMs,
    );
    (socket as TLSSocket).once('secureConnect', () => clearTimeout(handshakeTimer));
    socket.once('close', () => clearTimeout(handshakeTimer));
  });
  socket.once('close', () => clearTimeout(connectTimer));
}

/** The body as sent, or decoded when the server compressed it (Content-Encoding gzip or deflate). */
function decoded(res: Readable & { headers: IncomingHttpHeaders }): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
  if (encoding !== 'gzip' && encoding !== 'deflate') return res;
  const decoder = encoding === 'gzip' ? createGunzip() : createInflate();
  res.pipe(decoder);
  return decoder;
}

export function httpGet(url: URL, options: RequestOptions): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    let cancelTimer = () => {};
    const abandon = () => req.destroy(new TransportError('other', 'abandoned'));
    const settled = () => {
      cancelTimer();
      options.signal?.removeEventListener('abort', abandon);
    };
    const fail = (error: Error) => {
      settled();
      reject(error);
    };
    const req = send(url, options, (res) => {
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
      const body = decoded(res);
      body.on('data', (chunk: Buffer) => {
        if (refused) return;
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
      body.on('error', () => {
        if (refused || body === res) return;
        refused = true;
        fail(new TransportError('bad-encoding', 'the compressed body does not decompress'));
      });
      res.on('error', () => {});
      body.on('end', () => {
        if (refused) return;
        settled();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
      res.on('close', () => {
        if (refused || res.complete) return;
        refused = true;
        fail(new TransportError('reset', 'the connection was closed before the response was complete'));
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => fail(classify(error)));
    options.signal?.addEventListener('abort', abandon, { once: true });
    if (options.timeoutMs !== undefined) {
      const { timeoutMs } = options;
      cancelTimer = longTimeout(
        () => req.destroy(new TransportError('timeout', `no complete answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    }
    req.end();
  });
}

/**
 * Newline-separated lines out of a stream of chunks, in time linear in the bytes (a line is joined once,
 * when its end arrives); a line longer than `max` bytes is refused as soon as it is.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly max: number,
    private readonly onLine: (line: string) => void,
  ) {}

  /** Feeds a chunk; false once a line is over the limit (the rest should be dropped). */
  push(chunk: Buffer): boolean {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      if (this.pendingBytes + end - start > this.max) return false;
      this.emit(Buffer.concat([...this.pending, chunk.subarray(start, end)]));
      this.pending = [];
      this.pendingBytes = 0;
      start = end + 1;
    }
    if (start < chunk.length) {
      this.pending.push(chunk.subarray(start));
      this.pendingBytes += chunk.length - start;
    }
    return this.pendingBytes <= this.max;
  }

  /** The last line, when the stream ended without a newline after it. */
  end(): void {
    if (this.pendingBytes > 0) this.emit(Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }

  private emit(line: Buffer): void {
    const text = line.toString('utf8');
    if (text.trim() !== '') this.onLine(text);
  }
}

/**
 * A watch: GET whose 200 body is a stream of newline-separated JSON events, handed to `onLine` as they
 * arrive. Resolves when the server ends the stream (a server-side timeout) or `signal` aborts it; any
 * other status resolves with its whole body, for the caller to report. One event over the response cap
 * is refused.
 */
export function httpWatch(
  url: URL,
  options: RequestOptions,
  onLine: (line: string) => void,
  signal: AbortSignal,
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (result: HttpResponse | TransportError) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', abort);
      if (result instanceof TransportError) reject(result);
      else resolve(result);
    };
    const req = send(url, options, (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      const lines = new LineSplitter(MAX_RESPONSE_BYTES, onLine);
      const body = decoded(res);
      body.on('data', (chunk: Buffer) => {
        if (settled) return;
        if (status !== 200) {
          chunks.push(chunk);
          return;
        }
        if (!lines.push(chunk)) {
          res.destroy();
          finish(new TransportError('too-large', 'a watch event is too large'));
        }
      });
      if (body !== res) {
        body.on('error', () => finish(new TransportError('bad-encoding', 'the compressed body does not decompress')));
      }
      res.on('error', () => {});
      body.on('end', () => {
        if (status === 200 && !settled) lines.end();
        finish({ status, headers: res.headers, body: Buffer.concat(chunks) });
      });
      res.on('close', () => {
        if (!res.complete && !signal.aborted) {
          finish(new TransportError('reset', 'the watch connection was closed before its end'));
        }
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
