/**
 * Fixtures and helpers of the fake API server's own tests (the *.test.ts files of this folder): a server
 * started on the reference objects, the real kubectl with a HOME of its own, plain HTTP requests and watches.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type KubectlResult, type RunningKubectl, startKubectl as startRealKubectl } from '../kubectl.js';
import { type ApiServerOptions, type RunningApiServer, startApiServer } from './index.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are inspected ad hoc in assertions
export type Json = any;

/** The Accept header kubectl get sends. */
export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
/** A golden file of test/golden (kubectl's output). */
export const testdata = (f: string) => readFileSync(new URL(`../../golden/${f}`, import.meta.url), 'utf8');

// ---------------------------------------------------------------------------------------------
// Fixtures: minimal objects that make kubectl print exactly test/golden/get-cep-A.txt and get-ciliumid.txt
// (the five endpoints / six identities of the spec, reference/kubectl-output/README.md).
// ---------------------------------------------------------------------------------------------

export function cep(
  ns: string,
  name: string,
  id: number,
  identity: number,
  ipv4: string,
  labels: Record<string, string> = {},
) {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumEndpoint',
    metadata: { name, namespace: ns, creationTimestamp: '2024-01-01T10:00:00Z', labels },
    status: {
      encryption: {},
      id,
      identity: { id: identity, labels: [`k8s:io.kubernetes.pod.namespace=${ns}`] },
      networking: { addressing: [{ ipv4 }], node: '172.18.0.2' },
      policy: {
        egress: { enforcing: false, state: '<status disabled>' },
        ingress: { enforcing: false, state: '<status disabled>' },
      },
      state: 'ready',
      'visibility-policy-status': '<status disabled>',
    },
  };
}

export function cid(id: number, ns: string, created: string) {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumIdentity',
    metadata: { name: String(id), creationTimestamp: created, labels: { 'io.kubernetes.pod.namespace': ns } },
    'security-labels': { 'k8s:io.kubernetes.pod.namespace': ns },
  };
}

// deliberately not in storage order: the server must sort by namespace/name bytes
export const ENDPOINTS = [
  cep('local-path-storage', 'local-path-provisioner-6bc4bddd6b-x7gpb', 2895, 6323, '10.1.2.169'),
  cep('kube-system', 'coredns-5d78c9869d-tmvt4', 474, 27084, '10.1.2.178', { 'k8s-app': 'kube-dns' }),
  cep('default', 'nettool-2', 4073, 42100, '10.1.1.178', { app: 'nettool' }),
  cep('default', 'nettool-1', 1426, 41222, '10.1.2.112', { app: 'nettool', tier: 'a' }),
  cep('kube-system', 'coredns-5d78c9869d-62zlb', 1648, 27084, '10.1.2.194', { 'k8s-app': 'kube-dns' }),
];

export const NOW = new Date('2024-01-01T11:00:00Z');
export const IDENTITIES = [
  cid(6323, 'local-path-storage', '2024-01-01T10:00:00Z'), // 60m
  cid(42100, 'default', '2024-01-01T10:01:50Z'), // 58m10s -> 58m
  cid(16737, 'kube-system', '2024-01-01T10:02:00Z'), // 58m
  cid(27084, 'kube-system', '2024-01-01T10:00:00Z'), // 60m
  cid(41222, 'default', '2024-01-01T10:01:10Z'), // 58m
  cid(40316, 'kube-system', '2024-01-01T10:01:59Z'), // 58m1s -> 58m
];

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const tmpDirs: string[] = [];
/** A new temporary directory, removed by removeTmpDirs. */
export function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'cilium-view-apiserver-'));
  tmpDirs.push(d);
  return d;
}
/** Removes the directories tmp() made: each test file calls it in afterAll. */
export function removeTmpDirs(): void {
  for (const d of tmpDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export async function withServer<T>(opts: ApiServerOptions, fn: (s: RunningApiServer) => Promise<T>): Promise<T> {
  const s = await startApiServer({ endpoints: ENDPOINTS, identities: IDENTITIES, now: () => NOW, ...opts });
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

/** kubectl with its HOME and cache in a directory removed after the tests, and KUBECONFIG set as well. */
export function startKubectl(kubeconfig: string, args: string[]): RunningKubectl {
  const home = tmp();
  return startRealKubectl(kubeconfig, ['--cache-dir', join(home, 'cache'), ...args], {
    home,
    env: { KUBECONFIG: kubeconfig },
  });
}

export function kubectl(kubeconfig: string, args: string[]): Promise<KubectlResult> {
  return startKubectl(kubeconfig, args).result;
}

export async function waitFor(cond: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The requests kubectl made for a resource (discovery and the dispatcher's /version excluded). */
export function resourceRequests(s: RunningApiServer, plural: string) {
  return s.requests.filter((r) => r.path.includes(`/${plural}`));
}

export function decodeContinue(token: string): unknown {
  return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
}

export async function getJSON(
  s: RunningApiServer,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(s.url + path, init);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), headers: res.headers };
}

/** Opens a watch over plain HTTP and yields decoded events. */
export function openWatch(url: string, headers: Record<string, string> = {}) {
  const events: Json[] = [];
  let ended = false;
  let statusCode = 0;
  const req = http.get(url, { headers }, (res) => {
    statusCode = res.statusCode ?? 0;
    const rl = createInterface({ input: res });
    rl.on('line', (l) => {
      if (l.trim() !== '') events.push(JSON.parse(l));
    });
    res.on('end', () => {
      ended = true;
    });
    res.on('close', () => {
      ended = true;
    });
  });
  req.on('error', () => {
    ended = true;
  });
  return { events, ended: () => ended, status: () => statusCode, abort: () => req.destroy() };
}
