/** Content negotiation: what an Accept header asks for (JSON, Table, PartialObjectMetadata, aggregated discovery). */
import { StatusError } from './status.js';

export type Want =
  | { kind: 'json' }
  | { kind: 'table'; version: 'v1' | 'v1beta1' }
  | { kind: 'partial'; version: 'v1' | 'v1beta1'; list: boolean }
  | { kind: 'aggregated'; version: 'v2' | 'v2beta1' };

interface MediaEntry {
  type: string;
  params: Record<string, string>;
}

function parseAccept(accept: string | undefined): MediaEntry[] {
  if (!accept) return [];
  return accept
    .split(',')
    .map((part) => {
      const [type, ...ps] = part.split(';');
      const params: Record<string, string> = {};
      for (const p of ps) {
        const eq = p.indexOf('=');
        if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
      }
      return { type: (type ?? '').trim().toLowerCase(), params };
    })
    .filter((e) => e.type !== '');
}

/**
 * First acceptable Accept entry wins (as the apiserver's negotiation does, ignoring q weights).
 * `context` says what the endpoint can produce besides plain JSON.
 */
export function negotiate(accept: string | undefined, context: 'object' | 'list' | 'discovery' | 'plain'): Want | null {
  const entries = parseAccept(accept);
  if (entries.length === 0) return { kind: 'json' };
  for (const e of entries) {
    const jsonish = e.type === 'application/json' || e.type === '*/*' || e.type === 'application/*';
    if (!jsonish) continue; // protobuf, yaml, cbor...: not served by this fake
    const as = e.params.as;
    if (!as) return { kind: 'json' };
    const g = e.params.g;
    const v = e.params.v;
    if (
      context === 'discovery' &&
      as === 'APIGroupDiscoveryList' &&
      g === 'apidiscovery.k8s.io' &&
      (v === 'v2' || v === 'v2beta1')
    ) {
      return { kind: 'aggregated', version: v };
    }
    if ((context === 'object' || context === 'list') && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) {
      if (as === 'Table') return { kind: 'table', version: v };
      if (as === 'PartialObjectMetadata' && context === 'object') return { kind: 'partial', version: v, list: false };
      if (as === 'PartialObjectMetadataList' && context === 'list') return { kind: 'partial', version: v, list: true };
    }
  }
  return null;
}

export const NOT_ACCEPTABLE = () =>
  new StatusError(
    406,
    'NotAcceptable',
    'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
  );
