import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../../scripts/review/args';
import { changedServices } from '../../scripts/review/synth';

/** `npm run diff` synthesizes only the catalog services a change touches, and everything for any other change. */
describe('npm run diff: which services to synthesize', () => {
  function repo(): { dir: string; commit: string } {
    const dir = mkdtempSync(join(tmpdir(), 'diff-services-'));
    const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '--quiet');
    mkdirSync(join(dir, 'services'));
    mkdirSync(join(dir, 'lib'));
    for (const f of ['services/a.yaml', 'services/b.yaml', 'lib/x.ts']) writeFileSync(join(dir, f), 'v1\n');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'base');
    return { dir, commit: git('rev-parse', 'HEAD') };
  }

  test('no change: no service', () => {
    const { dir, commit } = repo();
    expect(changedServices(dir, commit)).toEqual([]);
  });

  test('catalog files only (edited, added untracked): those services', () => {
    const { dir, commit } = repo();
    writeFileSync(join(dir, 'services', 'b.yaml'), 'v2\n');
    writeFileSync(join(dir, 'services', 'c.yaml'), 'new\n');
    expect(changedServices(dir, commit)).toEqual(['b', 'c']);
  });

  test('any other file changed: all services (undefined)', () => {
    const { dir, commit } = repo();
    writeFileSync(join(dir, 'services', 'b.yaml'), 'v2\n');
    writeFileSync(join(dir, 'lib', 'x.ts'), 'v2\n');
    expect(changedServices(dir, commit)).toBeUndefined();
  });

  test('options: --service (repeatable), --all, not both', () => {
    expect(parseArgs(['--service', 'a', '--service', 'b'])).toMatchObject({ services: ['a', 'b'] });
    expect(parseArgs(['--all'])).toMatchObject({ all: true });
    expect(() => parseArgs(['--all', '--service', 'a'])).toThrow(/`--all` and `--service` exclude each other/);
    expect(() => parseArgs(['--service'])).toThrow(/`--service` needs a value/);
  });
});
