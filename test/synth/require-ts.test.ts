import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
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
});
