import type { Limit } from '../platform/limits';
import { MAX_TTL_SECONDS } from './schema';

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
  /** Days a row lives (the table's default TTL): at most Cassandra's TTL cap, which `tableSchemaProblems` checks in seconds. */
  retentionDays: { integer: true, min: 1, max: MAX_TTL_SECONDS / 86_400,
    source: 'Cassandra Attributes.MAX_TTL = 20 * 365 * 24 * 60 * 60 s (org/apache/cassandra/cql3/Attributes.java) = 7300 days' },
  /** Replication lag to another region that pages, ms. */
  maxReplicationLagMs: { min: 0, exclusiveMin: true, source: 'a duration: 0 would page always' },
  /** Client profile: an operation's timeout, its p99 latency SLA and its in-flight requests (`client-profile.ts`). */
  timeoutMs: { integer: true, min: 1, source: 'the driver takes whole milliseconds (basic.request.timeout); a positive duration' },
  latencyP99Ms: { integer: true, min: 1, source: 'whole milliseconds, as the client profile renders it; a positive duration' },
  concurrencyLimit: { integer: true, min: 1, source: 'a count of in-flight requests' },
  /** Client profile: speculative executions of an idempotent read (the first request included). */
  speculativeExecutions: { integer: true, min: 1, max: 5, source: 'executions counting the first request, so 1 is none (SpeculativeExecution.none() in client-profile.ts); at most 5 carried over from the construct, not verified' },
  speculativeDelayMs: { integer: true, min: 0, source: 'a delay in whole milliseconds; below timeoutMs is checked by the construct (cross-field)' },
  /** Client profile: how stale a served value may be under the serve-stale fallback, ms. */
  maxStalenessMs: { integer: true, min: 1, source: 'a positive duration' },
} as const satisfies Record<string, Limit>;
