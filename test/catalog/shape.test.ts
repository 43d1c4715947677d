import { Construct } from 'constructs';
import { ReplicationMode } from '../../constructs/catalog/model';
import { shapeOf, topologyOver } from '../../constructs/catalog/stores';
import { resolveTopology } from '../../constructs/platform/topology';
import { testEnvironment } from '../helpers/environment';

const env = testEnvironment();

describe('shapeOf: the placement the constructs resolve', () => {
  test('zones default to every configured zone of the region, as resolveTopology gives them', () => {
    const topology = { regions: [{ region: 'us-west-2', nodesPerZone: 2, replicationFactor: 3 }, { region: 'eu-west-1', zones: ['eu-west-1b', 'eu-west-1c'], nodesPerZone: 1, replicationFactor: 2 }] };
    const shape = shapeOf(env, topology, ReplicationMode.MULTI_DIRECTIONAL);
    const resolved = resolveTopology(new Construct(undefined as any, 'Scope'), env, topology);
    expect(shape.placements.map((p) => p.zones)).toEqual(resolved.placements.map((p) => p.zones));
    expect(shape.placements[0].zones).toEqual(['us-west-2a', 'us-west-2b', 'us-west-2c']);
  });

  test('a region the environment does not have is an error naming the field, not an empty zone list', () => {
    expect(() => shapeOf(env, topologyOver(['us-east-1', 'ap-south-1'], 1, 1), ReplicationMode.CLIENT_DRIVEN))
      .toThrow("`topology.regions[1].region` must be one of environment 'test' regions (us-east-1, us-west-2, eu-west-1), got 'ap-south-1'");
  });
});
