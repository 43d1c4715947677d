import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** JSON with object keys sorted: the same value always gives the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const digest = (value: unknown) => createHash('sha256').update(canonical(value)).digest('hex').slice(0, 16);

/**
 * What a deployed resource's identity and configuration hang on, per output file:
 * - per stack (`<Stack>.template.json`): every resource's logical id → type, deletion policies and a digest of its
 *   properties, and every output's name → a digest of it;
 * - per manifest (`<chart>.k8s.yaml`): every object's `kind namespace/name` → a digest of the whole object.
 * A changed digest is a changed (or replaced) resource; a missing key a removed one.
 */
export type Fingerprint = Record<string, Record<string, string>>;

export function fingerprint(cdkOut: string, k8sDir: string): Fingerprint {
  const out: Fingerprint = {};
  for (const f of readdirSync(cdkOut).filter((x) => x.endsWith('.template.json')).sort()) {
    const t = JSON.parse(readFileSync(join(cdkOut, f), 'utf8'));
    const entries: Record<string, string> = {};
    for (const [id, r] of Object.entries<any>(t.Resources ?? {})) {
      entries[id] = `${r.Type} ${r.DeletionPolicy ?? '-'} ${r.UpdateReplacePolicy ?? '-'} ${digest(r.Properties ?? {})}`;
    }
    for (const [id, o] of Object.entries<any>(t.Outputs ?? {})) entries[`Outputs.${id}`] = digest(o);
    out[f] = entries;
  }
  for (const f of readdirSync(k8sDir).filter((x) => x.endsWith('.k8s.yaml')).sort()) {
    const entries: Record<string, string> = {};
    for (const doc of parseAllDocuments(readFileSync(join(k8sDir, f), 'utf8'))) {
      const o = doc.toJS();
      if (!o) continue;
      entries[`${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`] = digest(o);
    }
    out[f] = entries;
  }
  return out;
}
