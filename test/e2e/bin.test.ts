/** The built executable, run as a process: what a user's shell runs. Needs `npm run build` (npm test does it). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { versionText } from '../../src/cli/version.js';
import { demoYaml } from '../demo-objects.js';

const bin = fileURLToPath(new URL('../../bin/cilium-view.js', import.meta.url));
const golden = (name: string) => readFileSync(new URL(`../golden/${name}`, import.meta.url), 'utf8');

const cliProcess = (args: string[], input?: string) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: tmpdir(), input, encoding: 'utf8' });

describe('bin/cilium-view', () => {
  it('prints the demo table from any directory', () => {
    const result = cliProcess(['endpoints', '-A', '--demo']);
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      status: 0,
      stdout: golden('get-cep-A.txt'),
      stderr: '',
    });
  });

  it('reads stdin with --from -', () => {
    const yaml = demoYaml('ciliumendpoints');
    const result = cliProcess(['endpoints', '-n', 'kube-system', '--from', '-'], yaml);
    expect(result.stdout).toBe(golden('get-cep-n-kube-system.txt'));
  });

  it('exits with the documented codes and one line on stderr, no stack trace', () => {
    const unknown = cliProcess(['who-shares', '99999', '--demo']);
    expect([unknown.status, unknown.stdout, unknown.stderr.split('\n').length]).toEqual([1, '', 2]);
    // `-5` is a flag to pflag (and kubectl): a negative ID goes after `--`.
    const usage = cliProcess(['who-shares', '--demo', '--', '-5']);
    expect([usage.status, usage.stdout, usage.stderr]).toEqual([
      2,
      '',
      'error: identity ID must be a number, got "-5"\n',
    ]);
  });

  it('--debug: the stack trace starts with the error class, though the bundle is minified', () => {
    const usage = cliProcess(['endpoints', '-o', 'nope', '--debug']);
    expect(usage.stderr.split('\n')[0]).toMatch(/^UsageError: unable to match a printer/);
    const runtime = cliProcess(['endpoints', '--from', '/nonexistent', '--debug']);
    expect(runtime.stderr.split('\n')[0]).toBe(
      'RuntimeFailure: cannot read /nonexistent: no such file or directory; check the path given to --from',
    );
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(cliProcess(['--version']).stdout).toBe(versionText(version));
    expect(versionText(version).split('\n')[0]).toBe(`cilium-view ${version}`);
  });
});
