import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { catalogSettings } from '../../lib/use-cases';

/**
 * The fixture catalog (copies of `services/*.yaml`, see its README): construct and use-case tests
 * read these, so a team editing its own service file does not break them.
 */
export const FIXTURE_CATALOG_DIR = join(__dirname, '..', 'fixtures', 'catalog');

/** A service file of the fixture catalog, parsed. */
export function fixtureEntry(service: string): any {
  return parse(readFileSync(join(FIXTURE_CATALOG_DIR, `${service}.yaml`), 'utf8'));
}

/** The settings of a fixture catalog service in `environment` (its template's Settings). */
export function fixtureSettings<S>(service: string, environment = 'prod'): S {
  return catalogSettings<S>(service, environment, FIXTURE_CATALOG_DIR);
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
