/**
 * How a Keyspaces table pays for throughput.
 *
 * @see https://docs.aws.amazon.com/keyspaces/latest/devguide/ReadWriteCapacityMode.html
 */
export class TableCapacity {
  /** Pay per request; no throughput planning, no throttling below the account table limits. */
  public static onDemand(): TableCapacity {
    return new TableCapacity('PAY_PER_REQUEST');
  }

  /** Provisioned read and write capacity units; cheaper for steady, known load. */
  public static provisioned(readCapacityUnits: number, writeCapacityUnits: number): TableCapacity {
    return new TableCapacity('PROVISIONED', readCapacityUnits, writeCapacityUnits);
  }

  private constructor(
    public readonly mode: 'PAY_PER_REQUEST' | 'PROVISIONED',
    public readonly readCapacityUnits?: number,
    public readonly writeCapacityUnits?: number,
  ) {}
}
