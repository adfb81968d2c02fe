/**
 * kubectl and cilium-view side by side against a real cluster. The objects there are seconds old and the
 * server writes their AGE into the Table as it answers, so a run of kubectl and one of ours can fall on
 * either side of a second: when they differ, kubectl runs again, after ours, and ours must equal one of
 * the two runs (a real difference shows in both; the clock can only have ticked between one pair).
 */
import { expect } from 'vitest';
import { type CliResult, runCli } from '../../run-cli.js';
import { type KubectlResult, kubectl } from '../kubectl.js';

export interface Side {
  kubeconfig: string;
  /** kubectl's HOME (its discovery cache), kept for the whole file. */
  home: string;
}

/** cilium-view in this process, with the real clock: the objects were created moments ago. */
export function ours(args: string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliResult> {
  return runCli(args, { now: new Date(), ...options });
}

export function theirs(side: Side, args: string[]): Promise<KubectlResult> {
  return kubectl(side.kubeconfig, args, { home: side.home });
}

/** `kubectl KUBECTL_ARGS` and `cilium-view OUR_ARGS --kubeconfig ...` print the same bytes and exit alike. */
export async function expectSameAsKubectl(side: Side, kubectlArgs: string[], ourArgs: string[]): Promise<CliResult> {
  const same = (a: CliResult, b: KubectlResult) => a.code === b.code && a.stdout === b.stdout && a.stderr === b.stderr;
  const first = await theirs(side, kubectlArgs);
  const result = await ours([...ourArgs, '--kubeconfig', side.kubeconfig]);
  if (!same(result, first) && !same(result, await theirs(side, kubectlArgs))) expect(result).toEqual(first);
  return result;
}
