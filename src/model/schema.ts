/**
 * zod schemas for the Cilium custom resources this tool reads, written from the CRDs of Cilium v1.14 and
 * v1.18 (`pkg/k8s/apis/cilium.io/client/crds/v2/`). Objects are loose: fields we do not model are kept,
 * so JSON and YAML output can give back exactly what was read.
 */
import { z } from 'zod';

const StringMap = z.record(z.string(), z.string());

const OwnerReference = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
});

const ObjectMeta = z.looseObject({
  name: z.string().min(1),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  creationTimestamp: z.string().nullable().optional(),
  labels: StringMap.optional(),
  annotations: StringMap.optional(),
  ownerReferences: z.array(OwnerReference).optional(),
});

const Int = z.number().int();

const PolicyRule = z.looseObject({
  identity: Int.optional(),
  'identity-labels': StringMap.optional(),
  'dest-port': Int.optional(),
  protocol: Int.optional(),
});

const PolicyDirection = z.looseObject({
  enforcing: z.boolean().optional(),
  state: z.string().optional(),
  allowed: z.array(PolicyRule).optional(),
  denied: z.array(PolicyRule).optional(),
});

const EndpointStatus = z.looseObject({
  id: Int.optional(),
  identity: z
    .looseObject({
      id: Int,
      labels: z.array(z.string()).optional(),
    })
    .optional(),
  networking: z
    .looseObject({
      addressing: z.array(z.looseObject({ ipv4: z.string().optional(), ipv6: z.string().optional() })),
      node: z.string().optional(),
    })
    .optional(),
  encryption: z.looseObject({ key: Int.optional() }).optional(),
  'named-ports': z
    .array(z.looseObject({ name: z.string().optional(), port: Int, protocol: z.string().optional() }))
    .optional(),
  'external-identifiers': z.looseObject({}).optional(),
  policy: z.looseObject({ ingress: PolicyDirection.optional(), egress: PolicyDirection.optional() }).optional(),
  'visibility-policy-status': z.string().optional(),
  state: z.string().optional(),
  'service-account': z.string().optional(),
});

export const CiliumEndpointSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.literal('CiliumEndpoint'),
  metadata: ObjectMeta.extend({ namespace: z.string().min(1) }),
  status: EndpointStatus.optional(),
});

export const CiliumIdentitySchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.literal('CiliumIdentity'),
  metadata: ObjectMeta,
  'security-labels': StringMap.optional(),
});

/** `CiliumEndpointList`, `CiliumIdentityList` and kubectl's generic `List`: items are decoded one by one. */
export const ListSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.enum(['List', 'CiliumEndpointList', 'CiliumIdentityList']),
  metadata: z.looseObject({ resourceVersion: z.string().optional(), continue: z.string().optional() }).optional(),
  items: z.array(z.unknown()).nullable(),
});

export type CiliumEndpoint = z.infer<typeof CiliumEndpointSchema>;
export type CiliumIdentity = z.infer<typeof CiliumIdentitySchema>;
export type ObjectList = z.infer<typeof ListSchema>;
