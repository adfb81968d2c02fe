/** Several clusters on the command line (issue 13): which source the flags name, and what is refused. */
import { describe, expect, it } from 'vitest';
import { doctorOptions, getOptions, whoSharesOptions } from '../../src/cli/options.js';
import { endpointsCommand } from '../../src/commands/endpoints.js';
import { whoSharesCommand } from '../../src/commands/who-shares.js';
import { UsageError } from '../../src/model/errors.js';

const TERMINAL = { env: {}, isTTY: false };

describe('the source of several clusters', () => {
  it('one --context is the single-cluster source of before', () => {
    expect(doctorOptions({ context: ['a'] }, TERMINAL).source).toMatchObject({
      kind: 'cluster',
      flags: { context: 'a' },
    });
    expect(doctorOptions({ context: ['a,a'] }, TERMINAL).source).toMatchObject({
      kind: 'cluster',
      flags: { context: 'a' },
    });
  });

  it('--context repeated or comma-separated, in order; --all-contexts', () => {
    expect(doctorOptions({ context: ['b,a', 'c'] }, TERMINAL).source).toMatchObject({
      kind: 'contexts',
      contexts: ['b', 'a', 'c'],
    });
    expect(doctorOptions({ allContexts: true }, TERMINAL).source).toMatchObject({ kind: 'contexts', contexts: 'all' });
  });

  it('--from NAME=PATH names each dump; a path with / or . before its = is a path', () => {
    expect(doctorOptions({ from: ['east=/d/east', 'west=w.json', 'east=/d/more'] }, TERMINAL).source).toEqual({
      kind: 'dumps',
      dumps: [
        { name: 'east', paths: ['/d/east', '/d/more'] },
        { name: 'west', paths: ['w.json'] },
      ],
    });
    expect(doctorOptions({ from: ['./a=b', '/x/y=z'] }, TERMINAL).source).toEqual({
      kind: 'files',
      paths: ['./a=b', '/x/y=z'],
      demo: false,
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      '--all-contexts with --context',
      { allContexts: true, context: ['a'] },
      '--all-contexts and --context cannot go together',
    ],
    ['an empty name in a list', { context: ['a,,b'] }, '--context needs a context name'],
    [
      'named and unnamed dumps',
      { from: ['a=/x', '/y'] },
      '--from NAME=PATH names the cluster of every dump: give each --from a NAME=, and no --demo',
    ],
    [
      'named dumps and --demo',
      { from: ['a=/x'], demo: true },
      '--from NAME=PATH names the cluster of every dump: give each --from a NAME=, and no --demo',
    ],
    [
      '--all-contexts with --from',
      { from: ['/x'], allContexts: true },
      '--all-contexts is for a live cluster and cannot be combined with --from; drop one of them',
    ],
  ])('%s: a usage error', (_, raw, message) => {
    expect(() => doctorOptions(raw, TERMINAL)).toThrow(new UsageError(message));
  });

  it('-o jsonpath and --watch take one cluster', () => {
    const validate = (raw: Record<string, unknown>) => () => endpointsCommand.validate(getOptions([], raw, TERMINAL));
    expect(validate({ context: ['a,b'], output: 'jsonpath={.items}' })).toThrow(UsageError);
    expect(validate({ context: ['a,b'], watch: true })).toThrow(UsageError);
    expect(validate({ context: ['a,b'], output: 'json' })).not.toThrow();
  });
});

describe('who-shares CONTEXT/NAMESPACE/POD', () => {
  it('the last two parts are the pod, the rest the context (which may hold /)', () => {
    expect(whoSharesOptions('east/shop/web-1', {}, TERMINAL).target).toEqual({
      context: 'east',
      namespace: 'shop',
      pod: 'web-1',
    });
    expect(whoSharesOptions('arn:aws:eks:eu-west-1:1:cluster/prod/shop/web-1', {}, TERMINAL).target).toEqual({
      context: 'arn:aws:eks:eu-west-1:1:cluster/prod',
      namespace: 'shop',
      pod: 'web-1',
    });
  });

  it('needs several contexts; with several, a pod needs its context', () => {
    const validate = (target: string, raw: Record<string, unknown>) => () =>
      whoSharesCommand.validate(whoSharesOptions(target, raw, TERMINAL));
    expect(validate('east/shop/web-1', { context: ['east'] })).toThrow(
      new UsageError('CONTEXT/NAMESPACE/POD needs several contexts (--context a,b or --all-contexts)'),
    );
    expect(validate('shop/web-1', { allContexts: true })).toThrow(
      new UsageError('with several contexts, name the pod with its context: CONTEXT/NAMESPACE/POD'),
    );
    expect(validate('east/shop/web-1', { allContexts: true })).not.toThrow();
    expect(validate('66737', { allContexts: true })).not.toThrow();
  });
});
