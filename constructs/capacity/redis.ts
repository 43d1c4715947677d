import { GIB, type Workload, ceil, optionProblems, projectDataset, resolveWorkload, throwIfProblems, usableFraction } from './workload';

/**
 * Sizing of Redis (Dynomite racks, MemoryDB, ElastiCache) in one region. A shard is one
 * primary with `replicationFactor - 1` replicas (MemoryDB/ElastiCache) or one node per rack
 * (Dynomite: every rack holds the whole dataset, so a rack has `shards` nodes).
 */
export interface RedisPlanOptions {
  /**
   * Memory of one node, in GiB.
   *
   * @default 26.32 (cache.r7g.xlarge / db.r7g.xlarge)
   */
  readonly nodeMemoryGiB?: number;
  /**
   * Memory Redis spends per key beyond the value: dict entry, robj, SDS headers and
   * jemalloc rounding, about 50-90 bytes for a string key. Sorted sets (dyno-queues) cost more.
   *
   * @see https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/memory-optimization/
   * @default 64
   */
  readonly perKeyOverheadBytes?: number;
  /**
   * Node memory over dataset memory: a BGSAVE / AOF rewrite forks, and copy-on-write can
   * duplicate every page written meanwhile, so plan about 2× the dataset.
   *
   * @see https://redis.io/docs/latest/operate/oss_and_stack/management/admin/
   * @default 2
   */
  readonly forkMemoryFactor?: number;
  /**
   * Commands per second one shard's primary serves at 100% (Redis executes commands on one thread).
   *
   * @default 80000
   */
  readonly requestsPerShardPerSecond?: number;
}

export interface RedisPlan {
  /** items × (itemSizeBytes + perKeyOverheadBytes), in GiB. */
  readonly dataMemoryGiB: number;
  /** ceil(dataMemory / (nodeMemory / forkMemoryFactor × (1 - headroom))). */
  readonly shardsForMemory: number;
  /** ceil((reads + writes) / (requestsPerShard × (1 - headroom))). */
  readonly shardsForThroughput: number;
  readonly shards: number;
  /** replicationFactor - 1. */
  readonly replicasPerShard: number;
  /** dataMemoryGiB / shards: the `maxmemory` each primary needs. */
  readonly dataMemoryPerShardGiB: number;
}

/** Shards and memory for Redis. */
export function planRedis(workload: Workload, options: RedisPlanOptions = {}): RedisPlan {
  const w = resolveWorkload(workload);
  throwIfProblems('planRedis', [
    ...optionProblems('options', options, { nodeMemoryGiB: 'positive', perKeyOverheadBytes: 'positive', requestsPerShardPerSecond: 'positive' }),
    ...((options.forkMemoryFactor ?? 2) >= 1 ? [] : [`\`options.forkMemoryFactor\` must be >= 1, got ${options.forkMemoryFactor}`]),
  ]);
  const projectedBytes = projectDataset(w).projectedGiB * GIB;
  const items = projectedBytes / w.itemSizeBytes;
  const dataMemoryGiB = items * (w.itemSizeBytes + (options.perKeyOverheadBytes ?? 64)) / GIB;
  const usablePerShardGiB = (options.nodeMemoryGiB ?? 26.32) / (options.forkMemoryFactor ?? 2) * usableFraction(w);
  const shardsForMemory = ceil(dataMemoryGiB / usablePerShardGiB);
  const shardsForThroughput = ceil((w.readsPerSecond + w.writesPerSecond) / ((options.requestsPerShardPerSecond ?? 80_000) * usableFraction(w)));
  const shards = Math.max(1, shardsForMemory, shardsForThroughput);
  return {
    dataMemoryGiB, shardsForMemory, shardsForThroughput, shards,
    replicasPerShard: w.replicationFactor - 1, dataMemoryPerShardGiB: dataMemoryGiB / shards,
  };
}
