/**
 * Command-line arguments are not trusted either (a script may pass on what a cluster or a file said):
 * where they come back in a message or a header, escape bytes are shown, not obeyed. kubectl writes
 * these raw; cilium-view shows them as it shows cells (README, "Terminal safety").
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';

const CLEAR_SCREEN = '\x1b[2J';
const TITLE = '\x1b]0;owned\x07';

describe('arguments echoed back', () => {
  it('-n in "No resources found in NS namespace."', async () => {
    expect(await runCli(['endpoints', '--demo', '-n', `${CLEAR_SCREEN}x`])).toEqual({
      code: 0,
      stdout: '',
      stderr: 'No resources found in ^[[2Jx namespace.\n',
    });
  });

  it('-L in the header', async () => {
    const { code, stdout } = await runCli(['endpoints', '--demo', '-n', 'kube-system', '-L', `app/${TITLE}`]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/ {3}\^\[\]0;OWNED\^G$/);
    expect(stdout).not.toContain('\x1b');
  });

  it('option-parser errors: an unknown option or command', async () => {
    expect(await runCli(['endpoints', `--${CLEAR_SCREEN}`, '--demo'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: unknown option '--^[[2J'; see 'cilium-view endpoints --help' for usage\n",
    });
    expect(await runCli([`${TITLE}get`])).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: unknown command '^[]0;owned^Gget'; see 'cilium-view ^[]0;owned^Gget --help' for usage\n",
    });
  });

  it('--debug: the stack trace too', async () => {
    const { code, stderr } = await runCli(['endpoints', '--debug', '--from', `/nonexistent/${CLEAR_SCREEN}.json`]);
    expect(code).toBe(1);
    expect(stderr).toContain('cannot read /nonexistent/^[[2J.json');
    expect(stderr).not.toContain('\x1b');
  });
});
