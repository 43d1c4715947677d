import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { platform } from '../../config/platform';
import { isDns1123Label, isDns1123Subdomain, isLabelValue } from '../../constructs/platform/grammar';
import { folderOf, inputErrorLines, previousOutput, runEntryPoint, treeDigest } from '../helpers/inputs';

/**
 * Property-based bad platform configurations: `config/platform.ts`'s configuration, written as
 * JSON (`PLATFORM_CONFIG`), made invalid in one way fast-check picks. Every one must be refused
 * before anything is built, one line per problem, `<file>: \`<field>\` <reason>`, naming the field
 * the mutation touched. Seeded; FC_SEED=<n> explores others.
 */
const runs = { numRuns: Number(process.env.FC_RUNS ?? 150), seed: Number(process.env.FC_SEED ?? 20261201) };

type Key = string | number;
const base: any = structuredClone(platform);
const dotted = (keys: readonly Key[]) => keys.reduce<string>((out, k) => (typeof k === 'number' ? `${out}[${k}]` : out ? `${out}.${k}` : k), '');
function leaves(v: unknown, keys: Key[] = []): { keys: Key[]; value: unknown }[] {
  if (Array.isArray(v)) return [{ keys, value: v }, ...v.flatMap((x, i) => leaves(x, [...keys, i]))];
  if (v && typeof v === 'object') return [{ keys, value: v }, ...Object.entries(v).flatMap(([k, x]) => leaves(x, [...keys, k]))];
  return [{ keys, value: v }];
}
const FIELDS = leaves(base).filter((f) => f.keys.length > 0);
function setAt(keys: readonly Key[], value: unknown): any {
  const copy = structuredClone(base);
  let o = copy;
  for (const k of keys.slice(0, -1)) o = o[k];
  if (value === undefined) delete o[keys[keys.length - 1]]; else o[keys[keys.length - 1]] = value;
  return copy;
}

/** `field`, or `or` (an overlap is reported on the later of the two regions). */
interface Case { readonly what: string; readonly config: unknown; readonly field: string; readonly or?: string }
const regions = base.environments[0].regions as any[];
const region = fc.integer({ min: 0, max: regions.length - 1 });
const at = (i: number, rest: string) => `environments[0].regions[${i}].${rest}`;
const kube = (i: number, key: string, value: unknown): Case =>
  ({ what: `${key} of region ${i}`, config: setAt(['environments', 0, 'regions', i, 'kubernetes', key], value), field: at(i, `kubernetes.${key}`) });
const REQUIRED = new Set(['environments', 'name', 'production', 'regions', 'region', 'account', 'availabilityZones', 'kubernetes', 'context', 'storageClass', 'podCidr']);

const cases: fc.Arbitrary<Case> = fc.oneof(
  // A value of the wrong type anywhere.
  fc.constantFrom(...FIELDS).chain((f) => fc.constantFrom(...(typeof f.value === 'string' ? [7, true, null] : typeof f.value === 'boolean' ? ['true', 1] : ['x', 3]))
    .map((v): Case => ({ what: `type of ${dotted(f.keys)}`, config: setAt(f.keys, v), field: dotted(f.keys) }))),
  // An unknown field in any object (a typo of an optional field is never ignored).
  fc.constantFrom(...FIELDS.filter((f) => f.value && typeof f.value === 'object' && !Array.isArray(f.value)))
    .map((f): Case => ({ what: `unknown field under ${dotted(f.keys)}`, config: setAt([...f.keys, 'primaryRgion'], 'us-east-1'), field: dotted([...f.keys, 'primaryRgion']) })),
  // A required field missing.
  fc.constantFrom(...FIELDS.filter((f) => typeof f.keys[f.keys.length - 1] === 'string' && REQUIRED.has(f.keys[f.keys.length - 1] as string)))
    .map((f): Case => ({ what: `missing ${dotted(f.keys)}`, config: setAt(f.keys, undefined), field: dotted(f.keys) })),
  // Pod networks: not a CIDR, host bits set, overlapping another region's.
  fc.tuple(region, fc.oneof(fc.constantFrom('10.256.0.0/16', '10.1.0.0/33', '10.1.0/16', 'ten/8', '10.1.0.0', ' 10.1.0.0/16'), fc.string({ maxLength: 20 })))
    .map(([i, v]) => kube(i, 'podCidr', v)),
  fc.tuple(region, fc.integer({ min: 1, max: 255 })).map(([i, o]) => kube(i, 'podCidr', `10.${i + 1}.${o}.0/16`)),
  fc.tuple(region, region, fc.integer({ min: 8, max: 16 })).filter(([i, j]) => i !== j).map(([i, j, prefix]) => {
    const [a, b] = regions[j].kubernetes.podCidr.split('.');
    return { ...kube(i, 'podCidr', `${a}.${prefix === 8 ? 0 : b}.0.0/${prefix}`), or: at(j, 'kubernetes.podCidr') };
  }),
  // Kubernetes names: contexts (ClientConfig names), storage classes, zones, namespaces, labels.
  fc.tuple(region, fc.constantFrom('context', 'storageClass'), fc.string({ maxLength: 30 }).filter((s) => !isDns1123Subdomain(s))).map(([i, k, v]) => kube(i, k, v)),
  fc.tuple(region, region).filter(([i, j]) => i !== j).map(([i, j]) => kube(Math.max(i, j), 'context', regions[Math.min(i, j)].kubernetes.context)),
  fc.tuple(region, fc.string({ minLength: 1, maxLength: 70 }).filter((s) => !isLabelValue(s)))
    .map(([i, z]): Case => ({ ...kube(i, 'zones', [z, 'b', 'c']), field: at(i, 'kubernetes.zones[0]') })),
  fc.string({ maxLength: 70 }).filter((s) => !isDns1123Label(s))
    .map((v): Case => ({ what: 'monitoringNamespace', config: setAt(['environments', 0, 'monitoringNamespace'], v), field: 'environments[0].monitoringNamespace' })),
  fc.string({ minLength: 1, maxLength: 70 }).filter((s) => !isLabelValue(s))
    .map((v): Case => ({ what: 'prometheusRelease', config: setAt(['environments', 0, 'prometheusRelease'], v), field: 'environments[0].prometheusRelease' })),
  fc.constantFrom('ops', 'Ops <ops@example.com>', 'a@b', 'a b@example.com')
    .map((v): Case => ({ what: 'alarmEmail', config: setAt(['environments', 0, 'alarmEmail'], v), field: 'environments[0].alarmEmail' })),
);

function expectClean(c: Case, file: string, lines: readonly string[]): void {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line).not.toContain('\n');
    expect(line.startsWith(`${file}: \``)).toBe(true);
  }
  const names = (field: string) => {
    const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return lines.some((l) => new RegExp(`^[^\`]*\`${escaped}([.[][^\`]*)?\` `).test(l));
  };
  if (!names(c.field) && !(c.or && names(c.or))) {
    throw new Error(`${c.what}: no line names \`${c.field}\`:\n${lines.join('\n')}`);
  }
}

function configFile(config: unknown): string {
  const file = join(folderOf({}, 'platform-'), 'platform.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe('every invalid platform configuration fast-check generates is refused, one clean line per problem', () => {
  test('control: the repository configuration, as JSON, loads', () => {
    expect(() => inputErrorLines({ PLATFORM_CONFIG: configFile(base) })).toThrow(/the inputs loaded/);
  });

  test('naming the file and the field of the mutation', () => {
    fc.assert(fc.property(cases, (c) => {
      const file = configFile(c.config);
      expectClean(c, file, inputErrorLines({ PLATFORM_CONFIG: file }));
    }), runs);
  });

  test('a configuration file that does not parse: one line naming the file', () => {
    const file = join(folderOf({}, 'platform-'), 'platform.json');
    writeFileSync(file, '{ "environments": [');
    expect(inputErrorLines({ PLATFORM_CONFIG: file })).toEqual([expect.stringMatching(new RegExp(`^${file}: \\(file\\): cannot be read: `))]);
  });
});

describe('npm run synth on a sample of them: exit 1, no stack trace, the previous output untouched', () => {
  test.each(fc.sample(cases, { numRuns: 2, seed: runs.seed }).map((c) => [c.what, c] as const))('%s', (_what, c) => {
    const file = configFile(c.config);
    const previous = previousOutput();
    const before = treeDigest(previous.root);
    const r = runEntryPoint('synth', { ...previous.vars, PLATFORM_CONFIG: file });
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.slice(0, -1)).toEqual(inputErrorLines({ PLATFORM_CONFIG: file }));
    expectClean(c, file, lines.slice(0, -1));
    expect(treeDigest(previous.root)).toEqual(before);
  });
});
