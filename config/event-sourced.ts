import { TableCapacity } from '../constructs/cassandra/aws/table-capacity';
import { ConsistencyLevel, Fallback, SpeculativeExecution } from '../constructs/cassandra/client-profile';
import { TimeBucket } from '../constructs/cassandra/event-store/schema';
import type { EventSourcedSettings } from '../lib/event-sourced';

/** us-east-1 is the environment's primary region: it owns the keyspace and applies the schema. */
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

/**
 * The event-sourced service: append-only events per aggregate, snapshots, replicated to every
 * region. Each aggregate has a home region that appends to it (LOCAL_SERIAL conditional inserts);
 * every region reads.
 */
export const eventSourced: EventSourcedSettings = {
  keyspaceName: 'event_store',
  timeBucket: TimeBucket.DAY,
  capacity: TableCapacity.onDemand(),
  maxReplicationLagMs: 2000,
  sla: { latencyP99Ms: 50, errorRatePercent: 0.1, availabilityPercent: 99.99, capacityHeadroomPercent: 30 },
  clientProfile: {
    // A conditional insert (Paxos) at LOCAL_QUORUM; never retried at a lower level, never faked.
    append: { consistency: ConsistencyLevel.LOCAL_QUORUM, serialConsistency: ConsistencyLevel.LOCAL_SERIAL, timeoutMs: 50, concurrencyLimit: 256, fallback: Fallback.FAIL },
    // Reads its own region's appends; a second replica is asked after 10 ms.
    readStream: {
      consistency: ConsistencyLevel.LOCAL_QUORUM, timeoutMs: 30, latencyP99Ms: 30, idempotent: true,
      speculativeExecution: SpeculativeExecution.constant(2, 10), concurrencyLimit: 512, fallback: Fallback.FAIL,
    },
    // A missing or stale snapshot only costs a longer replay, so one replica is enough.
    readSnapshot: {
      consistency: ConsistencyLevel.LOCAL_ONE, timeoutMs: 20, latencyP99Ms: 20, idempotent: true,
      speculativeExecution: SpeculativeExecution.constant(2, 5), concurrencyLimit: 512, fallback: Fallback.REPLAY_EVENTS,
    },
    // A snapshot at a sequence number is deterministic (idempotent); a failed one is skipped.
    writeSnapshot: { consistency: ConsistencyLevel.LOCAL_QUORUM, timeoutMs: 50, idempotent: true, concurrencyLimit: 64, fallback: Fallback.SKIP },
  },
  clientNamespace: 'event-sourced',
  cassandra: {
    namespace: 'event-store',
    clusterName: 'event-store',
    topology: { regions: REGIONS.map((region) => ({ region, nodesPerZone: 1, replicationFactor: 3 })) },
    storageGiB: 500,
    cpuMillis: 4000,
    memoryGiB: 32,
    heapGiB: 16,
    tls: { keystoreSecretName: 'cassandra-keystore', truststoreSecretName: 'cassandra-truststore', caCertSecretName: 'cassandra-ca' },
    backups: { bucketName: 'example-event-store-backups', bucketRegion: 'us-east-1', retentionDays: 14 },
  },
};
