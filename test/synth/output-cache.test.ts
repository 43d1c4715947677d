import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outputCacheKey } from '../../bin/output-cache';
import { tempDir } from '../helpers/loopback';

/**
 * The whole-output cache of npm run synth (bin/output-cache.ts, bin/synth-entry.ts): its key
 * changes with every input, and never with where the output goes; a synth through the entry
 * point is answered from the cache only when nothing changed, with the same bytes.
 */
const REPO = join(__dirname, '..', '..');

describe('the output cache key', () => {
  // A small stand-in checkout: one file in each input folder, the top-level files, a catalog.
  const dir = tempDir('output-key-');
  afterAll(() => dir.remove());
  const root = join(dir.path, 'repo');
  const put = (rel: string, text: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const inputs = ['bin/synth.ts', 'lib/use-case.ts', 'constructs/platform/aws/rules/data-retention.guard', 'constructs/cassandra/limits.ts', 'config/platform.ts',
    'imports/k8ssandra.io.ts', 'crds/x.yaml', 'backstage/template.yaml', 'package.json', 'package-lock.json', 'cdk.json', 'cdk8s.yaml', 'tsconfig.json', 'services/viewing-history.yaml'];
  beforeAll(() => {
    for (const f of inputs) put(f, `${f} v1\n`);
    put('docs/performance.md', 'docs\n');
    put('test/x.test.ts', 'test\n');
  });
  const key = (argv: string[] = [], env: NodeJS.ProcessEnv = {}) => outputCacheKey(argv, env, root);

  test.each(inputs)('changes with %s', (f) => {
    const before = key();
    put(f, `${f} v2\n`);
    expect(key()).not.toBe(before);
    put(f, `${f} v1\n`);
    expect(key()).toBe(before);
  });

  test('changes with a new catalog file, the catalog and platform files named by SERVICES_DIR and PLATFORM_CONFIG, options, and variables read by the CDK', () => {
    const base = key();
    put('services/job-queue.yaml', 'x\n');
    const added = key();
    expect(added).not.toBe(base);
    put('other/services/a.yaml', 'a\n');
    put('other/platform.json', '{}\n');
    const keys = [added, key([], { SERVICES_DIR: join(root, 'other', 'services') }), key([], { PLATFORM_CONFIG: join(root, 'other', 'platform.json') }),
      key(['--service', 'cdn-url']), key([], { CDK_CONTEXT_JSON: '{"a":1}' }), key([], { CDK_VALIDATION: 'false' }), key([], { CDK_DEBUG: 'true' })];
    expect(new Set(keys).size).toBe(keys.length);
    put('other/services/a.yaml', 'b\n');
    expect(key([], { SERVICES_DIR: join(root, 'other', 'services') })).not.toBe(keys[1]);
  });

  test('does not change with the output folders, docs or tests', () => {
    const base = key();
    expect(key([], { CDK_OUTDIR: '/x', CDK8S_OUTDIR: '/y', BENCHMARKS_OUTDIR: '/z', TOPOLOGY_OUTDIR: '/t', CATALOG_OUTDIR: '/c', HOME: '/h' })).toBe(base);
    put('docs/performance.md', 'docs v2\n');
    put('test/x.test.ts', 'test v2\n');
    expect(key()).toBe(base);
  });
});

describe('npm run synth through the cache (one service, real synths)', () => {
  const dir = tempDir('output-cache-');
  afterAll(() => dir.remove());
  const services = join(dir.path, 'services');
  cpSync(join(REPO, 'services'), services, { recursive: true });
  /** package.json's `synth` command, into out/<name>, with its own cache folder. */
  const synth = (name: string) => {
    const out = join(dir.path, name);
    const r = spawnSync(join(REPO, 'node_modules', '.bin', 'node'), ['--require', join(REPO, 'bin', 'require-ts.cjs'), join(REPO, 'bin', 'synth-entry.ts'), '--service', 'viewing-history'], {
      cwd: REPO, encoding: 'utf8', timeout: 300_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, SERVICES_DIR: services, SYNTH_OUTPUT_CACHE: join(dir.path, 'cache'), CDK_OUTDIR: join(out, 'cdk.out'), CDK8S_OUTDIR: join(out, 'k8s') },
    });
    expect({ status: r.status, stderr: r.stderr }).toMatchObject({ status: 0 });
    const current = join(out, '.synth-out', 'current');
    const files = (readdirSync(current, { recursive: true }) as string[]).filter((f) => /\.(json|yaml|svg|md)$/.test(f)).sort();
    return { hit: r.stderr.includes('published again'), files: Object.fromEntries(files.map((f) => [f, readFileSync(join(current, f), 'utf8')])) };
  };

  test('a repeat is served from the cache, byte-identical; a changed catalog file is synthesized again, never served stale', () => {
    const first = synth('first');
    expect(first.hit).toBe(false);
    expect(Object.keys(first.files).length).toBeGreaterThan(10);
    // The key leaves out the output folders: no output may name one.
    expect(Object.keys(first.files).filter((f) => first.files[f].includes(dir.path))).toEqual([]);
    const repeat = synth('repeat');
    expect(repeat.hit).toBe(true);
    expect(repeat.files).toEqual(first.files);
    // One value of the service's file: its templates or manifests must show the new value.
    const file = join(services, 'viewing-history.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('readsPerSecond: 4000', 'readsPerSecond: 4100'));
    const changed = synth('changed');
    expect(changed.hit).toBe(false);
    expect(changed.files).not.toEqual(first.files);
    const again = synth('again');
    expect(again.hit).toBe(true);
    expect(again.files).toEqual(changed.files);
  });
});
