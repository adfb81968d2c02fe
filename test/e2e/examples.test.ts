/**
 * Every example a user can copy, run as the user runs it: through the built executable (bin/), in a real
 * shell, from a folder of its own.
 *
 * README.md: each ```console block is one or more commands after `$ `, each followed by what the terminal
 * shows (stdout and stderr, as they interleave). The command runs against --demo and the output must be
 * the block, with two rules and nothing else ignored: a line that is only `...` stands for any number of
 * lines (an excerpt), and AGE cells (the AGE and MARKED columns of a table, the `Age:` line of a
 * description), which the demo objects' creation times and the clock decide, need only be durations as
 * kubectl writes them.
 *
 * --help: every line under `Examples:` in the help of every command runs and succeeds, in the shell it is
 * written for (bash, or fish for `... | source`). `./sysdump/` is a folder holding the demo objects;
 * `kubectl get ...` reads them from the test API server (with kubectl, which is required in CI).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { hasKubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(REPO, 'bin', 'cilium-view.js');
const kubectlRequired = hasKubectl || process.env.CI === 'true';
warnIfNoKubectl('the help examples that run kubectl are skipped');
const FISH = '/usr/bin/fish';
const fishRequired = existsSync(FISH) || process.env.CI === 'true';
if (!fishRequired) console.warn(`fish not found at ${FISH}: the help examples for fish are skipped`);

interface Run {
  code: number | null;
  /** stdout and stderr as a terminal shows them: one stream. */
  output: string;
}

/**
 * Runs a command line in bash (with pipefail: every command of a pipe must succeed) or fish, where
 * `cilium-view` is the built executable, with stderr on stdout, a bare environment and no colour.
 */
function shell(line: string, options: { shell?: 'bash' | 'fish'; cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  const [program, script] =
    options.shell === 'fish'
      ? [FISH, `function cilium-view; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} $argv; end\n${line}`]
      : ['/bin/bash', `set -o pipefail\ncilium-view() { "${process.execPath}" "${BIN}" "$@"; }\n${line}`];
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['-c', script], {
      cwd: options.cwd,
      env: { PATH: '/usr/bin:/bin', HOME: options.cwd, TMPDIR: process.env.TMPDIR, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

// ---- README console blocks ----

interface ConsoleExample {
  command: string;
  /** The lines the block shows after the command. */
  expected: string[];
}

function consoleExamples(markdown: string): ConsoleExample[] {
  const examples: ConsoleExample[] = [];
  for (const [, body = ''] of markdown.matchAll(/^```console\n([\s\S]*?)^```$/gm)) {
    const lines = body.replace(/\n$/, '').split('\n');
    if (!lines[0]?.startsWith('$ ')) throw new Error(`a console block must start with "$ ":\n${body}`);
    for (const line of lines) {
      if (line.startsWith('$ ')) examples.push({ command: line.slice(2), expected: [] });
      else examples.at(-1)?.expected.push(line);
    }
  }
  return examples;
}

/** kubectl's HumanDuration: 45s, 5m10s, 3h, 2d5h, 3y110d. */
const DURATION = /^(?:\d+[smhdy]){1,2}$/;
const AGE_COLUMNS = new Set(['AGE', 'MARKED']);

/**
 * The lines with every AGE cell that holds a duration replaced by `<NAME>`; the AGE columns are found in
 * each table's own header (a line of capitals), so a wider or narrower age moves nothing else.
 */
function withoutAges(lines: string[]): string[] {
  let columns: { name: string; start: number; end: number | undefined }[] = [];
  return lines.map((line) => {
    const age = /^(Age: +)(\S+)$/.exec(line);
    if (age?.[1] && DURATION.test(age[2] ?? '')) return `${age[1]}<Age>`;
    if (/^ *[A-Z][A-Z0-9 ]*[A-Z0-9] *$/.test(line) && / {2}/.test(line.trim())) {
      const starts = [...line.matchAll(/(?:^|(?<= {2}))(?! )/g)].map((match) => match.index);
      const all = starts.map((start, i) => ({
        name: line.slice(start, starts[i + 1]).trim(),
        start,
        end: starts[i + 1],
      }));
      columns = all.filter((column) => AGE_COLUMNS.has(column.name));
      return columns.reduceRight(
        (text, column) => `${text.slice(0, column.start)}<${column.name}>${text.slice(column.end ?? text.length)}`,
        line,
      );
    }
    if (line.trim() === '') columns = [];
    return columns.reduceRight((text, column) => {
      if (text.length < column.start) return text;
      const cell = text.slice(column.start, column.end ?? text.length).trimEnd();
      // MARKED is empty for an identity the operator has not marked; an AGE is always there.
      if (!DURATION.test(cell) && !(cell === '' && column.name === 'MARKED')) return text;
      return `${text.slice(0, column.start)}<${column.name}>${text.slice(column.end ?? text.length)}`;
    }, line);
  });
}

/**
 * The expected lines with each `...` line replaced by the actual lines it stands for, when the rest
 * matches in order; else the expected lines unchanged (the comparison then shows where they differ).
 */
function expandElisions(expected: string[], actual: string[]): string[] {
  const segments: string[][] = [[]];
  for (const line of expected) {
    if (line === '...') segments.push([]);
    else segments.at(-1)?.push(line);
  }
  if (segments.length === 1) return expected;
  const at = (position: number, segment: string[]) => segment.every((line, i) => actual[position + i] === line);
  const expanded: string[] = [];
  let position = 0;
  for (const [i, segment] of segments.entries()) {
    let found: number | undefined;
    if (i === 0) found = at(0, segment) ? 0 : undefined;
    else if (i === segments.length - 1) {
      const start = actual.length - segment.length;
      found = start >= position && at(start, segment) ? start : undefined;
    } else {
      for (let start = position; start + segment.length <= actual.length && found === undefined; start++) {
        if (at(start, segment)) found = start;
      }
    }
    if (found === undefined) return expected;
    expanded.push(...actual.slice(position, found), ...segment);
    position = found + segment.length;
  }
  return expanded;
}

describe('README console examples', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const examples = consoleExamples(readme);

  it('are found: every console block of the README, each command against --demo', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const { command } of examples) expect(command).toMatch(/^cilium-view .*--demo/);
  });

  it.each(examples.map((example) => [example.command, example] as const))('$ %s', async (_, example) => {
    const run = await shell(example.command, { cwd: temp('cv-readme-') });
    expect(run.code, run.output).toBe(0);
    const actual = withoutAges(run.output.replace(/\n$/, '').split('\n'));
    const expected = expandElisions(withoutAges(example.expected), actual);
    expect(actual.join('\n')).toBe(expected.join('\n'));
  });
});

describe('the README comparison rules', () => {
  it('an AGE cell must be a duration; other cells and lines are compared as they are', () => {
    const table = ['NAME    AGE      MARKED', '1       3y110d   ', '22      45s      2d5h', '', 'AGE 3y110d'];
    expect(withoutAges(table)).toEqual([
      'NAME    <AGE><MARKED>',
      '1       <AGE><MARKED>',
      '22      <AGE><MARKED>',
      '',
      'AGE 3y110d',
    ]);
    expect(withoutAges(['NAME   AGE', 'a      soon', 'b      '])).toEqual(['NAME   <AGE>', 'a      soon', 'b      ']);
    expect(withoutAges(['Age:         3y117d', 'Age:         never'])).toEqual([
      'Age:         <Age>',
      'Age:         never',
    ]);
  });

  it('`...` stands for any lines, the other lines must match in order', () => {
    const actual = ['a', 'b', 'c', 'd', 'e'];
    expect(expandElisions(['...', 'd', 'e'], actual)).toEqual(actual);
    expect(expandElisions(['a', '...', 'c', '...'], actual)).toEqual(actual);
    expect(expandElisions(['...', 'd'], actual)).toEqual(['...', 'd']);
    expect(expandElisions(['...', 'c', 'b', '...'], actual)).toEqual(['...', 'c', 'b', '...']);
  });
});

// ---- --help examples ----

describe('--help examples', () => {
  let server: RunningApiServer | undefined;
  let cwd = '';
  let env: NodeJS.ProcessEnv = {};
  const helps = new Map<string, string>();

  beforeAll(async () => {
    cwd = temp('cv-help-examples-');
    cpSync(join(REPO, 'fixtures', 'demo'), join(cwd, 'sysdump'), { recursive: true });
    server = await startApiServer({ endpoints: demoEndpoints(), identities: demoIdentities(), tls: true, token: 't' });
    env = { KUBECONFIG: server.writeKubeconfig(temp('cv-help-kubeconfig-')) };
    const top = await shell('cilium-view --help', { cwd });
    const list = top.output.slice(top.output.indexOf('\nCommands:\n') + 1);
    const commands = list
      .slice(0, list.indexOf('\n\n'))
      .split('\n')
      .flatMap((line) => /^ {2}([a-z][a-z-]*)/.exec(line)?.[1] ?? [])
      .filter((command) => command !== 'help');
    helps.set('(main)', top.output);
    for (const command of commands) helps.set(command, (await shell(`cilium-view ${command} --help`, { cwd })).output);
  });
  afterAll(() => server?.close());

  const examplesOf = (help: string) => {
    const start = help.indexOf('\nExamples:\n');
    if (start < 0) return [];
    return help
      .slice(start + '\nExamples:\n'.length)
      .split('\n')
      .filter((line) => line.startsWith('  '))
      .map((line) => line.trim());
  };

  it('every command has examples', () => {
    expect([...helps.keys()]).toEqual(
      expect.arrayContaining([
        '(main)',
        'endpoints',
        'identities',
        'who-shares',
        'doctor',
        'cardinality',
        'completion',
      ]),
    );
    for (const [command, help] of helps) expect(examplesOf(help), command).not.toEqual([]);
  });

  it('every example runs and succeeds', { timeout: 120_000 }, async () => {
    const examples = [...new Set([...helps.values()].flatMap(examplesOf))];
    expect(examples.length).toBeGreaterThanOrEqual(19);
    for (const example of examples) {
      const fish = example.endsWith('| source');
      if ((example.startsWith('kubectl ') && !kubectlRequired) || (fish && !fishRequired)) continue;
      // A completion script that was sourced says nothing: the shell must then complete cilium-view.
      const check = example.includes('completion')
        ? fish
          ? '; complete -c cilium-view'
          : '; complete -p cilium-view'
        : '';
      const run = await shell(`${example}${check}`, { shell: fish ? 'fish' : 'bash', cwd, env });
      expect(run.code, `${example}\n${run.output}`).toBe(0);
      expect(run.output, example).not.toBe('');
      expect(run.output, example).not.toMatch(/^(error|warning):/m);
    }
  });
});
