'use strict';
/**
 * `node --require ./bin/require-ts.cjs bin/synth.ts`: runs this repository's TypeScript in plain
 * Node's CommonJS loader. Each .ts file is transformed by esbuild (the one tsx itself uses, with
 * tsx's options) once per content: the result is kept in node_modules/.cache/polyglot-synth/ts/
 * under a hash of the file's path and bytes, esbuild's version, these options and tsconfig.json,
 * so a run whose files did not change reads JavaScript and never starts esbuild (`REQUIRE_TS_CACHE`
 * names another folder). Measured in
 * docs/performance.md (the tsx hook spent about a second per synth in its own resolver and cache).
 */
const Module = require('node:module');
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

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

function compiled(filename) {
  const source = readFileSync(filename, 'utf8');
  const file = join(cacheDir, `${createHash('sha256').update(salt).update('\0').update(filename).update('\0').update(source).digest('hex')}.js`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
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
