/**
 * Each command's help lists exactly what the command honours: every `-o` format it lists prints, every
 * other format is refused, and the print flags it does not list are unknown flags there (exit 2), never
 * silently ignored.
 */
import { describe, expect, it } from 'vitest';
import { OUTPUT_FORMATS } from '../../src/commands/specs.js';
import { runCli } from '../run-cli.js';

const COMMANDS: Array<[string, string[]]> = [
  ['endpoints', []],
  ['identities', []],
  ['who-shares', ['27084']],
  ['doctor', []],
  ['cardinality', []],
];

/** The formats the help's `-o` line lists. */
function listedFormats(help: string): string[] {
  const unwrapped = help.replace(/\n {3,}/g, ' ');
  const line = /-o, --output <format> +output format: (\S+)/.exec(unwrapped)?.[1] ?? '';
  return line.split('|').map((format) => format.replace(/=.*/, ''));
}

const PRINT_FLAGS: Array<[string, string[]]> = [
  ['--no-headers', ['--no-headers']],
  ['--show-labels', ['--show-labels']],
  ['--label-columns', ['-L', 'app']],
  ['--show-managed-fields', ['--show-managed-fields']],
];

describe('help tells the truth', () => {
  for (const [command, args] of COMMANDS) {
    it(`${command}: the formats and print flags its help lists, and no others`, async () => {
      const help = (await runCli([command, '--help'])).stdout;
      const formats = listedFormats(help);
      expect(formats.length).toBeGreaterThan(0);
      for (const format of OUTPUT_FORMATS) {
        const value =
          format === 'jsonpath'
            ? 'jsonpath={.kind}'
            : format === 'custom-columns'
              ? 'custom-columns=N:.metadata.name'
              : format;
        const result = await runCli([command, ...args, '--demo', '-o', value]);
        if (formats.includes(format)) expect(result.code, `${command} -o ${format}: ${result.stderr}`).not.toBe(2);
        else expect([result.code, result.stdout], `${command} -o ${format}`).toEqual([2, '']);
      }
      for (const [flag, given] of PRINT_FLAGS) {
        const result = await runCli([command, ...args, '--demo', ...given]);
        if (help.includes(flag)) expect(result.code, `${command} ${flag}: ${result.stderr}`).not.toBe(2);
        else
          expect(result).toEqual({
            code: 2,
            stdout: '',
            stderr: `error: unknown ${given[0]?.startsWith('--') ? `flag: ${given[0]}` : `shorthand flag: 'L' in -L`}; see 'cilium-view ${command} --help' for usage\n`,
          });
      }
    });
  }

  it('doctor --color always colours, as endpoints --color always does', async () => {
    const doctor = await runCli(['doctor', '--demo', '--color', 'always']);
    expect(doctor.stdout).toContain('\u001b[32mok\u001b[39m');
    const plain = await runCli(['doctor', '--demo']);
    expect(doctor.stdout.replace(/\u001b\[\d+m/g, '')).toBe(plain.stdout);
    expect((await runCli(['endpoints', '--demo', '--color', 'always'])).stdout).toContain('\u001b[32mready\u001b[39m');
  });

  it('the main help says how to try the tool without a cluster', async () => {
    const help = (await runCli(['--help'])).stdout;
    expect(help).toContain('Without a cluster: --demo reads a bundled demo cluster, --from reads');
    expect(help).toContain('\nExamples:\n  cilium-view endpoints -A --demo\n');
  });
});
