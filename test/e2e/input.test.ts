/**
 * Input of any size and encoding, read by the built executable as a user runs it: lists larger than a
 * JavaScript string can hold come through a pipe from a generator process (nothing large is written to
 * disk), binary data is refused at once, byte-order marks and UTF-16 are read as kubectl reads them
 * (compared with the real kubectl), folders are walked through symbolic links, empty input is an error.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { demoJson, demoYaml } from '../demo-objects.js';
import { type CliResult, runCli } from '../run-cli.js';
import { hasKubectl, KUBECTL, warnIfNoKubectl } from '../support/kubectl.js';

warnIfNoKubectl('the comparisons with kubectl on encodings are skipped');

const CLI = fileURLToPath(new URL('../../bin/cilium-view.js', import.meta.url));
const golden = (name: string) => readFileSync(new URL(`../golden/${name}`, import.meta.url), 'utf8');
const MiB = 1024 * 1024;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cv-input-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the executable with stdin fed by a generator process (JavaScript run by node), as `gen | cilium-view`. */
function piped(
  generator: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult & { fed: number }> {
  const gen = spawn(process.execPath, ['--input-type=module', '-e', generator], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const cli = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
  let fed = 0;
  gen.stdout.on('data', (chunk: Buffer) => {
    fed += chunk.length;
  });
  gen.stdout.pipe(cli.stdin);
  // The executable may stop reading early (an error): the generator then meets a closed pipe.
  cli.stdin.on('error', () => {});
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  cli.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  cli.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    cli.on('error', reject);
    cli.on('close', (code) => {
      gen.kill();
      resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), fed });
    });
  });
}

/** A List of `mib` MiB: an endpoint, ConfigMaps of 1 MiB each, an endpoint. */
const bigList = (mib: number) => `
const endpoint = (name) => JSON.stringify({ apiVersion: 'cilium.io/v2', kind: 'CiliumEndpoint', metadata: { name, namespace: 'default' } });
const filler = 'x'.repeat(${MiB} - 100);
let i = 0;
process.stdout.write('{"apiVersion":"v1","items":[' + endpoint('first'));
function more() {
  while (i < ${mib}) {
    i++;
    if (!process.stdout.write(',{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c' + i + '"},"data":{"d":"' + filler + '"}}')) return process.stdout.once('drain', more);
  }
  process.stdout.write(',' + endpoint('last') + '],"kind":"List"}');
}
more();`;

/** `prefix`, then `bytes` zeros. */
const zeros = (bytes: number, prefix = '') => `
const zeros = Buffer.alloc(${MiB});
let left = ${bytes};
process.stdout.write(${JSON.stringify(prefix)});
function more() {
  while (left > 0) {
    const chunk = zeros.subarray(0, Math.min(left, zeros.length));
    left -= chunk.length;
    if (!process.stdout.write(chunk)) return process.stdout.once('drain', more);
  }
}
more();`;

describe('size', () => {
  it('a list of 520 MiB on stdin, more than a JavaScript string can hold, is read as it arrives', async () => {
    const result = await piped(bigList(520), ['endpoints', '-o', 'name', '--from', '-']);
    // V8's longest string: what the whole of stdin read as one string could not exceed.
    expect(result.fed).toBeGreaterThan(2 ** 29 - 24);
    expect({ code: result.code, stdout: result.stdout }).toEqual({
      code: 0,
      stdout: 'ciliumendpoint.cilium.io/first\nciliumendpoint.cilium.io/last\n',
    });
    const warnings = result.stderr.trimEnd().split('\n');
    expect(warnings).toHaveLength(520);
    expect(warnings[0]).toBe(
      'warning: stdin: items[1]: kind ConfigMap c1 is not a CiliumEndpoint or CiliumIdentity; skipped',
    );
  }, 120_000);

  it('2.3 GB of zeros is refused at once, naming stdin, not read as "No resources found"', async () => {
    const result = await piped(zeros(2.3e9), ['endpoints', '-A', '--from', '-']);
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'error: stdin: invalid YAML at line 1, column 1: a NUL character (binary data?)\n',
    });
    expect(result.fed).toBeLessThan(2.3e9);
    const json = await piped(zeros(2.3e9, '{"items":[\n'), ['endpoints', '-A', '--from', '-']);
    expect(json).toMatchObject({
      code: 1,
      stderr: 'error: stdin: invalid JSON at line 2, column 1: unexpected byte 0x00: not the start of a JSON value\n',
    });
  }, 60_000);

  it('a 600 MiB unrelated file in a sysdump folder does not stop the folder', async () => {
    const sysdump = join(dir, 'sysdump');
    mkdirSync(sysdump);
    writeFileSync(join(sysdump, 'ciliumendpoints-20230808-080000.yaml'), demoYaml('ciliumendpoints'));
    // Sparse: 600 MiB to read, no disk space taken.
    const big = join(sysdump, 'cilium-agent-dump-20230808-080000.json');
    writeFileSync(big, '{"agent": "state"');
    truncateSync(big, 600 * MiB);
    const result = spawnSync(process.execPath, [CLI, 'endpoints', '-A', '--from', sysdump], { encoding: 'utf8' });
    expect({ code: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      code: 0,
      stdout: golden('get-cep-A.txt'),
      stderr: '',
    });
  }, 60_000);

  it('one object over CILIUM_VIEW_MAX_OBJECT_SIZE, or more kept than CILIUM_VIEW_MAX_KEPT_SIZE, is an error', async () => {
    const file = join(dir, 'cep.json');
    writeFileSync(file, demoJson('ciliumendpoints'));
    expect(await runCli(['endpoints', '-A', '--from', file], { env: { CILIUM_VIEW_MAX_OBJECT_SIZE: '1Ki' } })).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${file}: the object at line 4 is larger than 1Ki, the most one object may take (CILIUM_VIEW_MAX_OBJECT_SIZE); is this the right file?\n`,
    });
    const kept = await runCli(['endpoints', '-A', '--from', file], { env: { CILIUM_VIEW_MAX_KEPT_SIZE: '4Ki' } });
    expect(kept).toMatchObject({ code: 1, stdout: '' });
    expect(kept.stderr).toBe(
      `error: ${file}: the endpoints and identities read from files take more than 4Ki (CILIUM_VIEW_MAX_KEPT_SIZE); raise it, with more memory for Node.js (NODE_OPTIONS=--max-old-space-size=MB), or read fewer files\n`,
    );
    expect(await runCli(['endpoints', '--from', file], { env: { CILIUM_VIEW_MAX_OBJECT_SIZE: 'lots' } })).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: CILIUM_VIEW_MAX_OBJECT_SIZE must be a size in bytes, such as 268435456 or 256Mi (suffixes Ki, Mi, Gi, Ti), got "lots"\n',
    });
  });
});

describe('encodings, as kubectl reads them', () => {
  const endpoint = { apiVersion: 'cilium.io/v2', kind: 'CiliumEndpoint', metadata: { name: 'é-1', namespace: 'x' } };
  const texts = {
    json: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [endpoint] }),
    yaml: stringify(endpoint),
  };
  const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
  const encodings: Record<string, (text: string) => Buffer> = {
    'UTF-8 with a byte-order mark': (text) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    'UTF-16 LE with a byte-order mark (PowerShell >)': (text) => Buffer.from(`\ufeff${text}`, 'utf16le'),
    'UTF-16 BE with a byte-order mark': (text) => utf16be(`\ufeff${text}`),
  };
  const kubectlReads = (file: string) =>
    spawnSync(KUBECTL, ['annotate', '--local', '-f', file, 'cilium-view/test=1', '-o', 'name'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: join(dir, 'no-kubeconfig') },
    });

  for (const [encoding, encode] of Object.entries(encodings)) {
    for (const format of ['json', 'yaml'] as const) {
      it(`${encoding}, ${format}: a file and stdin`, async () => {
        const file = join(dir, `${encoding.replace(/\W+/g, '-')}.${format}`);
        const bytes = encode(texts[format]);
        writeFileSync(file, bytes);
        const expected = { code: 0, stdout: 'ciliumendpoint.cilium.io/é-1\n', stderr: '' };
        expect(await runCli(['endpoints', '-n', 'x', '-o', 'name', '--from', file])).toEqual(expected);
        expect(await runCli(['endpoints', '-n', 'x', '-o', 'name', '--from', '-'], { stdin: [bytes] })).toEqual(
          expected,
        );
        if (hasKubectl) {
          const theirs = kubectlReads(file);
          expect({ code: theirs.status, stdout: theirs.stdout }).toEqual({ code: 0, stdout: expected.stdout });
        }
      });
    }
  }

  it('a byte-order mark and UTF-16 arrive split across chunks', async () => {
    const bytes = encodings['UTF-16 LE with a byte-order mark (PowerShell >)']?.(texts.yaml) as Buffer;
    const oneByteAtATime = [...bytes].map((byte) => Uint8Array.of(byte));
    expect(await runCli(['endpoints', '-n', 'x', '-o', 'name', '--from', '-'], { stdin: oneByteAtATime })).toEqual({
      code: 0,
      stdout: 'ciliumendpoint.cilium.io/é-1\n',
      stderr: '',
    });
  });
});

describe('folders', () => {
  it('follow symbolic links as a ConfigMap mount makes them, read each file once, and stop at a loop', async () => {
    const mount = join(dir, 'configmap');
    mkdirSync(join(mount, '..2024_01_01_00_00_00.1'), { recursive: true });
    writeFileSync(join(mount, '..2024_01_01_00_00_00.1', 'ciliumendpoints.yaml'), demoYaml('ciliumendpoints'));
    symlinkSync('..2024_01_01_00_00_00.1', join(mount, '..data'));
    symlinkSync('..data/ciliumendpoints.yaml', join(mount, 'ciliumendpoints.yaml'));
    mkdirSync(join(mount, 'sub'));
    symlinkSync('..', join(mount, 'sub', 'loop'));
    symlinkSync('/nonexistent/x.yaml', join(mount, 'dangling.yaml'));
    expect(await runCli(['endpoints', '-A', '--from', mount])).toEqual({
      code: 0,
      stdout: golden('get-cep-A.txt'),
      stderr: [
        `warning: ${join(mount, 'dangling.yaml')}: a symbolic link to nothing that can be read; skipped`,
        `warning: ${join(mount, 'sub', 'loop')}: a symbolic link back to ${mount}, a folder being read (a loop); skipped`,
        '',
      ].join('\n'),
    });
  });
});

describe('empty and hostile input', () => {
  it('empty or closed stdin, and an empty file, are errors (exit 1), not "No resources found"', async () => {
    const sh = (command: string) => spawnSync('sh', ['-c', command], { encoding: 'utf8' });
    const message =
      'error: stdin was empty: nothing came through the pipe to --from - (did the command before it fail?)\n';
    for (const command of [
      `"${process.execPath}" "${CLI}" endpoints -A --from - </dev/null`,
      `"${process.execPath}" "${CLI}" endpoints -A --from - <&-`,
      `false | "${process.execPath}" "${CLI}" endpoints -A --from -`,
      `printf ' \\n\\n' | "${process.execPath}" "${CLI}" endpoints -A --from -`,
    ]) {
      const result = sh(command);
      expect({ code: result.status, stdout: result.stdout, stderr: result.stderr }, command).toEqual({
        code: 1,
        stdout: '',
        stderr: message,
      });
    }
    for (const name of ['empty.yaml', 'empty.json', 'blank.yml']) {
      const file = join(dir, name);
      writeFileSync(file, name === 'blank.yml' ? '\n  \n' : '');
      expect(await runCli(['identities', '--from', file])).toEqual({
        code: 1,
        stdout: '',
        stderr: `error: ${file} is empty; check the path given to --from\n`,
      });
    }
  });

  it('a YAML alias bomb is an error naming the file, not an unexpected failure', async () => {
    const file = join(dir, 'bomb.yaml');
    const levels = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (const name of 'bcdefgh') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    writeFileSync(file, `${levels.join('\n')}\nkind: CiliumEndpoint\n`);
    expect(await runCli(['endpoints', '--from', file])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${file}: invalid YAML at line 1, column 1: Excessive alias count indicates a resource exhaustion attack\n`,
    });
  });
});
