import { type RegionMaintenanceWindow, zoneMaintenanceWindow } from '../../maintenance/windows';
import { Annotations, type IResource, RemovalPolicy, Resource, Stack, Token, Tokenization, Validations } from 'aws-cdk-lib';
import {
  Connections, type IConnectable, type ISecurityGroup, type IVpc, Port, SecurityGroup, type SubnetSelection, SubnetType,
} from 'aws-cdk-lib/aws-ec2';
import { CfnCacheCluster, CfnParameterGroup, CfnSubnetGroup } from 'aws-cdk-lib/aws-elasticache';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { type IStringParameter, ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { Environment } from '../../platform/config';
import { Problems, show } from '../../platform/errors';
import type { ResolvedPlacement, StoreTopology } from '../../platform/topology';
import { type EvcacheReplicationProps, MEMCACHED_PORT } from '../model';
import type { CacheNodeType } from '../node-type';
import {
  cacheNameProblems, nodeTypeProblems, resolveEvcachePlacement, resolveReplication, versionProblems,
} from '../validate-evcache';
import { EVCACHE_LIMITS } from '../limits';
import { MemcachedVersion } from '../version';
import { limitProblems, synthTimeLimitProblems } from '../../platform/aws/limits';
import { ServerGroupMetricFactory } from './metrics';
import { EvcacheReplicationQueue } from './replication';

/**
 * memcached parameters of every server group (one ElastiCache parameter group).
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Memcached.html
 */
export interface MemcachedParameters {
  /**
   * Largest item, in KiB (`max_item_size`): 1024 to 131072.
   *
   * @default 1024 (1 MiB, memcached's default)
   */
  readonly maxItemSizeKiB?: number;
  /**
   * Memory reserved on each node for connections and other overhead, in MiB
   * (`memcached_connections_overhead`); raise it for many or TLS connections.
   *
   * @default 100 (ElastiCache's default)
   */
  readonly connectionsOverheadMiB?: number;
  /**
   * Seconds an idle client connection is kept (`idle_timeout`), 0 to 86400; 0 keeps it forever.
   *
   * @default 0
   */
  readonly idleTimeoutSeconds?: number;
}

export type MaintenanceDay = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/**
 * Weekly maintenance. Zone i's window starts `2 × i` hours after `startHourUtc` and lasts one
 * hour, so two zones are never patched at once and every key keeps a live copy.
 */
export interface MaintenanceWindowProps {
  /** @default 'sun' */
  readonly day?: MaintenanceDay;
  /**
   * Start of the first zone's window, hour in UTC (0 to 23).
   *
   * @default 5
   */
  readonly startHourUtc?: number;
}

export interface EvcacheClusterProps {
  readonly environment: Environment;
  /** Name of the EVCache app; server groups are `<cacheName>-<zone>` (cluster ids, max 20 characters). */
  readonly cacheName: string;
  /**
   * Regions, zones and nodes. This construct builds the placement of its stack's region: one
   * memcached cluster (server group) per zone with `nodesPerZone` nodes. `replicationFactor` must
   * equal the number of zones (one full copy per zone).
   */
  readonly topology: StoreTopology;
  readonly nodeType: CacheNodeType;
  /** @default MemcachedVersion.V1_6_22 */
  readonly version?: MemcachedVersion;
  /** VPC whose subnets hold the nodes. */
  readonly vpc: IVpc;
  /**
   * Subnets of the subnet group; must cover every zone of the placement.
   *
   * @default - the VPC's isolated subnets
   */
  readonly vpcSubnets?: SubnetSelection;
  /** The only security group admitted on the memcached port. */
  readonly clientSecurityGroup: ISecurityGroup;
  /**
   * Port of every node.
   *
   * @default 11211
   */
  readonly port?: number;
  /** @default - the defaults of `MemcachedParameters` */
  readonly parameters?: MemcachedParameters;
  /** @default - Sundays from 05:00 UTC, staggered by zone */
  readonly maintenanceWindow?: MaintenanceWindowProps;
  /**
   * The region's staggered window (`maintenanceWindowOf`): zone i's cluster is maintained in the
   * region's slot i days after the region's day (`zoneMaintenanceWindow`), so no two regions and
   * no two zones are maintained at once. Give this or `maintenanceWindow`, not both.
   *
   * @default - `maintenanceWindow`
   */
  readonly regionMaintenanceWindow?: RegionMaintenanceWindow;
  /**
   * Cross-region replication through SQS.
   *
   * @default - no replication: each region's cache is filled by its own clients
   */
  readonly replication?: EvcacheReplicationProps;
}

/** One zone's server group: a single-AZ memcached cluster holding a full copy of the data. */
export interface ServerGroup {
  /** AWS availability zone. */
  readonly zone: string;
  /** ElastiCache cluster id, `<cacheName>-<zone>`. */
  readonly clusterId: string;
  readonly resource: CfnCacheCluster;
  /** Configuration endpoint `host:port` (auto discovery lists the nodes behind it). */
  readonly endpoint: string;
  /** SSM parameter holding `endpoint`. */
  readonly endpointParameter: StringParameter;
  readonly metrics: ServerGroupMetricFactory;
}

/** An EVCache app in one region, created here (`EvcacheCluster`) or imported (`EvcacheCluster.fromEvcacheClusterAttributes`). */
export interface IEvcacheCluster extends IResource, IConnectable {
  /** Name of the EVCache app. */
  readonly cacheName: string;
  /** memcached port of every node. */
  readonly port: number;
  /** Availability zones with a server group (one full copy each). */
  readonly zones: readonly string[];
  /** SSM path holding the cache's metadata (`/evcache/<cacheName>`). */
  readonly metadataPath: string;
  /** Lets `grantee` read the cache's metadata: the topology JSON and every zone's endpoint parameter. */
  grantReadMetadata(grantee: IGrantable): Grant;
}

/** An existing EVCache app's server groups in one region. Importing creates no CloudFormation resource. */
export interface EvcacheClusterAttributes {
  /** Name of the EVCache app (its metadata lives under `/evcache/<cacheName>`). */
  readonly cacheName: string;
  /** Zones with a server group, i.e. with an endpoint parameter `/evcache/<cacheName>/endpoints/<zone>`. */
  readonly zones: string[];
  /** Security groups of the nodes: `connections` opens the memcached port on them. */
  readonly securityGroups: ISecurityGroup[];
  /**
   * memcached port.
   *
   * @default 11211
   */
  readonly port?: number;
}

/** SSM path of an EVCache app's metadata. */
export function evcacheMetadataPath(cacheName: string): string {
  return `/evcache/${cacheName}`;
}

/** The grants of owned and imported caches, from the metadata parameters alone. */
export abstract class EvcacheClusterBase extends Resource implements IEvcacheCluster {
  public abstract readonly cacheName: string;
  public abstract readonly port: number;
  public abstract readonly zones: readonly string[];
  public abstract readonly metadataPath: string;
  public abstract readonly connections: Connections;
  /** The topology parameter first, then one endpoint parameter per zone. */
  protected abstract readonly metadataParameters: readonly IStringParameter[];

  public grantReadMetadata(grantee: IGrantable): Grant {
    return this.metadataParameters.map((param) => param.grantRead(grantee)).reduce((all, g) => all.combine(g));
  }
}

export const MAINTENANCE_DAYS: readonly MaintenanceDay[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** ElastiCache's per-cluster node limit for memcached. */
export const MAX_NODES_PER_CLUSTER = EVCACHE_LIMITS.nodesPerZone.max;

/**
 * EVCache in one region on ElastiCache: one memcached cluster per availability zone (`single-az`,
 * pinned to its zone), each a full copy of the data with keys sharded by Ketama across its nodes.
 * Never one `cross-az` cluster: that would shard the keys across zones, not replicate them.
 *
 * TLS in transit on every cluster; nodes in the VPC's isolated subnets behind a security group
 * that admits only the client security group; the zone → endpoint map published to SSM under
 * `/evcache/<cacheName>/`. Clusters, subnet group, parameter group and security group are
 * retained on stack deletion. ElastiCache does not encrypt node-based memcached at rest (items
 * live in RAM only; nothing is persisted).
 */
export class EvcacheCluster extends EvcacheClusterBase {
  /** An existing cache: its metadata grants and connections work as the owned cache's; no resource is created. */
  public static fromEvcacheClusterAttributes(scope: Construct, id: string, attrs: EvcacheClusterAttributes): IEvcacheCluster {
    const port = attrs.port ?? MEMCACHED_PORT;
    const path = evcacheMetadataPath(attrs.cacheName);
    class Import extends EvcacheClusterBase {
      public readonly cacheName = attrs.cacheName;
      public readonly port = port;
      public readonly zones = [...attrs.zones];
      public readonly metadataPath = path;
      public readonly connections = new Connections({ securityGroups: attrs.securityGroups, defaultPort: Port.tcp(port) });
      // Imported by name: a parameter's value is read only if asked for, so nothing lands in the template.
      protected readonly metadataParameters = [
        StringParameter.fromStringParameterName(this, 'Topology', `${path}/topology`),
        ...attrs.zones.map((z) => StringParameter.fromStringParameterName(this, `Endpoint-${z}`, `${path}/endpoints/${z}`)),
      ];
    }
    return new Import(scope, id);
  }

  public readonly cacheName: string;
  public readonly zones: readonly string[];
  public readonly placement: ResolvedPlacement;
  public readonly serverGroups: readonly ServerGroup[];
  public readonly connections: Connections;
  public readonly securityGroup: SecurityGroup;
  public readonly port: number;
  public readonly version: MemcachedVersion;
  /** SSM path holding the cache's metadata (`/evcache/<cacheName>`). */
  public readonly metadataPath: string;
  /** SSM parameter with the whole map as JSON: zones, endpoints, port, TLS, replication queues. */
  public readonly topologyParameter: StringParameter;
  /** The replication queue of this region, when replication is enabled. */
  public readonly replication?: EvcacheReplicationQueue;

  constructor(scope: Construct, id: string, props: EvcacheClusterProps) {
    super(scope, id);
    const env = props.environment;
    const region = Stack.of(this).region;
    const version = props.version ?? MemcachedVersion.V1_6_22;
    const port = props.port ?? MEMCACHED_PORT;
    const params = {
      maxItemSizeKiB: props.parameters?.maxItemSizeKiB ?? 1024,
      connectionsOverheadMiB: props.parameters?.connectionsOverheadMiB ?? 100,
      idleTimeoutSeconds: props.parameters?.idleTimeoutSeconds ?? 0,
    };
    const day = props.maintenanceWindow?.day ?? 'sun';
    const startHour = props.maintenanceWindow?.startHourUtc ?? 5;

    const p = new Problems();
    p.merge(cacheNameProblems(props.cacheName));
    p.merge(nodeTypeProblems(props.nodeType));
    p.merge(versionProblems(version));
    p.merge(limitProblems('port', port, EVCACHE_LIMITS.port));
    p.merge(synthTimeLimitProblems('parameters.maxItemSizeKiB', params.maxItemSizeKiB, EVCACHE_LIMITS.maxItemSizeKiB));
    p.merge(limitProblems('parameters.connectionsOverheadMiB', params.connectionsOverheadMiB, EVCACHE_LIMITS.connectionsOverheadMiB));
    p.merge(limitProblems('parameters.idleTimeoutSeconds', params.idleTimeoutSeconds, EVCACHE_LIMITS.idleTimeoutSeconds));
    p.check(MAINTENANCE_DAYS.includes(day), () => `\`maintenanceWindow.day\` must be one of ${MAINTENANCE_DAYS.join(', ')}, got ${show(day)}`);
    p.check(!(props.maintenanceWindow && props.regionMaintenanceWindow),
      () => '`maintenanceWindow` and `regionMaintenanceWindow` both set the maintenance window: give one');
    p.merge(synthTimeLimitProblems('maintenanceWindow.startHourUtc', startHour, EVCACHE_LIMITS.startHourUtc));
    p.throwIfAny(this);

    const placement = resolveEvcachePlacement(this, env, props.topology, region);
    // The lower bound is the shared topology rule's (resolveEvcachePlacement above).
    p.check(placement.nodesPerZone <= MAX_NODES_PER_CLUSTER,
      () => `\`topology.regions[${props.topology.regions.findIndex((r) => r.region === region)}].nodesPerZone\` must be <= ${MAX_NODES_PER_CLUSTER} (ElastiCache memcached nodes per cluster), got ${placement.nodesPerZone}`);
    const lastEnd = startHour + 2 * (placement.zones.length - 1) + 1;
    p.check(lastEnd <= 24,
      () => `\`maintenanceWindow.startHourUtc\` must leave room for ${placement.zones.length} staggered windows (2 h apart) before midnight, i.e. be <= ${24 - 2 * (placement.zones.length - 1) - 1}, got ${startHour}`);
    const subnets = props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: SubnetType.PRIVATE_ISOLATED });
    if (!subnets.subnets.some((s) => Token.isUnresolved(s.availabilityZone))) {
      const covered = new Set(subnets.subnets.map((s) => s.availabilityZone));
      placement.zones.forEach((z) => p.check(covered.has(z),
        () => `\`vpcSubnets\` must include a subnet in every zone of the placement; none in ${show(z)} (subnets cover ${show([...covered].sort())})`));
    }
    p.throwIfAny(this);
    if (props.nodeType.burstable && env.production) {
      Annotations.of(this).addWarningV2('evcache:burstableNodeType',
        `${props.nodeType.name} runs on CPU credits; a production cache with a sub-millisecond SLA should use an r/m family`);
    }

    this.cacheName = props.cacheName;
    this.placement = placement;
    this.port = port;
    this.version = version;
    this.zones = placement.zones;
    this.metadataPath = evcacheMetadataPath(props.cacheName);

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `EVCache ${props.cacheName}: memcached from its clients only`,
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(props.clientSecurityGroup, Port.tcp(port), `EVCache ${props.cacheName} clients`);
    this.connections = new Connections({ securityGroups: [this.securityGroup], defaultPort: Port.tcp(port) });

    const subnetGroup = new CfnSubnetGroup(this, 'SubnetGroup', {
      cacheSubnetGroupName: `${props.cacheName}-evcache`,
      description: `EVCache ${props.cacheName} (isolated subnets)`,
      subnetIds: subnets.subnetIds,
    });
    const [major, minor] = version.parts!;
    const parameterGroup = new CfnParameterGroup(this, 'ParameterGroup', {
      cacheParameterGroupFamily: `memcached${major}.${minor}`,
      description: `EVCache ${props.cacheName}`,
      properties: {
        max_item_size: String(params.maxItemSizeKiB * 1024),
        // stringifyNumber keeps a token a token (String() would print its placeholder number).
        memcached_connections_overhead: Tokenization.stringifyNumber(params.connectionsOverheadMiB),
        idle_timeout: Tokenization.stringifyNumber(params.idleTimeoutSeconds),
      },
    });
    // A retained cluster still uses these: deleting them would fail the stack deletion.
    for (const r of [subnetGroup, parameterGroup]) r.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.securityGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);

    const pad = (h: number) => String(h).padStart(2, '0');
    this.serverGroups = placement.zones.map((zone, i) => {
      const group = new Construct(this, zone);
      const clusterId = `${props.cacheName}-${zone}`;
      const start = startHour + 2 * i;
      const resource = new CfnCacheCluster(group, 'Resource', {
        clusterName: clusterId,
        engine: 'memcached',
        engineVersion: version.version,
        cacheNodeType: props.nodeType.name,
        numCacheNodes: placement.nodesPerZone,
        azMode: 'single-az',
        preferredAvailabilityZone: zone,
        cacheSubnetGroupName: subnetGroup.ref,
        cacheParameterGroupName: parameterGroup.ref,
        vpcSecurityGroupIds: [this.securityGroup.securityGroupId],
        port,
        transitEncryptionEnabled: true,
        networkType: 'ipv4',
        ipDiscovery: 'ipv4',
        preferredMaintenanceWindow: props.regionMaintenanceWindow
          ? zoneMaintenanceWindow(props.regionMaintenanceWindow, i)
          : `${day}:${pad(start)}:00-${day}:${pad(start + 1)}:00`,
      });
      resource.applyRemovalPolicy(RemovalPolicy.RETAIN);
      if (port === MEMCACHED_PORT) {
        Validations.of(resource).acknowledge({
          id: 'AwsSolutions::AwsSolutions-AEC5',
          reason: 'EVCache clients and ElastiCache auto discovery expect memcached on 11211; the security group admits only the '
            + 'client security group and traffic is TLS, so a non-default port would add no protection',
        });
      }
      const endpoint = `${resource.attrConfigurationEndpointAddress}:${resource.attrConfigurationEndpointPort}`;
      const endpointParameter = new StringParameter(group, 'Endpoint', {
        parameterName: `${this.metadataPath}/endpoints/${zone}`,
        stringValue: endpoint,
        description: `EVCache ${props.cacheName} server group in ${zone}: configuration endpoint (TLS)`,
        tier: ParameterTier.STANDARD,
      });
      return { zone, clusterId, resource, endpoint, endpointParameter, metrics: new ServerGroupMetricFactory(clusterId, zone) };
    });

    if (props.replication) {
      const replication = resolveReplication(this, env, region, props.topology.regions.map((r) => r.region), props.cacheName, props.replication);
      this.replication = new EvcacheReplicationQueue(this, 'Replication', { replication, cacheName: props.cacheName });
    }

    const r = this.replication?.replication;
    this.topologyParameter = new StringParameter(this, 'Topology', {
      parameterName: `${this.metadataPath}/topology`,
      description: `EVCache ${props.cacheName} in ${region}: zone → endpoint map, port, TLS and replication queues (JSON)`,
      tier: ParameterTier.STANDARD,
      stringValue: Stack.of(this).toJsonString({
        cacheName: props.cacheName,
        region,
        port,
        tls: true,
        serverGroups: Object.fromEntries(this.serverGroups.map((g) => [g.zone, [g.endpoint]])),
        replication: r ? { inboundQueueUrl: r.inbound.queueUrl, targetQueueUrls: Object.fromEntries(r.targets.map((t) => [t.region, t.queueUrl])) } : null,
      }),
    });
  }

  protected get metadataParameters(): readonly IStringParameter[] {
    return [this.topologyParameter, ...this.serverGroups.map((g) => g.endpointParameter)];
  }

  /** The server group of `zone`. Throws when the cache has none there. */
  public serverGroup(zone: string): ServerGroup {
    const g = this.serverGroups.find((s) => s.zone === zone);
    if (!g) throw new Error(`${this.node.path}: EVCache '${this.cacheName}' has no server group in ${show(zone)}; it has ${this.serverGroups.map((s) => s.zone).join(', ')}`);
    return g;
  }
}
