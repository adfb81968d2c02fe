/**
 * etcd for the tests: one member on 127.0.0.1 (random client and peer ports), its data in a temporary
 * folder, fsync off (the data is thrown away). Compaction goes through etcd's JSON gateway and, as a
 * kube-apiserver's compactor does, records the revision under compact_rev_key first, so every
 * kube-apiserver on this etcd drops the watch-cache snapshots below it (within its 15 s poll).
 */
import type { ChildProcess } from 'node:child_process';
import { freePort, type Scratch, waitFor } from './scratch.js';

export interface RunningEtcd {
  url: string;
  /** The current revision of the store. */
  revision(): Promise<number>;
  /** Compacts the store at `revision` (default: the current one), as kube-apiserver's compactor does. */
  compact(revision?: number): Promise<number>;
  stop(): Promise<void>;
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

export async function startEtcd(scratch: Scratch, binary: string, attempt = 1): Promise<RunningEtcd> {
  const [client, peer] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const name = `etcd-${client}`;
  const child: ChildProcess = scratch.start(name, binary, [
    `--name=${name}`,
    `--data-dir=${scratch.path(`${name}.data`)}`,
    `--listen-client-urls=${url}`,
    `--advertise-client-urls=${url}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=${name}=${peerUrl}`,
    '--unsafe-no-fsync',
    '--log-level=warn',
  ]);
  const gateway = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`etcd ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const revision = async () =>
    Number(
      ((await gateway('/v3/kv/range', { key: base64('compact_rev_key') })).header as { revision: string }).revision,
    );
  try {
    await waitFor(
      'etcd',
      async () => {
        const response = await fetch(`${url}/health`);
        return response.ok && ((await response.json()) as { health?: string }).health === 'true' ? true : undefined;
      },
      {
        timeoutMs: 30_000,
        failed: () => (child.exitCode !== null ? `exited:\n${scratch.logTail(name)}` : undefined),
      },
    );
  } catch (error) {
    await scratch.stop(child);
    if (attempt < 3 && /address already in use/.test(scratch.logTail(name)))
      return startEtcd(scratch, binary, attempt + 1);
    throw error;
  }
  return {
    url,
    revision,
    async compact(at) {
      const target = at ?? (await revision());
      await gateway('/v3/kv/put', { key: base64('compact_rev_key'), value: base64(String(target)) });
      await gateway('/v3/kv/compaction', { revision: String(target), physical: true });
      return target;
    },
    stop: () => scratch.stop(child),
  };
}
