/**
 * Elastic Stack version for the ECK flavor (Elasticsearch and Kibana run the same version).
 * Zone awareness in the ECK CRD needs ECK 3.4+; the stack version is independent of it.
 */
export class ElasticStackVersion {
  public static readonly V8_19 = new ElasticStackVersion('8.19.6');
  public static readonly V9_2 = new ElasticStackVersion('9.2.1');

  /** A version not listed above, e.g. `9.1.5`. */
  public static of(version: string): ElasticStackVersion {
    return new ElasticStackVersion(version);
  }

  private constructor(public readonly version: string) {}
}
