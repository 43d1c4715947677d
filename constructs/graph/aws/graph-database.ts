import { ArnFormat, Duration, type IResource, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import { MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Connections, type IConnectable, type ISecurityGroup, type IVpc, Port, SecurityGroup, SubnetType } from 'aws-cdk-lib/aws-ec2';
import { Grant, type IGrantable, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  CfnDBCluster, CfnDBClusterParameterGroup, CfnDBInstance, CfnDBSubnetGroup, CfnGlobalCluster,
} from 'aws-cdk-lib/aws-neptune';
import { Construct } from 'constructs';
import { type RegionMaintenanceWindow, zoneMaintenanceWindow } from '../../maintenance/windows';
import type { Environment } from '../../platform/config';
import { Problems, show } from '../../platform/errors';
import { NeptuneEngineVersion, type NeptuneInstanceClass } from './neptune-engine';
import { limitProblems } from '../../platform/aws/limits';
import { GRAPH_LIMITS } from '../limits';


/** Neptune aggregates every metric over 5 minutes: no alarm period may be shorter. */
export const NEPTUNE_METRIC_PERIOD = Duration.minutes(5);
/** Gremlin (and openCypher/SPARQL) port of Neptune. */
export const GREMLIN_PORT = 8182;
/** Neptune allows one writer and 15 readers per cluster. */
export const MAX_INSTANCES = 16;
/** A global database has one primary and at most five secondary regions. */
export const MAX_GLOBAL_REGIONS = 6;
const IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,61}[a-z0-9]$/;

/**
 * Membership in a Neptune global database. Identifiers come from configuration, never from a
 * lookup: the secondary regions' stacks attach to the global cluster by its identifier.
 *
 * @see https://docs.aws.amazon.com/neptune/latest/userguide/neptune-global-database.html
 */
export interface NeptuneGlobalDatabaseProps {
  /** Identifier of the `AWS::Neptune::GlobalCluster`, the same in every region. */
  readonly globalClusterIdentifier: string;
  /** Region of the writable primary cluster; its construct creates the global cluster. */
  readonly primaryRegion: string;
  /** Every region of the global database, the primary included (1 primary + at most 5 secondaries). */
  readonly regions: string[];
}

export interface GraphDatabaseProps {
  readonly environment: Environment;
  /** VPC whose isolated subnets hold the cluster (the shared data network of the region). */
  readonly vpc: IVpc;
  /** `DBClusterIdentifier`: lowercase letters, digits, single hyphens, at most 63. Changing it replaces the cluster. */
  readonly clusterIdentifier: string;
  readonly instanceClass: NeptuneInstanceClass;
  /** @default NeptuneEngineVersion.V1_4_5_1 */
  readonly engineVersion?: NeptuneEngineVersion;
  /**
   * One DB instance per entry, in this order, each in the availability zone named (a configured
   * zone of the stack's region). In a writable cluster the first is the writer and the others
   * are readers and failover targets; in a secondary cluster of a global database all are
   * read-only. Production needs at least one reader in a zone other than the first.
   */
  readonly instanceAvailabilityZones: string[];
  /**
   * The region's staggered windows (`maintenanceWindowOf`): the cluster backs up in its backup
   * window and is maintained in its maintenance window; instance i in the same slot i days later
   * (`zoneMaintenanceWindow`), so writer and readers are never maintained together.
   *
   * @see https://docs.aws.amazon.com/neptune/latest/userguide/manage-console-maintaining.html
   * @default - Neptune picks a random 30-minute window per region and instance
   */
  readonly maintenanceWindow?: RegionMaintenanceWindow;
  /**
   * Days of automated backups (point-in-time restore) kept, 7 to 35.
   *
   * @default 14
   */
  readonly backupRetentionDays?: number;
  /**
   * Retention of the exported audit log.
   *
   * @default RetentionDays.ONE_YEAR
   */
  readonly auditLogRetention?: RetentionDays;
  /**
   * Key encrypting the cluster's storage, snapshots and audit log. A key is regional: each
   * region's cluster of a global database has its own.
   *
   * @default - a new customer-managed key with rotation, retained on delete
   */
  readonly encryptionKey?: IKey;
  /**
   * Membership in a global database.
   *
   * @default - a regional cluster, not part of a global database
   */
  readonly globalDatabase?: NeptuneGlobalDatabaseProps;
}

/** A Neptune cluster, created here (`GraphDatabase`) or imported (`GraphDatabase.fromGraphDatabaseAttributes`). */
export interface IGraphDatabase extends IResource, IConnectable {
  /** `DBClusterIdentifier`: the `DBClusterIdentifier` dimension of its metrics. */
  readonly clusterIdentifier: string;
  /** `ClusterResourceId` (`cluster-...`): the resource of the `neptune-db` data actions. */
  readonly clusterResourceId: string;
  /** `arn:<partition>:rds:<region>:<account>:cluster:<clusterIdentifier>`: what management actions and tags name. */
  readonly clusterArn: string;
  /** Writer endpoint host (in a secondary: the cluster endpoint, read-only). */
  readonly endpoint: string;
  /** Reader endpoint host. */
  readonly readEndpoint: string;
  /** Gremlin port. */
  readonly port: number;
  /** False for a read-only cluster (a secondary of a global database). */
  readonly writable: boolean;
  /** The global database this cluster belongs to, when known. */
  readonly globalDatabase?: NeptuneGlobalDatabaseProps;
  /** Gremlin/openCypher reads through IAM authentication. */
  grantRead(grantee: IGrantable): Grant;
  /** Reads, writes and deletes through IAM authentication. Throws on a read-only cluster. */
  grantReadWrite(grantee: IGrantable): Grant;
  /** `neptune-db` data actions on this cluster's databases (`<cluster-resource-id>/*`). */
  grant(grantee: IGrantable, ...actions: string[]): Grant;
  /** An `AWS/Neptune` metric of this cluster, per 5 minutes. */
  metric(metricName: string, statistic: string, extraDimensions?: Record<string, string>): Metric;
  metricCpuUtilization(): Metric;
  metricFreeableMemory(): Metric;
  metricGremlinRequestsPerSec(): Metric;
  metricGremlinServerErrorsPerSec(): Metric;
  metricGremlinErrorRatePercent(): MathExpression;
  metricPendingRequests(): Metric;
  metricClusterReplicaLagMaximum(): Metric;
  metricGlobalDbProgressLag(sourceRegion: string): Metric;
}

/**
 * An existing Neptune cluster. Importing creates no CloudFormation resource.
 */
export interface GraphDatabaseAttributes {
  /** `DBClusterIdentifier`. */
  readonly clusterIdentifier: string;
  /** `ClusterResourceId` (the `ClusterResourceId` attribute, `cluster-...`), the resource of IAM data-access grants. */
  readonly clusterResourceId: string;
  /** Writer (cluster) endpoint host. */
  readonly endpoint: string;
  /** Reader endpoint host. */
  readonly readEndpoint: string;
  /** Security groups of the cluster: `connections` opens the Gremlin port on them. */
  readonly securityGroups: ISecurityGroup[];
  /**
   * Gremlin port.
   *
   * @default 8182
   */
  readonly port?: number;
  /**
   * Whether the cluster accepts writes (false for a secondary of a global database): `grantReadWrite` throws when false.
   *
   * @default true
   */
  readonly writable?: boolean;
}

/** What owned and imported clusters share: grants and metrics, from the identifiers alone. */
export abstract class GraphDatabaseBase extends Resource implements IGraphDatabase {
  public abstract readonly clusterIdentifier: string;
  public abstract readonly clusterResourceId: string;
  public abstract readonly endpoint: string;
  public abstract readonly readEndpoint: string;
  public abstract readonly port: number;
  public abstract readonly writable: boolean;
  public abstract readonly globalDatabase?: NeptuneGlobalDatabaseProps;
  public abstract readonly connections: Connections;

  /**
   * Neptune shares the RDS ARN format: `arn:aws:rds:<region>:<account>:cluster:<name>`.
   *
   * @see https://docs.aws.amazon.com/neptune/latest/userguide/tagging-arns-constructing.html
   */
  public get clusterArn(): string {
    return Stack.of(this).formatArn({ service: 'rds', resource: 'cluster', resourceName: this.clusterIdentifier, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  /** Gremlin/openCypher reads through IAM authentication. */
  public grantRead(grantee: IGrantable): Grant {
    return this.grant(grantee, 'neptune-db:ReadDataViaQuery', 'neptune-db:GetQueryStatus');
  }

  /** Reads, writes and deletes through IAM authentication. Throws on a read-only secondary. */
  public grantReadWrite(grantee: IGrantable): Grant {
    if (!this.writable) {
      const g = this.globalDatabase;
      throw new Error(g
        ? `${this.node.path}: cluster ${show(this.clusterIdentifier)} is a read-only secondary of global database ${show(g.globalClusterIdentifier)}; grant writes in ${show(g.primaryRegion)}`
        : `${this.node.path}: cluster ${show(this.clusterIdentifier)} was imported with \`writable: false\`; grant writes where it is writable`);
    }
    return this.grant(grantee, 'neptune-db:ReadDataViaQuery', 'neptune-db:WriteDataViaQuery',
      'neptune-db:DeleteDataViaQuery', 'neptune-db:GetQueryStatus');
  }

  /** `neptune-db` data actions on this cluster's databases (`<cluster-resource-id>/*`). */
  public grant(grantee: IGrantable, ...actions: string[]): Grant {
    return Grant.addToPrincipal({
      grantee, actions,
      resourceArns: [Stack.of(this).formatArn({
        service: 'neptune-db', resource: this.clusterResourceId, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      })],
    });
  }

  /**
   * An `AWS/Neptune` metric of this cluster, per 5 minutes: "For all Neptune metrics, the
   * aggregation granularity is 5 minutes" (Neptune CloudWatch Metrics, AWS docs).
   */
  public metric(metricName: string, statistic: string, extraDimensions: Record<string, string> = {}): Metric {
    return new Metric({
      namespace: 'AWS/Neptune', metricName, statistic, period: NEPTUNE_METRIC_PERIOD,
      dimensionsMap: { DBClusterIdentifier: this.clusterIdentifier, ...extraDimensions },
    });
  }

  /** CPU of the busiest instance, percent (Maximum). */
  public metricCpuUtilization(): Metric {
    return this.metric('CPUUtilization', 'Maximum');
  }

  /** Free memory of the instance with the least, bytes (Minimum). */
  public metricFreeableMemory(): Metric {
    return this.metric('FreeableMemory', 'Minimum');
  }

  /** Gremlin requests per second (Average over instances). */
  public metricGremlinRequestsPerSec(): Metric {
    return this.metric('GremlinRequestsPerSec', 'Average');
  }

  /** Gremlin server-side errors per second (Average over instances). */
  public metricGremlinServerErrorsPerSec(): Metric {
    return this.metric('GremlinServerErrorsPerSec', 'Average');
  }

  /**
   * Gremlin server errors as a percentage of Gremlin requests (0 without requests). Neptune sends
   * a metric "only when they have a non-zero value": no errors published means none, FILL 0.
   */
  public metricGremlinErrorRatePercent(): MathExpression {
    return new MathExpression({
      expression: 'IF(FILL(requests, 0) > 0, 100 * FILL(errors, 0) / FILL(requests, 0), 0)',
      usingMetrics: { errors: this.metricGremlinServerErrorsPerSec(), requests: this.metricGremlinRequestsPerSec() },
      label: 'Gremlin server errors (%)',
      period: NEPTUNE_METRIC_PERIOD,
    });
  }

  /** Requests waiting in the input queue (Maximum): the server-side sign of rising latency. */
  public metricPendingRequests(): Metric {
    return this.metric('MainRequestQueuePendingRequests', 'Maximum');
  }

  /** Replication lag of the most lagging reader behind the writer, ms (Maximum). */
  public metricClusterReplicaLagMaximum(): Metric {
    return this.metric('ClusterReplicaLagMaximum', 'Maximum');
  }

  /**
   * How far this secondary cluster is behind the primary, ms (Maximum); published in the
   * secondary region with the `SourceRegion` dimension.
   */
  public metricGlobalDbProgressLag(sourceRegion: string): Metric {
    return this.metric('GlobalDbProgressLag', 'Maximum', { SourceRegion: sourceRegion });
  }
}

/**
 * An Amazon Neptune cluster (L1 resources; the L2 lives in an alpha package): CMK-encrypted
 * storage, IAM authentication, audit log exported to an encrypted log group, automated backups,
 * deletion protection and RETAIN, in the VPC's isolated subnets behind a security group that
 * admits only `clientSecurityGroup` on 8182. With `globalDatabase`, the primary region's
 * construct creates the `AWS::Neptune::GlobalCluster` and its writable cluster; the other
 * regions' constructs create read-only secondary clusters attached to it by identifier.
 */
export class GraphDatabase extends GraphDatabaseBase {
  /** An existing cluster: its grants and metrics work as the owned cluster's; no resource is created. */
  public static fromGraphDatabaseAttributes(scope: Construct, id: string, attrs: GraphDatabaseAttributes): IGraphDatabase {
    const port = attrs.port ?? GREMLIN_PORT;
    class Import extends GraphDatabaseBase {
      public readonly clusterIdentifier = attrs.clusterIdentifier;
      public readonly clusterResourceId = attrs.clusterResourceId;
      public readonly endpoint = attrs.endpoint;
      public readonly readEndpoint = attrs.readEndpoint;
      public readonly port = port;
      public readonly writable = attrs.writable ?? true;
      public readonly globalDatabase = undefined;
      public readonly connections = new Connections({ securityGroups: attrs.securityGroups, defaultPort: Port.tcp(port) });
    }
    return new Import(scope, id);
  }

  public readonly clusterIdentifier: string;
  public readonly clusterResourceId: string;
  public readonly cluster: CfnDBCluster;
  public readonly instances: readonly CfnDBInstance[];
  public readonly instanceClass: NeptuneInstanceClass;
  public readonly engineVersion: NeptuneEngineVersion;
  public readonly encryptionKey: IKey;
  /** The cluster's security group. */
  public readonly securityGroup: SecurityGroup;
  /** Attach to clients (pods via security groups for pods, Lambdas, ...): the only source admitted on 8182. */
  public readonly clientSecurityGroup: SecurityGroup;
  public readonly connections: Connections;
  public readonly port = GREMLIN_PORT;
  /** False for a secondary cluster of a global database (read-only until promoted). */
  public readonly writable: boolean;
  /** The global cluster, in the primary region's construct only. */
  public readonly globalCluster?: CfnGlobalCluster;
  public readonly globalDatabase?: NeptuneGlobalDatabaseProps;
  public readonly auditLog: LogGroup;
  /** Writer endpoint (in a secondary: the cluster endpoint, read-only). */
  public readonly endpoint: string;
  public readonly readEndpoint: string;
  public readonly region: string;

  constructor(scope: Construct, id: string, props: GraphDatabaseProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    const engineVersion = props.engineVersion ?? NeptuneEngineVersion.V1_4_5_1;
    const backupRetentionDays = props.backupRetentionDays ?? 14;
    const g = props.globalDatabase;
    const p = new Problems();
    validate(p, props, region, engineVersion, backupRetentionDays);
    p.throwIfAny(this);

    this.region = region;
    this.clusterIdentifier = props.clusterIdentifier;
    this.instanceClass = props.instanceClass;
    this.engineVersion = engineVersion;
    this.globalDatabase = g;
    this.writable = g === undefined || g.primaryRegion === region;

    this.encryptionKey = props.encryptionKey ?? new Key(this, 'Key', {
      description: `Encrypts Neptune cluster ${props.clusterIdentifier} (storage, snapshots, audit log)`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const auditLogName = `/aws/neptune/${props.clusterIdentifier}/audit`;
    // Created before the cluster, so Neptune writes into a retained, encrypted group with a retention.
    this.auditLog = new LogGroup(this, 'AuditLog', {
      logGroupName: auditLogName,
      retention: props.auditLogRetention ?? RetentionDays.ONE_YEAR,
      encryptionKey: this.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.encryptionKey.grantEncryptDecrypt(new ServicePrincipal(`logs.${region}.amazonaws.com`, {
      conditions: {
        ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': Stack.of(this).formatArn({
          service: 'logs', resource: 'log-group', resourceName: auditLogName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }) },
      },
    }));

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc, allowAllOutbound: false,
      description: `Neptune ${props.clusterIdentifier}: Gremlin from its client security group only`,
    });
    this.clientSecurityGroup = new SecurityGroup(this, 'ClientSecurityGroup', {
      vpc: props.vpc, allowAllOutbound: false,
      description: `Clients of Neptune ${props.clusterIdentifier}`,
    });
    this.securityGroup.addIngressRule(this.clientSecurityGroup, Port.tcp(GREMLIN_PORT), 'Gremlin from clients');
    this.clientSecurityGroup.addEgressRule(this.securityGroup, Port.tcp(GREMLIN_PORT), 'Gremlin to Neptune');
    this.connections = new Connections({ securityGroups: [this.securityGroup], defaultPort: Port.tcp(GREMLIN_PORT) });

    const subnets = new CfnDBSubnetGroup(this, 'Subnets', {
      dbSubnetGroupDescription: `Isolated subnets of Neptune ${props.clusterIdentifier}`,
      subnetIds: props.vpc.selectSubnets({ subnetType: SubnetType.PRIVATE_ISOLATED }).subnetIds,
    });
    const parameters = new CfnDBClusterParameterGroup(this, 'ClusterParameters', {
      family: engineVersion.parameterGroupFamily,
      description: `Neptune ${props.clusterIdentifier}: audit log on, TLS enforced`,
      parameters: { neptune_enable_audit_log: '1', neptune_enforce_ssl: '1' },
    });

    if (g && this.writable) {
      this.globalCluster = new CfnGlobalCluster(this, 'GlobalCluster', {
        globalClusterIdentifier: g.globalClusterIdentifier,
        engine: 'neptune',
        engineVersion: engineVersion.version,
        storageEncrypted: true,
        deletionProtection: true,
      });
      this.globalCluster.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    this.cluster = new CfnDBCluster(this, 'Resource', {
      dbClusterIdentifier: props.clusterIdentifier,
      engineVersion: engineVersion.version,
      // Secondaries attach by the configured identifier: the global cluster lives in another region's stack.
      globalClusterIdentifier: this.globalCluster?.ref ?? g?.globalClusterIdentifier,
      storageEncrypted: true,
      kmsKeyId: this.encryptionKey.keyArn,
      iamAuthEnabled: true,
      backupRetentionPeriod: backupRetentionDays,
      preferredBackupWindow: props.maintenanceWindow?.backupWindow,
      preferredMaintenanceWindow: props.maintenanceWindow?.maintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: true,
      enableCloudwatchLogsExports: ['audit'],
      dbClusterParameterGroupName: parameters.ref,
      dbSubnetGroupName: subnets.ref,
      vpcSecurityGroupIds: [this.securityGroup.securityGroupId],
      dbPort: GREMLIN_PORT,
    });
    this.cluster.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.cluster.node.addDependency(this.auditLog);

    // aws-cdk requires a removal policy on a stateful L1 (AWS::Neptune::DBInstance) whose scope is an
    // L2 Resource, and one would change the template. The instances sit in a plain scope named
    // 'Default', which logical ids leave out: their ids stay those of `Graph/Instance<i>`.
    const instanceScope = new Construct(this, 'Default');
    this.node.defaultChild = this.cluster;
    let first: CfnDBInstance | undefined;
    this.instances = props.instanceAvailabilityZones.map((az, i) => {
      const instance = new CfnDBInstance(instanceScope, `Instance${i}`, {
        dbInstanceClass: props.instanceClass.name,
        dbClusterIdentifier: this.cluster.ref,
        availabilityZone: az,
        autoMinorVersionUpgrade: true,
        preferredMaintenanceWindow: props.maintenanceWindow && zoneMaintenanceWindow(props.maintenanceWindow, i),
      });
      // The first instance created becomes the writer: create the others after it.
      if (first) instance.addResourceDependency(first);
      first ??= instance;
      return instance;
    });
    this.endpoint = this.cluster.attrEndpoint;
    this.readEndpoint = this.cluster.attrReadEndpoint;
    this.clusterResourceId = this.cluster.attrClusterResourceId;
  }
}

function validate(p: Problems, props: GraphDatabaseProps, region: string, engine: NeptuneEngineVersion, backupDays: number): void {
  const env = props.environment;
  p.check(IDENTIFIER.test(props.clusterIdentifier),
    () => `\`clusterIdentifier\` must be 2-63 lowercase letters, digits and single hyphens, starting with a letter, got ${show(props.clusterIdentifier)}`);
  if (!p.check(!Token.isUnresolved(region) && env.regions.some((r) => r.region === region),
    () => `the stack's region must be one of environment '${env.name}' regions (${env.regions.map((r) => r.region).join(', ')}), got ${show(region)}`)) return;
  p.check(engine.parts.length === 4 && engine.parts.every(Number.isInteger) && engine.parts[0] >= 1,
    () => `\`engineVersion\` must look like 1.4.5.1, got ${show(engine.version)}`);
  p.check(Number.isInteger(props.instanceClass.memoryGiB) && props.instanceClass.memoryGiB > 0 && props.instanceClass.name.startsWith('db.'),
    () => `\`instanceClass\` must be a db.* class with a positive memoryGiB, got ${show(props.instanceClass)}`);
  p.merge(limitProblems('backupRetentionDays', backupDays, GRAPH_LIMITS.backupRetentionDays));

  const zones = props.instanceAvailabilityZones;
  const configured = env.region(region).availabilityZones;
  p.check(zones.length >= 1 && zones.length <= MAX_INSTANCES,
    () => `\`instanceAvailabilityZones\` must list 1 to ${MAX_INSTANCES} instances (a writer and up to 15 readers), got ${zones.length}`);
  zones.forEach((z, i) => p.check(configured.includes(z),
    () => `\`instanceAvailabilityZones[${i}]\` must be a configured zone of ${region} (${configured.join(', ')}), got ${show(z)}`));
  const g = props.globalDatabase;
  const writable = g === undefined || g.primaryRegion === region;
  if (env.production && zones.length >= 1) {
    if (writable) {
      p.check(zones.some((z) => z !== zones[0]),
        () => `\`instanceAvailabilityZones\` must add at least one reader in a zone other than the writer's (${zones[0]}) in production environment '${env.name}': without one, losing the writer's zone stops the graph; got ${show(zones)}`);
    } else {
      p.check(new Set(zones).size >= 2,
        () => `\`instanceAvailabilityZones\` of a secondary cluster must span at least 2 zones in production environment '${env.name}' (reads and promotion must survive a zone), got ${show(zones)}`);
    }
  }

  if (g) {
    const envRegions = env.regions.map((r) => r.region);
    p.check(IDENTIFIER.test(g.globalClusterIdentifier),
      () => `\`globalDatabase.globalClusterIdentifier\` must be 2-63 lowercase letters, digits and single hyphens, starting with a letter, got ${show(g.globalClusterIdentifier)}`);
    p.check(g.regions.length >= 2 && g.regions.length <= MAX_GLOBAL_REGIONS,
      () => `\`globalDatabase.regions\` must list 2 to ${MAX_GLOBAL_REGIONS} regions (a primary and 1 to 5 secondaries), got ${show(g.regions)}`);
    p.check(new Set(g.regions).size === g.regions.length, () => `\`globalDatabase.regions\` must not repeat a region, got ${show(g.regions)}`);
    g.regions.forEach((r, i) => p.check(envRegions.includes(r),
      () => `\`globalDatabase.regions[${i}]\` must be one of environment '${env.name}' regions (${envRegions.join(', ')}), got ${show(r)}`));
    p.check(g.regions.includes(g.primaryRegion),
      () => `\`globalDatabase.primaryRegion\` must be one of \`globalDatabase.regions\` (${g.regions.join(', ')}), got ${show(g.primaryRegion)}`);
    p.check(g.regions.includes(region),
      () => `\`globalDatabase.regions\` must include the stack's region ${show(region)}, got ${show(g.regions)}`);
    p.check(engine.supportsGlobalDatabase,
      () => `\`engineVersion\` must be 1.2.0.0 or later for a global database, got ${show(engine.version)}`);
    p.check(!props.instanceClass.burstable,
      () => `\`instanceClass\` must not be burstable in a global database, got ${show(props.instanceClass.name)}`);
  }
}
