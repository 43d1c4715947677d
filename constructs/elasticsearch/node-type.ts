/**
 * An OpenSearch Service instance type with the EBS volume size it accepts per node.
 *
 * The limits come from the "EBS volume size quotas" table of the OpenSearch Service developer
 * guide; a type missing here can be given with `SearchNodeType.of(...)`.
 *
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/limits.html#ebsresource
 */
export class SearchNodeType {
  public static readonly T3_SMALL = new SearchNodeType('t3.small.search', 10, 100);
  public static readonly T3_MEDIUM = new SearchNodeType('t3.medium.search', 10, 200);
  public static readonly M6G_LARGE = new SearchNodeType('m6g.large.search', 10, 512);
  public static readonly M6G_XLARGE = new SearchNodeType('m6g.xlarge.search', 10, 1024);
  public static readonly M6G_2XLARGE = new SearchNodeType('m6g.2xlarge.search', 10, 1536);
  public static readonly R6G_LARGE = new SearchNodeType('r6g.large.search', 10, 1024);
  public static readonly R6G_XLARGE = new SearchNodeType('r6g.xlarge.search', 10, 1536);
  public static readonly R6G_2XLARGE = new SearchNodeType('r6g.2xlarge.search', 10, 3072);
  public static readonly R6G_4XLARGE = new SearchNodeType('r6g.4xlarge.search', 10, 6144);
  public static readonly R7G_LARGE = new SearchNodeType('r7g.large.search', 10, 1024);
  public static readonly R7G_XLARGE = new SearchNodeType('r7g.xlarge.search', 10, 1536);
  public static readonly R7G_2XLARGE = new SearchNodeType('r7g.2xlarge.search', 10, 3072);
  /** OpenSearch Optimized instances keep a copy in S3 and need at least 20 GiB per node. */
  public static readonly OR1_LARGE = new SearchNodeType('or1.large.search', 20, 800);
  public static readonly OR1_XLARGE = new SearchNodeType('or1.xlarge.search', 20, 1600);

  /** An instance type not listed above, with its EBS limits per node in GiB. */
  public static of(name: string, minStorageGiB: number, maxStorageGiB: number): SearchNodeType {
    return new SearchNodeType(name, minStorageGiB, maxStorageGiB);
  }

  private constructor(
    /** Instance type name as the service spells it, e.g. `r6g.large.search`. */
    public readonly name: string,
    /** Smallest EBS volume per node, in GiB. */
    public readonly minStorageGiB: number,
    /** Largest EBS volume per node, in GiB. */
    public readonly maxStorageGiB: number,
  ) {}

  public toString(): string {
    return this.name;
  }
}
