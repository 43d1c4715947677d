import { App } from 'aws-cdk-lib';
import fc from 'fast-check';
import { Construct } from 'constructs';
import type { TimeSeriesSettings } from '../../lib/time-series';
import { fixtureSettings } from '../catalog/helpers';
import { type EnvironmentConfig, resolvePlatform } from '../../constructs/platform/config';
import { PlatformValidationError } from '../../constructs/platform/errors';
import { KNOWN_REGIONS } from '../../constructs/platform/regions';
import type { ServiceLevelObjectives } from '../../constructs/platform/sla';
import { type RegionPlacement, resolveTopology } from '../../constructs/platform/topology';
import { TimeSeriesStack } from '../../lib/time-series';
import { environmentConfig, testEnvironment } from '../helpers/environment';

/** The viewing-history service's settings in the fixture catalog (test/fixtures/catalog/viewing-history.yaml). */
const viewingHistory = fixtureSettings<TimeSeriesSettings>('viewing-history');

/**
 * Property-based bad input: one field of a valid configuration made invalid, any way fast-check
 * finds; construction must throw a PlatformValidationError whose message names that field.
 * Seeded, so a run is reproducible (FC_SEED=<n> explores other inputs).
 */
const runs = { numRuns: 60, seed: Number(process.env.FC_SEED ?? 20261126) };

/** Throws unless `fn` throws a PlatformValidationError naming `` `field` ``. */
function expectFieldError(fn: () => unknown, field: string): void {
  let error: unknown;
  try { fn(); } catch (e) { error = e; }
  expect(error).toBeInstanceOf(PlatformValidationError);
  // The field itself, or a part of it (`zones[0]` for `zones`).
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect((error as Error).message).toMatch(new RegExp(`\`${escaped}([.[][^\`]*)?\``));
}

const notMatching = (re: RegExp) => fc.string({ maxLength: 30 }).filter((s) => !re.test(s));
const badNumber = fc.oneof(fc.integer({ max: 0 }), fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }), fc.constant(Number.NaN));

describe('invalid environment configurations', () => {
  const valid = environmentConfig();
  type Mutation = { field: string; config: EnvironmentConfig };
  const region = fc.integer({ min: 0, max: valid.regions.length - 1 });
  const withRegion = (i: number, patch: (r: EnvironmentConfig['regions'][number]) => object): EnvironmentConfig =>
    ({ ...valid, regions: valid.regions.map((r, j) => (j === i ? { ...r, ...patch(r) } : r)) });

  const mutations: fc.Arbitrary<Mutation> = fc.oneof(
    notMatching(/^[a-z][a-z0-9-]{0,19}$/).map((name) => ({ field: 'environments[0].name', config: { ...valid, name } })),
    fc.constant<Mutation>({ field: 'environments[0].regions', config: { ...valid, regions: [] } }),
    fc.tuple(region, fc.string({ maxLength: 15 }).filter((s) => !KNOWN_REGIONS.includes(s)))
      .map(([i, name]) => ({ field: `environments[0].regions[${i}].region`, config: withRegion(i, () => ({ region: name })) })),
    fc.tuple(region, notMatching(/^\d{12}$/))
      .map(([i, account]) => ({ field: `environments[0].regions[${i}].account`, config: withRegion(i, () => ({ account })) })),
    fc.tuple(region, fc.integer({ min: 0, max: 2 }), fc.string({ maxLength: 15 }))
      .filter(([i, , z]) => !new RegExp(`^${valid.regions[i].region}[a-z]$`).test(z))
      .map(([i, j, z]) => ({
        field: `environments[0].regions[${i}].availabilityZones[${j}]`,
        config: withRegion(i, (r) => ({ availabilityZones: r.availabilityZones.map((a, k) => (k === j ? z : a)) })),
      })),
    region.map((i) => ({ field: `environments[0].regions[${i}].availabilityZones`, config: withRegion(i, () => ({ availabilityZones: [] })) })),
    fc.tuple(region, notMatching(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/)).map(([i, podCidr]) => ({
      field: `environments[0].regions[${i}].kubernetes.podCidr`, config: withRegion(i, (r) => ({ kubernetes: { ...r.kubernetes, podCidr } })),
    })),
    fc.tuple(region, fc.constantFrom('context', 'storageClass')).map(([i, key]) => ({
      field: `environments[0].regions[${i}].kubernetes.${key}`, config: withRegion(i, (r) => ({ kubernetes: { ...r.kubernetes, [key]: '' } })),
    })),
    fc.tuple(region, fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 6 }).filter((z) => z.length !== 3)).map(([i, zones]) => ({
      field: `environments[0].regions[${i}].kubernetes.zones`, config: withRegion(i, (r) => ({ kubernetes: { ...r.kubernetes, zones } })),
    })),
    fc.string({ maxLength: 15 }).filter((s) => !valid.regions.some((r) => r.region === s))
      .map((primaryRegion) => ({ field: 'environments[0].primaryRegion', config: { ...valid, primaryRegion } })),
  );

  test('each throws an Error naming the field', () => {
    fc.assert(fc.property(mutations, ({ field, config }) => {
      expectFieldError(() => resolvePlatform({ environments: [config] }), field);
    }), runs);
  });

  test('a duplicate environment name is named', () => {
    expectFieldError(() => resolvePlatform({ environments: [valid, valid] }), 'environments[1].name');
  });
});

describe('invalid topologies', () => {
  const env = testEnvironment();
  const scope = new Construct(new App(), 'Store');
  const valid: RegionPlacement[] = env.regions.map((r) => ({ region: r.region, nodesPerZone: 2, replicationFactor: 3 }));
  const index = fc.integer({ min: 0, max: valid.length - 1 });
  const withPlacement = (i: number, patch: Partial<RegionPlacement>) => valid.map((p, j) => (j === i ? { ...p, ...patch } : p));

  const mutations = fc.oneof(
    fc.tuple(index, badNumber).map(([i, n]) => ({ field: `topology.regions[${i}].nodesPerZone`, regions: withPlacement(i, { nodesPerZone: n }) })),
    fc.tuple(index, badNumber).map(([i, n]) => ({ field: `topology.regions[${i}].replicationFactor`, regions: withPlacement(i, { replicationFactor: n }) })),
    // More copies than nodes: RF above nodesPerZone × zones.
    fc.tuple(index, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 20 })).map(([i, nodesPerZone, extra]) => ({
      field: `topology.regions[${i}].replicationFactor`, regions: withPlacement(i, { nodesPerZone, replicationFactor: nodesPerZone * 3 + extra }),
    })),
    fc.tuple(index, fc.string({ maxLength: 12 }).filter((s) => !env.regions.some((r) => r.region === s)))
      .map(([i, region]) => ({ field: `topology.regions[${i}].region`, regions: withPlacement(i, { region }) })),
    fc.tuple(index, fc.string({ maxLength: 12 })).filter(([i, z]) => !env.regions[i].availabilityZones.includes(z))
      .map(([i, z]) => ({ field: `topology.regions[${i}].zones[0]`, regions: withPlacement(i, { zones: [z, env.regions[i].availabilityZones[0]] }) })),
    // Production stores span at least two zones.
    index.map((i) => ({ field: `topology.regions[${i}].zones`, regions: withPlacement(i, { zones: [env.regions[i].availabilityZones[0]], replicationFactor: 1 }) })),
    fc.constant({ field: 'topology.regions', regions: [] as RegionPlacement[] }),
    index.filter((i) => i > 0).map((i) => ({ field: `topology.regions[${i}].region`, regions: withPlacement(i, { region: valid[0].region }) })),
  );

  test('each throws an Error naming the construct path and the field', () => {
    fc.assert(fc.property(mutations, ({ field, regions }) => {
      expectFieldError(() => resolveTopology(scope, env, { regions }), field);
      expect(() => resolveTopology(scope, env, { regions })).toThrow(/^Store: /);
    }), runs);
  });
});

describe('invalid SLAs', () => {
  const env = testEnvironment();
  const invalid: Record<keyof ServiceLevelObjectives, fc.Arbitrary<number>> = {
    latencyP99Ms: fc.oneof(fc.double({ max: 0, noNaN: true }), fc.constant(Number.NaN), fc.constant(Number.POSITIVE_INFINITY)),
    errorRatePercent: fc.oneof(fc.double({ max: 0, noNaN: true }), fc.double({ min: 100, noNaN: true }), fc.constant(Number.NaN)),
    availabilityPercent: fc.oneof(fc.double({ max: 0, noNaN: true }), fc.double({ min: 100, minExcluded: true, noNaN: true }), fc.constant(Number.NaN)),
    capacityHeadroomPercent: fc.oneof(fc.double({ max: 0, noNaN: true }).filter((v) => v < 0), fc.double({ min: 100, noNaN: true }), fc.constant(Number.NaN)),
  };
  const mutations = fc.oneof(...Object.entries(invalid).map(([field, arb]) => arb.map((v) => ({ field, sla: { ...viewingHistory.sla, [field]: v } }))));

  test('a use case given a bad SLA throws at construction, naming the field', () => {
    fc.assert(fc.property(mutations, ({ field, sla }) => {
      expectFieldError(() => new TimeSeriesStack(new App(), 'VH', {
        env: { account: '123456789012', region: 'us-east-1' }, environment: env, settings: { ...viewingHistory, sla }, service: 'viewing-history',
      }), `settings.sla.${field}`);
    }), runs);
  });
});
