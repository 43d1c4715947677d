import { type RegionMaintenanceWindow } from '../../maintenance/windows';
import { Duration, type IResource, RemovalPolicy, Resource, Stack, Token, Validations } from 'aws-cdk-lib';
import { MathExpression, type MathExpressionOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { Connections, type IConnectable, type ISecurityGroup, type IVpc, Peer, Port, SecurityGroup, SubnetType } from 'aws-cdk-lib/aws-ec2';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { CfnACL, CfnCluster, CfnMultiRegionCluster, CfnSubnetGroup, CfnUser } from 'aws-cdk-lib/aws-memorydb';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Problems, show } from '../../platform/errors';
import { MaxMemoryPolicy, evictionPolicyProblem } from '../consistency';
import { REDIS_PORT } from '../ring';
import { limitProblems } from '../../platform/aws/limits';
import { DYNOMITE_LIMITS } from '../limits';

/**
 * MemoryDB node types that support Multi-Region (R7g, xlarge and larger).
 *
 * @see https://docs.aws.amazon.com/memorydb/latest/devguide/multi-region.prereq.html
 */
export class MemoryDbNodeType {
  public static readonly R7G_XLARGE = new MemoryDbNodeType('db.r7g.xlarge');
  public static readonly R7G_2XLARGE = new MemoryDbNodeType('db.r7g.2xlarge');
  public static readonly R7G_4XLARGE = new MemoryDbNodeType('db.r7g.4xlarge');
  public static readonly R7G_8XLARGE = new MemoryDbNodeType('db.r7g.8xlarge');
  public static readonly R7G_12XLARGE = new MemoryDbNodeType('db.r7g.12xlarge');
  public static readonly R7G_16XLARGE = new MemoryDbNodeType('db.r7g.16xlarge');

  /** A node type not listed here (validated against the Multi-Region rule). */
  public static of(name: string): MemoryDbNodeType {
    return new MemoryDbNodeType(name);
  }

  private constructor(public readonly name: string) {}
}

/** What every regional cluster of a Multi-Region cluster shares: MemoryDB enforces it. */
export interface MemoryDbShape {
  readonly nodeType: MemoryDbNodeType;
  /** Shards (primaries) of every regional cluster. */
  readonly numShards: number;
  /**
   * Valkey engine version; Multi-Region needs 7.3 or later.
   *
   * @default '7.3'
   */
  readonly engineVersion?: string;
}

const MULTI_REGION_NODE = /^db\.r7g\.(x|2x|4x|8x|12x|16x)large$/;
const NAME = /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/;

function shapeProblems(shape: MemoryDbShape): string[] {
  const p = new Problems();
  p.check(MULTI_REGION_NODE.test(shape.nodeType.name),
    () => `\`nodeType\` must be an R7g node of size xlarge or larger (MemoryDB Multi-Region), got ${show(shape.nodeType.name)}`);
  p.merge(limitProblems('numShards', shape.numShards, DYNOMITE_LIMITS.numShards));
  const v = shape.engineVersion ?? '7.3';
  const m = /^(\d+)\.(\d+)$/.exec(v);
  p.check(m !== null && (Number(m[1]) > 7 || (Number(m[1]) === 7 && Number(m[2]) >= 3)),
    () => `\`engineVersion\` must be a Valkey version >= 7.3 like '7.3' (MemoryDB Multi-Region), got ${show(v)}`);
  return [...p.items];
}

function resolvedShape(shape: MemoryDbShape): Required<MemoryDbShape> {
  return { nodeType: shape.nodeType, numShards: shape.numShards, engineVersion: shape.engineVersion ?? '7.3' };
}

export interface MemoryDbMultiRegionClusterProps extends MemoryDbShape {
  /** Suffix of the Multi-Region cluster name; MemoryDB prepends a region-specific prefix. */
  readonly nameSuffix: string;
  /**
   * Multi-Region parameter group. Parameters are set on the Multi-Region cluster, not per region,
   * and CloudFormation has no resource for a custom Multi-Region parameter group.
   *
   * @default - MemoryDB's default Multi-Region parameter group, whose maxmemory-policy is noeviction
   */
  readonly multiRegionParameterGroupName?: string;
  /**
   * Only NOEVICTION is accepted: it documents and guards the assumption the default parameter group meets.
   *
   * @default MaxMemoryPolicy.NOEVICTION
   */
  readonly maxMemoryPolicy?: MaxMemoryPolicy;
}

/**
 * A MemoryDB Multi-Region cluster, created here (`MemoryDbMultiRegionCluster`) or imported
 * (`MemoryDbMultiRegionCluster.fromMemoryDbMultiRegionClusterAttributes`). Clients reach the
 * regional clusters, never this one: it has no grants.
 */
export interface IMemoryDbMultiRegionCluster extends IResource {
  /** The full name (MemoryDB's regional prefix + suffix), which regional clusters join by. */
  readonly multiRegionClusterName: string;
  /** What every regional cluster must match. */
  readonly shape: Required<MemoryDbShape>;
}

/** An existing Multi-Region cluster (e.g. the primary region's stack output). Importing creates no CloudFormation resource. */
export interface MemoryDbMultiRegionClusterAttributes extends MemoryDbShape {
  /** The full name, prefix included. */
  readonly multiRegionClusterName: string;
}

/**
 * An Amazon MemoryDB Multi-Region cluster (active-active Valkey across regions, like Dynomite's
 * datacenters). Created once, in the primary region; regional clusters join it by name.
 * Retained on stack deletion: deleting it would delete every regional cluster.
 */
export class MemoryDbMultiRegionCluster extends Resource implements IMemoryDbMultiRegionCluster {
  /** An existing Multi-Region cluster, validated against the same Multi-Region rules; no resource is created. */
  public static fromMemoryDbMultiRegionClusterAttributes(scope: Construct, id: string, attrs: MemoryDbMultiRegionClusterAttributes): IMemoryDbMultiRegionCluster {
    const p = new Problems();
    p.check(Token.isUnresolved(attrs.multiRegionClusterName) || attrs.multiRegionClusterName.length > 0, () => '`multiRegionClusterName` must not be empty');
    p.merge(shapeProblems(attrs));
    p.throwIfAny(`${scope.node.path}/${id}`);
    class Import extends Resource implements IMemoryDbMultiRegionCluster {
      public readonly multiRegionClusterName = attrs.multiRegionClusterName;
      public readonly shape = resolvedShape(attrs);
    }
    return new Import(scope, id);
  }

  /** The full name (MemoryDB's regional prefix + suffix), known after deployment. */
  public readonly multiRegionClusterName: string;
  public readonly shape: Required<MemoryDbShape>;
  public readonly resource: CfnMultiRegionCluster;

  constructor(scope: Construct, id: string, props: MemoryDbMultiRegionClusterProps) {
    super(scope, id);
    const p = new Problems();
    p.check(NAME.test(props.nameSuffix), () => `\`nameSuffix\` must match ${NAME}, got ${show(props.nameSuffix)}`);
    p.merge(shapeProblems(props));
    const eviction = evictionPolicyProblem(props.maxMemoryPolicy ?? MaxMemoryPolicy.NOEVICTION);
    if (eviction) p.add(eviction);
    p.throwIfAny(this);
    this.shape = resolvedShape(props);
    this.resource = new CfnMultiRegionCluster(this, 'Resource', {
      multiRegionClusterNameSuffix: props.nameSuffix,
      description: `Multi-Region queue store ${props.nameSuffix}`,
      engine: 'valkey',
      engineVersion: this.shape.engineVersion,
      nodeType: props.nodeType.name,
      numShards: props.numShards,
      tlsEnabled: true,
      multiRegionParameterGroupName: props.multiRegionParameterGroupName,
    });
    this.resource.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.multiRegionClusterName = this.resource.attrMultiRegionClusterName;
  }
}

export interface MemoryDbRegionalClusterProps extends MemoryDbShape {
  /** Regional cluster name. Changing it replaces the cluster. */
  readonly clusterName: string;
  /** Full name of the Multi-Region cluster to join. */
  readonly multiRegionClusterName: string;
  readonly vpc: IVpc;
  /** CIDR blocks allowed to connect on 6379 (e.g. the region's Kubernetes pod network). */
  readonly clientCidrs: string[];
  /**
   * Replicas per shard, placed in other availability zones for automatic failover.
   *
   * @default 2
   */
  readonly replicasPerShard?: number;
  /**
   * Days of daily snapshots kept.
   *
   * @default 7
   */
  readonly snapshotRetentionDays?: number;
  /**
   * Customer-managed key for encryption at rest, of the cluster, its snapshots and the user's secret.
   *
   * @default - a new key with rotation, retained on delete
   */
  readonly encryptionKey?: IKey;
  /**
   * The ACL user the queue clients authenticate as.
   *
   * @default 'queues'
   */
  readonly userName?: string;
  /**
   * Keys the user may touch (Redis ACL key pattern), e.g. `dynoQueue.*` for a contract's prefix.
   *
   * @default '*'
   */
  readonly keyPattern?: string;
  /**
   * The region's staggered windows (`maintenanceWindowOf`): snapshots in its backup window,
   * maintenance in its maintenance window, so no two regions of the Multi-Region cluster are
   * maintained at once.
   *
   * @default - snapshots 03:00-04:00, maintenance sun:05:00-sun:06:00 UTC
   */
  readonly maintenanceWindow?: RegionMaintenanceWindow;
}

/**
 * A MemoryDB regional cluster, created here (`MemoryDbRegionalCluster`) or imported
 * (`MemoryDbRegionalCluster.fromMemoryDbRegionalClusterAttributes`).
 */
export interface IMemoryDbRegionalCluster extends IResource, IConnectable {
  readonly clusterName: string;
  /** Cluster endpoint host (TLS). */
  readonly endpointAddress: string;
  readonly port: number;
  /** JSON secret `{ username, password }` of the ACL user the clients authenticate as. */
  readonly secret: ISecret;
  /**
   * What a queue client needs: read the ACL user's secret (it authenticates with AUTH over TLS
   * as that user; no `memorydb:Connect`, which is IAM authentication).
   */
  grantReadCredentials(grantee: IGrantable): Grant;
  metricMemoryUsagePercent(options?: MathExpressionOptions): MathExpression;
  metricEngineCpuPercent(options?: MathExpressionOptions): MathExpression;
  metricEvictions(options?: MathExpressionOptions): MathExpression;
  metricReplicationLagSeconds(options?: MathExpressionOptions): MathExpression;
  metricMultiRegionReplicationLagMs(options?: MathExpressionOptions): MathExpression;
}

/** An existing MemoryDB regional cluster. Importing creates no CloudFormation resource. */
export interface MemoryDbRegionalClusterAttributes {
  readonly clusterName: string;
  /** Cluster endpoint host. */
  readonly endpointAddress: string;
  /** Security groups of the cluster: `connections` opens the port on them. */
  readonly securityGroups: ISecurityGroup[];
  /** The ACL user's secret (`{ username, password }`), e.g. `Secret.fromSecretCompleteArn`. */
  readonly secret: ISecret;
  /**
   * Port of the cluster endpoint.
   *
   * @default 6379
   */
  readonly port?: number;
}

/** What owned and imported clusters share: the credentials grant and the metrics, from the name. */
export abstract class MemoryDbRegionalClusterBase extends Resource implements IMemoryDbRegionalCluster {
  public abstract readonly clusterName: string;
  public abstract readonly endpointAddress: string;
  public abstract readonly port: number;
  public abstract readonly secret: ISecret;
  public abstract readonly connections: Connections;

  public grantReadCredentials(grantee: IGrantable): Grant {
    return this.secret.grantRead(grantee);
  }

  /** Highest memory use of any node, % of maxmemory. @default period 1 minute */
  public metricMemoryUsagePercent(options?: MathExpressionOptions): MathExpression {
    return this.insights('MAX', 'DatabaseMemoryUsagePercentage', 'Memory used (% of max, worst node)', options);
  }

  /** Highest engine CPU of any node, %. @default period 1 minute */
  public metricEngineCpuPercent(options?: MathExpressionOptions): MathExpression {
    return this.insights('MAX', 'EngineCPUUtilization', 'Engine CPU (%, worst node)', options);
  }

  /** Keys evicted across the cluster; any is a lost message. @default period 1 minute */
  public metricEvictions(options?: MathExpressionOptions): MathExpression {
    return this.insights('SUM', 'Evictions', 'Evicted keys', options);
  }

  /** Worst replica lag inside the region, in seconds. @default period 1 minute */
  public metricReplicationLagSeconds(options?: MathExpressionOptions): MathExpression {
    return this.insights('MAX', 'ReplicationLag', 'Replica lag (s, worst node)', options);
  }

  /** Worst lag of updates from other regions, in milliseconds. @default period 1 minute */
  public metricMultiRegionReplicationLagMs(options?: MathExpressionOptions): MathExpression {
    // Emitted per source/destination region pair and shard: query the namespace without a fixed schema.
    return new MathExpression({
      expression: `SELECT MAX(MultiRegionClusterReplicationLag) FROM "AWS/MemoryDB" WHERE ClusterName = '${this.clusterName}'`,
      label: 'Multi-Region replication lag (ms, worst pair)',
      period: Duration.minutes(1),
      ...options,
    });
  }

  /** A Metrics Insights query over every node of the cluster (alarms accept one query). */
  private insights(fn: 'MAX' | 'SUM', metric: string, label: string, options?: MathExpressionOptions): MathExpression {
    return new MathExpression({
      expression: `SELECT ${fn}(${metric}) FROM SCHEMA("AWS/MemoryDB", ClusterName, NodeName) WHERE ClusterName = '${this.clusterName}'`,
      label,
      period: Duration.minutes(1),
      ...options,
    });
  }
}

/**
 * A MemoryDB regional cluster joined to a Multi-Region cluster: Multi-AZ (replicas in other
 * zones, automatic failover), TLS, an ACL user whose password is generated into Secrets Manager,
 * encryption at rest with a customer-managed key, daily snapshots and a final snapshot, private
 * subnets only. Retained on stack deletion.
 */
export class MemoryDbRegionalCluster extends MemoryDbRegionalClusterBase {
  /** An existing cluster: its credentials grant, connections and metrics work as the owned cluster's; no resource is created. */
  public static fromMemoryDbRegionalClusterAttributes(scope: Construct, id: string, attrs: MemoryDbRegionalClusterAttributes): IMemoryDbRegionalCluster {
    const port = attrs.port ?? REDIS_PORT;
    class Import extends MemoryDbRegionalClusterBase {
      public readonly clusterName = attrs.clusterName;
      public readonly endpointAddress = attrs.endpointAddress;
      public readonly port = port;
      public readonly secret = attrs.secret;
      public readonly connections = new Connections({ securityGroups: attrs.securityGroups, defaultPort: Port.tcp(port) });
    }
    return new Import(scope, id);
  }

  public readonly clusterName: string;
  public readonly port = REDIS_PORT;
  /** The security group; it admits `clientCidrs` on 6379, `connections` admits more. */
  public readonly connections: Connections;
  public readonly resource: CfnCluster;
  public readonly secret: ISecret;
  public readonly securityGroup: SecurityGroup;
  public readonly encryptionKey: IKey;
  public readonly endpointAddress: string;

  constructor(scope: Construct, id: string, props: MemoryDbRegionalClusterProps) {
    super(scope, id);
    const replicas = props.replicasPerShard ?? 2;
    const retention = props.snapshotRetentionDays ?? 7;
    const userName = props.userName ?? 'queues';
    const p = new Problems();
    p.check(NAME.test(props.clusterName), () => `\`clusterName\` must match ${NAME}, got ${show(props.clusterName)}`);
    p.check(Token.isUnresolved(props.multiRegionClusterName) || props.multiRegionClusterName.length > 0,
      () => '`multiRegionClusterName` must not be empty');
    p.merge(shapeProblems(props));
    p.merge(limitProblems('replicasPerShard', replicas, DYNOMITE_LIMITS.replicasPerShard, 'at least one replica in another zone for failover'));
    p.merge(limitProblems('snapshotRetentionDays', retention, DYNOMITE_LIMITS.snapshotRetentionDays, 'snapshots are the backup'));
    p.check(/^[a-z][a-z0-9-]{0,39}$/.test(userName), () => `\`userName\` must match /^[a-z][a-z0-9-]{0,39}$/, got ${show(userName)}`);
    p.check(props.clientCidrs.length > 0 && props.clientCidrs.every((c) => /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(c) && !c.endsWith('/0')),
      () => `\`clientCidrs\` must list IPv4 CIDRs narrower than /0, got ${show(props.clientCidrs)}`);
    p.throwIfAny(this);

    this.clusterName = props.clusterName;
    this.encryptionKey = props.encryptionKey ?? new Key(this, 'Key', {
      description: `Encrypts MemoryDB cluster ${props.clusterName}, its snapshots and credentials`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const secret = new Secret(this, 'UserSecret', {
      description: `Password of MemoryDB user ${userName} of ${props.clusterName}`,
      encryptionKey: this.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: userName }),
        generateStringKey: 'password',
        excludePunctuation: true,
        passwordLength: 32,
      },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason: 'MemoryDB user passwords have no Secrets Manager rotation template; rotate by adding a second password to the user (MemoryDB allows two) and updating the secret, as described in the README.',
    });
    this.secret = secret;
    const user = new CfnUser(this, 'User', {
      userName,
      accessString: `on ~${props.keyPattern ?? '*'} -@all +@read +@write +@sortedset +@hash +@connection -@dangerous`,
      authenticationMode: { Type: 'password', Passwords: [secret.secretValueFromJson('password').unsafeUnwrap()] },
    });
    const acl = new CfnACL(this, 'Acl', { aclName: `${props.clusterName}-acl`, userNames: [userName] });
    acl.addResourceDependency(user);

    const subnets = props.vpc.selectSubnets({ subnetType: SubnetType.PRIVATE_ISOLATED });
    const subnetGroup = new CfnSubnetGroup(this, 'Subnets', {
      subnetGroupName: `${props.clusterName}-subnets`,
      description: `Isolated subnets of MemoryDB cluster ${props.clusterName}`,
      subnetIds: subnets.subnetIds,
    });
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `MemoryDB ${props.clusterName}: TLS clients on ${REDIS_PORT}`,
      allowAllOutbound: false,
    });
    for (const cidr of props.clientCidrs) {
      this.securityGroup.addIngressRule(Peer.ipv4(cidr), Port.tcp(REDIS_PORT), `queue clients from ${cidr}`);
    }

    this.resource = new CfnCluster(this, 'Resource', {
      clusterName: props.clusterName,
      multiRegionClusterName: props.multiRegionClusterName,
      description: `Queue store ${props.clusterName} (${Stack.of(this).region})`,
      engine: 'valkey',
      engineVersion: props.engineVersion ?? '7.3',
      nodeType: props.nodeType.name,
      numShards: props.numShards,
      numReplicasPerShard: replicas,
      aclName: acl.aclName,
      tlsEnabled: true,
      kmsKeyId: this.encryptionKey.keyArn,
      subnetGroupName: subnetGroup.subnetGroupName,
      securityGroupIds: [this.securityGroup.securityGroupId],
      port: REDIS_PORT,
      snapshotRetentionLimit: retention,
      snapshotWindow: props.maintenanceWindow?.backupWindow ?? '03:00-04:00',
      maintenanceWindow: props.maintenanceWindow?.maintenanceWindow ?? 'sun:05:00-sun:06:00',
      finalSnapshotName: `${props.clusterName}-final`,
      autoMinorVersionUpgrade: true,
    });
    this.resource.addResourceDependency(acl);
    this.resource.addResourceDependency(subnetGroup);
    this.resource.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.endpointAddress = this.resource.attrClusterEndpointAddress;
    this.connections = new Connections({ securityGroups: [this.securityGroup], defaultPort: Port.tcp(REDIS_PORT) });
  }
}
