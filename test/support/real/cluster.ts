/**
 * A real cluster for a test file: etcd and kube-apiserver built from source, Cilium's CRDs (v1.14 or
 * v1.18, from test/support/crds/) applied, the namespaces the endpoints need, the objects created as
 * Cilium creates them (POST, field manager cilium-agent, so they carry real managedFields), and the
 * limited user allowed to read CiliumEndpoints in the namespace "default" only.
 *
 *   const cluster = await startRealCluster({ crds: 'v1.14', endpoints, identities });
 *   ... cluster.writeKubeconfig() ...
 *   await cluster.close();
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { ApiClient } from './api-client.js';
import type { Binaries } from './binaries.js';
import { type RunningEtcd, startEtcd } from './etcd.js';
import { realBinaries } from './gate.js';
import { LIMITED_USER, type RunningKubeApiServer, startKubeApiServer } from './kube-apiserver.js';
import { Scratch, waitFor } from './scratch.js';

type Obj = Record<string, unknown>;

export interface RealClusterOptions {
  /** Which Cilium CRDs to apply (default v1.14); 'none': Cilium is not installed. */
  crds?: 'v1.14' | 'v1.18' | 'none';
  endpoints?: unknown[];
  identities?: unknown[];
  /** An etcd of the caller's to share (each kube-apiserver has a prefix of its own); by default a new one. */
  etcd?: { scratch: Scratch; etcd: RunningEtcd };
}

export interface RealCluster extends RunningKubeApiServer {
  etcd: RunningEtcd;
  /** A new empty folder, removed with the cluster (kubectl's HOME, files to read back). */
  tempDir(): string;
  /** How long the start took, in seconds, by step. */
  timings: { etcd: number; kubeApiserver: number; crds: number; objects: number; total: number };
  close(): Promise<void>;
}

const CRD_FILES = {
  'v1.14': ['ciliumendpoints.crd.yaml', 'ciliumidentities.crd.yaml'],
  'v1.18': ['ciliumendpoints.crd.v1.18.yaml', 'ciliumidentities.crd.v1.18.yaml'],
} as const;

/** What the API server sets itself, and refuses (resourceVersion) or ignores on a create. */
const SERVER_FIELDS = ['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields', 'selfLink'];

/** The object as a client would POST it: without the fields the server sets. */
export function forCreate(object: unknown): Obj {
  const copy = structuredClone(object) as Obj;
  const metadata = { ...(copy.metadata as Obj) };
  for (const field of SERVER_FIELDS) delete metadata[field];
  return { ...copy, metadata };
}

/** Starts etcd (unless given), for sharing between the clusters of one test file. */
export async function startSharedEtcd(
  binaries: Binaries = requireBinaries(),
): Promise<{ scratch: Scratch; etcd: RunningEtcd }> {
  const scratch = new Scratch('etcd');
  try {
    return { scratch, etcd: await startEtcd(scratch, binaries.etcd) };
  } catch (error) {
    await scratch.close();
    throw error;
  }
}

function requireBinaries(): Binaries {
  const binaries = realBinaries();
  if (!binaries) throw new Error('kube-apiserver and etcd are not built: run `npm run test:real`');
  return binaries;
}

export async function startRealCluster(options: RealClusterOptions = {}): Promise<RealCluster> {
  const binaries = requireBinaries();
  const begin = performance.now();
  const seconds = (from: number) => Math.round(performance.now() - from) / 1000;
  const shared = options.etcd;
  const scratch = shared?.scratch ?? new Scratch('cluster');
  try {
    const etcd = shared?.etcd ?? (await startEtcd(scratch, binaries.etcd));
    const etcdSeconds = seconds(begin);
    const apiBegin = performance.now();
    const server = await startKubeApiServer(scratch, binaries.kubeApiserver, etcd);
    const kubeApiserver = seconds(apiBegin);
    const crdBegin = performance.now();
    const crds = options.crds ?? 'v1.14';
    if (crds !== 'none') await applyCrds(server.admin, crds);
    await allowLimitedUser(server.admin);
    const crdSeconds = seconds(crdBegin);
    const objectBegin = performance.now();
    await createObjects(server.admin, options.endpoints ?? [], options.identities ?? []);
    const objects = seconds(objectBegin);
    return {
      ...server,
      etcd,
      tempDir: () => mkdtempSync(scratch.path('tmp-')),
      timings: { etcd: etcdSeconds, kubeApiserver, crds: crdSeconds, objects, total: seconds(begin) },
      async close() {
        await server.stop();
        if (!shared) await scratch.close();
      },
    };
  } catch (error) {
    if (!shared) await scratch.close();
    throw error;
  }
}

async function applyCrds(admin: ApiClient, version: 'v1.14' | 'v1.18'): Promise<void> {
  for (const file of CRD_FILES[version]) {
    const crd = parse(readFileSync(new URL(`../crds/${file}`, import.meta.url), 'utf8')) as Obj;
    const { status: _status, ...spec } = crd;
    const name = (crd.metadata as Obj).name as string;
    await admin.json('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', forCreate(spec));
    await waitFor(
      `CRD ${name} Established`,
      async () => {
        const current = await admin.json('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
        const conditions = ((current.status as Obj | undefined)?.conditions ?? []) as Obj[];
        return conditions.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
      },
      { timeoutMs: 30_000 },
    );
  }
  // Established is set before the handler serves the resource everywhere: wait until a list answers.
  for (const plural of ['ciliumendpoints', 'ciliumidentities']) {
    await waitFor(
      `${plural} served`,
      async () =>
        (await admin.request('GET', `/apis/cilium.io/v2/${plural}?limit=1`)).status === 200 ? true : undefined,
      { timeoutMs: 30_000 },
    );
  }
}

/** The limited user may get, list and watch CiliumEndpoints in "default", and nothing else of Cilium's. */
async function allowLimitedUser(admin: ApiClient): Promise<void> {
  const rbac = '/apis/rbac.authorization.k8s.io/v1/namespaces/default';
  const metadata = { name: 'cilium-view-limited', namespace: 'default' };
  await admin.json('POST', `${rbac}/roles`, {
    metadata,
    rules: [{ apiGroups: ['cilium.io'], resources: ['ciliumendpoints'], verbs: ['get', 'list', 'watch'] }],
  });
  await admin.json('POST', `${rbac}/rolebindings`, {
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: metadata.name },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: LIMITED_USER }],
  });
}

/** Creates namespaces, then the objects, 16 requests at a time, as cilium-agent (its field manager). */
export async function createObjects(admin: ApiClient, endpoints: unknown[], identities: unknown[]): Promise<void> {
  const namespaces = new Set(endpoints.map((e) => ((e as Obj).metadata as Obj).namespace as string));
  const existing = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
  await parallel(
    [...namespaces].filter((ns) => !existing.has(ns)),
    (name) => admin.json('POST', '/api/v1/namespaces', { metadata: { name } }),
  );
  const requests = [
    ...identities.map((o) => ['/apis/cilium.io/v2/ciliumidentities', { kind: 'CiliumIdentity', ...forCreate(o) }]),
    ...endpoints.map((o) => {
      const object: Obj = { kind: 'CiliumEndpoint', ...forCreate(o) };
      return [`/apis/cilium.io/v2/namespaces/${(object.metadata as Obj).namespace}/ciliumendpoints`, object];
    }),
  ] as Array<[string, Obj]>;
  await parallel(requests, ([path, object]) =>
    admin.json('POST', `${path}?fieldManager=cilium-agent`, { apiVersion: 'cilium.io/v2', ...object }),
  );
}

async function parallel<T>(items: T[], work: (item: T) => Promise<unknown>, width = 16): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
