/**
 * kubectl's argument grammar (pflag), argument list by argument list: the same list through
 * `kubectl get RESOURCE` and through cilium-view's command, against one local API server. Where kubectl
 * succeeds, the bytes and exit code are the same. Where it refuses the arguments, cilium-view says the
 * same message on one line with its hint, and exits 2 (README, "kubectl habits"): `usage()` below is
 * that one documented translation, nothing else differs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { type CliResult, GOLDEN_NOW, runCli } from '../run-cli.js';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { hasKubectl, type KubectlResult, kubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();
if (!hasKubectl) warnIfNoKubectl('the argument-grammar comparisons are skipped');

let server: RunningApiServer;
let kubeconfig: string;

beforeAll(async () => {
  server = await startApiServer({
    endpoints: demoEndpoints(),
    identities: demoIdentities(),
    tls: true,
    token: 'argv-token',
    now: () => GOLDEN_NOW,
  });
  kubeconfig = server.writeKubeconfig(temp('cv-argv-'));
});
afterAll(() => server?.close());

/** `CEP`/`CID` stand for `get ciliumendpoints.cilium.io` in kubectl and the command in cilium-view. */
const CEP = 'CEP';
const CID = 'CID';

/** Argument lists kubectl accepts: the same bytes and exit code. */
const accepted: string[][] = [
  [CEP, '-A', '-o=name'],
  [CEP, '-A', '-oname'],
  [CEP, '-n=kube-system', '-o', 'name'],
  [CEP, '-nkube-system'],
  [CEP, '--namespace=kube-system'],
  [CEP, '-n=nope'],
  [CEP, '-A=true', '-o', 'name'],
  [CEP, '--all-namespaces=true', '-o', 'name'],
  [CEP, '-A=false', '-o', 'name'],
  [CEP, '-A=1', '-o=name'],
  [CEP, '-A=T', '-o=name'],
  [CEP, '-A', '--no-headers=true'],
  [CEP, '-n', 'kube-system', '--show-labels=false'],
  [CEP, '-A', '--show-labels=true'],
  [CEP, '-A', '--watch=false', '-o', 'name'],
  [CEP, '-A', '-w=false', '-o', 'name'],
  [CEP, '-Ao', 'name'],
  [CEP, '-Aoname'],
  [CEP, '-An', 'kube-system', '-o', 'name'],
  [CEP, '-A', '-o=jsonpath={.items[*].metadata.name}'],
  [CEP, '-A', '-o=custom-columns=N:.metadata.name,ID:.status.identity.id'],
  [CEP, '-A', '-l=k8s-app=kube-dns', '-o', 'name'],
  [CEP, '-A', '-o', 'json', '-o', 'name'],
  [CEP, '-n', 'default', '-n', 'kube-system', '-o', 'name'],
  [CEP, '-n', 'kube-system', '-L', 'a', '-L', 'k8s-app,pod-template-hash'],
  [CEP, '-n', 'kube-system', '-L', 'a,"b,c"', '-L=k8s-app='],
  [CEP, '-A', '--selector=app=nettool', '--selector=', '-o', 'name'],
  [CEP, '-A', '--sort-by=.status.id', '-o=name'],
  [CEP, '-o', 'name', '--'],
  [CEP, 'coredns-5d78c9869d-62zlb', '-n', 'kube-system', '-o', 'name'],
  [CEP, '-n', 'kube-system', 'coredns-5d78c9869d-tmvt4', '-ojson'],
  ['-n', 'kube-system', CEP],
  ['-nkube-system', CEP, '-o', 'name'],
  ['--namespace=kube-system', CEP, '-o=name'],
  ['-o', 'name', CEP, '-A'],
  ['-A=true', CEP, '-o', 'name'],
  ['--context', 'cilium-view-test', CID],
  ['--context=cilium-view-test', '-n', 'kube-system', CEP, '-o', 'name'],
  ['--request-timeout=30s', CEP, '-A', '-o', 'name'],
  ['--all-namespaces=true', CEP, '--no-headers'],
  [CID, '-n=kube-system', '--no-headers=true'],
  [CID, '-o=name', '--sort-by=.metadata.name'],
  [CID, '27084', '-oyaml'],
];

/** Argument lists kubectl refuses: the same message, cilium-view's way (one line, exit 2). */
const refused: string[][] = [
  [CEP, '-o'],
  [CEP, '--output'],
  [CEP, '-n'],
  [CEP, '--namespace'],
  [CEP, '-l'],
  [CEP, '--sort-by'],
  [CEP, '--nope'],
  [CEP, '--nope=1'],
  [CEP, '-Z'],
  [CEP, '-AZ'],
  [CEP, '-A='],
  [CEP, '---A'],
  [CEP, '--=x'],
  [CEP, '-A=yes'],
  [CEP, '--all-namespaces=yes'],
  [CEP, '-A=tRue'],
  [CEP, '--no-headers=maybe'],
  [CEP, '-A', 'true'],
];

/** Argument lists kubectl reads, then fails on: the same bytes and exit code 1. */
const failing: string[][] = [
  [CEP, '-n', 'kube-system', '--', 'coredns-5d78c9869d-62zlb', '-A'],
  [CEP, '--', '-o', 'name'],
  [CID, ''],
  [CEP, '-n', 'default', '', '-o', 'json'],
  [CEP, '-n', 'default', 'nettool-1', ''],
  [CEP, '-n', 'default', '', 'nettool-1', '', 'nope'],
  [CEP, '-n', 'default', '', '', '-o', 'json'],
];

const RESOURCE = { [CEP]: 'ciliumendpoints.cilium.io', [CID]: 'ciliumidentities.cilium.io' } as const;
const COMMAND = { [CEP]: 'endpoints', [CID]: 'identities' } as const;

const forKubectl = (args: string[]) =>
  args.flatMap((arg) => (arg === CEP || arg === CID ? ['get', RESOURCE[arg]] : [arg]));
const forUs = (args: string[]) => args.map((arg) => (arg === CEP || arg === CID ? COMMAND[arg] : arg));

/**
 * kubectl's refusal as cilium-view words it: pflag's `Error: MSG` + `See 'kubectl get --help' for
 * usage.` becomes `error: MSG; see 'cilium-view COMMAND --help' for usage`; a command's own `error: MSG`
 * stays; the exit code is 2.
 */
function usage(theirs: KubectlResult, command: string): CliResult {
  const flagError = /^Error: (.*)\nSee 'kubectl get --help' for usage\.\n$/.exec(theirs.stderr);
  const stderr =
    flagError === null ? theirs.stderr : `error: ${flagError[1]}; see 'cilium-view ${command} --help' for usage\n`;
  return { code: 2, stdout: theirs.stdout, stderr };
}

describe.skipIf(!hasKubectl)("kubectl's argument grammar", () => {
  it('has a table of at least 30 argument lists', () => {
    expect(accepted.length + refused.length + failing.length).toBeGreaterThanOrEqual(30);
  });

  for (const args of failing) {
    it(`reads, then fails on ${forUs(args).join(' ')}`, async () => {
      const theirs = await kubectl(kubeconfig, forKubectl(args));
      const ours = await runCli(['--kubeconfig', kubeconfig, ...forUs(args)]);
      expect(theirs.code).toBe(1);
      expect(ours).toEqual(theirs);
    });
  }

  for (const args of accepted) {
    it(`accepts ${forUs(args).join(' ')}`, async () => {
      const theirs = await kubectl(kubeconfig, forKubectl(args));
      const ours = await runCli(['--kubeconfig', kubeconfig, ...forUs(args)]);
      expect(theirs.code).toBe(0);
      expect(ours).toEqual(theirs);
    });
  }

  for (const args of refused) {
    it(`refuses ${forUs(args).join(' ')}`, async () => {
      const theirs = await kubectl(kubeconfig, forKubectl(args));
      const ours = await runCli(['--kubeconfig', kubeconfig, ...forUs(args)]);
      expect(theirs.code).toBe(1);
      expect(ours).toEqual(usage(theirs, 'endpoints'));
    });
  }
});
