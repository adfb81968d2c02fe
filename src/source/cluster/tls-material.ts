/**
 * The kubeconfig's TLS material checked before any connection, as client-go checks it when it builds
 * its transport: a certificate-authority that is not PEM, or a client key that is not the key of its
 * certificate, is said as such (Node would otherwise report a failure of the server's certificate).
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { RuntimeFailure } from '../../model/errors.js';

export interface TlsMaterial {
  ca?: string | Buffer | Array<string | Buffer>;
  cert?: string | Buffer | Array<string | Buffer>;
  key?: string | Buffer | Array<string | Buffer>;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export function checkTlsMaterial(material: TlsMaterial, contextName: string, origin: string): void {
  const text = (value: TlsMaterial['ca']) =>
    (Array.isArray(value) ? value : [value]).map((part) => (part === undefined ? '' : part.toString())).join('\n');
  if (material.ca !== undefined) {
    const blocks = text(material.ca).match(PEM_CERTIFICATE) ?? [];
    if (blocks.length === 0 || !blocks.every(parses)) {
      throw new RuntimeFailure(
        `the certificate-authority of context "${contextName}" in ${origin} is not a PEM certificate (unable to load root certificates: unable to parse bytes as PEM block); fix certificate-authority-data (base64 of the PEM file) or certificate-authority`,
      );
    }
  }
  if (material.cert === undefined || material.key === undefined) return;
  let matches: boolean;
  try {
    const certificate = new X509Certificate(text(material.cert));
    matches = certificate.checkPrivateKey(createPrivateKey(text(material.key)));
  } catch (error) {
    throw new RuntimeFailure(
      `the client certificate or key of context "${contextName}" in ${origin} does not parse (${firstLine(error)}); fix client-certificate-data and client-key-data`,
    );
  }
  if (!matches) {
    throw new RuntimeFailure(
      `the client key of context "${contextName}" in ${origin} is not the key of its client certificate (tls: private key does not match public key); fix client-key-data or client-certificate-data`,
    );
  }
}

function parses(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
