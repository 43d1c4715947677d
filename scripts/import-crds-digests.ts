import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** sha256 of every CRD file listed under `imports:` in cdk8s.yaml (`module:=path` or `path`), by path. */
export function crdDigests(root: string): Record<string, string> {
  const config = parse(readFileSync(join(root, 'cdk8s.yaml'), 'utf8')) as { imports?: string[] };
  const out: Record<string, string> = {};
  for (const entry of config.imports ?? []) {
    const path = entry.includes(':=') ? entry.split(':=')[1] : entry;
    out[path] = createHash('sha256').update(readFileSync(join(root, path))).digest('hex');
  }
  return out;
}
