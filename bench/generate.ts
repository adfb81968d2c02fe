/**
 * A deterministic (seeded) generator of realistic Cilium clusters: CiliumEndpoints shaped like the ones
 * Cilium v1.14 writes (about 1.4 KB each as JSON), and one CiliumIdentity per workload (all replicas of a
 * workload share it), padded with unused identities to a quarter of the endpoint count. Namespaces are as
 * in real clusters: kube-system, a logging DaemonSet on every node, and a few dozen app namespaces whose
 * sizes fall off like a Zipf law; pods are named as their controllers name them.
 */

type Obj = Record<string, unknown>;

export interface Cluster {
  endpoints: Obj[];
  identities: Obj[];
  /** The identity the most endpoints share (the logging DaemonSet's, one pod per node). */
  sharedIdentity: { id: number; endpoints: number };
}

type Kind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

interface Workload {
  namespace: string;
  name: string;
  kind: Kind;
  replicas: number;
  labels: Record<string, string>;
  serviceAccount: string;
  namedPorts: Obj[] | undefined;
}

const APP_NAMESPACES = [
  'payments',
  'checkout',
  'search',
  'catalog',
  'frontend',
  'auth',
  'billing',
  'notifications',
  'inventory',
  'shipping',
  'recommendations',
  'ads',
  'media',
  'chat',
  'reporting',
  'data-pipeline',
  'batch-jobs',
  'ml-serving',
  'monitoring',
  'istio-system',
  'cert-manager',
  'argocd',
  'vault',
  'kafka',
  'redis',
  'postgres',
  'elastic',
  'ingress-nginx',
  'team-growth',
  'team-platform',
  'team-risk',
  'team-mobile',
  'partner-api',
  'pricing',
  'loyalty',
  'fraud-detection',
  'geo',
  'identity',
  'audit',
  'staging-web',
];
const WORDS = [
  'orders',
  'payment',
  'cart',
  'user',
  'session',
  'search',
  'index',
  'price',
  'stock',
  'email',
  'sms',
  'push',
  'image',
  'video',
  'report',
  'export',
  'import',
  'sync',
  'event',
  'stream',
  'cache',
  'gateway',
  'auth',
  'token',
];
const ROLES = ['api', 'worker', 'consumer', 'web', 'scheduler', 'indexer', 'proxy', 'controller', 'grpc', 'cron'];
/** k8s.io/apimachinery rand.SafeEncodeString's alphabet: pod-template-hash and pod name suffixes. */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';
const PODS_PER_NODE = 110;
const EPOCH = Date.parse('2025-06-01T00:00:00Z');
const DAY = 86_400_000;

/** mulberry32: small, fast and good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateCluster(endpointCount: number, seed = 1): Cluster {
  const random = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const chars = (alphabet: string, length: number) =>
    Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  const uuid = () => {
    const h = chars('0123456789abcdef', 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  };
  const timestamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

  const nodes = Math.max(3, Math.ceil(endpointCount / PODS_PER_NODE));
  const nextOnNode = Array.from({ length: nodes }, () => int(0, 4094));
  let resourceVersion = 1000;

  // Workloads: kube-system's, a logging DaemonSet on every node, then the app namespaces.
  const workloads: Workload[] = [
    system('kube-system', 'coredns', 'Deployment', Math.max(2, Math.round(endpointCount / 5000)), {
      'k8s-app': 'kube-dns',
    }),
    system('kube-system', 'hubble-relay', 'Deployment', 1, { 'k8s-app': 'hubble-relay' }),
    system('kube-system', 'hubble-ui', 'Deployment', 1, { 'k8s-app': 'hubble-ui' }),
    system('kube-system', 'metrics-server', 'Deployment', 2, { 'k8s-app': 'metrics-server' }),
    system('logging', 'fluent-bit', 'DaemonSet', nodes, { 'app.kubernetes.io/name': 'fluent-bit' }),
  ];
  let left = endpointCount - workloads.reduce((sum, w) => sum + w.replicas, 0);
  const namespaces = APP_NAMESPACES.slice(
    0,
    Math.min(APP_NAMESPACES.length, Math.max(3, Math.floor(endpointCount / 250))),
  );
  const weights = namespaces.map((_, i) => 1 / (i + 1));
  let weightLeft = weights.reduce((sum, w) => sum + w, 0);
  namespaces.forEach((namespace, i) => {
    const weight = weights[i] as number;
    let quota = i === namespaces.length - 1 ? left : Math.round((left * weight) / weightLeft);
    weightLeft -= weight;
    left -= quota;
    const names = new Set<string>();
    while (quota > 0) {
      const w = appWorkload(namespace, names);
      w.replicas = Math.min(w.replicas, quota);
      quota -= w.replicas;
      workloads.push(w);
    }
  });

  const identityIds = uniqueIds(Math.max(workloads.length, Math.floor(endpointCount / 4)));
  const identities: Obj[] = [];
  const endpoints: Obj[] = [];
  workloads.forEach((w, i) => {
    const id = identityIds[i] as number;
    const created = EPOCH - int(1, 120) * DAY - int(0, DAY);
    const securityLabels = securityLabelsOf(w);
    identities.push(identity(id, created, securityLabels));
    const hash = chars(SAFE, 10);
    const podNames = new Set<string>();
    for (let replica = 0; replica < w.replicas; replica++) {
      const node = w.kind === 'DaemonSet' ? replica : int(0, nodes - 1);
      const name = podName(w, replica, hash, podNames);
      endpoints.push(endpoint(w, name, hash, node, id, securityLabels, created + int(60_000, 30 * DAY)));
    }
  });
  for (const id of identityIds.slice(workloads.length)) {
    const stale = appWorkload(pick(namespaces), new Set());
    const identityObject = identity(id, EPOCH - int(1, 120) * DAY, securityLabelsOf(stale));
    if (random() < 0.5) {
      (identityObject.metadata as Obj).annotations = { 'io.cilium.heartbeat': timestamp(EPOCH - int(0, DAY)) };
    }
    identities.push(identityObject);
  }
  const shared = workloads.reduce((best, w) => (w.replicas > best.replicas ? w : best));
  return {
    endpoints,
    identities,
    sharedIdentity: { id: identityIds[workloads.indexOf(shared)] as number, endpoints: shared.replicas },
  };

  function system(
    namespace: string,
    name: string,
    kind: Kind,
    replicas: number,
    labels: Record<string, string>,
  ): Workload {
    return { namespace, name, kind, replicas, labels, serviceAccount: name, namedPorts: undefined };
  }

  function appWorkload(namespace: string, taken: Set<string>): Workload {
    let name = `${pick(WORDS)}-${pick(ROLES)}`;
    while (taken.has(name)) name = `${name}-${chars(SAFE, 1)}`;
    taken.add(name);
    const u = random();
    const kind: Kind = u < 0.85 ? 'Deployment' : 'StatefulSet';
    const r = random();
    const replicas = r < 0.6 ? int(1, 2) : r < 0.9 ? int(3, 7) : r < 0.99 ? int(8, 24) : int(25, 124);
    const labels: Record<string, string> =
      random() < 0.5
        ? { app: name, version: `v${int(1, 3)}` }
        : {
            'app.kubernetes.io/instance': `${namespace}-${name}`,
            'app.kubernetes.io/name': name,
            'app.kubernetes.io/part-of': namespace,
          };
    const namedPorts =
      random() < 0.3
        ? [
            { name: 'http', port: 8080, protocol: 'TCP' },
            { name: 'metrics', port: 9090, protocol: 'TCP' },
          ]
        : undefined;
    return { namespace, name, kind, replicas, labels, serviceAccount: random() < 0.5 ? 'default' : name, namedPorts };
  }

  function uniqueIds(count: number): number[] {
    const range = Math.max(65_280, count * 2);
    const ids = new Set<number>();
    while (ids.size < count) ids.add(256 + Math.floor(random() * range));
    return [...ids];
  }

  function securityLabelsOf(w: Workload): Record<string, string> {
    const labels: Record<string, string> = {
      'k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name': w.namespace,
      'k8s:io.cilium.k8s.policy.cluster': 'default',
      'k8s:io.cilium.k8s.policy.serviceaccount': w.serviceAccount,
      'k8s:io.kubernetes.pod.namespace': w.namespace,
    };
    for (const [key, value] of Object.entries(w.labels)) labels[`k8s:${key}`] = value;
    return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  function identity(id: number, created: number, securityLabels: Record<string, string>): Obj {
    const labels = Object.fromEntries(
      Object.entries(securityLabels)
        .filter(([key]) => !key.startsWith('k8s:io.cilium.k8s.namespace.labels.'))
        .map(([key, value]) => [key.slice('k8s:'.length), value]),
    );
    return {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumIdentity',
      metadata: {
        creationTimestamp: timestamp(created),
        generation: 1,
        labels,
        name: String(id),
        resourceVersion: String(++resourceVersion),
        uid: uuid(),
      },
      'security-labels': securityLabels,
    };
  }

  /** As the controllers name pods: Deployment `name-hash-xxxxx`, StatefulSet `name-N`, DaemonSet `name-xxxxx`. */
  function podName(w: Workload, replica: number, hash: string, taken: Set<string>): string {
    if (w.kind === 'StatefulSet') return `${w.name}-${replica}`;
    const prefix = w.kind === 'Deployment' ? `${w.name}-${hash}-` : `${w.name}-`;
    let name = prefix + chars(SAFE, 5);
    while (taken.has(name)) name = prefix + chars(SAFE, 5);
    taken.add(name);
    return name;
  }

  function endpoint(
    w: Workload,
    name: string,
    hash: string,
    node: number,
    identityId: number,
    securityLabels: Record<string, string>,
    created: number,
  ): Obj {
    const labels: Record<string, string> = { ...w.labels };
    if (w.kind === 'Deployment') {
      labels['pod-template-hash'] = hash;
    } else if (w.kind === 'StatefulSet') {
      labels['controller-revision-hash'] = `${w.name}-${hash}`;
      labels['statefulset.kubernetes.io/pod-name'] = name;
    } else {
      labels['controller-revision-hash'] = hash.slice(0, 9);
      labels['pod-template-generation'] = '1';
    }
    const r = random();
    const state = r < 0.985 ? 'ready' : r < 0.992 ? 'waiting-for-identity' : r < 0.997 ? 'not-ready' : 'regenerating';
    const podIndex = nextOnNode[node] as number;
    nextOnNode[node] = podIndex + 1;
    const containerId = chars('0123456789abcdef', 64);
    const status: Obj = {
      encryption: {},
      'external-identifiers': {
        'container-id': containerId,
        'k8s-namespace': w.namespace,
        'k8s-pod-name': name,
        'pod-name': `${w.namespace}/${name}`,
      },
      id: (podIndex % 4095) + 1,
      identity: {
        id: identityId,
        labels: Object.entries(securityLabels).map(([key, value]) => (value === '' ? key : `${key}=${value}`)),
      },
      ...(w.namedPorts ? { 'named-ports': w.namedPorts } : {}),
      networking: {
        addressing: [{ ipv4: ipv4(0x0a000000 + node * 512 + 1 + (podIndex % 510)) }],
        node: ipv4(0xac100000 + 10 + node),
      },
      policy: {
        egress: { enforcing: false, state: '<status disabled>' },
        ingress: { enforcing: false, state: '<status disabled>' },
      },
      state,
      'visibility-policy-status': '<status disabled>',
    };
    if (state === 'waiting-for-identity') delete status.identity;
    return {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumEndpoint',
      metadata: {
        creationTimestamp: timestamp(created),
        generation: 1,
        labels,
        name,
        namespace: w.namespace,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name, uid: uuid() }],
        resourceVersion: String(++resourceVersion),
        uid: uuid(),
      },
      status,
    };
  }
}

function ipv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
