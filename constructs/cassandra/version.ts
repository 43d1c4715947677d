/** Apache Cassandra server version run by the K8ssandra operator. */
export class CassandraVersion {
  public static readonly V4_1 = new CassandraVersion('4.1.8');
  public static readonly V5_0 = new CassandraVersion('5.0.4');

  /** A version not listed here, e.g. a newer patch release. */
  public static of(version: string): CassandraVersion {
    return new CassandraVersion(version);
  }

  private constructor(public readonly version: string) {}
}
