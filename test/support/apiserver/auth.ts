/**
 * Who may ask: a bearer token and/or a client certificate signed by the test CA (else anonymous), and
 * the kubeconfigs that carry those credentials to kubectl and @kubernetes/client-node. The certificates
 * in ../certs are TEST-ONLY (see certs/README.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { stringify as yamlStringify } from 'yaml';
import type { Obj } from './json.js';

/** Paths of the committed TEST-ONLY certificates (see certs/README.md). */
export const testCertPaths = {
  ca: fileURLToPath(new URL('../certs/ca.crt', import.meta.url)),
  serverCert: fileURLToPath(new URL('../certs/server.crt', import.meta.url)),
  serverKey: fileURLToPath(new URL('../certs/server.key', import.meta.url)),
  clientCert: fileURLToPath(new URL('../certs/client.crt', import.meta.url)),
  clientKey: fileURLToPath(new URL('../certs/client.key', import.meta.url)),
  /** Like serverCert (same key), expired in 2021. */
  expiredCert: fileURLToPath(new URL('../certs/expired.crt', import.meta.url)),
  /** For DNS:other.example only (same key as serverCert). */
  otherHostCert: fileURLToPath(new URL('../certs/other-host.crt', import.meta.url)),
} as const;

/** Username the server attributes to token / client-certificate requests (used in default Forbidden messages). */
export const TEST_USER = 'cilium-view-test-user';

/**
 * Token writeKubeconfig puts in an https kubeconfig when the server wants no credentials (no `token`
 * option, no client certificate): kubectl would otherwise prompt for a username. Ignored by a server
 * without `token`; rejected (401) by a server with a different `token`.
 */
export const ANONYMOUS_PLACEHOLDER_TOKEN = 'cilium-view-test-placeholder-token';

/** The credentials a server accepts. */
export interface AuthConfig {
  tls: boolean;
  /** Required as `Authorization: Bearer <token>` unless a verified client certificate was presented. */
  token: string | undefined;
  /** (tls only) A client certificate signed by the test CA authenticates. */
  clientCertAuth: boolean;
}

/** The user of a request that carries no credential at all. */
export const ANONYMOUS_USER = 'system:anonymous';

/** Whether the server wants credentials (a token or a client certificate); without, anyone may read all. */
export function requiresCredentials(auth: AuthConfig): boolean {
  return auth.token !== undefined || (auth.tls && auth.clientCertAuth);
}

/**
 * The user a request authenticates as, as kube-apiserver does with anonymous requests allowed (its
 * default, and the real-server harness's): a credential that does not verify is a 401 (ok false), no
 * credential at all is the user system:anonymous, whom a server wanting credentials then forbids most
 * paths (a 403, in routing.ts).
 */
export function authenticate(auth: AuthConfig, req: IncomingMessage): { ok: boolean; user: string } {
  let rejected = false;
  if (auth.tls && auth.clientCertAuth) {
    const sock = req.socket as TLSSocket;
    const cert = sock.getPeerCertificate();
    if (cert && Object.keys(cert).length > 0) {
      if (sock.authorized) return { ok: true, user: String(cert.subject?.CN ?? TEST_USER) };
      rejected = true;
    }
  }
  const parts = (req.headers.authorization ?? '').trim().split(' ');
  const token = parts[0]?.toLowerCase() === 'bearer' ? parts.slice(1).join(' ').trim() : '';
  if (token !== '' && requiresCredentials(auth)) {
    if (token === auth.token) return { ok: true, user: TEST_USER };
    rejected = true;
  }
  return rejected ? { ok: false, user: '' } : { ok: true, user: ANONYMOUS_USER };
}

/** The TLS settings of an https server: the test server certificate, client certificates asked for when accepted. */
export function tlsOptions(auth: AuthConfig) {
  return {
    cert: readFileSync(testCertPaths.serverCert),
    key: readFileSync(testCertPaths.serverKey),
    ca: readFileSync(testCertPaths.ca),
    requestCert: auth.clientCertAuth,
    rejectUnauthorized: false,
  };
}

export interface KubeconfigOptions {
  contextName?: string;
  namespace?: string;
  /**
   * Token for the user; defaults to the server's token (or, over https without any credential,
   * ANONYMOUS_PLACEHOLDER_TOKEN). Pass '' to write no token.
   */
  token?: string;
  /** Write client-certificate-data / client-key-data; defaults to the server's clientCertAuth. */
  clientCert?: boolean;
  insecureSkipTlsVerify?: boolean;
  /** Write certificate-authority-data (tls only); defaults to true unless insecureSkipTlsVerify. */
  withCA?: boolean;
}

/** Writes a kubeconfig for the server at `url` to `file`. */
export function writeKubeconfig(file: string, url: string, auth: AuthConfig, k: KubeconfigOptions): void {
  const contextName = k.contextName ?? 'cilium-view-test';
  const cluster: Obj = { server: url };
  const withCA = k.withCA ?? !k.insecureSkipTlsVerify;
  if (auth.tls && withCA) cluster['certificate-authority-data'] = readFileSync(testCertPaths.ca).toString('base64');
  if (k.insecureSkipTlsVerify) cluster['insecure-skip-tls-verify'] = true;
  const user: Obj = {};
  const clientCert = k.clientCert ?? auth.clientCertAuth;
  let token = k.token ?? auth.token;
  // kubectl quirk: over https with no credential at all, kubectl prompts "Please enter Username:" on
  // stdin (and fails with EOF in tests). A token the server does not check avoids that.
  if (token === undefined && auth.tls && !clientCert) token = ANONYMOUS_PLACEHOLDER_TOKEN;
  if (token) user.token = token;
  if (clientCert) {
    user['client-certificate-data'] = readFileSync(testCertPaths.clientCert).toString('base64');
    user['client-key-data'] = readFileSync(testCertPaths.clientKey).toString('base64');
  }
  const context: Obj = { cluster: `${contextName}-cluster`, user: `${contextName}-user` };
  if (k.namespace) context.namespace = k.namespace;
  const cfg = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: `${contextName}-cluster`, cluster }],
    contexts: [{ name: contextName, context }],
    'current-context': contextName,
    users: [{ name: `${contextName}-user`, user }],
    preferences: {},
  };
  writeFileSync(file, yamlStringify(cfg), { mode: 0o600 });
}
