import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../../scripts/review/args';
import { changedServices, synthEnvironment } from '../../scripts/review/synth';

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

  test('--validate: off by default (the review compares templates; npm run synth is the gate)', () => {
    expect(parseArgs([]).validate).toBeUndefined();
    expect(parseArgs(['--validate'])).toMatchObject({ validate: true });
  });
});

/** Each tree's synth runs in a child with this environment. */
describe('npm run diff: a tree\'s synth environment', () => {
  const parent = { PATH: '/bin', CDK_OUTDIR: '/x', CDK8S_OUTDIR: '/y', CDK_CONTEXT_JSON: '{}', SYNTH_SERVICES: 'stale' };

  test('no CLI output variables leak in; --service names reach the runner', () => {
    const env = synthEnvironment(parent, ['a', 'b']);
    expect(env).not.toHaveProperty('CDK_OUTDIR');
    expect(env).not.toHaveProperty('CDK8S_OUTDIR');
    expect(env).not.toHaveProperty('CDK_CONTEXT_JSON');
    expect(env.SYNTH_SERVICES).toBe('a,b');
    expect(synthEnvironment(parent, undefined)).not.toHaveProperty('SYNTH_SERVICES');
  });

  test('the CloudFormation validator is off unless asked for (CDK_VALIDATION, which bin/validation/shared.ts obeys)', () => {
    expect(synthEnvironment(parent, undefined).CDK_VALIDATION).toBe('false');
    expect(synthEnvironment(parent, undefined, { validate: false }).CDK_VALIDATION).toBe('false');
    expect(synthEnvironment(parent, undefined, { validate: true })).not.toHaveProperty('CDK_VALIDATION');
  });

  test('Node\'s compile cache as npm run synth uses it, unless the caller set one', () => {
    expect(synthEnvironment(parent, undefined, { compileCache: '/c' }).NODE_COMPILE_CACHE).toBe('/c');
    expect(synthEnvironment({ ...parent, NODE_COMPILE_CACHE: '/mine' }, undefined, { compileCache: '/c' }).NODE_COMPILE_CACHE).toBe('/mine');
  });
});
