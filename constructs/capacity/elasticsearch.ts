import { type Workload, ceil, optionProblems, projectDataset, resolveWorkload, throwIfProblems, usableFraction } from './workload';

/**
 * AWS's storage rule for OpenSearch Service: source data × (1 + replicas) × (1 + indexing
 * overhead 10%) / (1 - Linux reserved 5%) / (1 - OpenSearch Service overhead 20%). The same
 * overheads hold for self-managed Elasticsearch (root-reserved blocks, translog, merges).
 *
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/sizing-domains.html
 */
export const LINUX_RESERVED_FRACTION = 0.05;
export const SERVICE_OVERHEAD_FRACTION = 0.2;

/** Sizing of an Elasticsearch / OpenSearch cluster in one region. */
export interface ElasticsearchPlanOptions {
  /** Zones of the region; data nodes are spread evenly (zone awareness). */
  readonly zones: number;
  /**
   * Target size of one primary shard, in GiB: 10-30 GiB for search latency, 30-50 GiB for logs.
   *
   * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/bp-sharding.html
   * @default 30
   */
  readonly targetShardSizeGiB?: number;
  /**
   * Index size over source size (inverted index, doc values), in percent.
   *
   * @default 10
   */
  readonly indexingOverheadPercent?: number;
  /**
   * Memory of one data node, in GiB. The JVM heap is half of it, at most 31 GiB
   * (compressed object pointers); the other half is the file-system cache.
   *
   * @default 64 (r6g.2xlarge)
   */
  readonly dataNodeMemoryGiB?: number;
  /**
   * Storage one data node may hold, in GiB: bounds recovery time when a node is replaced.
   *
   * @default 1536
   */
  readonly maxStoragePerDataNodeGiB?: number;
  /**
   * Shards per GiB of JVM heap at most (Elastic's rule of thumb: 20).
   *
   * @see https://www.elastic.co/guide/en/elasticsearch/reference/current/size-your-shards.html
   * @default 20
   */
  readonly maxShardsPerHeapGiB?: number;
}

export interface ElasticsearchPlan {
  /** replicationFactor - 1. */
  readonly replicas: number;
  /** ceil(projected × (1 + indexing overhead) / targetShardSizeGiB), at least 1. */
  readonly primaryShards: number;
  /** primaryShards × (1 + replicas). */
  readonly totalShards: number;
  /** AWS's storage rule (see `SERVICE_OVERHEAD_FRACTION`) / (1 - headroom), in GiB. */
  readonly storageGiB: number;
  /** min(31, dataNodeMemoryGiB / 2). */
  readonly heapPerNodeGiB: number;
  readonly nodesForStorage: number;
  /** ceil(totalShards / (heapPerNodeGiB × maxShardsPerHeapGiB)). */
  readonly nodesForShards: number;
  /** max(replicas + 1, nodesForStorage, nodesForShards), rounded up to a multiple of the zones. */
  readonly dataNodes: number;
  readonly dataNodesPerZone: number;
  /** ceil(storageGiB / dataNodes). */
  readonly storagePerNodeGiB: number;
}

/** Shards, data nodes and storage for an Elasticsearch / OpenSearch index of the dataset. */
export function planElasticsearch(workload: Workload, options: ElasticsearchPlanOptions): ElasticsearchPlan {
  const w = resolveWorkload(workload);
  throwIfProblems('planElasticsearch', optionProblems('options', options, {
    zones: 'positiveInt', targetShardSizeGiB: 'positive', indexingOverheadPercent: 'positive', dataNodeMemoryGiB: 'positive',
    maxStoragePerDataNodeGiB: 'positive', maxShardsPerHeapGiB: 'positive',
  }));
  const projected = projectDataset(w).projectedGiB;
  const overhead = 1 + (options.indexingOverheadPercent ?? 10) / 100;
  const replicas = w.replicationFactor - 1;
  const primaryShards = Math.max(1, ceil(projected * overhead / (options.targetShardSizeGiB ?? 30)));
  const totalShards = primaryShards * (1 + replicas);
  const storageGiB = projected * (1 + replicas) * overhead / (1 - LINUX_RESERVED_FRACTION) / (1 - SERVICE_OVERHEAD_FRACTION) / usableFraction(w);
  const heapPerNodeGiB = Math.min(31, (options.dataNodeMemoryGiB ?? 64) / 2);
  const nodesForStorage = ceil(storageGiB / (options.maxStoragePerDataNodeGiB ?? 1536));
  const nodesForShards = ceil(totalShards / (heapPerNodeGiB * (options.maxShardsPerHeapGiB ?? 20)));
  const dataNodesPerZone = ceil(Math.max(replicas + 1, nodesForStorage, nodesForShards) / options.zones);
  const dataNodes = dataNodesPerZone * options.zones;
  return {
    replicas, primaryShards, totalShards, storageGiB, heapPerNodeGiB, nodesForStorage, nodesForShards,
    dataNodes, dataNodesPerZone, storagePerNodeGiB: ceil(storageGiB / dataNodes),
  };
}
