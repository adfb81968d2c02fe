/**
 * The argument grammar where kubectl has no counterpart to compare with (test/e2e/argv-kubectl.test.ts
 * compares the rest): flags of the command before it, usage errors on one line naming a help that
 * exists, `help TOPIC`.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';

describe('flags before the command (beyond kubectl, which takes only its global flags there)', () => {
  it('reads every flag of the command before it, booleans included', async () => {
    const after = await runCli(['endpoints', '--demo', '-A', '-o', 'name']);
    expect(after.code).toBe(0);
    expect(await runCli(['--demo', '-A', 'endpoints', '-o', 'name'])).toEqual(after);
    expect(await runCli(['-Ao', 'name', '--demo', 'cep'])).toEqual(after);
  });

  it('names the command in the hint of a flag error before it', async () => {
    expect(await runCli(['-A=yes', 'endpoints'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: invalid argument "yes" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "yes": invalid syntax; see 'cilium-view endpoints --help' for usage\n`,
    });
  });

  it('refuses a flag the command does not have, wherever it stands', async () => {
    const expected = "error: unknown flag: --labels; see 'cilium-view endpoints --help' for usage\n";
    expect((await runCli(['--labels', 'x', 'endpoints', '--demo'])).stderr).toBe(expected);
    expect((await runCli(['endpoints', '--labels=x', '--demo'])).stderr).toBe(expected);
  });

  it('keeps a flag value that looks like a command', async () => {
    const result = await runCli(['-n', 'doctor', 'endpoints', '--demo']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: 'No resources found in doctor namespace.\n' });
  });
});

describe('usage errors: one line, a help that exists', () => {
  it.each([
    [
      ['endpoint'],
      `unknown command "endpoint" for "cilium-view" (did you mean endpoints?); see 'cilium-view --help' for usage`,
    ],
    [
      ['-n', 'kube-system', 'endpoit'],
      `unknown command "endpoit" for "cilium-view" (did you mean endpoints?); see 'cilium-view --help' for usage`,
    ],
    [['nope'], `unknown command "nope" for "cilium-view"; see 'cilium-view --help' for usage`],
    [['help', 'nope'], `unknown help topic "nope"; see 'cilium-view --help' for usage`],
    [['-Z'], `unknown shorthand flag: 'Z' in -Z; see 'cilium-view --help' for usage`],
    [['who-shares'], `missing required argument 'identity|pod'; see 'cilium-view who-shares --help' for usage`],
  ])('%j', async (args, message) => {
    expect(await runCli(args)).toEqual({ code: 2, stdout: '', stderr: `error: ${message}\n` });
  });

  it('help COMMAND is the help of the command, also by an alias', async () => {
    const help = await runCli(['endpoints', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: cilium-view endpoints');
    expect(await runCli(['help', 'endpoints'])).toEqual(help);
    expect(await runCli(['help', 'cep'])).toEqual(help);
    expect(await runCli(['endpoints', '-h'])).toEqual(help);
  });
});
