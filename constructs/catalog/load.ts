import { readFileSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { ErrorObject } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import type { Environment } from '../platform/config';
import { InputError, type InputProblem, show } from '../platform/errors';
import { SUBSTITUTION } from '../platform/grammar';
import { schemaErrors, validator } from '../platform/json-schema';
import type { CatalogEntry, ServiceTemplate } from './model';
import { CLAIM_KEYWORD, ENTRY_REGION_KEYWORD, ENTRY_SCHEMA, type JsonSchema } from './schema';
import { type StoreSelection, requestProblems, selectStore } from './selection';

/** One problem of one catalog file: the file, the field path (`requirements.latencyP99Ms`) and the reason. */
export type CatalogProblem = InputProblem;

/** Every problem of every catalog file, thrown at once: one synth run reports every mistake. */
export class CatalogError extends InputError {
  constructor(problems: readonly CatalogProblem[]) {
    super(problems, 'service catalog');
    this.name = 'CatalogError';
  }
}

/** A validated catalog entry with its store and the template that implements it. */
export interface CatalogService<T extends ServiceTemplate = ServiceTemplate> {
  readonly entry: CatalogEntry;
  readonly selection: StoreSelection;
  readonly template: T;
}

export interface LoadCatalogOptions<T extends ServiceTemplate> {
  /** Folder of `<service>.yaml` files. */
  readonly dir: string;
  /** The use-case implementations; (store, data model) picks one. */
  readonly templates: readonly T[];
  /** The platform's environments: entries may only name these and their regions. */
  readonly environments: readonly Environment[];
  /**
   * The stack and chart ids a service gets in an environment's region; two services (or a service
   * and a `reserved` id) giving the same id are refused.
   *
   * @default - no id is checked
   */
  readonly outputIds?: (service: string, environment: string, region: string) => readonly string[];
  /**
   * Ids that belong to no service (the shared network stacks), by environment and region.
   *
   * @default - none
   */
  readonly reservedIds?: (environment: string, region: string) => readonly string[];
}

const SERVICE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/**
 * Service names prefix object names (`<service>-janusgraph`, a DNS-1123 label of at most 63
 * characters) and the SNS topic display name `<service> alarms (<region>)` (at most 100 characters,
 * AWS::SNS::Topic DisplayName): 40 leaves room for both.
 */
export const MAX_SERVICE_NAME_LENGTH = 40;
/** One readable problem per ajv error. */
export function schemaProblems(file: string, prefix: string, data: unknown, errors: readonly ErrorObject[]): CatalogProblem[] {
  return schemaErrors(prefix, data, errors).map((p) => ({ file, ...p }));
}

/** `path` relative to the working directory when it is inside it (how messages name files). */
export function label(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/**
 * Reads every `<service>.yaml` of `dir`, validates it (YAML syntax, the entry schema, the request's
 * consistency, the platform's environments and regions, the store against the requirements, the
 * template's settings schema) and picks its store and template. Throws one `CatalogError` listing
 * every problem of every file; returns the services sorted by name otherwise.
 */
export function loadCatalog<T extends ServiceTemplate>(options: LoadCatalogOptions<T>): CatalogService<T>[] {
  const problems: CatalogProblem[] = [];
  const services: CatalogService<T>[] = [];
  let files: string[];
  try {
    // Any YAML-looking name is read (and refused unless `<service>.yaml`): `X.YAML` is never silently skipped.
    files = readdirSync(options.dir).filter((f) => /\.ya?ml$/i.test(f)).sort();
  } catch (e) {
    throw new CatalogError([{ file: label(options.dir), path: '(folder)', reason: `cannot be read as the service catalog: ${(e as Error).message}` }]);
  }
  for (const name of files) {
    const file = label(join(options.dir, name));
    const before = problems.length;
    const add = (path: string, reason: string) => problems.push({ file, path, reason });
    const service = name.replace(/\.ya?ml$/i, '');
    if (!SERVICE_NAME.test(service) || !name.endsWith('.yaml') || service.length > MAX_SERVICE_NAME_LENGTH) {
      add('(file)', `the file name must be <service>.yaml with a kebab-case service name (${SERVICE_NAME}) of at most ${MAX_SERVICE_NAME_LENGTH} characters, got ${show(name)}`);
      continue;
    }
    const lines = new LineCounter();
    let text: string;
    try {
      text = readFileSync(join(options.dir, name), 'utf8');
    } catch (e) {
      add('(file)', `cannot be read: ${(e as Error).message}`);
      continue;
    }
    const doc = parseDocument(text, { prettyErrors: false, lineCounter: lines });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const at = lines.linePos(e.pos[0]);
        add('(file)', `malformed YAML at line ${at.line}, column ${at.col}: ${e.message}`);
      }
      continue;
    }
    const data = doc.toJS();
    const substitutions = substitutionProblems(file, '', data);
    if (substitutions.length > 0) {
      problems.push(...substitutions);
      continue;
    }
    const validate = validator(ENTRY_SCHEMA);
    if (!validate(data)) {
      problems.push(...schemaProblems(file, '', data, validate.errors ?? []));
      continue;
    }
    const entry = { ...(data as object), service, file } as CatalogEntry;
    for (const p of requestProblems(entry.requirements, entry.regions, entry.sla.latencyP99Ms)) add(p.path, p.reason);
    for (const envName of Object.keys(entry.environments)) {
      const env = options.environments.find((e) => e.name === envName);
      if (!env) {
        add(`environments.${envName}`, `must be an environment of config/platform.ts (${options.environments.map((e) => e.name).join(', ')})`);
        continue;
      }
      entry.regions.forEach((r, i) => {
        if (!env.regions.some((x) => x.region === r)) {
          add(`regions[${i}]`, `must be a region of environment '${env.name}' (${env.regions.map((x) => x.region).join(', ')}), got ${show(r)}`);
        }
      });
    }
    const { selection, problems: storeProblems } = selectStore(entry.requirements, entry.store);
    for (const p of storeProblems) {
      add(entry.store ? 'store' : 'requirements', entry.store ? `'${entry.store}' does not meet the requirements: ${p}` : `no store meets the requirements: ${p}`);
    }
    const template = selection && options.templates.find((t) => t.store === selection.store && t.dataModel === entry.requirements.dataModel);
    if (selection && !template) {
      add('store', `no use-case template implements ${selection.store} for ${entry.requirements.dataModel} ` +
        `(templates: ${options.templates.map((t) => `${t.store}/${t.dataModel}`).join(', ')})`);
    }
    if (template) {
      const settings = validator(template.settingsSchema);
      for (const [envName, value] of Object.entries(entry.environments)) {
        if (!settings(value)) problems.push(...schemaProblems(file, `environments.${envName}`, value, settings.errors ?? []));
        else problems.push(...entryRegionProblems(file, entry.regions, template.settingsSchema as JsonSchema, value, `environments.${envName}`));
      }
    }
    if (problems.length === before && selection && template) services.push({ entry, selection, template });
  }
  problems.push(...collisionProblems(services, options));
  if (problems.length > 0) throw new CatalogError(problems);
  return services;
}

/** A string holding `${` anywhere in the file: CDK would read it as a token, CloudFormation as an `Fn::Sub` variable. */
function substitutionProblems(file: string, at: string, value: unknown): CatalogProblem[] {
  if (typeof value === 'string') {
    return SUBSTITUTION.test(value) ? [{ file, path: at || '(root)', reason: `must not contain '\${' (CDK tokens and CloudFormation substitutions), got ${show(value)}` }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => substitutionProblems(file, `${at}[${i}]`, v));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(SUBSTITUTION.test(k) ? [{ file, path: at || '(root)', reason: `field names must not contain '\${', got ${show(k)}` }] : []),
      ...substitutionProblems(file, at ? `${at}.${k}` : k, v),
    ]);
  }
  return [];
}

/** One name a service owns: what it is (`kind`), where (`scope`), and the field that gives it. */
export interface NameClaim {
  readonly kind: string;
  readonly scope: string;
  readonly name: string;
  readonly path: string;
}

/** The values of `data` whose schema node carries annotation `keyword`, with their dotted paths. */
export function annotated(keyword: string, schema: JsonSchema, data: unknown, at: string): { kind: string; value: unknown; path: string }[] {
  const out: { kind: string; value: unknown; path: string }[] = [];
  const kind = schema[keyword];
  if (typeof kind === 'string') out.push({ kind, value: data, path: at });
  if (Array.isArray(data) && schema.items && typeof schema.items === 'object') {
    data.forEach((v, i) => out.push(...annotated(keyword, schema.items as JsonSchema, v, `${at}[${i}]`)));
  } else if (data && typeof data === 'object') {
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties as JsonSchema : undefined;
    for (const [k, v] of Object.entries(data)) {
      const sub = props[k] ?? extra;
      if (sub) out.push(...annotated(keyword, sub, v, `${at}.${k}`));
    }
  }
  for (const alt of [...(schema.oneOf as JsonSchema[] ?? []), ...(schema.anyOf as JsonSchema[] ?? [])]) {
    if (validator(alt)(data)) out.push(...annotated(keyword, alt, data, at));
  }
  return out;
}

/** The names `data` claims (`CLAIM_KEYWORD`). */
export function claimsOf(schema: JsonSchema, data: unknown, at: string): { kind: string; name: string; path: string }[] {
  return annotated(CLAIM_KEYWORD, schema, data, at).filter((c) => typeof c.value === 'string').map((c) => ({ kind: c.kind, name: c.value as string, path: c.path }));
}

/** Region fields (`ENTRY_REGION_KEYWORD`) naming a region the entry does not run in. */
function entryRegionProblems(file: string, regions: readonly string[], schema: JsonSchema, data: unknown, at: string): CatalogProblem[] {
  const bad = (path: string, r: unknown): CatalogProblem => ({ file, path, reason: `must be one of the service's regions (${regions.join(', ')}), got ${show(r)}` });
  return annotated(ENTRY_REGION_KEYWORD, schema, data, at).flatMap((a) => {
    if (a.kind === 'value') return typeof a.value === 'string' && !regions.includes(a.value) ? [bad(a.path, a.value)] : [];
    return a.value && typeof a.value === 'object' ? Object.keys(a.value).filter((k) => !regions.includes(k)).map((k) => bad(`${a.path}.${k}`, k)) : [];
  });
}

/**
 * Names two services must not share, in a region of an environment: every claimed name (namespaces,
 * keyspaces, cluster and cache names, which become Kubernetes object names and AWS physical names)
 * and every stack and chart id. A copy of a file under another name claims everything twice.
 */
function collisionProblems(services: readonly CatalogService[], options: LoadCatalogOptions<ServiceTemplate>): CatalogProblem[] {
  const owners = new Map<string, { file: string; path: string }>();
  // One problem per clashing field and other file, listing where they clash.
  const clashes = new Map<string, { problem: Omit<CatalogProblem, 'reason'>; what: string; other: { file: string; path: string }; where: string[] }>();
  const claim = (kind: string, name: string, envName: string, region: string, file: string, path: string) => {
    const key = `${kind}|${envName}|${region}|${name}`;
    const first = owners.get(key);
    if (!first) {
      owners.set(key, { file, path });
      return;
    }
    if (first.file === file) return;
    const clash = `${file}|${path}|${first.file}|${kind}|${name}`;
    const c = clashes.get(clash) ?? { problem: { file, path }, what: `${kind} ${show(name)}`, other: first, where: [] };
    c.where.push(`${envName}/${region}`);
    clashes.set(clash, c);
  };
  for (const env of options.environments) {
    for (const r of env.regions) {
      for (const id of options.reservedIds?.(env.name, r.region) ?? []) owners.set(`stack/chart id|${env.name}|${r.region}|${id}`, { file: 'bin/aws.ts', path: 'the shared network stack' });
    }
  }
  for (const { entry, template } of services) {
    for (const [envName, settings] of Object.entries(entry.environments)) {
      for (const region of entry.regions) {
        for (const id of options.outputIds?.(entry.service, envName, region) ?? []) {
          claim('stack/chart id', id, envName, region, entry.file, '(file)');
        }
        for (const c of claimsOf(template.settingsSchema as JsonSchema, settings, `environments.${envName}`)) {
          // Cassandra (and Keyspaces) fold unquoted identifiers to lowercase: Viewing_History is viewing_history.
          claim(c.kind, c.kind === 'keyspace' ? c.name.toLowerCase() : c.name, envName, region, entry.file, c.path);
        }
      }
    }
  }
  return [...clashes.values()].map((c) => ({
    ...c.problem,
    reason: `${c.what} is already used by ${c.other.file} (${c.other.path}) in ${c.where.join(', ')}: two services must not share it`,
  }));
}
