/**
 * Sizing facts of the AWS stores, one entry per instance type, each with where it comes from.
 *
 * `memoryGiB` is marked `verified: false` where the stored copy of the vendor's documentation
 * lists the type but not its memory (the ElastiCache and MemoryDB "Supported node types" pages
 * give bandwidth only; the memory is on the pricing pages, which the stored copies do not
 * carry). Those figures are the previous round's and the report prints them as unverified:
 * check the pricing page before relying on a size that is close to the limit.
 */
export interface InstanceFact {
  readonly name: string;
  /** Memory of one node, in GiB. */
  readonly memoryGiB: number;
  /** Whether `memoryGiB` was read from the vendor's documentation (`source`). */
  readonly verified: boolean;
  /** Where the type (and, when verified, its memory) is documented, with the line quoted. */
  readonly source: string;
}

const ELASTICACHE_TYPES = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html ' +
  '("cache.r7g.large | 0.937 | 12.5" in the memcached table: bandwidth only, no memory)';
const MEMORYDB_TYPES = 'https://docs.aws.amazon.com/memorydb/latest/devguide/nodes.supportedtypes.html ' +
  '("db.r7g.xlarge | 1.876 | 12.5 | No | 6.2": bandwidth only, no memory)';
const OPENSEARCH_TYPES = 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/supported-instance-types.html ' +
  '("R6g" listed among current generation types; memory not in the stored copy)';
const NEPTUNE_TYPES = 'https://docs.aws.amazon.com/cdk/api/v2/docs/@aws-cdk_aws-neptune-alpha.InstanceType.html ' +
  '("db.r6g.large" ... "db.r6g.16xlarge"; memory not in the stored copy)';

const unverified = (source: string) => (name: string, memoryGiB: number): InstanceFact => ({ name, memoryGiB, verified: false, source });

/** ElastiCache memcached node types. */
export const ELASTICACHE_NODE_TYPES: readonly InstanceFact[] = [
  ['cache.m7g.large', 6.38], ['cache.m7g.xlarge', 12.93], ['cache.r7g.large', 13.07], ['cache.r7g.xlarge', 26.32],
  ['cache.r7g.2xlarge', 52.82], ['cache.r7g.4xlarge', 105.81], ['cache.r6g.large', 13.07], ['cache.r6g.xlarge', 26.32],
  ['cache.r6g.2xlarge', 52.82],
].map(([n, m]) => unverified(ELASTICACHE_TYPES)(n as string, m as number));

/** MemoryDB node types. */
export const MEMORYDB_NODE_TYPES: readonly InstanceFact[] = [
  ['db.r7g.large', 13.07], ['db.r7g.xlarge', 26.32], ['db.r7g.2xlarge', 52.82], ['db.r7g.4xlarge', 105.81],
  ['db.r7g.8xlarge', 209.55], ['db.r7g.12xlarge', 317.77], ['db.r7g.16xlarge', 419.09],
].map(([n, m]) => unverified(MEMORYDB_TYPES)(n as string, m as number));

/** OpenSearch Service data node types (memory of the instance; the JVM heap is half, at most 31 GiB). */
export const OPENSEARCH_NODE_TYPES: readonly InstanceFact[] = [
  ['m6g.large.search', 8], ['m6g.xlarge.search', 16], ['m6g.2xlarge.search', 32], ['r6g.large.search', 16],
  ['r6g.xlarge.search', 32], ['r6g.2xlarge.search', 64], ['r6g.4xlarge.search', 128], ['r7g.large.search', 16],
  ['r7g.xlarge.search', 32], ['r7g.2xlarge.search', 64], ['or1.large.search', 16], ['or1.xlarge.search', 32],
].map(([n, m]) => unverified(OPENSEARCH_TYPES)(n as string, m as number));

/** Neptune instance classes: the planner's `NEPTUNE_INSTANCE_CLASSES`, with their source. */
export const NEPTUNE_CLASSES: readonly InstanceFact[] = [
  ['db.r6g.large', 16], ['db.r6g.xlarge', 32], ['db.r6g.2xlarge', 64], ['db.r6g.4xlarge', 128],
  ['db.r6g.8xlarge', 256], ['db.r6g.12xlarge', 384], ['db.r6g.16xlarge', 512],
].map(([n, m]) => unverified(NEPTUNE_TYPES)(n as string, m as number));

/**
 * Keyspaces capacity units, verified: "One RCU represents one LOCAL_QUORUM read per second, or
 * two LOCAL_ONE reads per second, for a row up to 4 KB in size" and "For each 1 KB write, you are
 * billed 1 write capacity unit (WCU)".
 *
 * @see https://docs.aws.amazon.com/keyspaces/latest/devguide/ReadWriteCapacityMode.Provisioned.html
 * @see https://docs.aws.amazon.com/keyspaces/latest/devguide/consistency.html
 */
export const KEYSPACES_UNITS = { writeUnitBytes: 1024, readUnitBytes: 4096, localOneReadsPerUnit: 2 } as const;

/** The fact for `name` in `table`, or an Error naming the field, the value and the allowed names. */
export function instanceFact(table: readonly InstanceFact[], name: string, field: string): InstanceFact {
  const found = table.find((t) => t.name === name);
  if (!found) throw new Error(`\`${field}\` must be an instance type the capacity planner knows (${table.map((t) => t.name).join(', ')}), got '${name}'`);
  return found;
}
