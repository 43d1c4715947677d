import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { show } from './errors';

/**
 * One ajv for every input schema (the catalog's, the platform configuration's). `verbose`: errors
 * carry their schema, so an unknown field's message lists the allowed ones. `claim` is an
 * annotation the catalog reads (`constructs/catalog/schema.ts`).
 */
const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
ajv.addVocabulary(['claim']);
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

/** One readable problem (field path + reason) per ajv error. */
export function schemaErrors(prefix: string, data: unknown, errors: readonly ErrorObject[]): { path: string; reason: string }[] {
  return errors.map((e) => {
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
      case 'pattern': {
        const allowed = (e.parentSchema as { description?: string })?.description;
        return { path: at, reason: allowed ? `must be ${allowed}, got ${got}` : `${e.message}, got ${got}` };
      }
      default:
        return { path: at, reason: `${e.message}, got ${got}` };
    }
  });
}
