import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { ENTRY_SCHEMA, type JsonSchema } from '../../constructs/catalog/schema';
import { TEMPLATES } from '../../lib/use-cases';
import { userErrorLines } from '../../bin/cli';
import { REPO, folderOf, inputErrorLines, previousOutput, runEntryPoint, treeDigest } from '../helpers/inputs';

/**
 * Property-based bad catalogs: one of the repository's six files (or two of them) made invalid in
 * one way fast-check picks, the way a user would: a value of the wrong type, out of its limits or
 * outside its grammar, a `${...}`, an unknown or a missing field, a name another service owns, a
 * copied file, broken YAML. Every such catalog must be refused at load with one line per problem,
 * `<file>: <field>: <reason>`, naming the file and field the mutation touched. Seeded; FC_SEED=<n>
 * explores others. The last describe runs the real entry points on a sample of them.
 */
const runs = { numRuns: Number(process.env.FC_RUNS ?? 150), seed: Number(process.env.FC_SEED ?? 20261201) };

const SERVICES = join(REPO, 'services');
const FILES = readdirSync(SERVICES).filter((f) => f.endsWith('.yaml')).sort();
const TEXT = Object.fromEntries(FILES.map((f) => [f, readFileSync(join(SERVICES, f), 'utf8')]));
const DATA: Record<string, any> = Object.fromEntries(FILES.map((f) => [f, parse(TEXT[f])]));
const templateOf = (file: string) => TEMPLATES.find((t) => t.exemplar === file.replace(/\.yaml$/, ''))!;

type Key = string | number;
/** A field of a file: its path as keys and as the loader spells it (`environments.prod.aws.port`, `regions[0]`). */
interface Field { readonly keys: readonly Key[]; readonly path: string; readonly schema: JsonSchema; readonly value: unknown }
const dotted = (keys: readonly Key[]) => keys.reduce<string>((out, k) => (typeof k === 'number' ? `${out}[${k}]` : out ? `${out}.${k}` : k), '');

/** Every field of `data` with the schema node that governs it (oneOf branches are not entered). */
function fieldsOf(schema: JsonSchema, data: unknown, keys: Key[] = []): Field[] {
  const here: Field = { keys, path: dotted(keys), schema, value: data };
  if (Array.isArray(data) && schema.items) return [here, ...data.flatMap((v, i) => fieldsOf(schema.items as JsonSchema, v, [...keys, i]))];
  if (data && typeof data === 'object' && !schema.oneOf && !schema.anyOf) {
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties as JsonSchema : undefined;
    return [here, ...Object.entries(data).flatMap(([k, v]) => {
      const sub = props[k] ?? extra;
      return sub ? fieldsOf(sub, v, [...keys, k]) : [];
    })];
  }
  return [here];
}

/** Fields of a file, the settings read with their template's schema. */
function fileFields(file: string): Field[] {
  const data = DATA[file];
  const top = fieldsOf(ENTRY_SCHEMA, data).filter((f) => f.keys[0] !== 'environments' || f.keys.length === 1);
  const settings = Object.entries(data.environments).flatMap(([env, v]) => fieldsOf(templateOf(file).settingsSchema as JsonSchema, v, ['environments', env]));
  return [...top, ...settings.filter((f) => f.keys.length > 2)];
}
const FIELDS = Object.fromEntries(FILES.map((f) => [f, fileFields(f)]));

function setAt(root: any, keys: readonly Key[], value: unknown): any {
  const copy = structuredClone(root);
  if (keys.length === 0) return value;
  let o = copy;
  for (const k of keys.slice(0, -1)) o = o[k];
  if (value === undefined) delete o[keys[keys.length - 1]]; else o[keys[keys.length - 1]] = value;
  return copy;
}

/** One invalid catalog: its files, and a file and field one of the printed lines must name. */
interface Case { readonly what: string; readonly files: Record<string, string | object>; readonly file: string; readonly path: string; readonly mentions?: string }

const file = fc.constantFrom(...FILES);
const fieldOf = (pick: (f: Field) => boolean) => file.chain((name) => {
  const fields = FIELDS[name].filter(pick);
  return fields.length ? fc.constantFrom(...fields).map((f) => ({ name, f })) : fc.constant(undefined);
}).filter((x): x is { name: string; f: Field } => x !== undefined);
const withFile = (name: string, content: object | string, others: Record<string, string | object> = {}): Record<string, string | object> =>
  ({ ...Object.fromEntries(FILES.map((f) => [f, TEXT[f]])), ...others, [name]: content });

const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const wrongType = (v: unknown): fc.Arbitrary<unknown> => typeof v === 'number' ? fc.constantFrom('12', 'many', true, [v]) :
  typeof v === 'string' ? fc.constantFrom(42, false, [v], { value: v }) : fc.constantFrom('yes', 1, ['x']);

const cases: fc.Arbitrary<Case> = fc.oneof(
  // A scalar of the wrong type.
  fieldOf((f) => isScalar(f.value)).chain(({ name, f }) => wrongType(f.value).map((v): Case =>
    ({ what: `type of ${f.path}`, files: withFile(name, setAt(DATA[name], f.keys, v)), file: name, path: f.path }))),
  // A number outside its schema's bounds (the limits tables where the store has one).
  fieldOf((f) => typeof f.value === 'number' && (f.schema.minimum !== undefined || f.schema.maximum !== undefined
    || f.schema.exclusiveMinimum !== undefined || f.schema.exclusiveMaximum !== undefined || f.schema.type === 'integer'))
    .chain(({ name, f }) => {
      const s = f.schema as Record<string, number | string>;
      const out: unknown[] = [];
      if (typeof s.maximum === 'number') out.push(s.maximum + 1, s.maximum + 1e6);
      if (typeof s.exclusiveMaximum === 'number') out.push(s.exclusiveMaximum);
      if (typeof s.minimum === 'number') out.push(s.minimum - 1);
      if (typeof s.exclusiveMinimum === 'number') out.push(s.exclusiveMinimum);
      if (s.type === 'integer') out.push((f.value as number) + 0.5);
      return fc.constantFrom(...out).map((v): Case => ({ what: `limit of ${f.path}`, files: withFile(name, setAt(DATA[name], f.keys, v)), file: name, path: f.path }));
    }),
  // A string outside its grammar (Kubernetes names, images, buckets, regions, ...), or too long.
  fieldOf((f) => typeof f.value === 'string' && (typeof f.schema.pattern === 'string' || typeof f.schema.maxLength === 'number'))
    .chain(({ name, f }) => {
      const re = typeof f.schema.pattern === 'string' ? new RegExp(f.schema.pattern as string, 'u') : undefined;
      const long = typeof f.schema.maxLength === 'number' ? [`${'a'.repeat(f.schema.maxLength as number)}b`] : [];
      const bad = fc.oneof(
        fc.constantFrom(...long, 'UPPER', 'white space', 'semi;colon', '$(reboot)', 'a`b`', '-leading', 'image:latest', 'x'.repeat(300)),
        fc.string({ maxLength: 70 }),
      ).filter((v) => v !== f.value && !v.includes('${') && (!re || !re.test(v) || v.length > ((f.schema.maxLength as number) ?? Infinity)));
      return bad.map((v): Case => ({ what: `grammar of ${f.path}`, files: withFile(name, setAt(DATA[name], f.keys, v)), file: name, path: f.path }));
    }),
  // A CDK token / CloudFormation substitution in any string.
  fieldOf((f) => typeof f.value === 'string').chain(({ name, f }) => fc.constantFrom('${Token[TOKEN.1]}', 'x-${AWS::Region}', '${AWS::AccountId}')
    .map((v): Case => ({ what: `substitution in ${f.path}`, files: withFile(name, setAt(DATA[name], f.keys, v)), file: name, path: f.path }))),
  // An unknown field in any object.
  fieldOf((f) => f.value !== null && typeof f.value === 'object' && !Array.isArray(f.value))
    .map(({ name, f }): Case => {
      const keys = [...f.keys, 'unexpectedField'];
      return { what: `unknown field under ${f.path || '(root)'}`, files: withFile(name, setAt(DATA[name], keys, { nested: true })), file: name, path: dotted(keys) };
    }),
  // A required field missing.
  fieldOf((f) => Array.isArray(f.schema.required) && (f.schema.required as string[]).length > 0)
    .chain(({ name, f }) => fc.constantFrom(...(f.schema.required as string[])).map((k): Case => {
      const keys = [...f.keys, k];
      return { what: `missing ${dotted(keys)}`, files: withFile(name, setAt(DATA[name], keys, undefined)), file: name, path: dotted(keys) };
    })),
  // A verbatim copy of a file under another name: everything it claims is claimed twice.
  file.map((name): Case => ({ what: `copy of ${name}`, files: withFile(`zz-copy-of-${name}`, TEXT[name]), file: `zz-copy-of-${name}`, path: '', mentions: name })),
  // One service's claimed name (namespace, keyspace, cluster or cache name) given to another.
  fc.tuple(fieldOf((f) => typeof f.schema.claim === 'string'), fieldOf((f) => typeof f.schema.claim === 'string'))
    .filter(([a, b]) => a.name !== b.name && a.f.schema.claim === b.f.schema.claim && a.f.value !== b.f.value
      && DATA[a.name].regions.some((r: string) => DATA[b.name].regions.includes(r)))
    .map(([a, b]): Case => {
      const [first, second] = [a.name, b.name].sort();
      const taker = second === b.name ? b : a;
      const owner = taker === b ? a : b;
      return { what: `${taker.f.path} of ${taker.name} set to ${owner.name}'s`, files: withFile(taker.name, setAt(DATA[taker.name], taker.f.keys, owner.f.value)),
        file: taker.name, path: taker.f.path, mentions: first === taker.name ? undefined : owner.name };
    }),
  // Broken YAML, and a file name that is no service name.
  file.map((name): Case => ({ what: `broken YAML in ${name}`, files: withFile(name, `${TEXT[name]}\nbroken: [unclosed\n`), file: name, path: '(file)' })),
  file.map((name): Case => {
    const others = withFile(name, TEXT[name]);
    delete others[name];
    return { what: `file name of ${name}`, files: { ...others, [name.replace(/-/g, '_').toUpperCase()]: TEXT[name] }, file: name.replace(/-/g, '_').toUpperCase(), path: '(file)' };
  }),
);

/** The checks every invalid catalog must pass, given the lines the entry points would print. */
function expectClean(c: Case, dir: string, lines: readonly string[]): void {
  const label = (f: string) => join(dir, f);
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line).not.toContain('\n');
    // `<file>: <field>: <reason>`, the file one of the catalog's.
    expect(line).toMatch(/^\S+\.ya?ml: \S.*: \S/i);
    expect(line.startsWith(dir)).toBe(true);
  }
  const named = lines.filter((l) => l.startsWith(`${label(c.file)}: ${c.path ? `${c.path}:` : ''}`));
  if (named.length === 0) throw new Error(`${c.what}: no line names ${c.file} ${c.path}:\n${lines.join('\n')}`);
  if (c.mentions) expect(named.some((l) => l.includes(label(c.mentions!)))).toBe(true);
}

describe('every invalid catalog fast-check generates is refused at load, one clean line per problem', () => {
  test('control: the repository catalog, copied, loads', () => {
    expect(() => inputErrorLines({ SERVICES_DIR: folderOf(withFile(FILES[0], TEXT[FILES[0]])) })).toThrow(/the inputs loaded/);
  });

  test('naming the file and field of the mutation', () => {
    fc.assert(fc.property(cases, (c) => {
      const dir = folderOf(c.files);
      expectClean(c, dir, inputErrorLines({ SERVICES_DIR: dir }));
    }), runs);
  });
});

describe('the entry points on a sample of them: exit 1, the same lines on stderr, no stack trace, the previous output untouched', () => {
  const entries = ['synth', 'aws', 'k8s', 'benchmarks'];
  const sample = fc.sample(cases, { numRuns: entries.length, seed: runs.seed });

  test.each(sample.map((c, i) => [entries[i % entries.length], c.what, c] as const))('bin/%s.ts: %s', (entry, _what, c) => {
    const dir = folderOf(c.files);
    const previous = previousOutput();
    const before = treeDigest(previous.root);
    const r = runEntryPoint(entry, { ...previous.vars, SERVICES_DIR: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.slice(0, -1)).toEqual(inputErrorLines({ SERVICES_DIR: dir }));
    expect(lines[lines.length - 1]).toMatch(/: \d+ input problems?; nothing was written$/);
    expectClean(c, dir, lines.slice(0, -1));
    expect(treeDigest(previous.root)).toEqual(before);
  });
});

describe('a rule only a construct checks (a cross-field rule the schema cannot express)', () => {
  test('bin/k8s.ts prints it as the service file and the construct path, one line, exit 1, no stack trace', () => {
    const vh = TEXT['viewing-history.yaml'];
    expect(vh).toContain('heapGiB: 16');
    // 20 is within the table's 1..31 (the schema takes it); above memoryGiB / 2 = 16 only the construct sees.
    expect(vh).toContain('memoryGiB: 32');
    const dir = folderOf({ 'viewing-history.yaml': vh.replace('heapGiB: 16', 'heapGiB: 20') });
    const previous = previousOutput();
    const before = treeDigest(previous.root);
    const r = runEntryPoint('k8s', { ...previous.vars, SERVICES_DIR: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${join(dir, 'viewing-history.yaml')}: \\(viewing-history-prod-[a-z0-9-]+/Cassandra\\): \`heapGiB\` must be an integer from 1 to min\\(31, memoryGiB / 2 = 16\\), got 20$`)),
      'bin/k8s.ts: 1 input problem; nothing was written',
    ]);
    expect(treeDigest(previous.root)).toEqual(before);
  });
});

describe('what counts as a user error', () => {
  test('an internal bug (any other Error) is not reformatted: runMain rethrows it with its stack', () => {
    expect(userErrorLines(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBeUndefined();
  });
});
