/**
 * Temporary folders for tests. `const temp = tempDirs()` at the top level of a test file registers one
 * afterAll that removes every folder `temp(prefix)` made, after the file's tests, failed ones included.
 * test/support/no-litter.ts checks that the suite leaves nothing behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export function tempDirs(): (prefix: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
