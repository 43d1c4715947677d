import type { Limit } from '../platform/limits';

/**
 * The limits of the numeric Cassandra settings a catalog entry gives, read by the catalog schema
 * (`constructs/catalog/stores.ts`, the `cassandra:` block of the viewing-history, event-sourced and
 * digital-assets templates, and the Keyspaces table capacity) and by the constructs
 * (`k8s/cassandra-cluster.ts`, `aws/table.ts`). Cross-field rules (heap at most half the memory,
 * replication factor 3 in production) stay in the construct.
 */
export const CASSANDRA_LIMITS = {
  /** K8ssandra data volume per node, GiB. */
  storageGiB: { integer: true, min: 1, source: 'a size; carried over from the construct, not verified' },
  /** K8ssandra CPU request per node, millicores. */
  cpuMillis: { integer: true, min: 1000, source: 'carried over from the construct, not verified' },
  /** K8ssandra memory request = limit per node, GiB (whole GiB, as the catalog always took it). */
  memoryGiB: { integer: true, min: 1, source: 'a size in whole GiB; carried over from the catalog schema, not verified' },
  /** JVM heap per node, GiB; the construct also caps it at half of `memoryGiB` (cross-field). */
  heapGiB: { integer: true, min: 1, max: 31, source: 'JVM compressed oops: a heap of 32 GiB or more loses them (the construct\'s comment)' },
  /** Medusa `maxBackupAge`, days. */
  backupRetentionDays: { integer: true, min: 1, source: 'Medusa maxBackupAge is a whole number of days; >= 1 carried over from the construct, not verified' },
  /** Keyspaces provisioned read/write capacity units. */
  capacityUnits: { integer: true, min: 1, source: 'Keyspaces provisioned throughput: a positive number of capacity units; carried over from the construct, not verified' },
} as const satisfies Record<string, Limit>;
