import { NeptuneEngineVersion, NeptuneInstanceClass } from '../constructs/graph/aws/neptune-engine';
import type { DigitalAssetsSettings } from '../lib/digital-assets';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** Digital Asset Management: one metadata plane for all assets, relationships, searchable. */
export const digitalAssets: DigitalAssetsSettings = {
  sla: { latencyP99Ms: 50, errorRatePercent: 0.5, availabilityPercent: 99.95, capacityHeadroomPercent: 30 },
  neptune: {
    identifier: 'digital-assets',
    instanceClass: NeptuneInstanceClass.R6G_XLARGE,
    engineVersion: NeptuneEngineVersion.V1_4_5_1,
    primaryRegion: 'us-east-1',
    // Writer in the first zone, a reader (failover target) in each other zone.
    regions: [
      { region: 'us-east-1', instanceAvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
      { region: 'us-west-2', instanceAvailabilityZones: ['us-west-2a', 'us-west-2b'] },
      { region: 'eu-west-1', instanceAvailabilityZones: ['eu-west-1a', 'eu-west-1b'] },
    ],
    backupRetentionDays: 14,
    maxReplicaLagMs: 1000,
    maxGlobalReplicationLagMs: 5000,
  },
  janusGraph: {
    namespace: 'digital-assets',
    regions: REGIONS,
    keyspace: 'digital_assets',
    clientNamespaces: ['digital-assets-service'],
    minReplicas: 3,
    maxReplicas: 9,
    cpuMillis: 2000,
    memoryMiB: 8192,
    tls: { keystoreSecretName: 'digital-assets-gremlin-tls', keystorePasswordSecretName: 'digital-assets-gremlin-keystore-password' },
    // The graph's own Cassandra: metadata, edges and properties, RF 3 in every region.
    cassandra: {
      clusterName: 'digital-assets',
      topology: { regions: REGIONS.map((region) => ({ region, nodesPerZone: 1, replicationFactor: 3 })) },
      storageGiB: 500,
      cpuMillis: 4000,
      memoryGiB: 32,
      heapGiB: 16,
      tls: { keystoreSecretName: 'cassandra-keystore', truststoreSecretName: 'cassandra-truststore', caCertSecretName: 'cassandra-ca' },
      backups: { bucketName: 'example-digital-assets-backups', bucketRegion: 'us-east-1', retentionDays: 14 },
    },
    elasticsearch: {
      name: 'digital-assets-index',
      dataNodesPerZone: 1,
      replicationFactor: 2,
      storageGiB: 200,
      cpuMillis: 2000,
      memoryMiB: 8192,
      transportHostnames: Object.fromEntries(REGIONS.map((r) => [r, `digital-assets-index-transport.${r}.example.internal`])),
      trustedCaConfigMapName: 'digital-assets-index-remote-cas',
    },
  },
};
