import { Construct } from 'constructs';
import { PlatformValidationError } from '../../constructs/platform/errors';
import { type StoreTopology, resolveTopology } from '../../constructs/platform/topology';
import { testEnvironment } from '../helpers/environment';

class Root extends Construct {}
const scope = () => new Construct(new Root(undefined as unknown as Construct, ''), 'Store');

describe('store topology', () => {
  const env = testEnvironment();

  test('resolves zones, Kubernetes zones and node counts per region', () => {
    const t = resolveTopology(scope(), env, {
      regions: [
        { region: 'us-east-1', nodesPerZone: 2, replicationFactor: 3 },
        { region: 'eu-west-1', zones: ['eu-west-1a', 'eu-west-1b'], nodesPerZone: 1, replicationFactor: 2 },
      ],
    });
    expect(t.regionNames).toEqual(['us-east-1', 'eu-west-1']);
    expect(t.placement('us-east-1')).toMatchObject({ zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], nodes: 6, replicationFactor: 3 });
    expect(t.placement('eu-west-1')).toMatchObject({ zones: ['eu-west-1a', 'eu-west-1b'], kubernetesZones: ['eu-west-1a', 'eu-west-1b'], nodes: 2 });
    expect(t.placement('us-west-2')).toBeUndefined();
  });

  describe('validation', () => {
    const one = (patch: object): StoreTopology => ({ regions: [{ region: 'us-east-1', nodesPerZone: 1, replicationFactor: 3, ...patch }] });
    const cases: Array<[string, StoreTopology, RegExp]> = [
      ['replication factor above the nodes in the region', one({ replicationFactor: 4 }),
        /`topology\.regions\[0\]\.replicationFactor` must be <= the nodes in us-east-1 \(3 zones × 1 = 3\), got 4/],
      ['duplicate region', { regions: [one({}).regions[0], one({}).regions[0]] },
        /`topology\.regions\[1\]\.region` must be unique, got duplicate 'us-east-1'/],
      ['zone outside its region', one({ zones: ['us-east-1a', 'us-west-2a'] }),
        /`topology\.regions\[0\]\.zones\[1\]` must be a configured zone of us-east-1 \(us-east-1a, us-east-1b, us-east-1c\), got 'us-west-2a'/],
      ['fewer than 2 zones in production', one({ zones: ['us-east-1a'], nodesPerZone: 3 }),
        /`topology\.regions\[0\]\.zones` must span at least 2 zones in production environment 'test', got 1/],
      ['unknown region', { regions: [{ region: 'ap-south-1', nodesPerZone: 1, replicationFactor: 1 }] },
        /`topology\.regions\[0\]\.region` must be one of environment 'test' regions \(us-east-1, us-west-2, eu-west-1\), got 'ap-south-1'/],
      ['non-positive nodes per zone', one({ nodesPerZone: 0 }), /`topology\.regions\[0\]\.nodesPerZone` must be a positive integer, got 0/],
      ['fractional replication factor', one({ replicationFactor: 1.5 }), /`topology\.regions\[0\]\.replicationFactor` must be a positive integer, got 1.5/],
      ['repeated zone', one({ zones: ['us-east-1a', 'us-east-1a'] }), /`topology\.regions\[0\]\.zones` must not repeat a zone/],
      ['no regions', { regions: [] }, /`topology\.regions` must list at least one region, got \[\]/],
    ];
    test.each(cases)('%s', (_name, topology, message) => {
      expect(() => resolveTopology(scope(), env, topology)).toThrow(message);
    });

    test('errors name the construct path', () => {
      try {
        resolveTopology(scope(), env, one({ nodesPerZone: -1 }));
        throw new Error('expected a validation error');
      } catch (e) {
        expect(e).toBeInstanceOf(PlatformValidationError);
        expect((e as PlatformValidationError).constructPath).toBe('Store');
        expect((e as Error).message).toMatch(/^Store: `topology\.regions\[0\]\.nodesPerZone` must be a positive integer, got -1$/);
      }
    });

    test('a single zone is allowed outside production', () => {
      const dev = testEnvironment({ production: false });
      expect(() => resolveTopology(scope(), dev, one({ zones: ['us-east-1a'], nodesPerZone: 3 }))).not.toThrow();
    });
  });
});
