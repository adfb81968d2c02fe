/**
 * zod schemas for the Cilium custom resources this tool reads, written from the CRDs of Cilium v1.14 and
 * v1.18 (`pkg/k8s/apis/cilium.io/client/crds/v2/`). Objects are loose: fields we do not model are kept,
 * so JSON and YAML output can give back exactly what was read.
 */
import * as z from 'zod/mini';
import './zod.js';

const StringMap = z.record(z.string(), z.string());

const OwnerReference = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
});

const NonEmpty = z.string().check(z.minLength(1));

const ObjectMeta = z.looseObject({
  name: NonEmpty,
  namespace: z.optional(z.string()),
  uid: z.optional(z.string()),
  resourceVersion: z.optional(z.string()),
  creationTimestamp: z.optional(z.nullable(z.string())),
  labels: z.optional(StringMap),
  annotations: z.optional(StringMap),
  ownerReferences: z.optional(z.array(OwnerReference)),
});

const Int = z.int();

const PolicyRule = z.looseObject({
  identity: z.optional(Int),
  'identity-labels': z.optional(StringMap),
  'dest-port': z.optional(Int),
  protocol: z.optional(Int),
});

const PolicyDirection = z.looseObject({
  enforcing: z.optional(z.boolean()),
  state: z.optional(z.string()),
  allowed: z.optional(z.array(PolicyRule)),
  denied: z.optional(z.array(PolicyRule)),
});

const EndpointStatus = z.looseObject({
  id: z.optional(Int),
  identity: z.optional(z.looseObject({ id: Int, labels: z.optional(z.array(z.string())) })),
  networking: z.optional(
    z.looseObject({
      addressing: z.array(z.looseObject({ ipv4: z.optional(z.string()), ipv6: z.optional(z.string()) })),
      node: z.optional(z.string()),
    }),
  ),
  encryption: z.optional(z.looseObject({ key: z.optional(Int) })),
  'named-ports': z.optional(
    z.array(z.looseObject({ name: z.optional(z.string()), port: Int, protocol: z.optional(z.string()) })),
  ),
  'external-identifiers': z.optional(z.looseObject({})),
  policy: z.optional(z.looseObject({ ingress: z.optional(PolicyDirection), egress: z.optional(PolicyDirection) })),
  'visibility-policy-status': z.optional(z.string()),
  state: z.optional(z.string()),
  'service-account': z.optional(z.string()),
});

export const CiliumEndpointSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.literal('CiliumEndpoint'),
  metadata: z.extend(ObjectMeta, { namespace: NonEmpty }),
  status: z.optional(EndpointStatus),
});

export const CiliumIdentitySchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.literal('CiliumIdentity'),
  metadata: ObjectMeta,
  'security-labels': z.optional(StringMap),
});

/** A typed list (`CiliumEndpointList`) or kubectl's generic `List`: items are decoded one by one. */
export const ListSchema = z.looseObject({
  apiVersion: z.optional(z.string()),
  kind: z.string(),
  metadata: z.optional(z.looseObject({ resourceVersion: z.optional(z.string()), continue: z.optional(z.string()) })),
  items: z.nullable(z.array(z.unknown())),
});

export type CiliumEndpoint = z.infer<typeof CiliumEndpointSchema>;
export type CiliumIdentity = z.infer<typeof CiliumIdentitySchema>;
