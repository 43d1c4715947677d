/**
 * An ElastiCache node type for memcached, e.g. `cache.r7g.large`. An open set (AWS adds sizes),
 * so any `cache.<family>.<size>` is accepted here and the constructs check the family against
 * `NODE_TYPE_FAMILIES`: a typo such as `cache.r7x.large` fails at synth, not at deploy.
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html
 */
export class CacheNodeType {
  public static readonly R7G_LARGE = new CacheNodeType('cache.r7g.large');
  public static readonly R7G_XLARGE = new CacheNodeType('cache.r7g.xlarge');
  public static readonly M7G_LARGE = new CacheNodeType('cache.m7g.large');
  public static readonly T4G_MEDIUM = new CacheNodeType('cache.t4g.medium');

  /** A node type not listed above, e.g. `cache.r6g.2xlarge`. */
  public static of(name: string): CacheNodeType {
    return new CacheNodeType(name);
  }

  private constructor(public readonly name: string) {}

  /** The family (`r7g`), or undefined when the name is not `cache.<family>.<size>`. */
  public get family(): string | undefined {
    return /^cache\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(this.name)?.[1];
  }

  /** Burstable families run on CPU credits: fine for tests, not for a sub-millisecond SLA. */
  public get burstable(): boolean {
    return this.family !== undefined && this.family.startsWith('t');
  }
}

/** Current-generation node families that ElastiCache offers for memcached. */
export const NODE_TYPE_FAMILIES: readonly string[] = ['t3', 't4g', 'm5', 'm6g', 'm7g', 'r5', 'r6g', 'r7g', 'c7gn'];
