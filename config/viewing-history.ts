import { TableCapacity } from '../constructs/cassandra/aws/table-capacity';
import type { ViewingHistorySettings } from '../lib/viewing-history';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const REPLICATION_FACTOR = 3;
const SLA = { latencyP99Ms: 20, errorRatePercent: 0.1, availabilityPercent: 99.99, capacityHeadroomPercent: 30 };

/** Viewing History: time series, heavy writes, replicated to every region, large data. */
export const viewingHistory: ViewingHistorySettings = {
  keyspaceName: 'viewing_history',
  retentionDays: 730,
  capacity: TableCapacity.onDemand(),
  maxReplicationLagMs: 2000,
  sla: SLA,
  cassandra: {
    namespace: 'viewing-history',
    clusterName: 'viewing-history',
    topology: { regions: REGIONS.map((region) => ({ region, nodesPerZone: 2, replicationFactor: REPLICATION_FACTOR })) },
    storageGiB: 1000,
    cpuMillis: 4000,
    memoryGiB: 32,
    heapGiB: 16,
    tls: { keystoreSecretName: 'cassandra-keystore', truststoreSecretName: 'cassandra-truststore', caCertSecretName: 'cassandra-ca' },
    backups: { bucketName: 'example-viewing-history-backups', bucketRegion: 'us-east-1', retentionDays: 14 },
  },
  // Peak load per region (reads) and globally (writes, replicated everywhere); ~300-byte rows.
  // The planner needs 2 nodes per zone (throughput-bound) and 571 GiB volumes: see
  // cdk.out/capacity/viewing-history.md after `npm run synth`.
  workload: {
    readsPerSecond: 4_000,
    writesPerSecond: 6_000,
    itemSizeBytes: 300,
    datasetGiB: 400,
    monthlyGrowthPercent: 3,
    retentionDays: 730,
    replicationFactor: REPLICATION_FACTOR,
    headroomPercent: SLA.capacityHeadroomPercent,
  },
};
