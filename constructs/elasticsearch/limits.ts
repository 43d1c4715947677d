import type { Limit } from '../platform/limits';

/**
 * The limits of the numeric Elasticsearch/OpenSearch settings a catalog entry gives, read by the
 * catalog schema (`lib/search.ts`) and by the constructs (`k8s/elasticsearch-cluster.ts`,
 * `k8s/kibana.ts`, `aws/search-domain.ts`). Per-node-type volume limits stay in `storageProblems`
 * (they depend on the instance type).
 */
export const ELASTICSEARCH_LIMITS = {
  /** Data nodes per zone (OpenSearch `dataNodesPerZone`, ECK nodeSet count per zone). */
  dataNodesPerZone: { integer: true, min: 1, source: 'a count of nodes' },
  /** OpenSearch Service off-peak window start, UTC hour. */
  offPeakWindowStartHourUtc: { integer: true, min: 0, max: 23, source: 'hours of a day (OffPeakWindow WindowStartTime.Hours)' },
  /** OpenSearch Service EBS volume per data node, GiB (its per-node-type bounds are `storageProblems`', cross-field). */
  storageGiBPerNode: { integer: true, min: 1, source: 'a size; the node type\'s minimum and maximum are checked by storageProblems' },
  /** ECK data node volume, GiB. */
  storageGiB: { integer: true, min: 10, source: 'our rule: below 10 GiB the disk watermarks (85/90/95%) leave no room to relocate shards' },
  /** ECK data node CPU request, millicores. */
  cpuMillis: { integer: true, min: 500, source: 'our rule: Elasticsearch below half a core times out on cluster-state updates' },
  /** ECK data node memory, MiB (the JVM takes half). */
  memoryMiB: { integer: true, min: 2048, source: 'our rule: a 1 GiB heap at least (heap = memory / 2)' },
  /** Kibana replicas. */
  kibanaInstances: { integer: true, min: 1, source: 'a count of pods' },
} as const satisfies Record<string, Limit>;
