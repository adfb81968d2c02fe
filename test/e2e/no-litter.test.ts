/**
 * The litter check of test/support/no-litter.ts, on a suite of its own: a vitest run whose test leaves a
 * temporary folder behind fails, names it and removes it; one whose test cleans up passes.
 */
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../support/temp.js';

const temp = tempDirs();
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const VITEST = join(REPO, 'node_modules', 'vitest', 'vitest.mjs');

/** Runs vitest on one test file whose body is `body` (plain JS, vitest's globals), with the litter check. */
function suite(body: string): Promise<{ code: number | null; output: string; tmp: string }> {
  const dir = temp('cv-litter-suite-');
  const tmp = temp('cv-litter-tmp-');
  const globalSetup = join(REPO, 'test', 'support', 'no-litter.ts');
  writeFileSync(
    join(dir, 'vitest.config.mjs'),
    `export default { test: { include: ['suite.test.mjs'], globals: true, globalSetup: [${JSON.stringify(globalSetup)}] } };\n`,
  );
  writeFileSync(
    join(dir, 'suite.test.mjs'),
    `import { mkdtempSync, rmSync } from 'node:fs';\nimport { tmpdir } from 'node:os';\nimport { join } from 'node:path';\n${body}\n`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VITEST, 'run', '--root', dir], {
      cwd: dir,
      env: { ...process.env, TMPDIR: tmp, NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, tmp }));
  });
}

describe('the litter check', () => {
  it('fails a run that leaves a temporary folder, names it and removes it', { timeout: 60_000 }, async () => {
    const run = await suite(`it('leaves a folder', () => { mkdtempSync(join(tmpdir(), 'left-behind-')); });`);
    expect(run.output).toMatch(/^error: the tests left 1 temporary entry behind \(removed now\): left-behind-\w{6}$/m);
    expect(run.code).toBe(1);
    expect(readdirSync(run.tmp)).toEqual([]);
  });

  it('passes a run that cleans up after itself', { timeout: 60_000 }, async () => {
    const run = await suite(
      `it('cleans up', () => { rmSync(mkdtempSync(join(tmpdir(), 'cleaned-')), { recursive: true }); });`,
    );
    expect(run.output).not.toMatch(/temporary/);
    expect(run.code).toBe(0);
    expect(readdirSync(run.tmp)).toEqual([]);
  });
});
