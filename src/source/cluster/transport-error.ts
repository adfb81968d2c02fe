/**
 * What went wrong on the way to the server, told apart as kubectl tells it apart: refused, DNS, timeouts
 * (connect, TLS handshake, request), the TLS failures (not signed by the CA, expired, another host's
 * certificate, a server that does not speak TLS), a reset, a response too large.
 */
import type { PeerCertificate } from 'node:tls';

export type TransportFailure =
  | 'refused'
  | 'dns'
  | 'timeout'
  | 'handshake-timeout'
  | 'tls'
  | 'tls-expired'
  | 'tls-host'
  | 'not-tls'
  | 'reset'
  | 'too-large'
  | 'bad-encoding'
  | 'other';

export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|EPROTO/;
/** OpenSSL's words when the other side answers a ClientHello with something that is not TLS. */
const NOT_TLS = /wrong version number|packet length too long|unknown protocol|http request|record layer failure/i;

export function classify(error: NodeJS.ErrnoException & { cert?: PeerCertificate }): TransportError {
  if (error instanceof TransportError) return error;
  const code = error.code ?? '';
  const message = error.message;
  if (code === 'ECONNREFUSED') return new TransportError('refused', 'connection refused', code);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new TransportError('dns', 'the host name does not resolve', code);
  if (code === 'ETIMEDOUT') return new TransportError('timeout', 'the connection timed out', code);
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new TransportError('tls-expired', 'certificate has expired or is not yet valid', code);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = (error.cert?.subjectaltname ?? '').replace(/\b(DNS|IP Address):/g, '');
    return new TransportError('tls-host', names === '' ? String(error.cert?.subject?.CN ?? '') : names, code);
  }
  if (NOT_TLS.test(message) || /before secure TLS connection was established/.test(message)) {
    return new TransportError('not-tls', message, code);
  }
  if (TLS_CODES.test(code)) return new TransportError('tls', message, code);
  if (code === 'ECONNRESET' || code === 'EPIPE' || message === 'socket hang up') {
    return new TransportError('reset', 'the connection was reset', code);
  }
  return new TransportError('other', message, code);
}
