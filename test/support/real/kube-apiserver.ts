/**
 * kube-apiserver for the tests, as envtest starts it: a random secure port on 127.0.0.1 with a serving
 * certificate made for this start (a new CA each time), bearer tokens from a --token-auth-file (an admin
 * in system:masters and a limited user that RBAC gives little), RBAC authorization, service-account keys,
 * and of the admission plugins only NamespaceLifecycle (objects need their namespace, as in a cluster).
 * Every kube-apiserver on one etcd has an --etcd-prefix of its own: a cluster of its own.
 */
import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ApiClient } from './api-client.js';
import type { RunningEtcd } from './etcd.js';
import { freePort, runSync, type Scratch, waitFor } from './scratch.js';

/** The admission plugins on by default in v1.34 but for NamespaceLifecycle: none of them is about CRDs. */
const DISABLED_ADMISSION = [
  'LimitRanger',
  'ServiceAccount',
  'DefaultStorageClass',
  'PersistentVolumeClaimResize',
  'DefaultTolerationSeconds',
  'MutatingAdmissionWebhook',
  'ValidatingAdmissionWebhook',
  'ResourceQuota',
  'StorageObjectInUseProtection',
  'Priority',
  'TaintNodesByCondition',
  'RuntimeClass',
  'CertificateApproval',
  'CertificateSigning',
  'ClusterTrustBundleAttest',
  'CertificateSubjectRestriction',
  'DefaultIngressClass',
  'PodSecurity',
  'PodTopologyLabels',
  'MutatingAdmissionPolicy',
  'ValidatingAdmissionPolicy',
];

export const ADMIN_USER = 'cilium-view-admin';
export const LIMITED_USER = 'cilium-view-limited';

export interface KubeconfigOptions {
  /** Whose token: the admin's (default), the limited user's, or any text (a wrong token). */
  user?: 'admin' | 'limited' | { token: string };
  namespace?: string;
  contextName?: string;
}

export interface RunningKubeApiServer {
  url: string;
  /** PEM of the CA that signed the serving certificate. */
  ca: string;
  /** The serving certificate's files (for a proxy in front that clients trust alike). */
  serving: { cert: string; key: string };
  adminToken: string;
  limitedToken: string;
  /** A client with the admin's token. */
  admin: ApiClient;
  /** Writes a kubeconfig into the scratch folder and returns its path. */
  writeKubeconfig(options?: KubeconfigOptions): string;
  stop(): Promise<void>;
}

/** A CA and a serving certificate for 127.0.0.1 and localhost, both valid for two days. */
function makeCertificates(dir: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  runSync(
    'openssl',
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=cilium-view-real-test-ca',
    ],
    dir,
  );
  runSync('openssl', ['req', ...ec, '-keyout', 'serving.key', '-out', 'serving.csr', '-subj', '/CN=127.0.0.1'], dir);
  writeFileSync(
    join(dir, 'serving.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n',
  );
  runSync(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      'serving.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-set_serial',
      '2',
      '-days',
      '2',
    ].concat(['-extfile', 'serving.ext', '-out', 'serving.crt']),
    dir,
  );
}

export async function startKubeApiServer(
  scratch: Scratch,
  binary: string,
  etcd: RunningEtcd,
  attempt = 1,
): Promise<RunningKubeApiServer> {
  const port = await freePort();
  const name = `kube-apiserver-${port}`;
  const dir = scratch.path(name);
  const file = (base: string) => join(dir, base);
  mkdirSync(dir);
  makeCertificates(dir);
  const adminToken = randomBytes(16).toString('hex');
  const limitedToken = randomBytes(16).toString('hex');
  const tokens = file('tokens.csv');
  writeFileSync(
    tokens,
    `${adminToken},${ADMIN_USER},admin-uid,"system:masters"\n${limitedToken},${LIMITED_USER},limited-uid\n`,
  );
  const keys = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  writeFileSync(file('sa.key'), keys.privateKey);
  writeFileSync(file('sa.pub'), keys.publicKey);
  const child: ChildProcess = scratch.start(name, binary, [
    `--etcd-servers=${etcd.url}`,
    `--etcd-prefix=/registry-${port}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    `--cert-dir=${file('certs')}`,
    `--tls-cert-file=${file('serving.crt')}`,
    `--tls-private-key-file=${file('serving.key')}`,
    `--token-auth-file=${tokens}`,
    '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${file('sa.pub')}`,
    `--service-account-signing-key-file=${file('sa.key')}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--enable-admission-plugins=NamespaceLifecycle',
    `--disable-admission-plugins=${DISABLED_ADMISSION.join(',')}`,
    '--profiling=false',
  ]);
  const ca = readFileSync(file('ca.crt'), 'utf8');
  const url = `https://127.0.0.1:${port}`;
  const admin = new ApiClient(url, ca, adminToken);
  try {
    await waitFor(
      'kube-apiserver /readyz',
      async () => ((await admin.request('GET', '/readyz')).status === 200 ? true : undefined),
      {
        timeoutMs: 120_000,
        failed: () => (child.exitCode !== null ? `exited:\n${scratch.logTail(name)}` : undefined),
      },
    );
  } catch (error) {
    await scratch.stop(child);
    admin.close();
    if (attempt < 3 && /address already in use/.test(scratch.logTail(name))) {
      return startKubeApiServer(scratch, binary, etcd, attempt + 1);
    }
    throw error;
  }
  let kubeconfigs = 0;
  return {
    url,
    ca,
    serving: { cert: file('serving.crt'), key: file('serving.key') },
    adminToken,
    limitedToken,
    admin,
    writeKubeconfig(options = {}) {
      const user = options.user ?? 'admin';
      const token = user === 'admin' ? adminToken : user === 'limited' ? limitedToken : user.token;
      const context = options.contextName ?? 'real';
      const path = file(`kubeconfig-${++kubeconfigs}.yaml`);
      const config = {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          { name: 'real', cluster: { server: url, 'certificate-authority-data': Buffer.from(ca).toString('base64') } },
        ],
        users: [{ name: 'real-user', user: { token } }],
        contexts: [
          {
            name: context,
            context: {
              cluster: 'real',
              user: 'real-user',
              ...(options.namespace ? { namespace: options.namespace } : {}),
            },
          },
        ],
        'current-context': context,
      };
      writeFileSync(path, stringify(config));
      return path;
    },
    async stop() {
      admin.close();
      await scratch.stop(child);
    },
  };
}
