/**
 * Completion in real interactive shells: bash, zsh and fish run in tmux, TAB is pressed, and object names
 * from a hostile `--from` file (a customer's dump) must come back as literal words: nothing in them runs,
 * neither when TAB is pressed nor when the completed line is run. Each attack tries to create a marker
 * file in the test's own temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';

const CLI = fileURLToPath(new URL('../../bin/cilium-view.js', import.meta.url));
const which = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
const tools = Object.fromEntries(['tmux', 'bash', 'zsh', 'fish'].map((name) => [name, which(name)]));
const missing = Object.keys(tools).filter((name) => tools[name] === '');
const inCi = process.env.CI === 'true';
if (missing.length > 0 && !inCi) {
  console.warn(
    `${missing.join(', ')} not found: the completion tests in real shells are skipped (.ci/run installs them)`,
  );
}

const PROMPT = 'READY$ ';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(missing.length > 0 && !inCi)('completion never runs what an object name holds', () => {
  let dir: string;
  const marker = (name: string) => join(dir, name);

  /** A dump whose names run `touch MARKER` in a shell that evaluates them: $(...), backticks, fish's (...). */
  function hostileDump(shell: string) {
    const names = {
      dollar: `web-$(touch\${IFS}${marker(`${shell}-PWNED-DOLLAR`)})`,
      backtick: `ns-\`touch $IFS${marker(`${shell}-PWNED-BACKTICK`)}\``,
      fish: `fish-(touch ${marker(`${shell}-PWNED-FISH`)})`,
    };
    const endpoint = (name: string, namespace: string) => ({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumEndpoint',
      metadata: { name, namespace },
    });
    const file = join(dir, `${shell}.json`);
    const items = [endpoint(names.dollar, 'default'), endpoint(names.fish, 'default'), endpoint('a', names.backtick)];
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    return { file, names };
  }

  beforeAll(() => {
    expect(missing, 'tools the completion tests need').toEqual([]);
    dir = mkdtempSync(join(tmpdir(), 'cv-shells-'));
    mkdirSync(join(dir, 'bin'));
    const wrapper = join(dir, 'bin', 'cilium-view');
    writeFileSync(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const script = (shell: string) =>
      spawnSync(process.execPath, [CLI, 'completion', shell], { encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, 'bashrc'), `PS1='${PROMPT}'\n${script('bash')}`);
    writeFileSync(
      join(dir, '.zshrc'),
      `autoload -Uz compinit && compinit -u -d '${dir}/.zcompdump'\nPROMPT='${PROMPT}'\n${script('zsh')}`,
    );
    mkdirSync(join(dir, 'config', 'fish'), { recursive: true });
    writeFileSync(
      join(dir, 'config', 'fish', 'config.fish'),
      `set -g fish_greeting\nfunction fish_prompt; echo -n '${PROMPT}'; end\n${script('fish')}`,
    );
  });

  afterAll(async () => {
    spawnSync(tools.tmux as string, ['-S', join(dir, 'tmux'), 'kill-server']);
    // The shells write their history as they exit: remove the folder once they are gone.
    for (let tries = 0; existsSync(dir) && tries < 50; tries++) {
      await sleep(100);
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // a shell was still writing: try again
      }
    }
  });

  const tmux = (...args: string[]) => {
    const result = spawnSync(tools.tmux as string, ['-S', join(dir, 'tmux'), '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      env: {
        PATH: `${join(dir, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`,
        HOME: dir,
        ZDOTDIR: dir,
        XDG_CONFIG_HOME: join(dir, 'config'),
        XDG_DATA_HOME: join(dir, 'data'),
        TERM: 'xterm',
        LANG: 'C.UTF-8',
      },
    });
    expect(result.status, `tmux ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  };
  const screen = (session: string) => tmux('capture-pane', '-p', '-J', '-t', session);
  const waitFor = async (session: string, done: (text: string) => boolean, what: string) => {
    for (let waited = 0; waited < 20_000; waited += 100) {
      if (done(screen(session))) return;
      await sleep(100);
    }
    throw new Error(`${session}: ${what} did not happen within 20 s; the screen:\n${screen(session)}`);
  };
  const prompts = (text: string) => text.split(PROMPT).length - 1;

  const shells: Record<string, string[]> = {
    bash: ['bash', '--noprofile', '--rcfile', 'BASHRC', '-i'],
    zsh: ['zsh', '-i'],
    fish: ['fish'],
  };

  for (const [shell, command] of Object.entries(shells)) {
    it(`${shell}: TAB inserts each hostile name as a literal word, and running the line runs nothing`, async () => {
      tmux(
        'new-session',
        '-d',
        '-s',
        shell,
        '-x',
        '250',
        '-y',
        '50',
        ...command.map((word) => (word === 'BASHRC' ? join(dir, 'bashrc') : word)),
      );
      await waitFor(shell, (text) => prompts(text) === 1, 'the first prompt');
      const { file: dump, names } = hostileDump(shell);
      const cases = [
        { typed: `-n default web-`, name: names.dollar, shown: `${shell}-PWNED-DOLLAR` },
        { typed: `-n ns-`, name: names.backtick, shown: `${shell}-PWNED-BACKTICK` },
        { typed: `-n default fish-`, name: names.fish, shown: `${shell}-PWNED-FISH` },
      ];
      for (const [i, { typed, name, shown }] of cases.entries()) {
        tmux('send-keys', '-t', shell, '-l', `cilium-view endpoints --from ${dump} ${typed}`);
        tmux('send-keys', '-t', shell, 'Tab');
        await waitFor(shell, (text) => text.includes(shown) || existsSync(marker(shown)), `completing ${name}`);
        expect(existsSync(marker(shown)), `${shell} ran ${name} on TAB`).toBe(false);
        tmux('send-keys', '-t', shell, 'Enter');
        await waitFor(shell, (text) => prompts(text) === i + 2, `running the completed line for ${name}`);
        // The command got the name as one literal word: its table has it as a row (or, for a
        // namespace, the endpoint in it).
        const rows = screen(shell)
          .split('\n')
          .map((row) => row.trimEnd());
        expect(rows, shell).toContain(name.startsWith('ns-') ? 'a' : name);
        expect(existsSync(marker(shown)), `${shell} ran ${name} when the completed line ran`).toBe(false);
      }
    });
  }
});

describe('__complete', () => {
  it('leaves out a name with a control character: a line break would forge a line of the protocol', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cv-complete-'));
    try {
      const file = join(dir, 'dump.json');
      const endpoint = (name: string) => ({
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumEndpoint',
        metadata: { name, namespace: 'default' },
      });
      const items = [
        endpoint('web-1'),
        endpoint('web-2\n:0'),
        endpoint('web-3\x1b]52;c;aGk=\x07'),
        endpoint('web-\u202e4'),
      ];
      writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
      const result = await runCli(['__complete', 'endpoints', '--from', file, 'web-']);
      expect(result).toEqual({ code: 0, stdout: 'web-1\n:4\n', stderr: '' });
      // Several clusters: the same rule on the union of their names.
      const other = join(dir, 'other.json');
      const others = [endpoint('web-0'), endpoint('web-1'), endpoint('web-5\r$(touch x)')];
      writeFileSync(other, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: others }));
      const mesh = await runCli(['__complete', 'endpoints', '--from', `a=${file}`, '--from', `b=${other}`, 'web-']);
      expect(mesh).toEqual({ code: 0, stdout: 'web-0\nweb-1\n:4\n', stderr: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
