/**
 * Cilium's CRDs of several releases (test/support/crds/), served by the local API server: kubectl's table
 * of each, the same bytes from cilium-view live (the server's table) and from files with
 * `--cilium-version` (cilium-view's own column sets, src/view/columns.ts). The objects include an
 * enforcing endpoint and one without `.status.policy`, so the boolean columns of 1.9 to 1.12.1 show
 * `true`, `false` and an empty cell.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { GOLDEN_NOW, runCli } from '../run-cli.js';
import { type CRDSet, type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { hasKubectl, kubectl, warnIfNoKubectl } from '../support/kubectl.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();
if (!hasKubectl) warnIfNoKubectl('the comparisons of Cilium releases with kubectl are skipped');

type Endpoint = { metadata: Record<string, unknown>; status: Record<string, unknown> };

/** The demo endpoints, one of them enforcing ingress policy and one without a policy status. */
function endpoints(): unknown[] {
  return (demoEndpoints() as Endpoint[]).map((endpoint, i) => {
    if (i === 1) {
      const policy = endpoint.status.policy as Record<string, unknown>;
      return {
        ...endpoint,
        status: { ...endpoint.status, policy: { ...policy, ingress: { enforcing: true, state: 'enforcing' } } },
      };
    }
    if (i === 4) {
      const { policy: _, ...status } = endpoint.status;
      return { ...endpoint, status };
    }
    return endpoint;
  });
}

const servers: RunningApiServer[] = [];
afterAll(() => Promise.all(servers.map((server) => server.close())));

/** [the CRDs served, the --cilium-version that names that release]. */
const releases: Array<[Exclude<CRDSet, 'none'>, string]> = [
  ['v1.9', '1.9'],
  ['v1.11', '1.11'],
  ['v1.12.0', '1.12.0'],
  ['v1.14', '1.14'],
  ['v1.18', 'v1.18.4'],
];

describe.skipIf(!hasKubectl)('the columns of each Cilium release, as kubectl prints them', () => {
  for (const [crds, version] of releases) {
    it(`Cilium ${crds}: live, and from files with --cilium-version ${version}`, async () => {
      const server = await startApiServer({
        endpoints: endpoints(),
        identities: demoIdentities(),
        crds,
        tls: true,
        token: 'releases',
        now: () => GOLDEN_NOW,
      });
      servers.push(server);
      const dir = temp('cv-releases-');
      const kubeconfig = server.writeKubeconfig(dir);
      const dump = join(dir, 'dump.json');
      writeFileSync(
        dump,
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...endpoints(), ...demoIdentities()] }),
      );
      for (const [command, args] of [
        ['endpoints', ['-A']],
        ['endpoints', ['-n', 'default', '-o', 'wide']],
        ['identities', []],
        ['identities', ['--no-headers']],
      ] as const) {
        const resource = command === 'endpoints' ? 'ciliumendpoints.cilium.io' : 'ciliumidentities.cilium.io';
        const theirs = await kubectl(kubeconfig, ['get', resource, ...args]);
        expect(theirs.code).toBe(0);
        expect(await runCli([command, ...args, '--kubeconfig', kubeconfig])).toEqual(theirs);
        expect(await runCli([command, ...args, '--from', dump, '--cilium-version', version])).toEqual(theirs);
      }
    });
  }
});
