/**
 * Synthetic clusters with known answers: CiliumEndpoints and CiliumIdentities as Cilium v1.14 writes
 * them (security labels after v1.14's default filter, which keeps a StatefulSet pod's
 * `statefulset.kubernetes.io/pod-name` and a Job pod's `controller-uid` and `job-name`).
 */
type Obj = Record<string, unknown>;
type Labels = Record<string, string>;

export interface Cluster {
  endpoints: Obj[];
  identities: Obj[];
}

/** The clock of the tests; identities are a month old. */
export const SYNTHETIC_NOW = new Date('2024-06-01T12:00:00Z');
const CREATED = '2024-05-01T12:00:00Z';

const minutesAgo = (minutes: number): string => new Date(SYNTHETIC_NOW.getTime() - minutes * 60_000).toISOString();

/** A pod's security labels in v1.14: its own labels plus namespace, namespace labels, service account and cluster. */
export function securityLabels(
  namespace: string,
  pod: Labels,
  serviceAccount = 'default',
  cluster = 'default',
): Labels {
  const labels: Labels = {
    'k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name': namespace,
    'k8s:io.cilium.k8s.policy.cluster': cluster,
    'k8s:io.cilium.k8s.policy.serviceaccount': serviceAccount,
    'k8s:io.kubernetes.pod.namespace': namespace,
  };
  for (const [key, value] of Object.entries(pod)) labels[`k8s:${key}`] = value;
  return labels;
}

export function identity(id: number, labels: Labels, options: { markedMinutesAgo?: number } = {}): Obj {
  const metadata: Obj = {
    name: String(id),
    creationTimestamp: CREATED,
    labels: { 'io.kubernetes.pod.namespace': labels['k8s:io.kubernetes.pod.namespace'] ?? '' },
  };
  if (options.markedMinutesAgo !== undefined) {
    metadata.annotations = { 'io.cilium.heartbeat': minutesAgo(options.markedMinutesAgo) };
  }
  return { apiVersion: 'cilium.io/v2', kind: 'CiliumIdentity', metadata, 'security-labels': labels };
}

let nextEndpointId = 1;

export function endpoint(namespace: string, name: string, identityId: number, state = 'ready'): Obj {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumEndpoint',
    metadata: { name, namespace, creationTimestamp: CREATED },
    status: { id: nextEndpointId++, identity: { id: identityId }, state },
  };
}

/** One identity per pod: `replicas` identities from `firstId`. */
export function statefulSet(namespace: string, name: string, replicas: number, firstId: number): Cluster {
  const pods = Array.from({ length: replicas }, (_, i) => `${name}-${i}`);
  return {
    identities: pods.map((pod, i) =>
      identity(firstId + i, securityLabels(namespace, { app: name, 'statefulset.kubernetes.io/pod-name': pod })),
    ),
    endpoints: pods.map((pod, i) => endpoint(namespace, pod, firstId + i)),
  };
}

/** One identity shared by every pod. */
export function deployment(
  namespace: string,
  name: string,
  replicas: number,
  id: number,
  cluster = 'default',
): Cluster {
  return {
    identities: [identity(id, securityLabels(namespace, { app: name }, name, cluster))],
    endpoints: Array.from({ length: replicas }, (_, i) => endpoint(namespace, `${name}-7d9f8-${i}`, id)),
  };
}

/** A CronJob's Jobs, one running pod each: one identity per Job (its job-name and controller-uid). */
export function cronJob(namespace: string, name: string, jobs: number, firstId: number): Cluster {
  const names = Array.from({ length: jobs }, (_, i) => `${name}-${28_600_000 + i * 60}`);
  return {
    identities: names.map((job, i) => {
      const uid = `6b1c0000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      return identity(
        firstId + i,
        securityLabels(namespace, {
          'batch.kubernetes.io/controller-uid': uid,
          'batch.kubernetes.io/job-name': job,
          'controller-uid': uid,
          'job-name': job,
        }),
      );
    }),
    endpoints: names.map((job, i) => endpoint(namespace, `${job}-x2k4p`, firstId + i)),
  };
}

export function merge(...clusters: Cluster[]): Cluster {
  return {
    endpoints: clusters.flatMap((c) => c.endpoints),
    identities: clusters.flatMap((c) => c.identities),
  };
}

/** The cluster-mesh identity of cluster ID 3: the first ID of its range, 3 << 16. */
export const MESH_IDENTITY = 3 << 16;

/**
 * Healthy: a StatefulSet of 50 (50 identities), a Deployment of 3 (1 identity), a CronJob with 3 Jobs
 * (3 identities), and a Deployment of cluster ID 3: 55 identities, 57 endpoints, all ready.
 */
export function healthyCluster(): Cluster {
  return merge(
    statefulSet('default', 'web', 50, 10_000),
    deployment('default', 'api', 3, 20_000),
    cronJob('batch', 'backup', 3, 21_000),
    deployment('mesh', 'remote', 1, MESH_IDENTITY, 'mesh-3'),
  );
}

/**
 * The healthy cluster and every kind of problem: identities 30000 and 30001 have the same labels
 * (30001 unused); endpoint default/orphan refers to 45000, which has no CiliumIdentity; two endpoints
 * are not ready; 31000 is unused and marked 10m ago, 31001 marked 2h ago (overdue), 31002 not marked.
 */
export function troubledCluster(): Cluster {
  const dup = securityLabels('default', { app: 'dup' });
  return merge(healthyCluster(), {
    identities: [
      identity(30_000, dup),
      identity(30_001, dup),
      identity(31_000, securityLabels('default', { app: 'gone-1' }), { markedMinutesAgo: 10 }),
      identity(31_001, securityLabels('default', { app: 'gone-2' }), { markedMinutesAgo: 120 }),
      identity(31_002, securityLabels('default', { app: 'gone-3' })),
    ],
    endpoints: [
      endpoint('default', 'dup-0', 30_000),
      endpoint('default', 'orphan', 45_000),
      endpoint('default', 'api-7d9f8-3', 20_000, 'not-ready'),
      endpoint('default', 'api-7d9f8-4', 20_000, 'waiting-for-identity'),
    ],
  });
}

/** Strings a page must show as text: markup, an attribute breakout with an event handler, a bidi override. */
export const HOSTILE = {
  script: '<script>alert(1)</script>',
  img: '"><img src=x onerror=alert(2)>',
  bidi: 'evil\u202egnp.exe',
} as const;

/**
 * Hostile names and labels everywhere a report shows them: workloads (a StatefulSet of 3 and a Deployment
 * of 2), a namespace, endpoint names, a state, a label key, an unused identity, a duplicate pair and a
 * dangling endpoint. Files accept what an API server would refuse; the report must not care.
 */
export function hostileCluster(): Cluster {
  const dup = securityLabels('default', { app: HOSTILE.bidi, [HOSTILE.script]: HOSTILE.img });
  return merge(statefulSet('default', HOSTILE.script, 3, 41_000), deployment(HOSTILE.img, HOSTILE.bidi, 2, 42_000), {
    identities: [
      identity(40_001, securityLabels(HOSTILE.img, { app: HOSTILE.img }), { markedMinutesAgo: 120 }),
      identity(40_002, dup),
      identity(40_003, dup),
    ],
    endpoints: [
      endpoint(HOSTILE.img, HOSTILE.script, 45_000),
      endpoint('default', HOSTILE.bidi, 40_002, HOSTILE.img),
      endpoint('default', HOSTILE.img, 40_003),
    ],
  });
}
