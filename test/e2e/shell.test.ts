/**
 * What a shell user meets: completion (cobra's __complete protocol and the bash script), the kubectl
 * plugin and its completion hook through the real kubectl, and colour rules. The help examples are run
 * by examples.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';
import { meshPath, startMesh } from '../support/mesh.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();

const bin = (name: string) => fileURLToPath(new URL(`../../bin/${name}`, import.meta.url));
const golden = (name: string) => readFileSync(new URL(`../golden/${name}`, import.meta.url), 'utf8');
const KUBECTL = '/usr/bin/kubectl';
const hasKubectl = existsSync(KUBECTL);
if (!hasKubectl) console.warn(`kubectl not found at ${KUBECTL}: the kubectl plugin tests are skipped`);
const hasBash = existsSync('/bin/bash');

describe('completion', () => {
  const candidates = async (...words: string[]) => {
    const { stdout, code } = await runCli(['__complete', ...words]);
    expect(code).toBe(0);
    return stdout.trimEnd().split('\n');
  };

  it('commands, flags and -o values, ending with cobra directive 4 (no files)', async () => {
    expect((await candidates('')).map((line) => line.split('\t')[0])).toEqual([
      'endpoints',
      'identities',
      'who-shares',
      'doctor',
      'cardinality',
      'report',
      'completion',
      ':4',
    ]);
    expect(await candidates('endpoints', '--sh')).toEqual(['--show-labels', '--show-managed-fields', ':4']);
    expect(await candidates('doctor', '--sh')).toEqual([':4']);
    expect(await candidates('endpoints', '--cilium-version', '1.1')).toEqual([
      ...['1.10', '1.11', '1.12', '1.12.2', '1.13', '1.14', '1.15', '1.16', '1.17', '1.18', '1.19'],
      ':4',
    ]);
    expect(await candidates('endpoints', '-o', 'j')).toEqual(['json', 'jsonpath=', ':4']);
  });

  it('namespaces, endpoint names and identity IDs from the source on the line', async () => {
    expect(await candidates('endpoints', '--demo', '-n', '')).toEqual([
      'default',
      'kube-system',
      'local-path-storage',
      ':4',
    ]);
    expect(await candidates('cep', '--demo', '-n', 'kube-system', 'coredns-5d78c9869d-t')).toEqual([
      'coredns-5d78c9869d-tmvt4',
      ':4',
    ]);
    expect(await candidates('who-shares', '--demo', '4')).toEqual(['40316', '41222', '42100', ':4']);
    expect(await candidates('identities', '--from', '/nonexistent', '')).toEqual([':4']);
  });

  it('several clusters: the names of every one, sorted bytewise, each once; one that fails adds none', async () => {
    const dumps = ['--from', `east=${meshPath('east')}`, '--from', `west=${meshPath('west')}`];
    expect(await candidates('endpoints', ...dumps, '-n', '')).toEqual(['kube-system', 'shop', ':4']);
    expect(await candidates('endpoints', ...dumps, '-n', 'shop', '')).toEqual([
      ...['cart-5c4-x9', 'pay-66d-k2', 'web-7d9f-a1', 'web-7d9f-b2', 'web-84c1-q7'],
      ':4',
    ]);
    expect(await candidates('identities', ...dumps, '13548')).toEqual(['135482', '135483', '135484', ':4']);
    const mesh = await startMesh(temp('cv-complete-mesh-'), [
      { context: 'east', cluster: 'east' },
      { context: 'west', cluster: 'west' },
      { context: 'copy', cluster: 'east' },
      { context: 'down', cluster: 'west', down: true },
    ]);
    try {
      const live = async (...words: string[]) => {
        const { stdout, code } = await runCli(['__complete', ...words], { env: mesh.env });
        expect(code).toBe(0);
        return stdout.trimEnd().split('\n');
      };
      const ids = ['135482', '135483', '135484', '66737', '66738', '66739', ':4'];
      expect(await live('who-shares', '--context', 'east,west', '')).toEqual(ids);
      expect(await live('identities', '--context', 'east', '--context', 'west', '')).toEqual(ids);
      expect(await live('identities', '--all-contexts', '')).toEqual(ids);
      expect(await live('endpoints', '--context', 'east,copy', '-n', 'shop', '')).toEqual([
        ...['cart-5c4-x9', 'web-7d9f-a1', 'web-7d9f-b2'],
        ':4',
      ]);
      expect(await live('endpoints', '--context', 'down,west', '-n', '')).toEqual(['kube-system', 'shop', ':4']);
    } finally {
      await mesh.close();
    }
  });

  it.skipIf(!hasBash)('the bash script completes through __complete', () => {
    const script = spawnSync(process.execPath, [bin('cilium-view.js'), 'completion', 'bash'], {
      encoding: 'utf8',
    }).stdout;
    const result = spawnSync(
      '/bin/bash',
      [
        '-c',
        `${script}\ncilium-view() { "${process.execPath}" "${bin('cilium-view.js')}" "$@"; }\nCOMP_WORDS=(cilium-view endpoints --demo -n k); COMP_CWORD=4; _cilium_view; echo "\${COMPREPLY[@]}"`,
      ],
      { encoding: 'utf8' },
    );
    expect(result.stdout).toBe('kube-system\n');
  });

  it('zsh and fish scripts, and an unknown shell is a usage error', async () => {
    expect((await runCli(['completion', 'zsh'])).stdout).toMatch(/^#compdef cilium-view\n/);
    expect((await runCli(['completion', 'fish'])).stdout).toContain(
      "complete -c cilium-view -f -a '(__cilium_view_complete)'",
    );
    expect(await runCli(['completion', 'tcsh'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: no completion for shell "tcsh": use bash, zsh or fish\n',
    });
  });
});

describe.skipIf(!hasKubectl)('kubectl plugin', () => {
  const onPath = () => {
    const dir = temp('cv-plugin-');
    symlinkSync(bin('cilium-view.js'), join(dir, 'kubectl-cilium_view'));
    symlinkSync(bin('kubectl_complete-cilium_view.js'), join(dir, 'kubectl_complete-cilium_view'));
    return { ...process.env, PATH: `${dir}:${process.env.PATH}`, HOME: dir };
  };

  it('kubectl cilium-view endpoints -A prints the same table', () => {
    const result = spawnSync(KUBECTL, ['cilium-view', 'endpoints', '-A', '--demo'], {
      env: onPath(),
      encoding: 'utf8',
    });
    expect([result.status, result.stdout]).toEqual([0, golden('get-cep-A.txt')]);
  });

  it('kubectl completes the plugin through kubectl_complete-cilium_view', () => {
    const result = spawnSync(KUBECTL, ['__complete', 'cilium-view', 'who-shares', '--demo', '2'], {
      env: onPath(),
      encoding: 'utf8',
    });
    expect(result.stdout).toBe('27084\n:4\n');
  });
});

describe('colour', () => {
  const ANSI = /\x1b\[/;
  const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

  it('only on a terminal by default; always and never win; NO_COLOR and FORCE_COLOR are honoured', async () => {
    const coloured = async (args: string[], options: { isTTY?: boolean; env?: Record<string, string> }) =>
      ANSI.test((await runCli(['endpoints', '-A', '--demo', ...args], options)).stdout);
    expect(await coloured([], {})).toBe(false);
    expect(await coloured([], { isTTY: true })).toBe(true);
    expect(await coloured([], { isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(await coloured([], { env: { FORCE_COLOR: '1' } })).toBe(true);
    expect(await coloured(['--color', 'never'], { isTTY: true, env: { FORCE_COLOR: '1' } })).toBe(false);
    expect(await coloured(['--color', 'always'], { env: { NO_COLOR: '1' } })).toBe(true);
    expect((await runCli(['endpoints', '--color', 'sometimes', '--demo'])).code).toBe(2);
  });

  it('colours ready green, and the layout is kubectl`s once the colour is taken away', async () => {
    const { stdout } = await runCli(['endpoints', '-A', '--demo', '--color', 'always']);
    expect(stdout).toContain('\x1b[32mready\x1b[39m            10.1.2.112');
    expect(plain(stdout)).toBe(golden('get-cep-A.txt'));
  });

  it('the built executable writes no colour to a pipe', () => {
    const result = spawnSync(process.execPath, [bin('cilium-view.js'), 'endpoints', '-A', '--demo'], {
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '' },
    });
    expect(result.stdout).toBe(golden('get-cep-A.txt'));
  });
});
