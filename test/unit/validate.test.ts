/**
 * Each command's validate(): every usage error is found from the options alone, before a source is
 * opened. The options point at sources that do not exist (a missing kubeconfig, a missing file): a
 * validate that read them would fail differently, and the command line run shows exit 2, not 1.
 */
import { describe, expect, it } from 'vitest';
import {
  cardinalityOptions,
  doctorOptions,
  getOptions,
  reportOptions,
  whoSharesOptions,
} from '../../src/cli/options.js';
import { cardinalityCommand } from '../../src/commands/cardinality.js';
import { doctorCommand } from '../../src/commands/doctor.js';
import { endpointsCommand } from '../../src/commands/endpoints.js';
import { identitiesCommand } from '../../src/commands/identities.js';
import { reportCommand } from '../../src/commands/report.js';
import { whoSharesCommand } from '../../src/commands/who-shares.js';
import { UsageError } from '../../src/model/errors.js';
import { runCli } from '../run-cli.js';

const TERMINAL = { env: {}, isTTY: false };
const CLUSTER = { kubeconfig: '/nonexistent/kubeconfig' };
const FILES = { from: ['/nonexistent/dump.json'] };

const get = (names: string[], raw: Record<string, unknown>) => getOptions(names, { ...CLUSTER, ...raw }, TERMINAL);

/** The message of the UsageError validate throws, or undefined when it accepts the options. */
function usageError(validate: () => void): string | undefined {
  try {
    validate();
    return undefined;
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
}

describe('endpoints validate', () => {
  const validate = (names: string[], raw: Record<string, unknown>) =>
    usageError(() => endpointsCommand.validate(get(names, raw)));

  it.each<[string, string[], Record<string, unknown>, string | undefined]>([
    ['names with -A', ['x'], { allNamespaces: true }, 'a resource cannot be retrieved by name across all namespaces'],
    ['names with -l', ['x'], { selector: 'app=web' }, 'name cannot be provided when a selector is specified'],
    [
      'names with --field-selector',
      ['x'],
      { fieldSelector: 'metadata.name=x' },
      'name cannot be provided when a selector is specified',
    ],
    [
      '-w with names',
      ['x'],
      { watch: true },
      '--watch takes no names; select one with --field-selector metadata.name=NAME',
    ],
    ['-o jsonpath without a template', [], { output: 'jsonpath=' }, 'template format specified but no template given'],
    [
      '-o custom-columns without columns',
      [],
      { output: 'custom-columns=' },
      'custom-columns format specified but no custom columns given',
    ],
    [
      '--sort-by with a brace inside',
      [],
      { sortBy: '{.a}{.b}' },
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    ],
    ['names in -n', ['x', 'y'], { namespace: 'team-a' }, undefined],
    ['-A with -w and -o yaml', [], { allNamespaces: true, watch: true, output: 'yaml' }, undefined],
  ])('%s', (_name, names, raw, expected) => {
    expect(validate(names, raw)).toBe(expected);
  });

  it('-w with files', () => {
    expect(usageError(() => endpointsCommand.validate(getOptions([], { ...FILES, watch: true }, TERMINAL)))).toBe(
      '--watch needs a live cluster: files do not change',
    );
  });
});

describe('identities validate', () => {
  it('names with -A are fine: identities are cluster-scoped', () => {
    expect(usageError(() => identitiesCommand.validate(get(['27084'], { allNamespaces: true })))).toBeUndefined();
  });

  it('names with a selector are not', () => {
    expect(usageError(() => identitiesCommand.validate(get(['27084'], { selector: 'a' })))).toBe(
      'name cannot be provided when a selector is specified',
    );
  });
});

describe('who-shares validate', () => {
  const validate = (output: string | undefined) =>
    usageError(() => whoSharesCommand.validate(whoSharesOptions('27084', { ...CLUSTER, output }, TERMINAL)));

  it.each([undefined, 'json', 'yaml'])('-o %s is printed', (output) => {
    expect(validate(output)).toBeUndefined();
  });

  it.each(['wide', 'name', 'jsonpath={.x}', 'custom-columns=A:.a'])('-o %s is not', (output) => {
    expect(validate(output)).toMatch(/^who-shares prints a table, -o json or -o yaml; -o [a-z-]+ is not supported$/);
  });
});

describe('doctor validate', () => {
  const validate = (output: string | undefined) =>
    usageError(() => doctorCommand.validate(doctorOptions({ ...CLUSTER, output }, TERMINAL)));

  it('prints a report or -o json', () => {
    expect(validate(undefined)).toBeUndefined();
    expect(validate('json')).toBeUndefined();
    expect(validate('yaml')).toBe('doctor prints a report or -o json; -o yaml is not supported');
  });
});

describe('cardinality validate', () => {
  const validate = (raw: Record<string, unknown>) =>
    usageError(() => cardinalityCommand.validate(cardinalityOptions({ ...CLUSTER, ...raw }, TERMINAL)));

  it('checks the format and the --labels patterns', () => {
    expect(validate({ labels: 'k8s:!app', output: 'json' })).toBeUndefined();
    expect(validate({ output: 'wide' })).toBe('cardinality prints a report or -o json; -o wide is not supported');
    expect(validate({ labels: 'k8s:!(' })).toMatch(/^label pattern "k8s:!\(" is not a valid regular expression/);
  });
});

describe('report validate', () => {
  const validate = (raw: Record<string, unknown>, isTTY = false) =>
    usageError(() => reportCommand.validate(reportOptions({ ...FILES, ...raw }, { env: {}, isTTY })));

  it('refuses a terminal without --out, and checks the --labels patterns', () => {
    expect(validate({})).toBeUndefined();
    expect(validate({ out: '/nonexistent/dir/page.html' }, true)).toBeUndefined();
    expect(validate({}, true)).toBe(
      'report writes an HTML page: give --out FILE (e.g. --out report.html), or redirect stdout',
    );
    expect(validate({ labels: 'k8s:!(' })).toMatch(/^label pattern "k8s:!\(" is not a valid regular expression/);
  });
});

describe('on the command line', () => {
  it('endpoints -A x with a kubeconfig that does not exist: the usage error, exit 2', async () => {
    expect(await runCli(['endpoints', '-A', 'x', '--kubeconfig', '/nonexistent'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: a resource cannot be retrieved by name across all namespaces\n',
    });
  });
});
