/**
 * The three commands over files, compared with kubectl's own output for the spec's cluster
 * (test/golden/, plain equality).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { demoJson, demoYaml } from '../demo-objects.js';
import { runCli } from '../run-cli.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();

const golden = (name: string) => readFileSync(new URL(`../golden/${name}`, import.meta.url), 'utf8');

describe('endpoints', () => {
  it('-A --demo prints kubectl get ciliumendpoints.cilium.io -A', async () => {
    expect(await runCli(['endpoints', '-A', '--demo'])).toEqual({
      code: 0,
      stdout: golden('get-cep-A.txt'),
      stderr: '',
    });
  });

  it('-n kube-system has no NAMESPACE column and two rows', async () => {
    const result = await runCli(['endpoints', '-n', 'kube-system', '--demo']);
    expect(result).toEqual({ code: 0, stdout: golden('get-cep-n-kube-system.txt'), stderr: '' });
  });

  it('defaults to the default namespace offline', async () => {
    const { stdout } = await runCli(['endpoints', '--demo']);
    expect(stdout.split('\n').map((line) => line.split(' ')[0])).toEqual(['NAME', 'nettool-1', 'nettool-2', '']);
  });

  it('-n nope prints nothing, says so on stderr and exits 0', async () => {
    expect(await runCli(['endpoints', '-n', 'nope', '--demo'])).toEqual({
      code: 0,
      stdout: '',
      stderr: 'No resources found in nope namespace.\n',
    });
  });

  it('the kubectl resource names work as aliases', async () => {
    for (const alias of ['cep', 'ciliumendpoints']) {
      expect((await runCli([alias, '-A', '--demo'])).stdout).toBe(golden('get-cep-A.txt'));
    }
  });

  it('--no-headers drops the header, and widths come from the cells alone (as tabwriter lays them)', async () => {
    const { stdout } = await runCli(['endpoints', '-n', 'kube-system', '--demo', '--no-headers']);
    expect(stdout).toBe(
      [
        'coredns-5d78c9869d-62zlb   1648   27084   <status disabled>   <status disabled>   <status disabled>   ready   10.1.2.194   ',
        'coredns-5d78c9869d-tmvt4   474    27084   <status disabled>   <status disabled>   <status disabled>   ready   10.1.2.178   ',
        '',
      ].join('\n'),
    );
  });

  it('--cilium-version 1.18 prints the v1.17+ columns, and -o wide adds the enforcement columns', async () => {
    const { stdout } = await runCli(['endpoints', '-n', 'kube-system', '--demo', '--cilium-version', '1.18']);
    expect(stdout.split('\n')[0]).toBe(
      'NAME                       SECURITY IDENTITY   ENDPOINT STATE   IPV4         IPV6',
    );
    const wide = await runCli([
      'endpoints',
      '-n',
      'kube-system',
      '--demo',
      '--cilium-version',
      'v1.15.2',
      '-o',
      'wide',
    ]);
    expect(wide.stdout.split('\n')[0]).toBe(
      'NAME                       SECURITY IDENTITY   INGRESS ENFORCEMENT   EGRESS ENFORCEMENT   VISIBILITY POLICY   ENDPOINT STATE   IPV4         IPV6',
    );
  });

  it('file sources and cluster flags do not mix (exit 2)', async () => {
    expect(await runCli(['endpoints', '--demo', '--context', 'kind'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --context is for a live cluster and cannot be combined with --demo; drop one of them\n',
    });
    expect((await runCli(['identities', '--from', '-', '--chunk-size', '0'])).code).toBe(2);
  });
});

describe('identities', () => {
  it('--demo prints kubectl get ciliumidentities.cilium.io, with and without -A', async () => {
    for (const args of [
      ['identities', '--demo'],
      ['identities', '-A', '--demo'],
      ['ciliumid', '--demo'],
    ]) {
      expect(await runCli(args)).toEqual({ code: 0, stdout: golden('get-ciliumid.txt'), stderr: '' });
    }
  });

  it('an empty result says "No resources found" (cluster-scoped: no namespace) and exits 0', async () => {
    const dir = temp('cv-');
    const file = join(dir, 'empty.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }));
    expect(await runCli(['identities', '--from', file])).toEqual({
      code: 0,
      stdout: '',
      stderr: 'No resources found\n',
    });
    expect(await runCli(['endpoints', '-A', '--from', file])).toEqual({
      code: 0,
      stdout: '',
      stderr: 'No resources found\n',
    });
  });
});

describe('who-shares', () => {
  it('27084 describes the identity, then lists both coredns pods as endpoints -A does', async () => {
    const { code, stdout, stderr } = await runCli(['who-shares', '27084', '--demo']);
    const [facts, table] = stdout.split('\n\n');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(facts).toBe(
      [
        'Identity:    27084',
        'Kind:        cluster-wide identity (allocated for a label set)',
        'Namespace:   kube-system',
        'Age:         60m',
        'Labels:      k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=kube-system',
        '             k8s:io.cilium.k8s.policy.cluster=default',
        '             k8s:io.cilium.k8s.policy.serviceaccount=coredns',
        '             k8s:io.kubernetes.pod.namespace=kube-system',
        '             k8s:k8s-app=kube-dns',
        'Endpoints:   2',
      ].join('\n'),
    );
    // kubectl's -A table for these two rows: the -n kube-system table behind a NAMESPACE column
    // (width 14 = "kube-system" + 3).
    const [header, ...rows] = golden('get-cep-n-kube-system.txt').slice(0, -1).split('\n');
    expect(table).toBe(`${[`NAMESPACE     ${header}`, ...rows.map((row) => `kube-system   ${row}`)].join('\n')}\n`);
  });

  it('16737 shows the identity and says no endpoint uses it (exit 0)', async () => {
    const { code, stdout } = await runCli(['who-shares', '16737', '--demo']);
    expect(code).toBe(0);
    expect(stdout).toContain(
      'Identity:       16737\nKind:           cluster-wide identity (allocated for a label set)\nNamespace:      kube-system\nAge:            58m\n',
    );
    expect(stdout).toContain('Unused since:   2023-08-08T07:45:12Z');
    expect(stdout.endsWith('Endpoints:      0\n\nNo endpoint uses identity 16737.\n')).toBe(true);
  });

  it('an ID with endpoints but no CiliumIdentity still lists them and says the object is missing', async () => {
    const endpoints = demoYaml('ciliumendpoints');
    const { code, stdout } = await runCli(['who-shares', '27084', '--from', '-'], { stdin: endpoints });
    expect(code).toBe(0);
    expect(stdout).toContain(
      "CiliumIdentity:   missing (no object named 27084; labels below are from the endpoints' status)",
    );
    expect(stdout).toContain(
      'Labels:           k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=kube-system',
    );
    expect(stdout.match(/^kube-system +coredns/gm)).toHaveLength(2);
  });

  it("a pod: its endpoint's identity, shared with the other coredns pod", async () => {
    const byPod = await runCli(['who-shares', 'kube-system/coredns-5d78c9869d-tmvt4', '--demo']);
    expect(byPod).toEqual(await runCli(['who-shares', '27084', '--demo']));
    expect(await runCli(['who-shares', '-n', 'kube-system', 'coredns-5d78c9869d-tmvt4', '--demo'])).toEqual(byPod);
    expect(await runCli(['who-shares', 'nettool-9', '--demo'])).toMatchObject({ code: 1, stdout: '' });
  });

  it('reserved and node-local identities are explained, with no CiliumIdentity expected', async () => {
    const world = await runCli(['who-shares', '2', '--demo']);
    expect(world.code).toBe(0);
    expect(world.stdout).toContain("Kind:        reserved identity 'world'");
    expect(world.stdout).toContain('Labels:      reserved:world\n');
    const cidr = await runCli(['who-shares', String(2 ** 24 + 5), '--demo']);
    expect(cidr.stdout).toContain('local-scope identity');
    const mesh = await runCli(['who-shares', String((3 << 16) + 307), '--demo']);
    expect(mesh.stderr).toMatch(/^error: identity 196915 \(of cluster ID 3\) not found/);
  });

  it('-o json and -o yaml give {identity, endpoints}', async () => {
    const json = JSON.parse((await runCli(['who-shares', '27084', '--demo', '-o', 'json'])).stdout);
    expect(json.identity).toMatchObject({ id: 27084, class: 'cluster', clusterId: 0 });
    expect(json.identity.object.metadata.name).toBe('27084');
    expect(json.endpoints.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual([
      'coredns-5d78c9869d-62zlb',
      'coredns-5d78c9869d-tmvt4',
    ]);
    const yaml = parse((await runCli(['who-shares', '16737', '--demo', '-o', 'yaml'])).stdout);
    expect(yaml.endpoints).toEqual([]);
  });

  it('an unknown ID is an error (exit 1), a non-number or out-of-range ID a usage error (exit 2)', async () => {
    const unknown = await runCli(['who-shares', '99999', '--demo']);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toBe(
      'error: identity 99999 (of cluster ID 1) not found: no CiliumIdentity named 99999 and no endpoint carries it in the demo cluster\n',
    );
    for (const id of ['0', '4294967296', '-5', '1e3', 'Not A Pod', 'a/b/c']) {
      const result = await runCli(['who-shares', id, '--demo']);
      expect(result, id).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr.split('\n'), id).toHaveLength(2);
    }
    expect((await runCli(['who-shares', '4294967295', '--demo'])).code).toBe(1);
  });
});

describe('file formats give the same table', () => {
  let dir: string;
  let endpointsJson: unknown;
  let identitiesJson: unknown;

  beforeAll(() => {
    dir = temp('cv-formats-');
    endpointsJson = JSON.parse(demoJson('ciliumendpoints'));
    identitiesJson = JSON.parse(demoJson('ciliumidentities'));
  });

  const expectGolden = async (args: string[], stdin?: string) => {
    const endpoints = await runCli(['endpoints', '-A', ...args], stdin === undefined ? {} : { stdin });
    expect(endpoints).toEqual({ code: 0, stdout: golden('get-cep-A.txt'), stderr: '' });
  };

  it('a JSON List (kubectl -o json, 4-space indent)', async () => {
    const file = join(dir, 'cep.json');
    writeFileSync(file, JSON.stringify(endpointsJson, null, 4));
    await expectGolden(['--from', file]);
  });

  it('a generic List mixing both kinds, read by all three commands', async () => {
    const items = [...(endpointsJson as { items: unknown[] }).items, ...(identitiesJson as { items: unknown[] }).items];
    const file = join(dir, 'all.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    await expectGolden(['--from', file]);
    expect((await runCli(['identities', '--from', file])).stdout).toBe(golden('get-ciliumid.txt'));
    expect((await runCli(['who-shares', '27084', '--from', file])).stdout).toContain('Endpoints:   2');
  });

  it('multi-document YAML, one object per document, in any order', async () => {
    const items = [...(endpointsJson as { items: unknown[] }).items].reverse();
    const file = join(dir, 'multi.yaml');
    writeFileSync(file, items.map((item) => stringify(item)).join('---\n'));
    await expectGolden(['--from', file]);
  });

  it('a folder shaped like an unpacked sysdump, with unrelated files beside', async () => {
    const sysdump = temp('cilium-sysdump-');
    writeFileSync(join(sysdump, 'ciliumendpoints-20230808-080000.yaml'), demoYaml('ciliumendpoints'));
    writeFileSync(join(sysdump, 'ciliumidentities-20230808-080000.yaml'), demoYaml('ciliumidentities'));
    writeFileSync(join(sysdump, 'nodes-20230808-080000.yaml'), 'apiVersion: v1\nkind: List\nitems: []\n');
    writeFileSync(join(sysdump, 'cilium-helm-values-20230808.yaml'), 'not: [valid yaml');
    writeFileSync(join(sysdump, 'notes.txt'), 'CiliumEndpoint');
    await expectGolden(['--from', sysdump]);
    expect(await runCli(['identities', '--from', sysdump])).toEqual({
      code: 0,
      stdout: golden('get-ciliumid.txt'),
      stderr: '',
    });
  });

  it('stdin, as YAML and as JSON', async () => {
    await expectGolden(['--from', '-'], demoYaml('ciliumendpoints'));
    await expectGolden(['--from', '-'], JSON.stringify(endpointsJson));
  });

  it('the same object twice keeps the first and warns once', async () => {
    const file = join(dir, 'cep-again.json');
    writeFileSync(file, JSON.stringify(endpointsJson));
    const result = await runCli(['endpoints', '-A', '--from', file, '--demo']);
    expect(result.stdout).toBe(golden('get-cep-A.txt'));
    expect(result.stderr.trim().split('\n')).toHaveLength(5);
    expect(result.stderr.split('\n')[0]).toBe(
      `warning: ${new URL('../../fixtures/demo/ciliumendpoints.json', import.meta.url).pathname}: CiliumEndpoint default/nettool-1 was already read from ${file}; keeping that one`,
    );
  });
});

describe('bad input', () => {
  it('a broken JSON file gives one line naming the file and the line, exit 1, nothing on stdout', async () => {
    const dir = temp('cv-bad-');
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "apiVersion": "v1",\n  "items": [\n    {"kind": }\n  ]\n}\n');
    const result = await runCli(['endpoints', '-A', '--from', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^error: ${file}: invalid JSON at line 4, column \\d+: .+\\n$`));
  });

  it('a broken YAML file names the line', async () => {
    const dir = temp('cv-bad-');
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: List\nitems: [\n');
    const result = await runCli(['identities', '--from', file]);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(new RegExp(`^error: ${file}: invalid YAML at line 4, column 1: .+\\n$`));
  });

  it('a missing file says so and how to fix it', async () => {
    expect(await runCli(['endpoints', '--from', '/nonexistent/cep.json'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: cannot read /nonexistent/cep.json: no such file or directory; check the path given to --from\n',
    });
  });

  it('unusable objects give one warning each and the rest still prints', async () => {
    const dir = temp('cv-warn-');
    const file = join(dir, 'mixed.yaml');
    const [first] = (parse(demoYaml('ciliumendpoints')) as { items: unknown[] }).items;
    const nameless = { apiVersion: 'cilium.io/v2', kind: 'CiliumEndpoint', metadata: { namespace: 'default' } };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' } };
    writeFileSync(file, [first, nameless, pod].map((o) => stringify(o)).join('---\n'));
    const result = await runCli(['endpoints', '--from', file]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[1]).toMatch(/^nettool-1 /);
    expect(result.stderr.split('\n')).toEqual([
      `warning: ${file}: document 2: CiliumEndpoint: metadata.name: Invalid input: expected string, received undefined; skipped`,
      `warning: ${file}: document 3: kind Pod default/p is not a CiliumEndpoint or CiliumIdentity; skipped`,
      '',
    ]);
  });

  it('unknown flags and formats are usage errors on one line (exit 2)', async () => {
    for (const args of [
      ['endpoints', '--bogus', '--demo'],
      ['endpoints', '-o', 'xml', '--demo'],
      ['nosuch'],
      ['endpoints', '--cilium-version', '2.0', '--demo'],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n'), args.join(' ')).toHaveLength(2);
    }
  });
});
