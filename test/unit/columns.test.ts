/**
 * The column sets of src/view/columns.ts against the CRDs they were copied from (test/support/crds/,
 * unmodified copies of Cilium's), and the release lists derived from them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseCiliumVersion } from '../../src/model/version.js';
import {
  CILIUM_RELEASES,
  endpointColumnSetFor,
  endpointColumns,
  identityColumns,
  KNOWN_RANGE,
  releaseCheck,
} from '../../src/view/columns.js';

interface CrdColumn {
  name: string;
  type: string;
  jsonPath: string;
  description: string;
  priority?: number;
}

function crdColumns(file: string): CrdColumn[] {
  const text = readFileSync(new URL(`../support/crds/${file}`, import.meta.url), 'utf8');
  const crd = parseAllDocuments(text)
    .map((d) => d.toJSON())
    .find((d) => d?.kind === 'CustomResourceDefinition');
  return crd.spec.versions[0].additionalPrinterColumns ?? [];
}

const version = (text: string) => parseCiliumVersion(text) ?? { major: 0, minor: 0, patch: 0 };
const ours = (columns: ReturnType<typeof endpointColumns>) =>
  columns.map(({ name, type, jsonPath, description, priority }) => ({ name, type, jsonPath, description, priority }));
const theirs = (columns: CrdColumn[]) =>
  columns.map(({ name, type, jsonPath, description, priority }) => ({
    name,
    type,
    jsonPath,
    description,
    priority: priority ?? 0,
  }));

describe('the column sets are the CRDs of their releases', () => {
  it.each([
    ['1.9', 'v1.9'],
    ['1.11', 'v1.11'],
    ['1.12.0', 'v1.12.0'],
    ['1.14', ''],
    ['1.18', 'v1.18'],
  ])('Cilium %s', (release, suffix) => {
    const file = (plural: string) => `${plural}.crd${suffix === '' ? '' : `.${suffix}`}.yaml`;
    expect(ours(endpointColumns(version(release)))).toEqual(theirs(crdColumns(file('ciliumendpoints'))));
    const identity = crdColumns(file('ciliumidentities'));
    // No printer columns: the API server's own Age column.
    const expected = identity.length > 0 ? identity.map((c) => c.name) : ['Age'];
    expect(identityColumns(version(release)).map((c) => c.name)).toEqual(expected);
  });
});

describe('releases', () => {
  it('map every release from 1.9 to 1.19 to its set, 1.12.0 and 1.12.1 to the boolean one', () => {
    const sets = Object.fromEntries(
      ['1.9', '1.10', '1.11', '1.12', '1.12.1', '1.12.2', '1.13', '1.14', '1.15', '1.16', '1.17', '1.18', '1.19'].map(
        (r) => [r, endpointColumnSetFor(version(r))],
      ),
    );
    expect(sets).toEqual({
      '1.9': 'v1.9',
      '1.10': 'v1.9',
      '1.11': 'v1.9',
      '1.12': 'v1.9',
      '1.12.1': 'v1.9',
      '1.12.2': 'v1.14',
      '1.13': 'v1.14',
      '1.14': 'v1.14',
      '1.15': 'v1.15',
      '1.16': 'v1.15',
      '1.17': 'v1.17',
      '1.18': 'v1.17',
      '1.19': 'v1.17',
    });
  });

  it('the list offered comes from the sets', () => {
    expect(CILIUM_RELEASES).toEqual([
      ...['1.9', '1.10', '1.11', '1.12', '1.12.2', '1.13', '1.14'],
      ...['1.15', '1.16', '1.17', '1.18', '1.19'],
    ]);
    expect(KNOWN_RANGE).toBe('1.9 to 1.19');
  });

  it('refuses releases before 1.9 and other majors, warns for newer ones', () => {
    expect(releaseCheck(version('1.8'))).toEqual({ known: false });
    expect(releaseCheck(version('2.0'))).toEqual({ known: false });
    expect(releaseCheck(version('1.19.4'))).toEqual({ known: true });
    expect(releaseCheck(version('1.20.0-dev')).warning).toMatch(/^Cilium 1\.20 is newer than/);
  });
});

describe('--cilium-version on the command line', () => {
  it('refuses a release that is not one cilium-view knows, listing the range (exit 2)', async () => {
    const { runCli } = await import('../run-cli.js');
    expect(await runCli(['endpoints', '--demo', '--cilium-version', '1.8'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --cilium-version "1.8" is not a Cilium release cilium-view knows: use 1.9 to 1.19 (e.g. 1.14 or v1.18.4)\n',
    });
  });

  it('warns for a newer release and prints the newest set (exit 0)', async () => {
    const { runCli } = await import('../run-cli.js');
    const newer = await runCli(['endpoints', '--demo', '-A', '--cilium-version', '1.20.0']);
    const newest = await runCli(['endpoints', '--demo', '-A', '--cilium-version', '1.19']);
    expect(newer).toEqual({
      ...newest,
      stderr:
        'warning: Cilium 1.20 is newer than the newest release cilium-view knows (1.19): printing the v1.17 columns (1.17 and later)\n',
    });
  });
});
