/**
 * The README's Cluster Mesh examples (```text blocks: they read fixtures/mesh/ with `--from NAME=PATH`,
 * which the console examples, all against --demo, cannot): each command after `$ ` is run from the
 * repository's folder and must print the lines below it (stdout, then stderr); a line `...` stands for
 * any number of lines.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(
  readme.indexOf('## Cluster Mesh'),
  readme.indexOf('\n## ', readme.indexOf('## Cluster Mesh') + 1),
);
const examples = [...section.matchAll(/^```text\n\$ (.*)\n([\s\S]*?)^```$/gm)].map(([, command = '', output = '']) => ({
  command,
  expected: output,
}));

/** The expected text as a pattern: `...` lines match any lines, everything else literally. */
function pattern(expected: string): RegExp {
  const parts = expected.split(/^\.\.\.\n/m).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('(?:.*\\n)*')}$`);
}

describe('README Cluster Mesh examples', () => {
  it('are found', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  it.each(examples.map((example) => [example.command, example] as const))('$ %s', async (_, { command, expected }) => {
    const args = command
      .split(' ')
      .slice(1)
      .map((arg) => arg.replace(/=fixtures\//, `=${REPO}fixtures/`));
    const result = await runCli(args);
    expect(`${result.stdout}${result.stderr}`).toMatch(pattern(expected));
  });
});
