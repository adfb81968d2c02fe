/** who-shares over several contexts (issue 13), end to end against one test API server per cluster. */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';
import { type Mesh, type MeshContext, meshPath, startMesh } from '../support/mesh.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();
const meshes: Mesh[] = [];
afterEach(async () => {
  await Promise.all(meshes.splice(0).map((mesh) => mesh.close()));
});

const EAST_WEST: MeshContext[] = [
  { context: 'east', cluster: 'east' },
  { context: 'west', cluster: 'west' },
];

async function mesh(contexts: MeshContext[] = EAST_WEST): Promise<Mesh> {
  const started = await startMesh(temp('cv-mesh-'), contexts);
  meshes.push(started);
  return started;
}

/** The lines after a heading, up to the next empty line. */
const block = (stdout: string, heading: string): string[] => {
  const lines = stdout.split('\n');
  const start = lines.indexOf(heading) + 1;
  const end = lines.indexOf('', start);
  return lines.slice(start, end).map((line) => line.trimEnd());
};

describe('who-shares across clusters', () => {
  it('an ID of cluster 1: its cluster, each cluster, its endpoints, the same workload in cluster 2', async () => {
    const m = await mesh();
    const result = await runCli(['who-shares', '66737', '--all-contexts'], { env: m.env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Cluster ID:   1: the cluster ID of context "east"\n');
    expect(block(result.stdout, 'In each cluster:')).toEqual([
      'CONTEXT   CLUSTER   CILIUMIDENTITY   ENDPOINTS',
      'east      east      66737            2',
      'west      west      none             0',
    ]);
    expect(
      block(result.stdout, 'Endpoints with identity 66737:').map((l) => l.split(/ +/).slice(0, 3).join(' ')),
    ).toEqual(['CONTEXT NAMESPACE NAME', 'east shop web-7d9f-a1', 'east shop web-7d9f-b2']);
    expect(
      block(
        result.stdout,
        'The same workload in other clusters (the same security labels, io.cilium.k8s.policy.cluster aside):',
      ),
    ).toEqual(['CONTEXT   CLUSTER ID   IDENTITY   ENDPOINTS', 'west      2            135482     1']);
  });

  it('CTX/NS/POD: the pod read in its context; -o json per context', async () => {
    const m = await mesh();
    const result = await runCli(['who-shares', 'west/shop/web-84c1-q7', '--context', 'east,west', '-o', 'json'], {
      env: m.env,
    });
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.identity).toMatchObject({
      id: 135482,
      class: 'cluster',
      clusterId: 2,
      clusterIdContexts: ['west'],
    });
    expect(document.contexts.map((c: { context: string }) => c.context)).toEqual(['east', 'west']);
    expect(document.contexts[0]).toMatchObject({
      identity: null,
      endpoints: [],
      equivalents: [{ id: 66737, clusterId: 1, endpoints: 2 }],
    });
    expect(document.contexts[1].identity.metadata.name).toBe('135482');
    expect(document.contexts[1].endpoints.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual([
      'web-84c1-q7',
    ]);
    const single = await runCli(['who-shares', 'shop/web-84c1-q7', '--context', 'west', '-o', 'json'], { env: m.env });
    const alone = JSON.parse(single.stdout);
    expect(document.contexts[1].identity).toEqual(alone.identity.object);
    expect(document.contexts[1].endpoints).toEqual(alone.endpoints);
  });

  it('a pod without its context, or in a context not read, is an error', async () => {
    const m = await mesh();
    const bare = await runCli(['who-shares', 'shop/web-84c1-q7', '--all-contexts'], { env: m.env });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toBe('error: with several contexts, name the pod with its context: CONTEXT/NAMESPACE/POD\n');
    const single = await runCli(['who-shares', 'west/shop/web-84c1-q7', '--context', 'west'], { env: m.env });
    expect(single.code).toBe(2);
    const other = await runCli(['who-shares', 'north/shop/web', '--all-contexts'], { env: m.env });
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(
      /^error: context "north" of north\/shop\/web is not one of the contexts read: "east", "west"\n$/,
    );
  });

  it('a colliding cluster ID: both contexts have it; a down context is a line and exit 1', async () => {
    const m = await mesh([
      { context: 'north', cluster: 'north' },
      { context: 'south', cluster: 'south' },
      { context: 'down', cluster: 'east', down: true },
    ]);
    const result = await runCli(['who-shares', String((3 << 16) + 700), '--all-contexts'], { env: m.env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Cluster ID:   3: the cluster ID of context "north", context "south"\n');
    expect(block(result.stdout, 'In each cluster:').slice(1)).toEqual([
      'north     north     197308           1',
      'south     south     197308           1',
    ]);
    expect(result.stderr).toMatch(/^down: error: cannot connect to the API server at [^\n]+\n$/);
  });

  it('an identity no cluster has: one error naming the contexts, exit 1', async () => {
    const m = await mesh();
    const result = await runCli(['who-shares', '70000', '--all-contexts'], { env: m.env });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: identity 70000 (of cluster ID 1) not found: no CiliumIdentity named 70000 and no endpoint carries it in contexts "east", "west"\n',
    });
  });

  it('--from NAME=PATH: the same offline', async () => {
    const m = await mesh();
    const live = await runCli(['who-shares', '66737', '--all-contexts', '-o', 'yaml'], { env: m.env });
    const files = await runCli([
      'who-shares',
      '66737',
      '--from',
      `east=${meshPath('east')}`,
      '--from',
      `west=${meshPath('west')}`,
      '-o',
      'yaml',
    ]);
    expect(files).toEqual(live);
  });
});
