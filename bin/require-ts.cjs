'use strict';
/**
 * `node --require ./bin/require-ts.cjs bin/synth.ts`: runs this repository's TypeScript in plain
 * Node's CommonJS loader. Each .ts file is transformed by esbuild (the one tsx itself uses, with
 * tsx's options) once per content: the result is kept in node_modules/.cache/polyglot-synth/ts/
 * under a hash of the file's path and bytes, esbuild's version, these options and tsconfig.json,
 * so a run whose files did not change reads JavaScript and never starts esbuild (`REQUIRE_TS_CACHE`
 * names another folder). The folder is kept under `REQUIRE_TS_CACHE_MAX_MB` (256): every checkout
 * path has its own entries, and `npm run diff` builds its base in a new temporary worktree each
 * time, so without a bound the cache grew by a whole tree per review. Measured in
 * docs/performance.md (the tsx hook spent about a second per synth in its own resolver and cache).
 */
const Module = require('node:module');
const { createHash } = require('node:crypto');
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join, resolve, sep } = require('node:path');

const root = join(__dirname, '..');
const cacheDir = process.env.REQUIRE_TS_CACHE ?? join(root, 'node_modules', '.cache', 'polyglot-synth', 'ts');
// tsx 4.23's options for a CommonJS .ts file (dist/register-*.cjs: target, sourcemap, keepNames,
// minifyWhitespace, format cjs, platform node), with the source map inline for Node to read.
const options = {
  target: `node${process.versions.node}`, loader: 'ts', format: 'cjs', platform: 'node',
  sourcemap: 'inline', keepNames: true, minifyWhitespace: true,
  tsconfigRaw: readFileSync(join(root, 'tsconfig.json'), 'utf8'),
};
const salt = JSON.stringify([require('esbuild/package.json').version, options]);

const maxBytes = Number(process.env.REQUIRE_TS_CACHE_MAX_MB ?? 256) * 1024 * 1024;
let pruned = false;
const DAY = 24 * 3600 * 1000;

/**
 * Once per process, at its first miss (a run that transforms anyway): keeps this cache under
 * `maxBytes`, and Node's compile cache (NODE_COMPILE_CACHE, when it is the one in this
 * repository's node_modules/.cache, as package.json sets it) under twice that: Node never prunes
 * it (Node 24 doc/api/module.md, "Module compile cache": "To clean up the generated compile cache
 * on disk, simply remove the cache directory"), and a review's base tree adds its own files' code
 * to it (about 14 MiB a review).
 */
function prune() {
  pruned = true;
  pruneFolder(cacheDir, maxBytes, (f) => f.endsWith('.js'));
  const compileCache = process.env.NODE_COMPILE_CACHE && resolve(process.env.NODE_COMPILE_CACHE);
  if (compileCache && compileCache.startsWith(join(root, 'node_modules', '.cache') + sep)) {
    let versions = [];
    try {
      versions = readdirSync(compileCache).map((v) => join(compileCache, v));
    } catch { /* no cache yet */ }
    for (const v of versions) pruneFolder(v, 2 * maxBytes, () => true);
  }
}

/**
 * When `dir` holds more than `max` bytes of the files `selected` picks, deletes those used longest ago
 * (oldest modification time) until it holds half of that. A reader whose entry just went
 * compiles or transforms again; entries are written whole and renamed, never read half-written.
 */
function pruneFolder(dir, max, selected) {
  let entries;
  try {
    entries = readdirSync(dir).filter(selected).map((f) => {
      const st = statSync(join(dir, f));
      return { f, size: st.size, mtime: st.mtimeMs };
    });
  } catch {
    return;
  }
  let total = entries.reduce((n, e) => n + e.size, 0);
  if (total <= max) return;
  for (const e of entries.sort((a, b) => a.mtime - b.mtime)) {
    if (total <= max / 2) break;
    rmSync(join(dir, e.f), { force: true });
    total -= e.size;
  }
}

function compiled(filename) {
  const source = readFileSync(filename, 'utf8');
  const file = join(cacheDir, `${createHash('sha256').update(salt).update('\0').update(filename).update('\0').update(source).digest('hex')}.js`);
  try {
    const code = readFileSync(file, 'utf8');
    // Entries in use stay young (a day's resolution), so pruning takes the ones no run reads.
    if (Date.now() - statSync(file).mtimeMs > DAY) utimesSync(file, new Date(), new Date());
    return code;
  } catch {
    if (!pruned) prune();
    const code = require('esbuild').transformSync(source, { ...options, sourcefile: filename }).code;
    mkdirSync(cacheDir, { recursive: true });
    // Written whole, then renamed: a concurrent run never reads half a file.
    writeFileSync(`${file}.${process.pid}.tmp`, code);
    renameSync(`${file}.${process.pid}.tmp`, file);
    return code;
  }
}

Module._extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(compiled(filename), filename);
};
// Stack traces (errors, the CDK's creation stacks) name the .ts lines, as with tsx.
process.setSourceMapsEnabled(true);
