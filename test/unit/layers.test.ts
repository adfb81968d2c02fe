/**
 * The layering of src/ (README, "Development"), checked: every module imports only from its own layer or
 * the layers below it, and no two folders (at any depth) import each other.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Top to bottom: a layer may import the ones after it. `main` is src/main.ts, the entry. */
const LAYERS = ['main', 'cli', 'commands', 'source', 'print', 'view', 'model', 'kube'];

const modules = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((path) => path.endsWith('.ts'))
  .map((path) => path.split('\\').join('/'));

/** Every relative import of a module, static or dynamic, as a path under src/. */
function importsOf(module: string): string[] {
  const text = readFileSync(join(SRC, module), 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'(\.[^']+)'/gm)].map(
    (m) => m[1] as string,
  );
  return specifiers.map((specifier) =>
    relative(SRC, normalize(join(SRC, dirname(module), specifier))).replace(/\.js$/, '.ts'),
  );
}

const layerOf = (module: string): string =>
  module.includes('/') ? (module.split('/')[0] as string) : module.replace(/\.ts$/, '');
const folderOf = (module: string): string => dirname(module);

/** The layers the README's Development section lists, in its order (`- \`cli/\``, ...). */
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const development = readme.slice(readme.indexOf('## Development'), readme.indexOf('Where things go'));
const documented = [...development.matchAll(/^- `([a-z]+)(?:\/|\.ts)`/gm)].map((m) => m[1]);

const edges = modules.flatMap((from) => importsOf(from).map((to) => ({ from, to })));

describe('src/ layering', () => {
  it('reads the imports of every module (the check sees something)', () => {
    expect(modules.length).toBeGreaterThan(40);
    expect(edges.some(({ from, to }) => from === 'cli/program.ts' && to === 'cli/complete.ts')).toBe(true);
    expect(edges.some(({ from, to }) => from === 'commands/common.ts' && to === 'source/cluster/index.ts')).toBe(true);
  });

  it("the layers are the README's, in its order", () => {
    expect(documented).toEqual(LAYERS);
  });

  it('every module is in a known layer, and every import resolves to a module', () => {
    expect(modules.map(layerOf).filter((layer) => !LAYERS.includes(layer))).toEqual([]);
    expect(edges.filter(({ to }) => !modules.includes(to))).toEqual([]);
  });

  it('no module imports from a layer above its own', () => {
    const upwards = edges
      .filter(({ from, to }) => LAYERS.indexOf(layerOf(to)) < LAYERS.indexOf(layerOf(from)))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(upwards).toEqual([]);
  });

  it('no two folders import each other', () => {
    const pairs = new Set(
      edges
        .map(({ from, to }) => [folderOf(from), folderOf(to)] as const)
        .filter(([a, b]) => a !== b)
        .map(([a, b]) => `${a} -> ${b}`),
    );
    const mutual = [...pairs].filter((pair) => {
      const [a, b] = pair.split(' -> ');
      return pairs.has(`${b} -> ${a}`);
    });
    expect(mutual).toEqual([]);
  });
});
