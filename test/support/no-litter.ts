/**
 * vitest globalSetup: the suite runs with a temporary folder of its own (TMPDIR, which os.tmpdir(), npm,
 * kubectl and every child process honour), empty before the run; whatever is left in it after the run
 * is listed on stderr, removed, and fails the run (exit code 1): a test that does not clean up after
 * itself, on failure too, is found. The folder is private to the run, so other processes on the
 * machine using /tmp at the same time change nothing in the count.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'cilium-view-test-'));
  process.env.TMPDIR = root;
  return () => {
    const left = readdirSync(root).sort();
    rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (left.length > 0) {
      process.stderr.write(
        `error: the tests left ${left.length} temporary ${left.length === 1 ? 'entry' : 'entries'} behind (removed now): ${left.join(', ')}\n`,
      );
      process.exitCode = 1;
    }
  };
}
