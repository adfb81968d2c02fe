/**
 * A failed request as one line that says what to do: an HTTP status (401, 403 with the missing RBAC
 * rule, 404 for missing CRDs, retried 429/5xx) or a transport failure (refused, DNS, timeout, TLS, ...).
 * The messages are the README's Troubleshooting table.
 */
import { RuntimeFailure } from '../../model/errors.js';
import { TRANSPORT_TIMEOUTS, TransportError } from './http.js';
import { doing, nameOf, type RequestContext, scopeOf } from './request.js';

/** Who is asked: the server and the kubeconfig context it came from. */
export interface Peer {
  server: URL;
  contextName: string;
  /** kubectl's --request-timeout in milliseconds; undefined: none. */
  requestTimeoutMs: number | undefined;
}

/** The verification failures that mean the server's certificate chain does not lead to the kubeconfig's CA. */
const UNTRUSTED =
  /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_SIGNATURE_FAILURE|CERT_UNTRUSTED|CERT_CHAIN_TOO_LONG/;

/** A page's continue token expired (410 while paging): the list starts over. */
export class ExpiredContinue extends Error {}

export function statusFailure(
  peer: Peer,
  code: number,
  status: Record<string, unknown>,
  context: RequestContext,
  attempts: number,
): RuntimeFailure {
  const { server, contextName } = peer;
  const resource = nameOf(context);
  const message = typeof status.message === 'string' ? status.message : '';
  const reason = typeof status.reason === 'string' ? status.reason : '';
  switch (code) {
    case 401:
      return new RuntimeFailure(
        `the API server at ${server.origin} rejected the credentials of context "${contextName}" (401 Unauthorized): the token or client certificate is missing, wrong or expired; log in again or refresh the kubeconfig`,
      );
    case 403: {
      const user = /User "([^"]*)"/.exec(message)?.[1];
      const rule = `${context.verb} ${resource} ${scopeOf(context)}`;
      if (user === 'system:anonymous') {
        // A server that allows anonymous requests forbids them rather than answering 401: not an RBAC problem.
        return new RuntimeFailure(
          `forbidden (403): the API server at ${server.origin} took the request as user "system:anonymous": context "${contextName}" sent no credentials it accepted (a token or client certificate); log in again or check the kubeconfig's user`,
        );
      }
      return new RuntimeFailure(
        `forbidden (403): ${user === undefined ? 'you' : `user "${user}"`} cannot ${rule}; the missing RBAC rule is: ${rule} (deploy/rbac.yaml has a ClusterRole with it)`,
      );
    }
    case 404:
      return new RuntimeFailure(
        `the server has no ${resource} resource (404 Not Found): Cilium's CRDs are not installed in the cluster of context "${contextName}" (or Cilium runs without them, in kvstore mode); check with: kubectl get crd ${resource}`,
      );
    case 410:
      return new RuntimeFailure(`the API server answered 410 Gone for ${resource}: ${message || reason}`);
    default: {
      const said = [reason, message].filter((part) => part !== '').join(': ');
      const tries = attempts > 0 ? ` after ${attempts} attempts; try again later` : '';
      return new RuntimeFailure(
        `the API server at ${server.origin} answered ${code}${said === '' ? '' : ` (${said})`} while ${doing(context)} ${resource}${tries}`,
      );
    }
  }
}

export function transportFailure(peer: Peer, error: unknown, context: RequestContext): RuntimeFailure {
  const { server, contextName, requestTimeoutMs } = peer;
  const resource = nameOf(context);
  if (!(error instanceof TransportError)) return new RuntimeFailure(firstLine(error));
  switch (error.kind) {
    case 'refused':
      return new RuntimeFailure(
        `cannot connect to the API server at ${server.origin} (context "${contextName}"): connection refused; is the cluster running, and is this the right context?`,
      );
    case 'dns':
      return new RuntimeFailure(
        `cannot resolve the API server's host ${server.hostname} (context "${contextName}"): check the server URL in the kubeconfig and your DNS`,
      );
    case 'timeout':
      return new RuntimeFailure(
        requestTimeoutMs === undefined
          ? `the connection to the API server at ${server.origin} timed out; check the network, or the server URL of context "${contextName}"`
          : `the API server at ${server.origin} did not answer within the --request-timeout of ${formatMs(requestTimeoutMs)}; raise --request-timeout or check the network`,
      );
    case 'handshake-timeout':
      return new RuntimeFailure(
        `the API server at ${server.origin} did not complete the TLS handshake within ${formatMs(TRANSPORT_TIMEOUTS.tlsHandshakeMs)} (TLS handshake timeout); is this the right server URL for context "${contextName}", and is something in between holding the connection?`,
      );
    case 'tls-expired':
      return new RuntimeFailure(
        `TLS verification of the API server at ${server.origin} failed: its certificate has expired or is not yet valid (x509); renew the server certificate, or check this machine's clock`,
      );
    case 'tls-host':
      return new RuntimeFailure(
        `TLS verification of the API server at ${server.origin} failed: its certificate is valid for ${error.message}, not ${server.hostname} (x509); fix the server URL of context "${contextName}", or set tls-server-name in the kubeconfig`,
      );
    case 'not-tls':
      return new RuntimeFailure(
        `the server at ${server.origin} does not speak TLS (the handshake failed: it answered something else, or closed the connection); is it plain HTTP, or the wrong port, for context "${contextName}"?`,
      );
    case 'bad-encoding':
      return new RuntimeFailure(
        `the API server at ${server.origin} sent a compressed body that does not decompress while ${doing(context)} ${resource}; try again`,
      );
    case 'tls':
      if (!UNTRUSTED.test(error.code ?? '')) {
        return new RuntimeFailure(
          `the TLS handshake with the API server at ${server.origin} failed (${error.code ?? 'TLS'}: ${firstLine(error)}); does the server want a client certificate the user of context "${contextName}" does not have?`,
        );
      }
      return new RuntimeFailure(
        `TLS verification of the API server at ${server.origin} failed (${error.code ?? error.message}): its certificate is not signed by the certificate-authority of context "${contextName}"; fix certificate-authority-data in the kubeconfig, or pass --insecure-skip-tls-verify if you accept the risk`,
      );
    case 'too-large':
      return new RuntimeFailure(
        context.verb === 'watch'
          ? `the API server at ${server.origin} sent a watch event of ${resource} larger than 64 MB; refused before memory runs out`
          : `the API server at ${server.origin} sent more than 64 MB in one response while ${doing(context)} ${resource}; refused before memory runs out (a list's objects are read one at a time; this was one answer held whole): a proxy or a broken server?`,
      );
    case 'reset':
      return new RuntimeFailure(
        `the connection to the API server at ${server.origin} was reset while ${doing(context)} ${resource}; nothing was printed; try again`,
      );
    default:
      return new RuntimeFailure(
        `request to the API server at ${server.origin} failed while ${doing(context)} ${resource}: ${error.message}`,
      );
  }
}

/** A body that is not the JSON object it should be: cut off, HTML from a proxy, or not an object. */
export function unparsable(
  peer: Peer,
  context: RequestContext,
  status: number,
  contentType: string,
  problem: 'cut' | 'not-json' | 'not-object',
): RuntimeFailure {
  const { server, contextName } = peer;
  const resource = nameOf(context);
  if (problem === 'cut') {
    return new RuntimeFailure(
      `the API server at ${server.origin} sent a ${resource} response that ends before its JSON does (HTTP ${status}): the connection or a proxy cut it off; nothing was printed; try again`,
    );
  }
  if (problem === 'not-object') {
    return new RuntimeFailure(
      `the API server at ${server.origin} answered ${resource} with JSON that is not an object (HTTP ${status})`,
    );
  }
  const what = contentType === '' ? 'a body' : `a ${contentType.split(';')[0]} body`;
  return new RuntimeFailure(
    `the API server at ${server.origin} answered ${resource} with ${what} that is not JSON (HTTP ${status}): a proxy or load balancer in between? check the server URL of context "${contextName}"`,
  );
}

export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
