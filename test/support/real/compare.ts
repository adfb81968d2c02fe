/**
 * kubectl and cilium-view side by side against a real cluster. The objects there are seconds old and the
 * server writes their AGE into the Table as it answers, so a run of kubectl and one of ours can fall on
 * either side of a second: when they differ, kubectl runs again, after ours, and ours must equal one of
 * the two runs (a real difference shows in both; the clock can only have ticked between one pair).
 * A list of many pages takes longer than a second, and each page has its own "now": there the AGE cells
 * may differ by a second or two, and only they (expectSameTableButAge).
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

/** Seconds in kubectl's HumanDuration up to hours ("59s", "3m4s", "12m"), for the comparison below. */
function seconds(age: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(age);
  if (!match || age === '') throw new Error(`not an age: ${age}`);
  const [, h = '0', m = '0', s = '0'] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/**
 * The same table but for its AGE column (the header's "AGE"): every other cell equal, each AGE within
 * `slack` seconds of kubectl's, the same exit code and stderr. Cells are split on runs of two or more spaces,
 * so padding may differ where an AGE changed width.
 */
export async function expectSameTableButAge(side: Side, kubectlArgs: string[], ourArgs: string[], slack = 3) {
  const kubectl = await theirs(side, kubectlArgs);
  const result = await ours([...ourArgs, '--kubeconfig', side.kubeconfig]);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: kubectl.code, stderr: kubectl.stderr });
  const rows = (text: string) => text.split('\n').map((line) => line.split(/ {2,}/));
  const [theirRows, ourRows] = [rows(kubectl.stdout), rows(result.stdout)];
  const age = theirRows[0]?.indexOf('AGE') ?? -1;
  expect(age).toBeGreaterThan(0);
  const withoutAge = (table: string[][]) =>
    table.map((cells) => cells.filter((_, i) => i !== age || cells === table[0]));
  expect(withoutAge(ourRows)).toEqual(withoutAge(theirRows));
  for (const [i, cells] of theirRows.entries()) {
    if (i === 0 || cells.length <= age) continue;
    const difference = Math.abs(seconds(ourRows[i]?.[age] ?? '') - seconds(cells[age] ?? ''));
    expect(difference, `AGE of row ${i}: ${ourRows[i]?.[age]} and kubectl's ${cells[age]}`).toBeLessThanOrEqual(slack);
  }
}
