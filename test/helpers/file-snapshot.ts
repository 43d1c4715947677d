import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A snapshot kept as one readable file (a template as JSON, a manifest as YAML), so a pull request
 * shows a changed stack or chart as a diff of its own file. Follows jest's snapshot rules: `-u`
 * rewrites, a missing file is written locally but fails under `--ci` (CI=true), a mismatch fails
 * with the diff.
 */
export function expectFileSnapshot(path: string, content: string): void {
  const state = expect.getState().snapshotState as unknown as { _updateSnapshot: 'all' | 'new' | 'none' };
  const mode = state._updateSnapshot;
  if (mode === 'all' || (!existsSync(path) && mode === 'new')) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return;
  }
  if (!existsSync(path)) throw new Error(`snapshot ${path} is missing: run jest without --ci (or with -u) to write it, and commit it`);
  expect(content).toBe(readFileSync(path, 'utf8'));
}
