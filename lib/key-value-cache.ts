import { maintenanceWindowOf } from '../constructs/maintenance/windows';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { type IVpc, Port, SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { Role } from 'aws-cdk-lib/aws-iam';
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { addEvcacheAlarms } from '../constructs/evcache/aws/alarms';
import { EvcacheCluster, type EvcacheClusterProps } from '../constructs/evcache/aws/evcache-cluster';
import { EvcacheKubernetesCluster, type EvcacheKubernetesClusterProps } from '../constructs/evcache/k8s/evcache-cluster';
import type { EvcacheHealthThresholds, EvcacheReplicationProps } from '../constructs/evcache/model';
import { addStackMaintenance } from '../constructs/maintenance/aws/stack-maintenance';
import { ServiceMonitoring } from '../constructs/monitoring/aws/service-monitoring';
import type { Environment } from '../constructs/platform/config';
import { Problems } from '../constructs/platform/errors';
import { StoreNamespace } from '../constructs/platform/k8s/namespace';
import { type ServiceLevelObjectives, slaProblems } from '../constructs/platform/sla';
import type { StoreTopology } from '../constructs/platform/topology';
import { EvcacheBenchmark } from '../constructs/benchmark/memtier';
import type { UseCaseTemplate } from './use-case';
import { type RegionalUseCase, type StoreChart, regionalUseCase } from './regional-use-case';
import type { IPublishedStore } from '../constructs/catalog/inventory';
import { ReplicationMode } from '../constructs/catalog/model';
import { type Static, Type } from '@sinclair/typebox';
import { t } from '../constructs/catalog/typed-schema';
import { EVCACHE_LIMITS } from '../constructs/evcache/limits';
import { TOPOLOGY_LIMITS } from '../constructs/platform/limits';
import { shapeOf, topologyOver } from '../constructs/catalog/stores';
import { plannedFigure } from '../constructs/capacity/service';
import { MAINTENANCE_DAYS, type MaintenanceDay } from '../constructs/evcache/aws/evcache-cluster';
import { CacheNodeType } from '../constructs/evcache/node-type';
import { MemcachedVersion } from '../constructs/evcache/version';
import { podIdentityPrincipal } from '../constructs/platform/aws/pod-identity';


/** Settings of a key-value-cache service, per environment. */
export interface KeyValueCacheSettings {
  /** EVCache app name; server groups are `<cacheName>-<zone>`. Changing it replaces every cluster. */
  readonly cacheName: string;
  /** Regions × zones × nodes per zone; `replicationFactor` = zones (one full copy per zone). */
  readonly topology: StoreTopology;
  readonly sla: ServiceLevelObjectives;
  /** @default - the defaults of `EvcacheHealthThresholds` */
  readonly health?: EvcacheHealthThresholds;
  /** @default - no cross-region replication */
  readonly replication?: EvcacheReplicationProps;
  /** The ElastiCache flavor. */
  readonly aws: Pick<EvcacheClusterProps, 'nodeType' | 'version' | 'port' | 'parameters' | 'maintenanceWindow'>;
  /** The Kubernetes flavor. */
  readonly kubernetes: Omit<EvcacheKubernetesClusterProps, 'environment' | 'region' | 'cacheName' | 'topology' | 'sla' | 'health' | 'replication'>;
}

function settingsProblems(s: KeyValueCacheSettings): string[] {
  return slaProblems(s.sla, 'settings.sla');
}

export interface KeyValueCacheStackProps extends StackProps {
  readonly environment: Environment;
  readonly settings: KeyValueCacheSettings;
  /** The region's data-layer VPC (the shared network stack). */
  readonly vpc: IVpc;
  /** The service's name: prefixes alarm, dashboard and parameter names. (the catalog entry's). */
  readonly service: string;
}

/**
 * A key-value cache in one region, on ElastiCache: EVCache with one memcached cluster
 * per zone, a security group that clients join to reach it, the service's IAM roles, alarms and
 * dashboard, and (when configured) the cross-region replication queue.
 */
export class KeyValueCacheStack extends Stack {
  public readonly cache: EvcacheCluster;
  public readonly clientSecurityGroup: SecurityGroup;
  /** Role of the service's pods (EKS Pod Identity): read metadata, publish replication. */
  public readonly clientRole: Role;
  /** Role of the replication reader, when replication is enabled. */
  public readonly replicationReaderRole?: Role;
  public readonly monitoring: ServiceMonitoring;

  constructor(scope: Construct, id: string, props: KeyValueCacheStackProps) {
    super(scope, id, props);
    const { environment: env, settings } = props;
    const p = new Problems();
    p.merge(settingsProblems(settings));
    p.throwIfAny(this);

    this.clientSecurityGroup = new SecurityGroup(this, 'ClientSecurityGroup', {
      vpc: props.vpc,
      // GroupDescription is `causesReplacement: yes` (@aws-cdk/aws-service-spec): rewording it replaces
      // the group the pods attach to, so the first service's wording stays until that is done deliberately.
      description: `Clients of EVCache ${settings.cacheName}: attach to the CDN URL service pods`,
      allowAllOutbound: false,
    });
    this.cache = new EvcacheCluster(this, 'Evcache', {
      ...settings.aws,
      environment: env,
      cacheName: settings.cacheName,
      topology: settings.topology,
      vpc: props.vpc,
      clientSecurityGroup: this.clientSecurityGroup,
      replication: settings.replication,
      // Without a window in the file, the staggered one: no two regions or zones maintained at once.
      regionMaintenanceWindow: settings.aws.maintenanceWindow ? undefined
        : maintenanceWindowOf(this.region, settings.topology.regions.map((r) => r.region)),
    });
    this.clientSecurityGroup.addEgressRule(this.cache.securityGroup, Port.tcp(this.cache.port), `EVCache ${settings.cacheName}`);

    this.clientRole = new Role(this, 'ClientRole', {
      assumedBy: podIdentityPrincipal(),
      description: `${props.service} in ${this.region}: read EVCache ${settings.cacheName} metadata, publish replication`,
    });
    this.cache.grantReadMetadata(this.clientRole);
    const replication = this.cache.replication;
    if (replication) {
      replication.grantPublish(this.clientRole);
      this.replicationReaderRole = new Role(this, 'ReplicationReaderRole', {
        assumedBy: podIdentityPrincipal(),
        description: `EVCache ${settings.cacheName} replication reader in ${this.region}: consume the inbound queue`,
      });
      this.cache.grantReadMetadata(this.replicationReaderRole);
      replication.grantConsume(this.replicationReaderRole);
      new CfnOutput(this, 'ReplicationQueueUrl', { value: replication.queue.queueUrl });
      new CfnOutput(this, 'ReplicationReaderRoleArn', { value: this.replicationReaderRole.roleArn });
    }

    this.monitoring = new ServiceMonitoring(this, 'Monitoring', { serviceName: props.service, alarmEmail: env.alarmEmail, runbookBaseUrl: env.runbookBaseUrl });
    addEvcacheAlarms(this.monitoring, this.cache, settings.sla, settings.health);
    // AWS Health and the stores' own maintenance events, to the same topic.
    addStackMaintenance(this);

    new CfnOutput(this, 'ClientSecurityGroupId', { value: this.clientSecurityGroup.securityGroupId });
    new CfnOutput(this, 'ClientRoleArn', { value: this.clientRole.roleArn });
    new CfnOutput(this, 'TopologyParameter', { value: this.cache.topologyParameter.parameterName });
  }
}

export interface KeyValueCacheChartProps {
  readonly environment: Environment;
  readonly region: string;
  readonly settings: KeyValueCacheSettings;
}

/** A key-value cache in one region's Kubernetes cluster: a memcached StatefulSet per zone. */
export class KeyValueCacheChart extends Chart implements StoreChart {
  public readonly cache: EvcacheKubernetesCluster;
  public readonly stores: readonly IPublishedStore[];

  constructor(scope: Construct, id: string, props: KeyValueCacheChartProps) {
    super(scope, id, { namespace: props.settings.kubernetes.namespace });
    const { environment: env, settings } = props;
    const p = new Problems();
    p.merge(settingsProblems(settings));
    p.throwIfAny(this);
    // memcached runs as non-root with no added capabilities: the 'restricted' standard fits.
    new StoreNamespace(this, 'Namespace', { name: settings.kubernetes.namespace });
    this.cache = new EvcacheKubernetesCluster(this, 'Evcache', {
      ...settings.kubernetes,
      environment: env,
      region: props.region,
      cacheName: settings.cacheName,
      topology: settings.topology,
      sla: settings.sla,
      health: settings.health,
      replication: settings.replication,
    });
    this.stores = [this.cache];
  }
}

/** A key-value-cache service for `bin/`: settings per environment come from its catalog entry (`services/<service>.yaml`). */
export function keyValueCacheUseCase(settingsByEnvironment: Record<string, KeyValueCacheSettings>, service: string): RegionalUseCase<KeyValueCacheStack, KeyValueCacheChart> {
  const regions = (settings: KeyValueCacheSettings) => settings.topology.regions.map((r) => r.region);
  return regionalUseCase({
    service,
    settingsByEnvironment,
    stacks: {
      regions,
      holds: 'key-value cache on EVCache / ElastiCache memcached',
      create: (app, id, props, c) => new KeyValueCacheStack(app, id, { ...props, ...c, vpc: c.shared.network(c.region).network.vpc }),
      parameters: (stack) => [...stack.cache.serverGroups.map((g) => [g.endpointParameter]), [stack.cache.topologyParameter]],
    },
    charts: {
      regions,
      create: (app, id, c) => new KeyValueCacheChart(app, id, c),
    },
    benchmark: {
      namespace: (chart) => chart.cache.namespace,
      add: (bench, chart, c) => { new EvcacheBenchmark(bench, 'Memtier', { cache: chart.cache, sla: c.settings.sla }); },
    },
  });
}

const L = EVCACHE_LIMITS;
const VERSION = Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+$', description: 'a memcached version x.y.z' });

/**
 * `environments.<env>` of a key-value-cache catalog entry (e.g. `services/cdn-url.yaml`): the schema the
 * catalog validates and, through `Static`, the YAML's type. Numeric limits come from `EVCACHE_LIMITS`,
 * which the constructs also read.
 */
export const KEY_VALUE_CACHE_SCHEMA = t.object({
  cacheName: t.claimed('cache name', '^[a-z][a-z0-9-]{0,19}$', 'an EVCache app name: a lowercase letter, then up to 19 lowercase letters, digits or \'-\''),
  /** @default - the capacity planner's figure for the requirements */
  nodesPerZone: Type.Optional(t.limit(L.nodesPerZone)),
  replicationFactor: t.limit(TOPOLOGY_LIMITS.replicationFactor),
  health: Type.Optional(t.object({
    minHitRatioPercent: Type.Optional(t.limit(L.minHitRatioPercent)),
    maxEvictionsPerMinute: Type.Optional(t.limit(L.maxEvictionsPerMinute)),
    maxSwapUsageMiB: Type.Optional(t.limit(L.maxSwapUsageMiB)),
  })),
  replication: Type.Optional(t.object({
    targetRegions: Type.Optional(Type.Array(t.entryRegion())),
    messageRetentionMinutes: Type.Optional(t.limit(L.messageRetentionMinutes)),
  })),
  aws: t.object({
    nodeType: Type.String({ pattern: '^cache\\.[a-z0-9]+\\.[a-z0-9]+$', description: 'an ElastiCache node type cache.<family>.<size>' }),
    version: Type.Optional(VERSION),
    port: Type.Optional(t.limit(L.port)),
    parameters: Type.Optional(t.object({
      maxItemSizeKiB: Type.Optional(t.limit(L.maxItemSizeKiB)),
      connectionsOverheadMiB: Type.Optional(t.limit(L.connectionsOverheadMiB)),
      idleTimeoutSeconds: Type.Optional(t.limit(L.idleTimeoutSeconds)),
    })),
    maintenanceWindow: Type.Optional(t.object({
      day: Type.Optional(Type.Unsafe<MaintenanceDay>({ type: 'string', enum: [...MAINTENANCE_DAYS] })),
      startHourUtc: Type.Optional(t.limit(L.startHourUtc)),
    })),
  }),
  kubernetes: t.object({
    namespace: t.namespace(),
    memoryMiB: t.limit(L.memoryMiB),
    cacheMemoryMiB: t.limit(L.cacheMemoryMiB),
    cpuMillis: t.limit(L.cpuMillis),
    tls: t.object({ secretName: t.name() }),
    maxConnections: Type.Optional(t.limit(L.maxConnections)),
    threads: Type.Optional(t.limit(L.threads)),
    maxItemSizeKiB: Type.Optional(t.limit(L.maxItemSizeKiB)),
    version: Type.Optional(VERSION),
    image: Type.Optional(t.image()),
    exporterImage: Type.Optional(t.image()),
    clientNamespaces: Type.Optional(t.list(t.name())),
  }),
});
export type KeyValueCacheYaml = Static<typeof KEY_VALUE_CACHE_SCHEMA>;

/** The key-value-cache template (EVCache): the stacks and charts of any key-value-cache entry (exemplar: cdn-url). */
export const keyValueCacheTemplate: UseCaseTemplate<KeyValueCacheSettings, KeyValueCacheYaml> = {
  name: 'key-value-cache',
  exemplar: 'cdn-url',
  store: 'evcache',
  dataModel: 'key-value-cache',
  settingsSchema: KEY_VALUE_CACHE_SCHEMA,
  settings(entry, y, env) {
    const { version: k8sVersion, ...kubernetes } = y.kubernetes;
    const { nodeType, version, ...aws } = y.aws;
    // nodesPerZone the entry leaves out is the planner's figure (the report's check on the field).
    const nodesPerZone = y.nodesPerZone ?? plannedFigure({
      entry, store: 'evcache', environment: env.name,
      shape: shapeOf(env, topologyOver(entry.regions, 1, y.replicationFactor), ReplicationMode.CLIENT_DRIVEN),
    }, 'nodesPerZone');
    return {
      cacheName: y.cacheName,
      topology: topologyOver(entry.regions, nodesPerZone, y.replicationFactor),
      sla: entry.sla,
      ...(y.health === undefined ? {} : { health: y.health }),
      ...(y.replication === undefined ? {} : { replication: y.replication }),
      aws: {
        nodeType: CacheNodeType.of(nodeType),
        ...(version === undefined ? {} : { version: MemcachedVersion.of(version) }),
        ...aws,
      },
      kubernetes: { ...kubernetes, ...(k8sVersion === undefined ? {} : { version: MemcachedVersion.of(k8sVersion) }) },
    };
  },
  useCase: (service, settingsByEnvironment) => keyValueCacheUseCase(settingsByEnvironment, service),
  shape: (settings, env) => shapeOf(env, settings.topology, ReplicationMode.CLIENT_DRIVEN),
};
