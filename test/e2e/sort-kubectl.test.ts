/**
 * `--sort-by` against the real kubectl 1.32: 150 endpoints with many equal and missing keys, where only
 * Go's exact `sort.Sort` (pdqsort) with kubectl's "missing is always less" comparison gives kubectl's
 * order. Ours runs in process; kubectl runs asynchronously, as the API server lives in this process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SortFieldNotFoundError, sortOrder, UnsortableError } from '../../src/view/sort.js';
import { demoEndpoints } from '../demo-objects.js';
import { runCli } from '../run-cli.js';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { hasKubectl, kubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();

warnIfNoKubectl('the --sort-by comparisons with kubectl are skipped');

const NAMESPACES = ['default', 'kube-system', 'shop', 'shop-b', 'zeta'];

/** Endpoint i: names repeat across namespaces, keys repeat, and some are missing. */
function endpoint(template: Record<string, unknown>, i: number): unknown {
  const { metadata, status } = template as { metadata: Record<string, unknown>; status: Record<string, unknown> };
  const labels: Record<string, string> = { app: i < 120 ? 'web' : 'db' };
  if (i % 3 === 0) labels.tier = ['front', 'back', 'cache', 'front'][i % 4] as string;
  // Numbers (compared as quantities) mixed with other strings (compared by bytes): not even transitive.
  if (i % 2 === 0) labels.rank = i % 10 === 0 ? `r${i % 7}` : String((i * 7919) % 20000);
  const { identity, networking, state, ...rest } = status;
  return {
    ...template,
    metadata: {
      ...metadata,
      name: i < 120 ? `web-${i + 1}` : `db-${(i % 7) + 1}`,
      namespace: NAMESPACES[i % 5],
      uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      labels,
    },
    status: {
      ...rest,
      id: 100 + (i % 17),
      ...(i % 23 === 5 ? {} : { state: i % 8 === 3 ? 'waiting-for-identity' : 'ready' }),
      ...(i % 11 === 0 ? {} : { identity: { ...(identity as object), id: 1000 + ((i * 7) % 13) } }),
      ...(i % 9 === 0
        ? {}
        : { networking: { ...(networking as object), addressing: [{ ipv4: `10.0.${i % 4}.${i % 50}` }] } }),
    },
  };
}

const [template] = demoEndpoints() as Record<string, unknown>[];
const endpoints = Array.from({ length: 150 }, (_, i) => endpoint(template ?? {}, i));
/** Alone in its namespace: a one-row table, a one-object list. */
const solo = endpoint(template ?? {}, 150) as { metadata: { namespace: string } };
solo.metadata.namespace = 'solo';

let server: RunningApiServer | undefined;
let kubeconfig = '';
beforeAll(async () => {
  if (!hasKubectl) return;
  server = await startApiServer({ endpoints: [...endpoints, solo] });
  kubeconfig = server.writeKubeconfig(temp('cv-sort-kc-'));
});
afterAll(() => server?.close());

const getEndpoints = (args: string[]) => kubectl(kubeconfig, ['get', 'ciliumendpoints.cilium.io', ...args]);

const ours = (args: string[]) => runCli(['endpoints', ...args, '--kubeconfig', kubeconfig]);

const KEYS = [
  '.status.state',
  '.metadata.labels.tier',
  '.status.identity.id',
  '.metadata.name',
  '{.status.networking.addressing[0].ipv4}',
  '.metadata.labels.rank',
  '.status.id',
];

describe('kubectl get -A --sort-by KEY prints what we print', () => {
  it.skipIf(!hasKubectl).each(KEYS)('table, --sort-by %s', async (key) => {
    const theirs = await getEndpoints(['-A', '--sort-by', key]);
    expect(theirs.stderr).toBe('');
    expect(theirs.stdout.split('\n')).toHaveLength(153); // the header, 151 rows, ''
    expect(await ours(['-A', '--sort-by', key])).toEqual({ code: 0, stdout: theirs.stdout, stderr: '' });
  });

  it.skipIf(!hasKubectl).each(KEYS)('-o name, --sort-by %s', async (key) => {
    const theirs = await getEndpoints(['-A', '-o', 'name', '--sort-by', key]);
    expect(theirs.stderr).toBe('');
    expect(await ours(['-A', '-o', 'name', '--sort-by', key])).toEqual({ code: 0, stdout: theirs.stdout, stderr: '' });
  });
});

describe('a path that finds nothing', () => {
  const notFound = 'couldn\'t find any field with path "{.status.nope}" in the list of objects';

  it.skipIf(!hasKubectl).each([
    [['-A'], 'No resources found\n'],
    [['-n', 'shop'], 'No resources found in shop namespace.\n'],
  ])('in a table (%j): kubectl drops the error and prints nothing', async (scope, stderr) => {
    const args = [...scope, '--sort-by', '.status.nope'];
    expect(await getEndpoints(args)).toEqual({ code: 0, stdout: '', stderr });
    expect(await ours(args)).toEqual({ code: 0, stdout: '', stderr });
  });

  it.skipIf(!hasKubectl)('in a one-row table: not looked for', async () => {
    const args = ['-n', 'solo', '--sort-by', '.status.nope'];
    const theirs = await getEndpoints(args);
    expect(theirs).toMatchObject({ code: 0, stderr: '' });
    expect(await ours(args)).toEqual(theirs);
  });

  it.skipIf(!hasKubectl).each([['-A'], ['-n', 'solo']])(
    'in a list of objects (%s ...): an error, as sortOrder(..., "list") throws',
    async (...scope) => {
      const theirs = await getEndpoints([...scope, '-o', 'name', '--sort-by', '.status.nope']);
      expect(theirs).toEqual({ code: 1, stdout: '', stderr: `error: ${notFound}\n` });
      const objects = scope[0] === '-A' ? endpoints : [solo];
      expect(() => sortOrder(objects, () => undefined, '.status.nope', 'list')).toThrow(
        new SortFieldNotFoundError(notFound),
      );
    },
  );
});

describe('keys kubectl cannot compare', () => {
  const klogHeader = /^F\d{4} [\d:.]+ +\d+ sorter\.go:\d+\] /;

  it.skipIf(!hasKubectl)('in a table: kubectl exits 1 with our message after its log header', async () => {
    const args = ['-A', '--sort-by', '.metadata.labels'];
    const theirs = await getEndpoints(args);
    expect(theirs).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(klogHeader) });
    expect(await ours(args)).toEqual({ code: 1, stdout: '', stderr: theirs.stderr.replace(klogHeader, 'error: ') });
  });

  it.skipIf(!hasKubectl)('in a list of objects: the message sortOrder(..., "list") throws', async () => {
    const theirs = await getEndpoints(['-A', '-o', 'name', '--sort-by', '.metadata.labels']);
    expect(theirs).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(klogHeader) });
    const labels = (object: unknown) => (object as { metadata: { labels: unknown } }).metadata.labels;
    expect(() => sortOrder(endpoints, labels, '.metadata.labels', 'list')).toThrow(
      new UnsortableError(theirs.stderr.replace(klogHeader, '').trimEnd()),
    );
  });
});
