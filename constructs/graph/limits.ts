import type { Limit } from '../platform/limits';

/**
 * The limits of the numeric graph (Neptune / JanusGraph) settings a catalog entry gives, read by the
 * catalog schema (`lib/graph.ts`) and by the constructs (`aws/graph-database.ts`,
 * `aws/graph-monitoring.ts`, `k8s/janusgraph-server.ts`). Cross-field rules (`maxReplicas` >=
 * `minReplicas`, two servers in production, heap vs memory) stay in the constructs.
 */
export const GRAPH_LIMITS = {
  /** Neptune automated backups kept, days. */
  backupRetentionDays: { integer: true, min: 7, max: 35, source: 'carried over from the construct (its doc comment: 7 to 35), not verified' },
  /** Reader lag behind the writer that pages, ms. */
  maxReplicaLagMs: { min: 0, exclusiveMin: true, source: 'a duration: 0 would page always' },
  /** Global database lag that pages, ms. */
  maxGlobalReplicationLagMs: { min: 0, exclusiveMin: true, source: 'a duration: 0 would page always' },
  /** Free memory share that pages, percent. */
  minFreeableMemoryPercent: { min: 0, exclusiveMin: true, max: 100, exclusiveMax: true, source: 'a ratio: 0 or 100 would page never or always' },
  /** JanusGraph servers at least (two in production: cross-environment, in the construct). */
  minReplicas: { integer: true, min: 1, source: 'a count of pods' },
  /** JanusGraph servers at most (>= `minReplicas`: cross-field, in the construct). */
  maxReplicas: { integer: true, min: 1, source: 'a count of pods' },
  /** JanusGraph CPU request per server, millicores. */
  cpuMillis: { integer: true, min: 500, source: 'carried over from the construct, not verified' },
  /** JanusGraph memory request = limit per server, MiB. */
  memoryMiB: { integer: true, min: 1024, source: 'carried over from the construct, not verified' },
} as const satisfies Record<string, Limit>;
