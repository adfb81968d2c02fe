/**
 * One kubeconfig file read as client-go reads it, before client-node sees it: an empty file is an empty
 * config (skipped in a merge); relative paths (certificates, keys, token files, and an exec plugin's
 * `command` when it contains a `/`) are relative to the file's folder; a user's `tokenFile` (client-go's
 * key; client-node's `token-file` too) is read when the user is used, trimmed. YAML 1.1, as Go's parser
 * and client-node's read it (`insecure-skip-tls-verify: yes` is true).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import type { User } from '@kubernetes/client-node/dist/config_types.js';
import { parse } from 'yaml';
import { isRecord } from '../../model/decode.js';
import { RuntimeFailure } from '../../model/errors.js';

type ClientNode = typeof import('@kubernetes/client-node/dist/config.js');

/** The token file of each user that has one (absolute path), read only for the user a command uses. */
const tokenFiles = new WeakMap<User, string>();

export function loadFile(k8s: ClientNode, path: string, via: string): KubeConfig {
  const config = new k8s.KubeConfig();
  const cannot = (reason: string) => new RuntimeFailure(`cannot load kubeconfig ${path} (from ${via}): ${reason}`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw cannot(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : firstLine(error));
  }
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : parse(text, { version: '1.1', maxAliasCount: 100 });
  } catch (error) {
    throw cannot(`not YAML: ${firstLine(error)}`);
  }
  raw ??= {};
  if (!isRecord(raw)) throw cannot('not a kubeconfig (a YAML mapping of clusters, users and contexts)');
  const folder = dirname(resolve(path));
  const files = new Map<string, string>();
  for (const entry of Array.isArray(raw.users) ? raw.users : []) {
    if (!isRecord(entry) || !isRecord(entry.user)) continue;
    const { user } = entry;
    const tokenFile = user.tokenFile ?? user['token-file'];
    delete user.tokenFile;
    delete user['token-file'];
    if (typeof tokenFile === 'string' && tokenFile !== '') files.set(String(entry.name), resolve(folder, tokenFile));
    const exec = user.exec;
    if (isRecord(exec) && typeof exec.command === 'string' && exec.command.includes('/') && !isAbsolute(exec.command)) {
      exec.command = resolve(folder, exec.command);
    }
  }
  try {
    config.loadFromString(JSON.stringify(raw));
  } catch (error) {
    throw cannot(firstLine(error));
  }
  config.makePathsAbsolute(folder);
  for (const user of config.users) {
    const file = files.get(user.name);
    if (file !== undefined) tokenFiles.set(user, file);
  }
  return config;
}

/** The current user's token from its token file, when it has no token of its own (as client-go). */
export function readTokenFile(config: KubeConfig, origin: string): void {
  const user = config.getCurrentUser();
  const file = user === null ? undefined : tokenFiles.get(user);
  if (user === null || file === undefined || (user.token ?? '') !== '') return;
  try {
    (user as { token?: string }).token = readFileSync(file, 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : firstLine(error);
    throw new RuntimeFailure(`cannot read the tokenFile ${file} of user "${user.name}" in ${origin}: ${reason}`);
  }
}

/** The auth-provider names client-node handles (client-go: oidc; azure and gcp as the removed plugins' stubs). */
const AUTH_PROVIDERS = new Set(['azure', 'gcp', 'oidc', 'exec']);

/** kubectl's refusal of an auth-provider it has no plugin for, rather than a misleading 401 later. */
export function checkAuthProvider(config: KubeConfig): void {
  const provider = config.getCurrentUser()?.authProvider as { name?: unknown; config?: unknown } | undefined;
  if (provider === undefined || provider === null) return;
  const name = String(provider.name ?? '');
  const { config: settings } = provider;
  // client-node's own providers: an exec plugin in the config, and the pod's service account token file.
  const handled =
    AUTH_PROVIDERS.has(name) ||
    (isRecord(settings) && (settings.exec !== undefined || typeof settings.tokenFile === 'string'));
  if (!handled) throw new RuntimeFailure(`no Auth Provider found for name "${name}"`);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/**
 * The cluster's `server` as a URL: http:// or https:// with a host, and its path (a proxy's prefix such
 * as Rancher's `/k8s/clusters/c-abc`) kept for every request.
 */
export function serverUrl(server: string, clusterName: string, origin: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(server);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.host === '') {
    throw new RuntimeFailure(
      `the server "${server}" of cluster "${clusterName}" in ${origin} is not an https:// (or http://) URL; write it with its scheme, as https://${server.replace(/^[a-z]+:\/\//i, '')}`,
    );
  }
  return url;
}

/**
 * Why authentication failed, never echoing what an exec plugin printed (it may be a bare token): output
 * that is not an ExecCredential is said to be so, as kubectl says it.
 */
export function credentialFailure(error: unknown, exec: { command?: string } | undefined): string {
  if (exec !== undefined && (error instanceof SyntaxError || error instanceof TypeError)) {
    return `the exec plugin ${exec.command ?? ''} did not print an ExecCredential on its stdout (decoding stdout: couldn't get version/kind; what it printed is not shown, it may hold a secret)`;
  }
  return firstLine(error);
}
