import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The part of every validation cache key that is not the template: the lockfile (aws-cdk-lib, the
 * validator's WebAssembly and its built-in rules are versioned there), cdk.json, the validator's
 * props (our Guard rules' text) and this folder's code. Any change to one of them misses the cache.
 */
export function validationCacheKey(props: unknown, root = join(__dirname, '..', '..')): string {
  const hash = createHash('sha256');
  for (const file of [join(root, 'package-lock.json'), join(root, 'cdk.json'), join(__dirname, 'plugin.ts'), join(__dirname, 'worker.ts'), __filename]) {
    hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.update(JSON.stringify(props)).update(process.version).digest('hex');
}

/** Where `npm run synth` keeps validation results: node_modules/.cache (gitignored, gone with `npm ci`). */
export function validationCacheDir(root = join(__dirname, '..', '..')): string {
  return join(root, 'node_modules', '.cache', 'polyglot-synth', 'validation');
}
