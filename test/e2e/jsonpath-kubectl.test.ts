/**
 * `-o jsonpath=` and `-o custom-columns=` compared byte for byte with the real kubectl, which reads the
 * demo objects (and a few odd ones) from the local API server of test/support. Our printers get what
 * kubectl's get hands its printer: the List that `kubectl get -A -o json` prints.
 */
import { afterAll, describe, it } from 'vitest';
import { executeTemplate, parseTemplate } from '../../src/kube/jsonpath.js';
import { parseCustomColumns, printCustomColumns } from '../../src/print/custom-columns.js';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { hasKubectl, kubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();

warnIfNoKubectl('the jsonpath and custom-columns comparisons are skipped');

/** Endpoints with what the demo lacks: null, floats, booleans, ESC and CR, a tab and a line break. */
const oddEndpoints = [
  {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumEndpoint',
    metadata: { name: 'odd-1', namespace: 'odd', labels: { 'a.b/c': 'x<y>&z', esc: 'A\x1b[31mB\rC' } },
    status: {
      id: 7,
      nul: null,
      on: true,
      fl: 1.5,
      big: 123456789.5,
      small: 0.00001,
      arr: [1, 'two', null, { k: 'v' }],
    },
  },
  {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumEndpoint',
    metadata: { name: 'odd-2', namespace: 'odd', labels: { tab: 'a\tb', nl: 'c\nd' } },
    status: { id: 'seven', arr: [] },
  },
];

interface Cluster {
  kubeconfig: string;
  /** What `kubectl get ciliumendpoints.cilium.io -A -o json` printed, parsed. */
  list: { items: unknown[] };
}

const servers: RunningApiServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

const clusters = new Map<string, Promise<Cluster>>();
/** One API server per set of endpoints, started on first use. */
function cluster(name: 'demo' | 'odd'): Promise<Cluster> {
  let started = clusters.get(name);
  if (!started) {
    started = (async () => {
      const endpoints = name === 'demo' ? demoEndpoints() : oddEndpoints;
      const server = await startApiServer({ endpoints, identities: demoIdentities(), tls: true, token: 't' });
      servers.push(server);
      const kubeconfig = server.writeKubeconfig(temp('cv-jsonpath-kc-'));
      const json = await getEndpoints(kubeconfig, ['-o', 'json']);
      if (json.code !== 0) throw new Error(`kubectl get -o json failed: ${json.stderr}`);
      return { kubeconfig, list: JSON.parse(json.stdout) as { items: unknown[] } };
    })();
    clusters.set(name, started);
  }
  return started;
}

const home = temp('cv-kubectl-home-');

/** `kubectl get ciliumendpoints.cilium.io -A ARGS`, every run with the same HOME. */
const getEndpoints = (kubeconfig: string, args: string[]) =>
  kubectl(kubeconfig, ['get', 'ciliumendpoints.cilium.io', '-A', ...args], { home });

const demoTemplates = [
  '{.items[*].metadata.name}',
  '{range .items[*]}{.metadata.namespace}{"\\t"}{.status.identity.id}{"\\n"}{end}',
  '{.items[?(@.status.identity.id==27084)].metadata.name}',
  '{.items[?(@.metadata.namespace!="default")].status.networking.addressing[0].ipv4}',
  '{.items[?(@.status.id<1500)].status.id} {.items[?(@.status.identity.id>=27084)].status.id}',
  '{.items[?(@.status.named-ports)].metadata.name}',
  '{.items[0].status}',
  "{.kind}{'\\n'}{.items[0].metadata.labels}{.metadata}",
  '{.items[*].status.networking.addressing[0].ipv4}',
  '{..ipv4}',
  '{.items[1:4:2].metadata.name}|{.items[-1:].metadata.name}|{.items[:2].metadata.name}',
  "{.items[0,2].metadata['name','namespace']}",
  '{range .items[*]}{range .status.identity.labels[*]}{@},{end}{"\\n"}{end}',
  'last: {$.items[-1].metadata.name}, enforcing: {.items[*].status.policy.ingress.enforcing}.',
  '{.items[*].nothing}{range .items[*]}{.nothing}{end}{.items[0].status.named-ports}',
];

const oddTemplates = [
  '{.items[*].status}',
  '{.items[*].metadata.labels}',
  '{range .items[*]}{.status.nul}|{.status.on}|{.status.fl}|{.status.big}|{.status.small}|{.metadata.labels.esc}{"\\n"}{end}',
  '{range .items[*]}{range .status.arr[*]}<{@}>{end};{end}',
  '{.items[*].status.arr[*]}|{.items[1,0].status.arr[*]}',
  '{.items[?(@.status.arr[5])].metadata.name}',
  '{.items[0].metadata.name.*}',
];

const SEPARATOR = '\n--8<--\n';
const jsonpathRuns = new Map<string, Promise<string[]>>();
/**
 * What kubectl printed for each template of a set, from one run of them all joined by a literal action
 * (a kubectl run costs about half a second of CPU). No template leaves a range open, so none affects the next.
 */
function kubectlJsonpath(name: 'demo' | 'odd', templates: readonly string[]): Promise<string[]> {
  let run = jsonpathRuns.get(name);
  if (!run) {
    run = cluster(name).then(async ({ kubeconfig }) => {
      const joined = templates.join(`{${JSON.stringify(SEPARATOR)}}`);
      const theirs = await getEndpoints(kubeconfig, ['-o', `jsonpath=${joined}`]);
      if (theirs.code !== 0 || theirs.stderr !== '') throw new Error(`kubectl failed: ${theirs.stderr}`);
      return theirs.stdout.split(SEPARATOR);
    });
    jsonpathRuns.set(name, run);
  }
  return run;
}

/** Our output, or our error message where kubectl would print `error: MESSAGE`. */
const outputOrError = (print: () => string): string => {
  try {
    return print();
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
};

describe.concurrent('-o jsonpath, the same bytes as kubectl', () => {
  for (const [name, templates] of [
    ['demo', demoTemplates],
    ['odd', oddTemplates],
  ] as const) {
    templates.forEach((template, i) => {
      it.skipIf(!hasKubectl)(`${name}: ${template}`, async ({ expect }) => {
        const [{ list }, theirs] = await Promise.all([cluster(name), kubectlJsonpath(name, templates)]);
        expect(theirs).toHaveLength(templates.length);
        expect(executeTemplate(parseTemplate(template), list)).toBe(theirs[i]);
      });
    });
  }

  for (const template of ['{.items[}', '{.items[9]}']) {
    it.skipIf(!hasKubectl)(`the first error line for ${template}`, async ({ expect }) => {
      const { kubeconfig, list } = await cluster('demo');
      const theirs = await getEndpoints(kubeconfig, ['-o', `jsonpath=${template}`]);
      expect(theirs.code).toBe(1);
      // Without the sentence announcing kubectl's dump of the object, which is not printed (README).
      const first = theirs.stderr
        .split('\n')[0]
        ?.replace(/\. Printing more information for debugging the template:$/, '');
      expect(outputOrError(() => executeTemplate(parseTemplate(template), list))).toBe(first);
    });
  }
});

describe.concurrent('-o custom-columns, the same bytes as kubectl', () => {
  const specs = [
    ['demo', 'NAME:.metadata.name,ID:.status.identity.id,IP:.status.networking.addressing[*].ipv4', [false, true]],
    ['demo', 'NAMESPACE:metadata.namespace,NAME:{.metadata.name},MISSING:.status.nothing.here', [false]],
    ['demo', 'LABELS:.metadata.labels,PORTS:.status.named-ports[*].port,IN:.status.policy.ingress.enforcing', [false]],
    ['odd', 'NAME:.metadata.name,STATUS:.status,ESC:.metadata.labels.esc,ARR:.status.arr[*]', [false]],
    // Tabs and newlines in values are escaped on purpose (kubectl lets them break the layout): see
    // test/unit/custom-columns.test.ts and src/print/sanitize.ts.
    ['odd', 'NAME:.metadata.name,ID:.status.id', [false, true]],
  ] as const;
  for (const [name, spec, noHeadersValues] of specs) {
    for (const noHeaders of noHeadersValues) {
      it.skipIf(!hasKubectl)(`${name}: ${spec}${noHeaders ? ' --no-headers' : ''}`, async ({ expect }) => {
        const { kubeconfig, list } = await cluster(name);
        const flags = ['-o', `custom-columns=${spec}`, ...(noHeaders ? ['--no-headers'] : [])];
        const theirs = await getEndpoints(kubeconfig, flags);
        expect(theirs).toMatchObject({ code: 0, stderr: '' });
        expect(printCustomColumns(parseCustomColumns(spec), list.items, noHeaders)).toBe(theirs.stdout);
      });
    }
  }

  // kubectl prints the header line on stdout before it meets an error in a path; we print nothing.
  for (const spec of ['NAME', 'N:.a[', 'N:.status.identity.id[0]']) {
    it.skipIf(!hasKubectl)(`the error line for ${spec}`, async ({ expect }) => {
      const { kubeconfig, list } = await cluster('demo');
      const theirs = await getEndpoints(kubeconfig, ['-o', `custom-columns=${spec}`]);
      expect(theirs.code).toBe(1);
      expect(outputOrError(() => printCustomColumns(parseCustomColumns(spec), list.items, false))).toBe(
        theirs.stderr.split('\n')[0],
      );
    });
  }
});
