import type { Store } from '../catalog/model';

/**
 * Each store's sizing formulas as the report prints them, with the vendor guidance they follow.
 * The planners (`planCassandra`, `planKeyspaces`, `planMemcached`, `planElasticsearch`,
 * `planRedis`, `planGraph`) implement exactly these; their doc comments carry the same sources.
 */
export interface Formula {
  readonly figure: string;
  readonly formula: string;
  readonly source: string;
}

const DATASET: Formula = {
  figure: 'projected dataset (one copy)',
  formula: 'min(datasetGiB × (1 + monthlyGrowthPercent/100)^12, average writes/s × itemSizeBytes × retentionDays × 86400)',
  source: 'the requirements (growth compounded over the 12-month horizon; a TTL caps what can be live)',
};

const CASSANDRA: Formula[] = [
  { figure: 'nodes per region', formula: 'max(RF, ceil(dataset × RF / 1024 GiB), ceil((writes × RF / 10000 + reads × (floor(RF/2)+1) / 5000) / (1 - headroom))), rounded up to a multiple of the zones',
    source: 'https://cassandra.apache.org/doc/latest/cassandra/managing/operating/hardware.html (1-2 TB per node); Netflix benchmark ~11 500 replica writes/s per node' },
  { figure: 'volume per node', formula: 'dataset × RF / nodes / min(50%, 100% - headroom)',
    source: 'https://cassandra.apache.org/doc/latest/cassandra/managing/operating/compaction/stcs.html (size-tiered compaction needs free space as large as the SSTables it merges)' },
  { figure: 'Keyspaces units', formula: 'WCU = writes × ceil(item / 1 KB); RCU = reads × ceil(item / 4 KB) (× 0.5 at LOCAL_ONE); provisioned = peak / (1 - headroom)',
    source: 'https://docs.aws.amazon.com/keyspaces/latest/devguide/ReadWriteCapacityMode.Provisioned.html ("One RCU represents one LOCAL_QUORUM read per second, or two LOCAL_ONE reads per second, for a row up to 4 KB")' },
];

/** The formulas the report of a store prints. */
export const STORE_FORMULAS: Readonly<Record<Store, readonly Formula[]>> = {
  cassandra: [DATASET, ...CASSANDRA],
  evcache: [DATASET,
    { figure: 'memory per zone', formula: 'items × slab chunk(item + 59 B header) / (1 - headroom); every zone holds a full copy',
      source: 'memcached items.h (ITEM_ntotal) and https://github.com/memcached/memcached/wiki/UserInternals (slab classes, growth factor 1.25); both measured on memcached 1.6.18 (test/real-servers/memcached-slabs.test.ts)' },
    { figure: 'nodes per zone', formula: 'max(ceil(memory per zone / (node memory × (1 - reserved))), ceil((writes + reads / zones) / (100000 × (1 - headroom))))',
      source: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/nodes-select-size.html ("cluster_capacity = number_of_nodes * (node_capacity - system_overhead)")' }],
  elasticsearch: [DATASET,
    { figure: 'storage per region', formula: 'dataset × (1 + replicas) × 1.1 / 0.95 / 0.8 / (1 - headroom)',
      source: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/sizing-domains.html (indexing overhead 10%, Linux reserved 5%, service overhead 20%)' },
    { figure: 'primary shards', formula: 'ceil(dataset × 1.1 / 30 GiB); nodes for shards: total shards / (heap GiB × 20)',
      source: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/bp-sharding.html (10-50 GiB per shard); Elastic: at most 20 shards per GiB of heap' },
    { figure: 'EBS per data node', formula: 'storage per region / data nodes, within the instance type\'s EBS limits',
      source: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/limits.html#ebsresource' }],
  dynomite: [DATASET,
    { figure: 'memory', formula: 'items × (item + 64 B per key) × 2 (fork copy-on-write during BGSAVE / AOF rewrite) / (1 - headroom)',
      source: 'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/memory-optimization/ and .../management/admin/ (fork memory)' },
    { figure: 'shards / nodes per rack', formula: 'max(ceil(memory / node memory), ceil((reads + writes) / (80000 × (1 - headroom)))); every Dynomite rack holds the whole dataset',
      source: 'Dynomite: rack = zone, each rack a full copy (DESIGN.md, facts about the stores)' }],
  graph: [DATASET,
    { figure: 'instance memory', formula: 'working set / (2/3 buffer cache) / (1 - headroom): the smallest class with that much memory',
      source: 'https://docs.aws.amazon.com/neptune/latest/userguide/best-practices-general-basic.html' },
    ...CASSANDRA.slice(0, 2)],
};
