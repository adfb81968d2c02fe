/**
 * bench/html-report.ts (the report against doctor) end to end on a tiny cluster, one run each, so that it
 * cannot rot: it checks the lines it prints, never a time.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

describe('the benchmark of the report', () => {
  it('prints each command, the ratio to doctor and the size of the page', { timeout: 120_000 }, async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'bench/html-report.ts', '--endpoints', '120', '--runs', '1'],
      // tsx's own cache would be left in the temporary folder.
      { cwd: REPO, env: { ...process.env, TSX_DISABLE_CACHE: '1' } },
    );
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'cluster: 120 endpoints, 39 identities (bench/generate.ts, seed 1); 1 runs each, alternately',
    );
    const seconds = String.raw`median \d+\.\d\d s \(\d+\.\d\d - \d+\.\d\d s\)`;
    expect(lines[1]).toMatch(new RegExp(`^cilium-view doctor: ${seconds}$`));
    expect(lines[2]).toMatch(new RegExp(`^cilium-view report --out FILE: ${seconds}$`));
    expect(lines[3]).toMatch(
      new RegExp(`^cilium-view report --labels 'k8s:!app' --out FILE \\(reference: with a what-if\\): ${seconds}$`),
    );
    expect(lines[4]).toMatch(/^report \/ doctor: \d+\.\d\dx \(target <= 1\.5x\): (met|missed)$/);
    expect(lines[5]).toMatch(/^page: [\d,]+ bytes \(target < 2,097,152\): met$/);
    expect(lines).toHaveLength(6);
  });
});
