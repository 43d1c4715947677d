import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/loopback';

/**
 * bin/require-ts.cjs, the TypeScript loader of `npm run synth` and `cdk.json`: each file is
 * transformed once per content and read from its cache after that; a changed file is never
 * answered with its old JavaScript, and stack traces name the .ts lines.
 */
const HOOK = join(__dirname, '..', '..', 'bin', 'require-ts.cjs');
const NODE = join(__dirname, '..', '..', 'node_modules', '.bin', 'node');

describe('bin/require-ts.cjs', () => {
  const dir = tempDir('require-ts-');
  const cache = join(dir.path, 'cache');
  afterAll(() => dir.remove());
  const run = () => spawnSync(NODE, ['--require', HOOK, join(dir.path, 'main.ts')], { encoding: 'utf8', env: { ...process.env, REQUIRE_TS_CACHE: cache } });
  const cached = () => readdirSync(cache).filter((f) => f.endsWith('.js')).length;

  test('transforms once, reads the cache after, and a changed file gets new JavaScript', () => {
    writeFileSync(join(dir.path, 'main.ts'), "import { value } from './value';\nconsole.log(value());\n");
    // TypeScript-only syntax (an enum, annotations, an interface) must be transformed, not stripped.
    writeFileSync(join(dir.path, 'value.ts'), 'enum E { A = 1 }\ninterface I { n: number }\nexport function value(): number { const i: I = { n: E.A }; return i.n; }\n');
    const first = run();
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('1\n');
    expect(cached()).toBe(2);
    expect(run().stdout).toBe('1\n');
    expect(cached()).toBe(2);
    // Same length, same path: only the content tells the versions apart.
    writeFileSync(join(dir.path, 'value.ts'), 'enum E { A = 2 }\ninterface I { n: number }\nexport function value(): number { const i: I = { n: E.A }; return i.n; }\n');
    expect(run().stdout).toBe('2\n');
    expect(cached()).toBe(3);
  });

  test('an error names the TypeScript file and line', () => {
    writeFileSync(join(dir.path, 'main.ts'), "type T = string;\n\nconst t: T = 'x';\nthrow new Error(t);\n");
    const r = run();
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${join(dir.path, 'main.ts')}:4:7`);
  });

  test('the cache stays under its bound: a run that transforms deletes the entries used longest ago', () => {
    const bounded = join(dir.path, 'bounded');
    mkdirSync(bounded);
    // Ten 2 KiB entries of other checkouts, used 10 to 1 days ago; the bound is 10 KiB.
    const day = 24 * 3600 * 1000;
    const old = Array.from({ length: 10 }, (_, i) => `old-${i}.js`);
    old.forEach((f, i) => {
      writeFileSync(join(bounded, f), 'x'.repeat(2048));
      const t = new Date(Date.now() - (10 - i) * day);
      utimesSync(join(bounded, f), t, t);
    });
    writeFileSync(join(dir.path, 'main.ts'), 'const n: number = 3;\nconsole.log(n);\n');
    const r = spawnSync(NODE, ['--require', HOOK, join(dir.path, 'main.ts')], { encoding: 'utf8',
      env: { ...process.env, REQUIRE_TS_CACHE: bounded, REQUIRE_TS_CACHE_MAX_MB: String(10 / 1024) } });
    expect(r.stdout).toBe('3\n');
    const left = readdirSync(bounded);
    // Pruned to half the bound before the new entry was written: the two most recently used old ones stay.
    expect(left.filter((f) => f.startsWith('old-')).sort()).toEqual(['old-8.js', 'old-9.js']);
    expect(left.filter((f) => !f.startsWith('old-') && f.endsWith('.js'))).toHaveLength(1);
  });

  test('Node\'s compile cache in node_modules/.cache is bounded too, at twice the loader\'s bound', () => {
    // A compile cache folder of this repository's (the loader leaves any other alone), with one Node version's entries.
    const compileCache = join(__dirname, '..', '..', 'node_modules', '.cache', `require-ts-test-${process.pid}`);
    const version = join(compileCache, 'v0-test');
    mkdirSync(version, { recursive: true });
    try {
      const day = 24 * 3600 * 1000;
      for (let i = 0; i < 10; i++) {
        writeFileSync(join(version, `e${i}`), 'x'.repeat(2048));
        const t = new Date(Date.now() - (10 - i) * day);
        utimesSync(join(version, `e${i}`), t, t);
      }
      writeFileSync(join(dir.path, 'main.ts'), 'const m: number = 4;\nconsole.log(m);\n');
      const r = spawnSync(NODE, ['--require', HOOK, join(dir.path, 'main.ts')], { encoding: 'utf8',
        env: { ...process.env, REQUIRE_TS_CACHE: join(dir.path, 'bounded-2'), REQUIRE_TS_CACHE_MAX_MB: String(5 / 1024), NODE_COMPILE_CACHE: compileCache } });
      expect(r.stdout).toBe('4\n');
      // 20 KiB against a 10 KiB bound: down to 5 KiB, the two most recently used entries.
      expect(readdirSync(version).sort()).toEqual(['e8', 'e9']);
    } finally {
      rmSync(compileCache, { recursive: true, force: true });
    }
  });
});
