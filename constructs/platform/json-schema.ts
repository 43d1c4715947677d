import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { show } from './errors';

/**
 * One ajv for every input schema (the catalog's, the platform configuration's). `verbose`: errors
 * carry their schema, so an unknown field's message lists the allowed ones. `claim` and
 * `entryRegion` are annotations the catalog reads (`constructs/catalog/schema.ts`).
 */
const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
ajv.addVocabulary(['claim', 'entryRegion']);
const validators = new Map<object, ValidateFunction>();

/** The compiled validator of `schema` (compiled once per schema object). */
export function validator(schema: object): ValidateFunction {
  let v = validators.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    validators.set(schema, v);
  }
  return v;
}

/** `/requirements/latencyP99Ms` → `requirements.latencyP99Ms`; array indices as `[0]`. */
function dotted(prefix: string, instancePath: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = prefix;
  for (const part of parts) out = /^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part;
  return out || '(root)';
}

function valueAt(data: unknown, instancePath: string): unknown {
  let v: any = data;
  for (const part of instancePath.split('/').slice(1)) v = v?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

/** A short description of a schema node, for "must be one of" messages. */
function describe(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => show(v)).join(' | ');
  if ('const' in schema) return show(schema.const);
  if (schema.type === 'object') return `an object with ${Object.keys((schema.properties as object) ?? {}).join(', ') || 'any fields'}`;
  return String(schema.description ?? schema.type ?? 'a value');
}

/**
 * One readable problem (field path + reason) per wrong field: ajv's errors for one field (a
 * pattern and a length, the branches of a `oneOf`) become one problem.
 */
export function schemaErrors(prefix: string, data: unknown, errors: readonly ErrorObject[]): { path: string; reason: string }[] {
  // The branches of a failed oneOf/anyOf explain it; report the oneOf alone.
  const alternatives = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const kept = errors.filter((e) => !alternatives.some((a) => a !== e && e.schemaPath.startsWith(`${a.schemaPath}/`)));
  const byPath = new Map<string, string[]>();
  for (const e of kept) {
    const p = problemOf(prefix, data, e);
    const reasons = byPath.get(p.path) ?? [];
    if (!reasons.includes(p.reason)) reasons.push(p.reason);
    byPath.set(p.path, reasons);
  }
  return [...byPath].map(([path, reasons]) => ({ path, reason: reasons.join('; ') }));
}

function problemOf(prefix: string, data: unknown, e: ErrorObject): { path: string; reason: string } {
  const at = dotted(prefix, e.instancePath);
  const got = show(valueAt(data, e.instancePath));
  switch (e.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      return { path: at === '(root)' ? e.params.additionalProperty : `${at}.${e.params.additionalProperty}`,
        reason: `unknown field${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}` };
    }
    case 'required':
      return { path: at === '(root)' ? e.params.missingProperty : `${at}.${e.params.missingProperty}`, reason: 'is required' };
    case 'enum':
      return { path: at, reason: `must be one of ${(e.params.allowedValues as string[]).join(', ')}, got ${got}` };
    case 'type':
      return { path: at, reason: `must be ${e.params.type}, got ${got}` };
    case 'oneOf':
    case 'anyOf':
      return { path: at, reason: `must be one of: ${((e.schema as Record<string, unknown>[]) ?? []).map(describe).join('; or ')}, got ${got}` };
    case 'pattern': {
      const allowed = (e.parentSchema as { description?: string })?.description;
      return { path: at, reason: allowed ? `must be ${allowed}, got ${got}` : `${e.message}, got ${got}` };
    }
    default:
      return { path: at, reason: `${e.message}, got ${got}` };
  }
}
