import type { Environment } from '../platform/config';

/** memcached's port; clients of both flavors connect here (TLS). */
export const MEMCACHED_PORT = 11211;

/**
 * Cache-health thresholds beside the SLA: they say when the cache stops doing its job
 * (too many misses, evicting hot keys, swapping) before latency or errors show it.
 */
export interface EvcacheHealthThresholds {
  /**
   * Hit ratio (hits / gets) below which a server group pages, in percent.
   *
   * @default 90
   */
  readonly minHitRatioPercent?: number;
  /**
   * Evictions per minute per server group above which it pages: the working set no longer fits.
   *
   * @default 1000
   */
  readonly maxEvictionsPerMinute?: number;
  /**
   * Swap in use on a node above which it pages, in MiB (AWS only; ElastiCache advises < 50 MB).
   *
   * @default 50
   */
  readonly maxSwapUsageMiB?: number;
}

/** Health thresholds with defaults applied. */
export type ResolvedHealthThresholds = Required<EvcacheHealthThresholds>;

export function resolveHealth(h: EvcacheHealthThresholds = {}): ResolvedHealthThresholds {
  return {
    minHitRatioPercent: h.minHitRatioPercent ?? 90,
    maxEvictionsPerMinute: h.maxEvictionsPerMinute ?? 1000,
    maxSwapUsageMiB: h.maxSwapUsageMiB ?? 50,
  };
}

/**
 * Cross-region replication: EVCache clients write their local server groups and publish each
 * mutation (set/delete, key and TTL) to the replication queue of every target region; a
 * replication reader in the target region applies it to its own server groups. Best effort:
 * a lost message leaves a stale key until its TTL.
 */
export interface EvcacheReplicationProps {
  /**
   * Regions whose caches receive this region's writes.
   *
   * @default - every other region of the topology
   */
  readonly targetRegions?: string[];
  /**
   * How long an unapplied mutation stays in a queue, in minutes (SQS allows 1 to 20160). Older
   * mutations are useless for a cache: keep it near the longest item TTL.
   *
   * @default 60
   */
  readonly messageRetentionMinutes?: number;
}

/** The replication path of one region, resolved: where it reads and where it writes. */
export interface ResolvedReplication {
  /** The queue of this region, which the region's replication reader consumes. */
  readonly inbound: ReplicationQueueRef;
  /** The queues of the target regions, which this region's clients publish to. */
  readonly targets: readonly ReplicationQueueRef[];
  readonly messageRetentionMinutes: number;
}

/** A replication queue, by its deterministic name (same in every region). */
export interface ReplicationQueueRef {
  readonly region: string;
  readonly account: string;
  readonly queueName: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  /** KMS alias of the key that encrypts the queue, the same name in every region. */
  readonly keyAlias: string;
}

export function replicationQueueRef(env: Environment, region: string, cacheName: string): ReplicationQueueRef {
  const r = env.region(region);
  const queueName = `${cacheName}-evcache-replication`;
  return {
    region,
    account: r.account,
    queueName,
    queueUrl: `https://sqs.${region}.amazonaws.com/${r.account}/${queueName}`,
    queueArn: `arn:aws:sqs:${region}:${r.account}:${queueName}`,
    keyAlias: `alias/evcache/${cacheName}/replication`,
  };
}

/** The zone → endpoints map clients read, the same shape on both flavors. */
export interface ServerGroupEndpoints {
  /** Zone name → `host:port` endpoints of that zone's server group. */
  readonly [zone: string]: string[];
}
