import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Issue 17 point 6: constructs only build; the entry points in bin/ load and write
 * (constructs/README.md). Two checks: no module of constructs/ or lib/ can write a file (the fs
 * functions it imports are reads), and importing lib/use-cases.ts and every module of
 * constructs/ reads no file (a vendored file a construct needs is read when it is used).
 */
const ROOT = join(__dirname, '..', '..');
const sources = (dir: string): string[] => readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort().map((f) => join(dir, f));
// constructs/dynomite/seed-provider/florida-seeds.js is not synth code: it ships in a ConfigMap and runs in the pod.
const MODULES = [...sources('constructs'), ...sources('lib')];

/** The fs functions a build may call: reads of vendored files, at use. */
const READS = new Set(['readFileSync', 'readdirSync', 'existsSync', 'statSync']);
const FS = String.raw`['"](?:node:)?fs(?:/promises)?['"]`;

/** Each `file: name` of an fs import or require that is not a read, and each whole-module import (which could write). */
function fsWrites(file: string, text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(new RegExp(String.raw`import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+${FS}`, 'g'))) {
    for (const name of m[1].split(',').map((n) => n.trim().split(/\s+as\s+/)[0]).filter(Boolean)) {
      if (!READS.has(name)) found.push(`${file}: ${name}`);
    }
  }
  for (const m of text.matchAll(new RegExp(String.raw`const\s+\{([^}]*)\}\s*=\s*require\(\s*${FS}\s*\)`, 'g'))) {
    for (const name of m[1].split(',').map((n) => n.trim().split(/\s*:\s*/)[0]).filter(Boolean)) {
      if (!READS.has(name)) found.push(`${file}: ${name}`);
    }
  }
  const whole = new RegExp(String.raw`import\s+(?:\*\s+as\s+\w+|\w+)\s+from\s+${FS}|(?<!\{[^}]*\}\s*=\s*)require\(\s*${FS}\s*\)|import\(\s*${FS}\s*\)`, 'g');
  for (const m of text.matchAll(whole)) found.push(`${file}: ${m[0]}`);
  return found;
}

describe('constructs/ and lib/ write no files', () => {
  test('the check sees every kind of fs write import', () => {
    expect(fsWrites('x.ts', [
      "import { readFileSync, writeFileSync } from 'node:fs';",
      "import { mkdirSync as mk } from 'fs';",
      "import { writeFile } from 'node:fs/promises';",
      "import * as fs from 'node:fs';",
      "import fsDefault from 'fs';",
      "const { rmSync } = require('node:fs');",
      "const fs2 = require('fs');",
      "const later = await import('node:fs');",
    ].join('\n'))).toEqual([
      'x.ts: writeFileSync', 'x.ts: mkdirSync', 'x.ts: writeFile', 'x.ts: rmSync',
      "x.ts: import * as fs from 'node:fs'", "x.ts: import fsDefault from 'fs'", "x.ts: require('fs')", "x.ts: import('node:fs')",
    ]);
    expect(fsWrites('x.ts', "import { readFileSync, readdirSync } from 'node:fs';\nconst { readFileSync: r } = require('node:fs');")).toEqual([]);
  });

  test(`no module of constructs/ or lib/ (${MODULES.length}) imports an fs function that writes`, () => {
    expect(MODULES.length).toBeGreaterThan(100);
    expect(MODULES.flatMap((f) => fsWrites(f, readFileSync(join(ROOT, f), 'utf8')))).toEqual([]);
  });
});

/**
 * Run in a child process: loads the TypeScript loader, then records every file read through fs
 * while it requires each module. Module sources are reads too: what the loader required (in
 * require.cache) and the loader's own package.json/tsconfig.json are not data.
 */
const CHILD = String.raw`
const fs = require('node:fs');
const { basename, resolve } = require('node:path');
const root = process.argv[1];
const reads = [];
for (const name of ['readFileSync', 'readdirSync', 'openSync', 'opendirSync', 'readFile', 'readdir', 'createReadStream']) {
  const original = fs[name];
  fs[name] = function (path, ...rest) { reads.push(String(path)); return original.call(this, path, ...rest); };
}
for (const m of JSON.parse(process.argv[2])) require(resolve(root, m));
const modules = new Set(Object.keys(require.cache));
const data = reads.map((p) => resolve(p)).filter((p) => p.startsWith(root + '/') && !p.includes('/node_modules/')
  && !modules.has(p) && !['package.json', 'tsconfig.json'].includes(basename(p)));
process.stdout.write(JSON.stringify([...new Set(data)].map((p) => p.slice(root.length + 1))));
`;

function filesReadImporting(modules: readonly string[]): string[] {
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', CHILD, ROOT, JSON.stringify(modules)], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

describe('importing reads no file', () => {
  test('lib/use-cases.ts and every module of constructs/', () => {
    expect(filesReadImporting(['lib/use-cases.ts', ...sources('constructs')])).toEqual([]);
  });

  test('the check sees a read at import (a module that reads the catalog when loaded)', () => {
    const probe = 'test/platform/fixtures/reads-at-import.ts';
    expect(filesReadImporting([probe])).toEqual(['services/cdn-url.yaml']);
  });
});
