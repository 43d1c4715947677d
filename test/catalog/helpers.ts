import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export const SERVICES_DIR = join(__dirname, '..', '..', 'services');

/** A service file of the repository's catalog, parsed. */
export function serviceEntry(service: string): any {
  return parse(readFileSync(join(SERVICES_DIR, `${service}.yaml`), 'utf8'));
}

/** A temporary catalog folder holding `files` (name → YAML text, or an object written as YAML). */
export function catalogDir(files: Record<string, string | object>): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : stringify(content));
  return dir;
}

/** A deep copy of `value` with `edit` applied. */
export function edited<T>(value: T, edit: (copy: any) => void): T {
  const copy = structuredClone(value);
  edit(copy);
  return copy;
}
