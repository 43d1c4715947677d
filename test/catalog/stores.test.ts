import { cassandraClusterProps } from '../../constructs/catalog/stores';

describe('cassandraClusterProps', () => {
  const yaml = {
    clusterName: 'c', nodesPerZone: 2, replicationFactor: 3, storageGiB: 100, cpuMillis: 2000, memoryGiB: 16, heapGiB: 8,
    tls: { keystoreSecretName: 'k', truststoreSecretName: 't', caCertSecretName: 'ca' }, backups: { bucketName: 'b', bucketRegion: 'us-east-1' },
  };

  test('spreads the block over the regions, sizes from the file', () => {
    expect(cassandraClusterProps(['us-east-1', 'eu-west-1'], yaml)).toEqual({
      clusterName: 'c', storageGiB: 100, cpuMillis: 2000, memoryGiB: 16, heapGiB: 8, tls: yaml.tls, backups: yaml.backups,
      topology: { regions: [{ region: 'us-east-1', nodesPerZone: 2, replicationFactor: 3 }, { region: 'eu-west-1', nodesPerZone: 2, replicationFactor: 3 }] },
    });
  });

  test("the planner's sizes win when given", () => {
    const p = cassandraClusterProps(['us-east-1'], { ...yaml, nodesPerZone: undefined, storageGiB: undefined }, { nodesPerZone: 4, storageGiB: 571 });
    expect([p.topology.regions[0].nodesPerZone, p.storageGiB]).toEqual([4, 571]);
  });

  test('without sizes from the file or the planner it names the cluster', () => {
    expect(() => cassandraClusterProps(['us-east-1'], { ...yaml, storageGiB: undefined }))
      .toThrow(/cassandra cluster 'c': nodesPerZone and storageGiB are required where no capacity planner supplies them/);
  });
});
