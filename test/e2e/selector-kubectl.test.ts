/**
 * Label and field selectors against the real kubectl: what `kubectl get -l SEL` / `--field-selector SEL`
 * selects through the local API server (which filters on its own, written independently) is what our
 * parser selects from the same objects, and kubectl's error for a bad selector carries our message.
 * kubectl sends the selector text as it is; the server parses it and answers 400 BadRequest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFieldSelector } from '../../src/model/field-selector.js';
import { parseLabelSelector, SelectorError } from '../../src/model/selector.js';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { hasKubectl, kubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();

warnIfNoKubectl('the selector comparisons with kubectl are skipped');

interface Metadata {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
}

const endpoints = demoEndpoints().map((o) => (o as { metadata: Metadata }).metadata);

let server: RunningApiServer | undefined;
let kubeconfig = '';
beforeAll(async () => {
  if (!hasKubectl) return;
  server = await startApiServer({ endpoints: demoEndpoints(), identities: demoIdentities() });
  kubeconfig = server.writeKubeconfig(temp('cv-sel-kc-'));
});
afterAll(() => server?.close());

const getEndpoints = (flag: '-l' | '--field-selector', selector: string) =>
  kubectl(kubeconfig, ['get', 'ciliumendpoints.cilium.io', '-A', flag, selector, '-o', 'name']);

const names = (selected: Metadata[]) => selected.map((m) => `ciliumendpoint.cilium.io/${m.name}`).sort();
const lines = (stdout: string) => stdout.split('\n').filter(Boolean).sort();

describe('kubectl selects what we select', () => {
  it
    .skipIf(!hasKubectl)
    .each([
      'k8s-app=kube-dns',
      'app in (nettool,local-path-provisioner)',
      'app!=nettool',
      '!app',
      'pod-template-hash',
      'app notin (nettool)',
      'app=nettool, run!=nettool-1',
      'pod-template-hash,k8s-app notin (kube-dns)',
      'app==nettool,run in (nettool-1,nettool-2),!k8s-app',
    ])('-l %j, and the same with our canonical text', async (selector) => {
    const ours = parseLabelSelector(selector);
    const expected = names(endpoints.filter((m) => ours.matches(m.labels ?? {})));
    expect(expected.length).toBeGreaterThan(0);
    for (const sent of new Set([selector, ours.text])) {
      const theirs = await getEndpoints('-l', sent);
      expect(theirs.stderr).toBe('');
      expect(lines(theirs.stdout)).toEqual(expected);
    }
  });

  it
    .skipIf(!hasKubectl)
    .each([
      'metadata.namespace=kube-system',
      'metadata.name!=nettool-1',
      'metadata.namespace==default,metadata.name!=nettool-2',
    ])('--field-selector %j', async (selector) => {
    const ours = parseFieldSelector(selector);
    const expected = names(
      endpoints.filter((m) => ours.matches({ 'metadata.name': m.name, 'metadata.namespace': m.namespace })),
    );
    const theirs = await getEndpoints('--field-selector', selector);
    expect(theirs.stderr).toBe('');
    expect(lines(theirs.stdout)).toEqual(expected);
  });
});

describe("kubectl's error for a bad selector ends with our message", () => {
  const messageOf = (parse: () => unknown): string => {
    try {
      parse();
    } catch (error) {
      if (error instanceof SelectorError) return error.message;
      throw error;
    }
    throw new Error('no SelectorError');
  };

  it.skipIf(!hasKubectl).each([
    {
      flag: '-l' as const,
      selector: 'app in (a b)',
      stderr: `Error from server (BadRequest): Unable to find "cilium.io/v2, Resource=ciliumendpoints" that match label selector "app in (a b)", field selector "": unable to parse requirement: found 'b', expected: ',' or ')'\n`,
      parse: parseLabelSelector,
    },
    {
      flag: '-l' as const,
      selector: '!',
      stderr: `Error from server (BadRequest): Unable to find "cilium.io/v2, Resource=ciliumendpoints" that match label selector "!", field selector "": unable to parse requirement: found '', expected: identifier\n`,
      parse: parseLabelSelector,
    },
    {
      flag: '--field-selector' as const,
      selector: 'metadata.name',
      stderr: `Error from server (BadRequest): Unable to find "cilium.io/v2, Resource=ciliumendpoints" that match label selector "", field selector "metadata.name": invalid selector: 'metadata.name'; can't understand 'metadata.name'\n`,
      parse: parseFieldSelector,
    },
  ])('$flag $selector', async ({ flag, selector, stderr, parse }) => {
    expect(await getEndpoints(flag, selector)).toEqual({ code: 1, stdout: '', stderr });
    expect(stderr.endsWith(`: ${messageOf(() => parse(selector))}\n`)).toBe(true);
  });
});
