import { MemoryDbNodeType } from '../constructs/dynomite/aws/memorydb';
import type { DelayedQueuesSettings } from '../lib/delayed-queues';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** Delayed queues: distributed, concurrent, at-least-once, delayed delivery, priorities within a shard. */
export const delayedQueues: DelayedQueuesSettings = {
  contract: {
    prefix: 'dynoQueue',
    // One shard per rack (zone) in each region: consumers pop from their own zone's shard.
    shardCount: 3,
    queues: [
      { name: 'scheduled-tasks', priorityLevels: 10, unackTimeoutSeconds: 60, maxDeliveries: 10, deadLetterQueue: 'dead-letters' },
      { name: 'notifications', priorityLevels: 3, unackTimeoutSeconds: 30 },
      { name: 'dead-letters', unackTimeoutSeconds: 300 },
    ],
  },
  parameterPath: '/delayed-queues/prod',
  maxReplicationLagMs: 1000,
  sla: { latencyP99Ms: 5, errorRatePercent: 0.1, availabilityPercent: 99.99, capacityHeadroomPercent: 30 },
  memoryDb: {
    clusterName: 'delayed-queues',
    nodeType: MemoryDbNodeType.R7G_XLARGE,
    numShards: 2,
    replicasPerShard: 2,
    snapshotRetentionDays: 7,
    // Set after the first deployment of us-east-1 (its output MultiRegionClusterName), then deploy the other regions.
    multiRegionClusterName: undefined,
  },
  dynomite: {
    namespace: 'delayed-queues',
    clusterName: 'queues',
    // Every rack (zone) holds the whole dataset: replicationFactor = zones.
    topology: { regions: REGIONS.map((region) => ({ region, nodesPerZone: 2, replicationFactor: 3 })) },
    dynomiteImage: '111111111111.dkr.ecr.us-east-1.amazonaws.com/dynomite:v0.6.22',
    storageGiB: 50,
    redisMemoryMiB: 8192,
    tlsSecretName: 'dynomite-peer-tls',
    clientNamespaces: ['delayed-queues', 'queue-consumers'],
  },
};
