import { ArnFormat, Duration, type IResource, RemovalPolicy, Resource, Stack } from 'aws-cdk-lib';
import { CfnTable } from 'aws-cdk-lib/aws-cassandra';
import { MathExpression, Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { type Grant, type IGrantable, Grant as IamGrant } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { Problems, show } from '../../platform/errors';
import { type TableSchema, tableSchemaProblems } from '../schema';
import type { IKeyspace } from './keyspace';
import { TableCapacity } from './table-capacity';
import { limitProblems } from '../../platform/aws/limits';
import { CASSANDRA_LIMITS } from '../limits';

/** CQL operations that Keyspaces reports per-operation metrics for. */
export enum KeyspacesOperation { SELECT = 'SELECT', INSERT = 'INSERT', UPDATE = 'UPDATE', DELETE = 'DELETE' }

// The Operation values of the per-operation counters, and which are writes, as AWS's own
// Keyspaces dashboard template queries them (aws-samples/amazon-keyspaces-cloudwatch-cloudformation-templates,
// keyspaces-table-cw.yaml @04974d56: SuccessfulRequestCount and SystemErrors per SELECT, INSERT,
// UPDATE, DELETE; ReadThrottleEvents per SELECT; WriteThrottleEvents per INSERT, UPDATE, DELETE).
const ALL_OPERATIONS: readonly KeyspacesOperation[] = Object.values(KeyspacesOperation);
const WRITE_OPERATIONS: readonly KeyspacesOperation[] = [KeyspacesOperation.INSERT, KeyspacesOperation.UPDATE, KeyspacesOperation.DELETE];

export interface ITable extends IResource {
  readonly keyspace: IKeyspace;
  readonly tableName: string;
  readonly tableArn: string;
  /** Lets `grantee` do `actions` on the table. */
  grant(grantee: IGrantable, ...actions: string[]): Grant;
  /** Lets `grantee` read rows (`cassandra:Select`). */
  grantReadData(grantee: IGrantable): Grant;
  /** Lets `grantee` write rows (`cassandra:Modify`). */
  grantWriteData(grantee: IGrantable): Grant;
  /** p99 latency of successful requests of `operation`, in ms. @default statistic p99, period 1 minute */
  metricLatencyP99(operation: KeyspacesOperation, props?: MetricOptions): Metric;
  /** Server-side errors of every operation (summed over `Operation`). @default statistic Sum, period 1 minute */
  metricSystemErrors(props?: MetricOptions): MathExpression;
  /** System errors as a percentage of requests. @default period 1 minute */
  metricErrorRatePercent(props?: MetricOptions): MathExpression;
  /** Successful requests of every operation per period (summed over `Operation`). @default statistic Sum, period 1 minute */
  metricSuccessfulRequests(props?: MetricOptions): MathExpression;
  /** Read and write requests throttled. @default statistic Sum, period 1 minute */
  metricThrottledRequests(props?: MetricOptions): MathExpression;
  /** Replication latency to `receivingRegion`, in ms (multi-region tables). @default statistic Maximum, period 1 minute */
  metricReplicationLatency(receivingRegion: string, props?: MetricOptions): Metric;
}

export interface TableProps {
  readonly keyspace: IKeyspace;
  readonly schema: TableSchema;
  /** @default TableCapacity.onDemand() */
  readonly capacity?: TableCapacity;
  /**
   * Continuous backups for 35 days.
   *
   * @default true
   */
  readonly pointInTimeRecovery?: boolean;
  /**
   * Customer-managed key for encryption at rest. Keyspaces does not support customer-managed
   * keys on multi-region tables, so this is rejected for a multi-region keyspace.
   *
   * @see https://docs.aws.amazon.com/keyspaces/latest/devguide/multiRegion-replication_usage-notes.html
   * @default - AWS-owned key (encrypted at rest either way)
   */
  readonly encryptionKey?: IKey;
}

/** An existing table. Importing creates no CloudFormation resource. */
export interface TableAttributes {
  /** The table's keyspace (`Keyspace.fromKeyspaceAttributes` for an existing one). */
  readonly keyspace: IKeyspace;
  readonly tableName: string;
}

/** What owned and imported tables share: grants and metrics, from the keyspace and table names. */
export abstract class TableBase extends Resource implements ITable {
  public abstract readonly keyspace: IKeyspace;
  public abstract readonly tableName: string;
  public abstract readonly tableArn: string;

  public grant(grantee: IGrantable, ...actions: string[]): Grant {
    return IamGrant.addToPrincipal({ grantee, actions, resourceArns: [this.tableArn] });
  }

  public grantReadData(grantee: IGrantable): Grant {
    return this.grant(grantee, 'cassandra:Select');
  }

  public grantWriteData(grantee: IGrantable): Grant {
    return this.grant(grantee, 'cassandra:Modify');
  }

  public metricLatencyP99(operation: KeyspacesOperation, props?: MetricOptions): Metric {
    return this.metric('SuccessfulRequestLatency', { statistic: 'p99', ...props }, { Operation: operation });
  }

  public metricSystemErrors(props?: MetricOptions): MathExpression {
    return this.sumOverOperations('SystemErrors', 'e', ALL_OPERATIONS, 'System errors', props);
  }

  public metricSuccessfulRequests(props?: MetricOptions): MathExpression {
    return this.sumOverOperations('SuccessfulRequestCount', 'ok', ALL_OPERATIONS, 'Successful requests', props);
  }

  public metricErrorRatePercent(props?: MetricOptions): MathExpression {
    // A minute with errors and no successes publishes no SuccessfulRequestCount: FILL both with 0.
    return new MathExpression({
      expression: 'IF(FILL(errors, 0) + FILL(ok, 0) > 0, 100 * FILL(errors, 0) / (FILL(errors, 0) + FILL(ok, 0)), 0)',
      usingMetrics: {
        errors: this.metricSystemErrors(props),
        ok: this.metricSuccessfulRequests(props),
      },
      label: 'System errors (% of requests)',
      period: props?.period ?? Duration.minutes(1),
    });
  }

  public metricThrottledRequests(props?: MetricOptions): MathExpression {
    return new MathExpression({
      expression: 'r + w',
      usingMetrics: {
        r: this.sumOverOperations('ReadThrottleEvents', 'r', [KeyspacesOperation.SELECT], 'Throttled reads', props),
        w: this.sumOverOperations('WriteThrottleEvents', 'w', WRITE_OPERATIONS, 'Throttled writes', props),
      },
      label: 'Throttled requests',
      period: props?.period ?? Duration.minutes(1),
    });
  }

  public metricReplicationLatency(receivingRegion: string, props?: MetricOptions): Metric {
    return this.metric('ReplicationLatency', { statistic: 'Maximum', ...props }, { ReceivingRegion: receivingRegion });
  }

  /**
   * `name` summed over `operations`, each missing minute counted as 0. Keyspaces publishes these
   * counters per operation (dimensions Keyspace, Operation, TableName); no AWS source read here
   * shows a table-level set without Operation, so a table-wide figure is this sum. `prefix` keeps
   * the metric ids of two sums in one alarm apart (`e_select`, `ok_select`).
   */
  private sumOverOperations(name: string, prefix: string, operations: readonly KeyspacesOperation[], label: string, props?: MetricOptions): MathExpression {
    const ids = operations.map((o) => `${prefix}_${o.toLowerCase()}`);
    return new MathExpression({
      expression: ids.map((id) => `FILL(${id}, 0)`).join(' + '),
      usingMetrics: Object.fromEntries(operations.map((o, i) => [ids[i], this.metric(name, { statistic: 'Sum', ...props }, { Operation: o })])),
      label,
      period: props?.period ?? Duration.minutes(1),
    });
  }

  private metric(name: string, props: MetricOptions, extra: Record<string, string> = {}): Metric {
    return new Metric({
      namespace: 'AWS/Cassandra',
      metricName: name,
      dimensionsMap: { Keyspace: this.keyspace.keyspaceName, TableName: this.tableName, ...extra },
      period: Duration.minutes(1),
      ...props,
    });
  }
}

/**
 * An Amazon Keyspaces table. Retained on stack deletion and on replacement; point-in-time
 * recovery on by default. In a multi-region keyspace the table is created once and Keyspaces
 * replicates it to every region of the keyspace.
 */
export class Table extends TableBase {
  public static fromTableAttributes(scope: Construct, id: string, attrs: TableAttributes): ITable {
    class Import extends TableBase {
      public readonly keyspace = attrs.keyspace;
      public readonly tableName = attrs.tableName;
      public readonly tableArn = tableArn(this, attrs.keyspace.keyspaceName, attrs.tableName);
    }
    return new Import(scope, id);
  }

  public readonly keyspace: IKeyspace;
  public readonly tableName: string;
  public readonly tableArn: string;

  constructor(scope: Construct, id: string, props: TableProps) {
    super(scope, id, { physicalName: props.schema.name });
    const capacity = props.capacity ?? TableCapacity.onDemand();
    const p = new Problems();
    p.merge(tableSchemaProblems(props.schema));
    if (props.encryptionKey && props.keyspace.multiRegion) {
      p.add(`\`encryptionKey\` is not supported on a table in multi-region keyspace ${show(props.keyspace.keyspaceName)} `
        + `(regions ${props.keyspace.regions.join(', ')}): Keyspaces encrypts multi-region tables with an AWS-owned key; omit it`);
    }
    if (capacity.mode === 'PROVISIONED') {
      for (const [k, v] of [['readCapacityUnits', capacity.readCapacityUnits], ['writeCapacityUnits', capacity.writeCapacityUnits]] as const) {
        p.merge(limitProblems(`capacity.${k}`, v as number, CASSANDRA_LIMITS.capacityUnits));
      }
    }
    p.throwIfAny(this);

    const s = props.schema;
    const resource = new CfnTable(this, 'Resource', {
      keyspaceName: props.keyspace.keyspaceName,
      tableName: s.name,
      partitionKeyColumns: s.partitionKey.map((c) => ({ columnName: c.name, columnType: c.type })),
      clusteringKeyColumns: s.clusteringKey?.map((c) => ({ column: { columnName: c.name, columnType: c.type }, orderBy: c.order })),
      regularColumns: s.columns?.map((c) => ({ columnName: c.name, columnType: c.type })),
      defaultTimeToLive: s.defaultTtlSeconds,
      billingMode: capacity.mode === 'PROVISIONED'
        ? { mode: 'PROVISIONED', provisionedThroughput: { readCapacityUnits: capacity.readCapacityUnits!, writeCapacityUnits: capacity.writeCapacityUnits! } }
        : { mode: 'ON_DEMAND' },
      pointInTimeRecoveryEnabled: props.pointInTimeRecovery ?? true,
      encryptionSpecification: props.encryptionKey
        ? { encryptionType: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: props.encryptionKey.keyArn }
        : { encryptionType: 'AWS_OWNED_KMS_KEY' },
      // Multi-region tables resolve concurrent writes by client timestamp; Keyspaces requires it.
      clientSideTimestampsEnabled: props.keyspace.multiRegion ? true : undefined,
    });
    resource.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // The keyspace must exist before the table, also when it is created in the same stack.
    if (props.keyspace.node.defaultChild) resource.node.addDependency(props.keyspace);
    this.keyspace = props.keyspace;
    this.tableName = s.name;
    this.tableArn = tableArn(this, props.keyspace.keyspaceName, s.name);
  }
}

function tableArn(scope: Construct, keyspace: string, table: string): string {
  return Stack.of(scope).formatArn({ service: 'cassandra', resource: '', resourceName: `keyspace/${keyspace}/table/${table}`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}
