import type { Limit } from '../platform/limits';

/**
 * The limits of the numeric Dynomite/MemoryDB settings a catalog entry gives, read by the catalog
 * schema (`lib/queue.ts`) and by the constructs (`aws/memorydb.ts`,
 * `k8s/dynomite-cluster.ts`, `queue-contract.ts`). Cross-field rules (shard count a multiple of the
 * racks and at most the nodes) stay in the constructs.
 */
export const DYNOMITE_LIMITS = {
  /** MemoryDB shards (primaries) of every regional cluster. */
  numShards: { integer: true, min: 1, max: 500, source: 'MemoryDB NumShards: 1 to 500 (carried over from the construct, not verified)' },
  /** MemoryDB replicas per shard. */
  replicasPerShard: { integer: true, min: 1, max: 5, source: 'MemoryDB NumReplicasPerShard: at most 5; at least 1 is our rule (a replica in another zone for failover)' },
  /** MemoryDB daily snapshots kept, days. */
  snapshotRetentionDays: { integer: true, min: 1, max: 35, source: 'MemoryDB SnapshotRetentionLimit: at most 35 days; at least 1 is our rule (snapshots are the backup)' },
  /** Dynomite Redis AOF volume per node, GiB. */
  storageGiB: { integer: true, min: 1, source: 'a size; carried over from the construct, not verified' },
  /** Dynomite Redis container memory limit, MiB (`maxmemory` is 75% of it). */
  redisMemoryMiB: { integer: true, min: 256, source: 'carried over from the construct, not verified' },
  /** Dynomite Redis / Dynomite container CPU requests (millicores) and Dynomite memory (MiB). */
  redisCpuMillis: { integer: true, min: 1, source: 'a positive quantity; carried over from the construct, not verified' },
  dynomiteCpuMillis: { integer: true, min: 1, source: 'a positive quantity; carried over from the construct, not verified' },
  dynomiteMemoryMiB: { integer: true, min: 1, source: 'a positive quantity; carried over from the construct, not verified' },
  /** Queue shards of a contract; the construct also checks it against the racks and nodes (cross-field). */
  shardCount: { integer: true, min: 1, source: 'a count of shards' },
  /** dyno-queues priority levels of a queue. */
  priorityLevels: { integer: true, min: 1, max: 100, source: 'dyno-queues scores are deliveryTimeMs + priority / 100: at most 100 levels fit in the fraction (queue-contract.ts)' },
  /** Seconds before an unacknowledged message is redelivered. */
  unackTimeoutSeconds: { integer: true, min: 1, source: 'a positive duration; carried over from the construct, not verified' },
  /** Deliveries before a message goes to the dead-letter queue. */
  maxDeliveries: { integer: true, min: 1, source: 'a count of deliveries' },
  /** Replication lag to another region that pages, ms. */
  maxReplicationLagMs: { min: 0, exclusiveMin: true, source: 'a duration: 0 would page always' },
} as const satisfies Record<string, Limit>;
