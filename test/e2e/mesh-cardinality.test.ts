/**
 * cardinality over several clusters (issue 13): each context's report is the one cardinality prints for
 * that cluster alone, titles prefixed with the context's name; `-o json` one report per context; a
 * context that cannot be read is a line on stderr and exit 1, after the others.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';
import { type Mesh, meshPath, startMesh } from '../support/mesh.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();
const meshes: Mesh[] = [];
afterEach(async () => {
  await Promise.all(meshes.splice(0).map((mesh) => mesh.close()));
});

const LABELS = ['--labels', 'k8s:!io.cilium.k8s.policy.serviceaccount'];
const NAMES = ['east', 'west'] as const;

describe('cardinality across clusters', () => {
  it('--from NAME=PATH: per context, what cardinality prints for that dump alone', async () => {
    const dumps = NAMES.flatMap((name) => ['--from', `${name}=${meshPath(name)}`]);
    const alone = await Promise.all(NAMES.map((name) => runCli(['cardinality', '--from', meshPath(name), ...LABELS])));
    const mesh = await runCli(['cardinality', ...dumps, ...LABELS]);
    expect({ code: mesh.code, stderr: mesh.stderr }).toEqual({ code: 0, stderr: '' });
    const prefixed = alone.map(({ stdout }, i) =>
      stdout
        .split('\n\n')
        .map((section) => `${NAMES[i]}: ${section}`)
        .join('\n\n'),
    );
    expect(mesh.stdout).toBe(prefixed.join('\n'));

    const json = JSON.parse((await runCli(['cardinality', ...dumps, ...LABELS, '-o', 'json'])).stdout);
    const single = await Promise.all(
      NAMES.map(async (name) =>
        JSON.parse((await runCli(['cardinality', '--from', meshPath(name), ...LABELS, '-o', 'json'])).stdout),
      ),
    );
    expect(json).toEqual({ contexts: NAMES.map((context, i) => ({ context, report: single[i] })) });
    expect(json.contexts[0].report.whatIf.identitiesAfter).toBe(3);
  });

  it('a context that is down: its line on stderr, the others printed, exit 1', async () => {
    const mesh = await startMesh(temp('cv-cardinality-mesh-'), [
      { context: 'east', cluster: 'east' },
      { context: 'down', cluster: 'west', down: true },
    ]);
    meshes.push(mesh);
    const result = await runCli(['cardinality', '--all-contexts', '-o', 'json'], { env: mesh.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^down: error: [^\n]+\n$/);
    expect(JSON.parse(result.stdout).contexts.map((c: { context: string }) => c.context)).toEqual(['east']);
  });
});
