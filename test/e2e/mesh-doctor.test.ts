/** doctor over several contexts (issue 13): the cluster-mesh section and its exit codes, end to end. */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';
import { type Mesh, type MeshContext, meshItems, meshPath, startMesh } from '../support/mesh.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();
const meshes: Mesh[] = [];
afterEach(async () => {
  await Promise.all(meshes.splice(0).map((mesh) => mesh.close()));
});

async function doctor(contexts: MeshContext[], args: string[] = []) {
  const mesh = await startMesh(temp('cv-mesh-'), contexts);
  meshes.push(mesh);
  return runCli(['doctor', '--all-contexts', ...args], { env: mesh.env });
}

/** The rows of the report's "Cluster mesh" table, as cells. */
const meshRows = (stdout: string): string[][] => {
  const lines = stdout.split('\n');
  const start = lines.indexOf('Cluster mesh') + 2;
  const end = lines.findIndex(
    (line, i) => i >= start && !/^ {2}\S/.test(line.replace(/^ {2}(CLUSTER NAME|global)/, 'x')),
  );
  return lines.slice(start, end).map((line) => line.trim().split(/ {2,}/));
};

describe('doctor across clusters', () => {
  it('cluster IDs 1 and 2: each context reported, the mesh healthy, exit 0', async () => {
    const result = await doctor([
      { context: 'east', cluster: 'east' },
      { context: 'west', cluster: 'west' },
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('east: Summary\n');
    expect(result.stdout).toContain('west: Identity headroom\n');
    expect(meshRows(result.stdout)).toEqual([
      ['east', 'east', '1', '3', '0% of 65,536'],
      ['west', 'west', '2', '3', '0% of 65,536'],
    ]);
    expect(result.stdout.trimEnd().endsWith('Result: healthy, 0 warnings')).toBe(true);
  });

  it('two clusters with cluster ID 3: exit 3, the contexts named', async () => {
    const result = await doctor([
      { context: 'north', cluster: 'north' },
      { context: 'south', cluster: 'south' },
    ]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/shared cluster IDs +problem +cluster ID 3 in contexts "north", "south"/);
    expect(result.stderr).toBe('doctor: problems found: mesh: shared cluster IDs\n');
  });

  it('the same cluster name, and one context with identities in two cluster IDs: exit 3', async () => {
    const result = await doctor([
      { context: 'east', cluster: 'east' },
      {
        context: 'both',
        server: {
          endpoints: [],
          identities: [...meshItems('west', 'ciliumidentities'), ...meshItems('east', 'ciliumidentities')],
        },
      },
    ]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(
      /one cluster ID per context +problem +context "both" has identities in cluster IDs 1, 2/,
    );
    expect(result.stdout).toMatch(/shared cluster IDs +problem +cluster ID 1 in contexts "east", "both"/);
    expect(result.stdout).toMatch(/shared cluster names +problem +cluster name "east" in contexts "east", "both"/);
    expect(result.stderr).toBe(
      'doctor: problems found: mesh: shared cluster IDs, mesh: shared cluster names, mesh: one cluster ID per context\n',
    );
  });

  it('a context whose cluster ID cannot be told is a warning; a single-cluster problem is per context', async () => {
    const endpoints = meshItems('west', 'ciliumendpoints');
    const result = await doctor([
      { context: 'east', cluster: 'east' },
      { context: 'empty', server: { endpoints, identities: [] } },
    ]);
    expect(result.stdout).toMatch(
      /cluster ID known +warning +no global identity tells the cluster ID of context "empty"/,
    );
    expect(meshRows(result.stdout)[1]).toEqual(['empty', '<none>', '<unknown>', '-', '-']);
    expect(result.stdout).toContain('empty: Dangling references (3)');
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('doctor: problems found: empty: dangling references\n');
  });

  it('-o json: per context its report, then the mesh; a forbidden context is a line and exit 1', async () => {
    const result = await doctor(
      [
        { context: 'east', cluster: 'east' },
        { context: 'west', cluster: 'west' },
        { context: 'forbidden', cluster: 'west', server: { fault: () => ({ kind: 'status', code: 403 }) } },
      ],
      ['-o', 'json'],
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^forbidden: error: forbidden \(403\): [^\n]*\n$/);
    const report = JSON.parse(result.stdout);
    expect(report.contexts.map((c: { context: string }) => c.context)).toEqual(['east', 'west']);
    expect(report.contexts[0].report.identities.total).toBe(3);
    expect(report.mesh.clusters.map((c: { clusterId: number }) => c.clusterId)).toEqual([1, 2]);
    expect(report.healthy).toBe(true);
  });

  it('--from NAME=PATH: the same report offline', async () => {
    const live = await doctor([
      { context: 'north', cluster: 'north' },
      { context: 'south', cluster: 'south' },
    ]);
    const files = await runCli([
      'doctor',
      '--from',
      `north=${meshPath('north')}`,
      '--from',
      `south=${meshPath('south')}`,
    ]);
    expect(files.code).toBe(3);
    expect(files.stdout.replace(/Cilium version:.*\n/g, '')).toBe(live.stdout.replace(/Cilium version:.*\n/g, ''));
  });
});
