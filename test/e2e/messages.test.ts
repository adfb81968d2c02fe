/**
 * Messages that name what happened: a 403 on the GET of one object names the verb, the resource and
 * the namespace of that request and the RBAC rule for exactly that; who-shares does not claim a
 * CiliumIdentity the data does not show.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { demoEndpoints, demoIdentities } from '../demo-objects.js';
import { runCli } from '../run-cli.js';
import { type RunningApiServer, startApiServer } from '../support/apiserver/index.js';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();
const ENDPOINTS_ONLY = fileURLToPath(new URL('../../fixtures/demo/ciliumendpoints.json', import.meta.url));
const servers: RunningApiServer[] = [];
afterAll(() => Promise.all(servers.map((server) => server.close())));

describe('a 403 names the request that was refused', () => {
  it.each([
    [['endpoints', '-n', 'team-a', 'x'], 'get ciliumendpoints.cilium.io in the namespace "team-a"'],
    [['who-shares', 'team-a/x'], 'get ciliumendpoints.cilium.io in the namespace "team-a"'],
    [['endpoints', '-n', 'team-a'], 'list ciliumendpoints.cilium.io in the namespace "team-a"'],
    [['identities', '27084'], 'get ciliumidentities.cilium.io at the cluster scope'],
  ])('%j', async (args, rule) => {
    const server = await startApiServer({
      endpoints: demoEndpoints(),
      identities: demoIdentities(),
      tls: true,
      token: 't',
      fault: () => ({ kind: 'status', code: 403 }),
    });
    servers.push(server);
    const result = await runCli([...args, '--kubeconfig', server.writeKubeconfig(temp('cv-403-'))]);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: forbidden (403): user "cilium-view-test-user" cannot ${rule}; the missing RBAC rule is: ${rule} (deploy/rbac.yaml has a ClusterRole with it)\n`,
    });
  });
});

describe('who-shares says what the data shows', () => {
  it('an identity without its CiliumIdentity in the data: the Kind line claims none, the next line says it is missing', async () => {
    const { stdout, code } = await runCli(['who-shares', '27084', '--from', ENDPOINTS_ONLY]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[1]).toBe('Kind:             cluster-wide identity (allocated for a label set)');
    expect(lines[2]).toBe(
      "CiliumIdentity:   missing (no object named 27084; labels below are from the endpoints' status)",
    );
    expect(stdout).not.toContain('has a CiliumIdentity');
  });
});
