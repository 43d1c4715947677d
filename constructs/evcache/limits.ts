import type { Limit } from '../platform/limits';

/**
 * The limits of every numeric EVCache setting, read by the catalog schema (`lib/key-value-cache.ts`) and
 * by the constructs (`aws/evcache-cluster.ts`, `validate-evcache.ts`). `services/README.md` lists them.
 */
export const EVCACHE_LIMITS = {
  /** ElastiCache memcached port. */
  port: { integer: true, min: 1024, max: 65535, source: 'our rule: no privileged port (< 1024); TCP ports end at 65535' },
  /** `nodesPerZone`: nodes of one ElastiCache memcached cluster (one server group). */
  nodesPerZone: { integer: true, min: 1, max: 40, source: 'ElastiCache quota: 40 nodes per memcached cluster (MAX_NODES_PER_CLUSTER)' },
  /**
   * `max_item_size` / `memcached -I`, in KiB. memcached 1.6.18 (run here) refuses below 1024 bytes,
   * above 1 GiB and above half of `-m`; 1 MiB to 128 MiB is the range this platform allows on both
   * flavors (the Kubernetes flavor also caps it at half of `cacheMemoryMiB`).
   */
  maxItemSizeKiB: { integer: true, min: 1024, max: 131072, source: 'memcached 1.6.18 -I (run here): >= 1024 bytes, <= 1 GiB, <= -m / 2; platform range 1-128 MiB' },
  /** `memcached_connections_overhead`, MiB. */
  connectionsOverheadMiB: { integer: true, min: 1, source: 'ElastiCache memcached_connections_overhead: a positive number of MiB' },
  /** `idle_timeout`, seconds. */
  idleTimeoutSeconds: { integer: true, min: 0, max: 86400, source: 'ElastiCache Memcached parameters (memcached1.4.33+): idle_timeout range 0 to 86400' },
  /** Hour of the first zone's weekly maintenance window, UTC. */
  startHourUtc: { integer: true, min: 0, max: 23, source: 'hours of a day' },
  /** Minimum hit ratio before the alarm. */
  minHitRatioPercent: { min: 0, exclusiveMin: true, max: 100, exclusiveMax: true, source: 'a ratio: 0 or 100 would alarm always or never' },
  maxEvictionsPerMinute: { min: 0, source: 'a count' },
  maxSwapUsageMiB: { min: 0, source: 'a size' },
  /** Retention of a replication message in the SQS queue. */
  messageRetentionMinutes: { integer: true, min: 1, max: 20160, source: 'SQS MessageRetentionPeriod: 60 s to 1,209,600 s (14 days); whole minutes from 1' },
  /** Kubernetes flavor: `memcached -t`. */
  threads: { integer: true, min: 1, max: 64, source: 'memcached 1.6.18 warns above 64 worker threads (run here)' },
  /** Kubernetes flavor: CPU request and limit. */
  cpuMillis: { integer: true, min: 100, source: 'our rule: a memcached server below 0.1 CPU cannot keep a sub-millisecond SLA' },
  /** Kubernetes flavor: container memory limit. */
  memoryMiB: { integer: true, min: 1, source: 'a size' },
  /** Kubernetes flavor: `memcached -m` (item memory). */
  cacheMemoryMiB: { integer: true, min: 64, source: 'memcached default -m 64 (memcached -h); the minimum we run with' },
  /** Kubernetes flavor: `memcached -c`. */
  maxConnections: { integer: true, min: 16, source: 'our rule: memcached -c below 16 starves the exporter and clients' },
} as const satisfies Record<string, Limit>;
