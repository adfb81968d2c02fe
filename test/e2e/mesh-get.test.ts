/**
 * endpoints and identities over several contexts (issue 13), end to end: one test API server per
 * cluster over HTTPS, the contexts in KUBECONFIG, a forbidden, an unauthorised, a stopped and a
 * Cilium-less cluster among them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';
import { hasKubectl, kubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { type Mesh, type MeshContext, meshPath, startMesh } from '../support/mesh.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();
warnIfNoKubectl('the comparison of one context with kubectl is skipped');

const meshes: Mesh[] = [];
afterEach(async () => {
  await Promise.all(meshes.splice(0).map((mesh) => mesh.close()));
});

async function mesh(contexts: MeshContext[]): Promise<Mesh> {
  const started = await startMesh(temp('cv-mesh-'), contexts);
  meshes.push(started);
  return started;
}

const EAST_WEST: MeshContext[] = [
  { context: 'east', cluster: 'east' },
  { context: 'west', cluster: 'west' },
];

const ciliumPaths = (m: Mesh, context: string) =>
  (m.servers.get(context)?.requests ?? []).filter((r) => r.path.startsWith('/apis/cilium.io')).map((r) => r.path);

describe('several contexts in one table', () => {
  it('a CONTEXT column first, the contexts in the order given, each in its server order', async () => {
    const m = await mesh(EAST_WEST);
    const result = await runCli(['endpoints', '-A', '--context', 'west,east'], { env: m.env });
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'CONTEXT   NAMESPACE     NAME              ENDPOINT ID   IDENTITY ID   INGRESS ENFORCEMENT   EGRESS ENFORCEMENT   VISIBILITY POLICY   ENDPOINT STATE   IPV4        IPV6',
        'west      kube-system   coredns-6f-west   103           135484        <status disabled>     <status disabled>    <status disabled>   ready            10.2.0.13   ',
        'west      shop          pay-66d-k2        102           135483        <status disabled>     <status disabled>    <status disabled>   ready            10.2.0.12   ',
        'west      shop          web-84c1-q7       101           135482        <status disabled>     <status disabled>    <status disabled>   ready            10.2.0.11   ',
        'east      kube-system   coredns-6f-east   104           66739         <status disabled>     <status disabled>    <status disabled>   ready            10.1.0.14   ',
        'east      shop          cart-5c4-x9       103           66738         <status disabled>     <status disabled>    <status disabled>   ready            10.1.0.13   ',
        'east      shop          web-7d9f-a1       101           66737         <status disabled>     <status disabled>    <status disabled>   ready            10.1.0.11   ',
        'east      shop          web-7d9f-b2       102           66737         <status disabled>     <status disabled>    <status disabled>   ready            10.1.0.12   ',
        '',
      ].join('\n'),
    });
    const repeated = await runCli(['endpoints', '-A', '--context', 'west', '--context', 'east'], { env: m.env });
    expect(repeated).toEqual(result);
  });

  it('--all-contexts: every context of the merged KUBECONFIG, in its order; identities too', async () => {
    const m = await mesh(EAST_WEST);
    const result = await runCli(['identities', '--all-contexts', '--no-headers'], { env: m.env });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').map((line) => line.split(/ +/).slice(0, 2).join(' '))).toEqual([
      'east 66737',
      'east 66738',
      'east 66739',
      'west 135482',
      'west 135483',
      'west 135484',
      '',
    ]);
  });

  it('-n, -l, --field-selector, -L, --show-labels and -o wide apply in every context', async () => {
    const m = await mesh(EAST_WEST);
    const result = await runCli(
      ['endpoints', '-n', 'shop', '-l', 'app=web', '-L', 'app', '--show-labels', '-o', 'wide', '--all-contexts'],
      {
        env: m.env,
      },
    );
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CONTEXT +NAME +ENDPOINT ID +IDENTITY ID .* +ENDPOINT STATE +IPV4 +IPV6 +APP +LABELS$/);
    expect(lines.slice(1).map((line) => line.split(/ +/).slice(0, 2).join(' '))).toEqual([
      'east web-7d9f-a1',
      'east web-7d9f-b2',
      'west web-84c1-q7',
    ]);
    expect(lines.slice(1).every((line) => / web +app=web$/.test(line))).toBe(true);
    for (const context of ['east', 'west']) {
      expect(ciliumPaths(m, context)).toEqual(['/apis/cilium.io/v2/namespaces/shop/ciliumendpoints']);
    }
    const named = await runCli(['endpoints', '-A', '--field-selector', 'metadata.name=web-84c1-q7', '--all-contexts'], {
      env: m.env,
    });
    expect(
      named.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.split(/ +/)[0]),
    ).toEqual(['west']);
  });

  it('clusters of different Cilium releases: every column once, empty where a cluster has none', async () => {
    const m = await mesh([
      { context: 'east', cluster: 'east' },
      { context: 'west', cluster: 'west', server: { crds: 'v1.18' } },
    ]);
    const result = await runCli(['endpoints', '-n', 'shop', '--all-contexts'], { env: m.env });
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^CONTEXT +NAME +ENDPOINT ID +IDENTITY ID +.* +IPV6 +SECURITY IDENTITY$/);
    const west = rows.at(-1) as string;
    expect(west).toMatch(/^west +web-84c1-q7 +<status disabled> .* 10\.2\.0\.11 +135482$/);
    expect(west.indexOf('<status disabled>')).toBe(header?.indexOf('INGRESS ENFORCEMENT'));
    expect(rows[0]).toMatch(/^east +cart-5c4-x9 .*10\.1\.0\.13 *$/);
  });

  it('--sort-by sorts across all rows', async () => {
    const m = await mesh(EAST_WEST);
    const result = await runCli(['endpoints', '-A', '--all-contexts', '--sort-by', '.metadata.name', '--no-headers'], {
      env: m.env,
    });
    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/ +/).slice(0, 3).join(' ')),
    ).toEqual([
      'east shop cart-5c4-x9',
      'east kube-system coredns-6f-east',
      'west kube-system coredns-6f-west',
      'west shop pay-66d-k2',
      'east shop web-7d9f-a1',
      'east shop web-7d9f-b2',
      'west shop web-84c1-q7',
    ]);
  });

  it.skipIf(!hasKubectl)('one context is what kubectl prints, byte for byte', async () => {
    const m = await mesh(EAST_WEST);
    const file = m.env.KUBECONFIG.split(':')[1] as string;
    const theirs = await kubectl(file, ['get', 'ciliumendpoints.cilium.io', '-A']);
    expect(theirs.code).toBe(0);
    expect(await runCli(['endpoints', '-A', '--context', 'west'], { env: m.env })).toEqual({
      code: 0,
      stdout: theirs.stdout,
      stderr: '',
    });
  });
});

describe('several contexts as objects', () => {
  it('-o json and -o yaml: per context its name and the List it prints alone, objects untouched', async () => {
    const m = await mesh(EAST_WEST);
    const both = await runCli(['identities', '-o', 'json', '--context', 'east,west'], { env: m.env });
    expect(both.code).toBe(0);
    const lists = await Promise.all(
      ['east', 'west'].map(async (context) => {
        const alone = await runCli(['identities', '-o', 'json', '--context', context], { env: m.env });
        return JSON.parse(alone.stdout);
      }),
    );
    expect(JSON.parse(both.stdout)).toEqual({
      contexts: [
        { context: 'east', list: lists[0] },
        { context: 'west', list: lists[1] },
      ],
    });
    const yaml = await runCli(['identities', '-o', 'yaml', '--context', 'east,west'], { env: m.env });
    const { parse } = await import('yaml');
    expect(parse(yaml.stdout)).toEqual(JSON.parse(both.stdout));
  });

  it('--sort-by with -o json: each List sorted as its context sorts it alone', async () => {
    const m = await mesh(EAST_WEST);
    const args = ['endpoints', '-A', '-o', 'json', '--sort-by', '{.status.networking.addressing[0].ipv4}'];
    const both = JSON.parse((await runCli([...args, '--context', 'east,west'], { env: m.env })).stdout);
    for (const [i, context] of ['east', 'west'].entries()) {
      const alone = JSON.parse((await runCli([...args, '--context', context], { env: m.env })).stdout);
      expect(both.contexts[i]).toEqual({ context, list: alone });
    }
    const names = both.contexts[0].list.items.map((item: { metadata: { name: string } }) => item.metadata.name);
    expect(names).toEqual(['web-7d9f-a1', 'web-7d9f-b2', 'cart-5c4-x9', 'coredns-6f-east']);
  });

  it('-o name: the context, a space, and the name kubectl prints', async () => {
    const m = await mesh(EAST_WEST);
    const result = await runCli(['endpoints', '-n', 'shop', '-o', 'name', '--all-contexts'], { env: m.env });
    expect(result.stdout).toBe(
      [
        'east ciliumendpoint.cilium.io/cart-5c4-x9',
        'east ciliumendpoint.cilium.io/web-7d9f-a1',
        'east ciliumendpoint.cilium.io/web-7d9f-b2',
        'west ciliumendpoint.cilium.io/pay-66d-k2',
        'west ciliumendpoint.cilium.io/web-84c1-q7',
        '',
      ].join('\n'),
    );
  });

  it('-o jsonpath and --watch are usage errors with several contexts, before any request', async () => {
    const m = await mesh(EAST_WEST);
    const jsonpath = await runCli(['identities', '-o', 'jsonpath={.items}', '--all-contexts'], { env: m.env });
    expect(jsonpath.code).toBe(2);
    expect(jsonpath.stderr).toMatch(/^error: -o jsonpath reads one cluster at a time/);
    const watch = await runCli(['identities', '-w', '--all-contexts'], { env: m.env });
    expect(watch.code).toBe(2);
    expect([...m.servers.values()].every((server) => server.requests.length === 0)).toBe(true);
  });
});

describe('failing contexts', () => {
  it('403, 401, down and no CRDs: a line each, prefixed with the context; the others print; exit 1', async () => {
    const m = await mesh([
      { context: 'east', cluster: 'east' },
      { context: 'forbidden', cluster: 'west', server: { fault: () => ({ kind: 'status', code: 403 }) } },
      { context: 'unauthorised', cluster: 'west', token: 'wrong-token' },
      { context: 'down', cluster: 'west', down: true },
      { context: 'bare', server: { crds: 'none' } },
    ]);
    const result = await runCli(['identities', '--all-contexts'], { env: m.env });
    expect(result.code).toBe(1);
    expect(
      result.stdout
        .split('\n')
        .slice(1, -1)
        .map((line) => line.split(/ +/)[0]),
    ).toEqual(['east', 'east', 'east']);
    const alone = await Promise.all(
      ['forbidden', 'unauthorised', 'down', 'bare'].map(async (context) => {
        const single = await runCli(['identities', '--context', context], { env: m.env });
        expect(single.code).toBe(1);
        return `${context}: ${single.stderr}`;
      }),
    );
    expect(result.stderr).toBe(alone.join(''));
    expect(alone.map((line) => line.split(' ').slice(0, 3).join(' '))).toEqual([
      'forbidden: error: forbidden',
      'unauthorised: error: the',
      'down: error: cannot',
      'bare: error: the',
    ]);
  });

  it('two contexts reaching the same server as the same user are read once, with a warning', async () => {
    const m = await mesh([
      { context: 'east', cluster: 'east' },
      { context: 'east-again', sameAs: 'east' },
    ]);
    const result = await runCli(['identities', '--all-contexts', '--no-headers'], { env: m.env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'warning: context "east-again" reaches the same server as the same user as context "east": read once, as "east"\n',
    );
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(ciliumPaths(m, 'east')).toEqual(['/apis/cilium.io/v2/ciliumidentities']);
  });

  it('an unknown context is one error before anything is listed', async () => {
    const m = await mesh(EAST_WEST);
    const result = await runCli(['identities', '--context', 'east,nope'], { env: m.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: context "nope" not found in .*; the contexts there are: east, west\n$/);
    expect(ciliumPaths(m, 'east')).toEqual([]);
  });
});

describe('progress and files', () => {
  it('the progress line on a terminal names the contexts still loading', async () => {
    const m = await mesh(EAST_WEST);
    const result = await runCli(['endpoints', '-A', '--all-contexts', '--chunk-size', '1'], {
      env: m.env,
      stderrIsTTY: true,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('fetching from contexts "east", "west" (still loading): ');
    expect(result.stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  it('--from NAME=PATH: the same table offline', async () => {
    const m = await mesh(EAST_WEST);
    const live = await runCli(['identities', '--all-contexts'], { env: m.env });
    const files = await runCli([
      'identities',
      '--from',
      `east=${meshPath('east')}`,
      '--from',
      `west=${meshPath('west')}`,
    ]);
    expect(files).toEqual(live);
    const mixed = await runCli(['identities', '--from', `east=${meshPath('east')}`, '--from', meshPath('west')]);
    expect(mixed.code).toBe(2);
  });
});
