import { maintenanceWindowOf } from '../constructs/maintenance/windows';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { type IVpc, Port, SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { addEvcacheAlarms } from '../constructs/evcache/aws/alarms';
import { EvcacheCluster, type EvcacheClusterProps } from '../constructs/evcache/aws/evcache-cluster';
import { EvcacheKubernetesCluster, type EvcacheKubernetesClusterProps } from '../constructs/evcache/k8s/evcache-cluster';
import type { EvcacheHealthThresholds, EvcacheReplicationProps } from '../constructs/evcache/model';
import { ServiceMonitoring } from '../constructs/monitoring/aws/service-monitoring';
import type { Environment } from '../constructs/platform/config';
import { Problems } from '../constructs/platform/errors';
import { StoreNamespace } from '../constructs/platform/k8s/namespace';
import { type ServiceLevelObjectives, slaProblems } from '../constructs/platform/sla';
import type { StoreTopology } from '../constructs/platform/topology';
import { EvcacheBenchmark } from '../constructs/benchmark/memtier';
import { benchmarkCharts } from './benchmarks';
import { type UseCase, type UseCaseTemplate, chartName, pascalName, stackName } from './use-case';
import { ReplicationMode } from '../constructs/catalog/model';
import { s } from '../constructs/catalog/schema';
import { shapeOf, topologyOver } from '../constructs/catalog/stores';
import type { MaintenanceWindowProps, MemcachedParameters } from '../constructs/evcache/aws/evcache-cluster';
import { CacheNodeType } from '../constructs/evcache/node-type';
import { MemcachedVersion } from '../constructs/evcache/version';

export const SERVICE = 'cdn-url';

/** Settings of the CDN URL service, per environment. */
export interface CdnUrlSettings {
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

function settingsProblems(s: CdnUrlSettings): string[] {
  return slaProblems(s.sla, 'settings.sla');
}

export interface CdnUrlStackProps extends StackProps {
  readonly environment: Environment;
  readonly settings: CdnUrlSettings;
  /** The region's data-layer VPC (the shared network stack). */
  readonly vpc: IVpc;
  /** The service's name: prefixes alarm, dashboard and parameter names. @default the use case's name */
  readonly service?: string;
}

/**
 * The CDN URL service's cache in one region, on ElastiCache: EVCache with one memcached cluster
 * per zone, a security group that clients join to reach it, the service's IAM roles, alarms and
 * dashboard, and (when configured) the cross-region replication queue.
 */
export class CdnUrlStack extends Stack {
  public readonly cache: EvcacheCluster;
  public readonly clientSecurityGroup: SecurityGroup;
  /** Role of the CDN URL service's pods (EKS Pod Identity): read metadata, publish replication. */
  public readonly clientRole: Role;
  /** Role of the replication reader, when replication is enabled. */
  public readonly replicationReaderRole?: Role;
  public readonly monitoring: ServiceMonitoring;

  constructor(scope: Construct, id: string, props: CdnUrlStackProps) {
    super(scope, id, props);
    const { environment: env, settings } = props;
    const p = new Problems();
    p.merge(settingsProblems(settings));
    p.throwIfAny(this);

    this.clientSecurityGroup = new SecurityGroup(this, 'ClientSecurityGroup', {
      vpc: props.vpc,
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

    const podIdentity = () => new ServicePrincipal('pods.eks.amazonaws.com').withSessionTags();
    this.clientRole = new Role(this, 'ClientRole', {
      assumedBy: podIdentity(),
      description: `CDN URL service in ${this.region}: read EVCache ${settings.cacheName} metadata, publish replication`,
    });
    this.cache.grantReadMetadata(this.clientRole);
    const replication = this.cache.replication;
    if (replication) {
      replication.grantPublish(this.clientRole);
      this.replicationReaderRole = new Role(this, 'ReplicationReaderRole', {
        assumedBy: podIdentity(),
        description: `EVCache ${settings.cacheName} replication reader in ${this.region}: consume the inbound queue`,
      });
      this.cache.grantReadMetadata(this.replicationReaderRole);
      replication.grantConsume(this.replicationReaderRole);
      new CfnOutput(this, 'ReplicationQueueUrl', { value: replication.queue.queueUrl });
      new CfnOutput(this, 'ReplicationReaderRoleArn', { value: this.replicationReaderRole.roleArn });
    }

    this.monitoring = new ServiceMonitoring(this, 'Monitoring', { serviceName: props.service ?? SERVICE, alarmEmail: env.alarmEmail });
    addEvcacheAlarms(this.monitoring, this.cache, settings.sla, settings.health);

    new CfnOutput(this, 'ClientSecurityGroupId', { value: this.clientSecurityGroup.securityGroupId });
    new CfnOutput(this, 'ClientRoleArn', { value: this.clientRole.roleArn });
    new CfnOutput(this, 'TopologyParameter', { value: this.cache.topologyParameter.parameterName });
  }
}

export interface CdnUrlChartProps {
  readonly environment: Environment;
  readonly region: string;
  readonly settings: CdnUrlSettings;
}

/** The CDN URL service's cache in one region's Kubernetes cluster: a memcached StatefulSet per zone. */
export class CdnUrlChart extends Chart {
  public readonly cache: EvcacheKubernetesCluster;

  constructor(scope: Construct, id: string, props: CdnUrlChartProps) {
    super(scope, id, { namespace: props.settings.kubernetes.namespace });
    const { environment: env, settings } = props;
    const p = new Problems();
    p.merge(settingsProblems(settings));
    p.throwIfAny(this);
    // memcached runs as non-root with no added capabilities: the 'restricted' standard fits.
    new StoreNamespace(this, 'Namespace', { name: settings.kubernetes.namespace, podSecurity: 'restricted' });
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
  }
}

/** CDN URL service for `bin/`: settings per environment come from the catalog (`services/cdn-url.yaml`). */
export function cdnUrlUseCase(settingsByEnvironment: Record<string, CdnUrlSettings>, service = SERVICE): UseCase {
  return {
    name: service,
    addStacks(app, env, shared) {
      const settings = settingsByEnvironment[env.name];
      if (!settings) return [];
      return settings.topology.regions.map((r) => {
        const region = env.region(r.region);
        return new CdnUrlStack(app, stackName(pascalName(service), env, region.region), {
          env: { account: region.account, region: region.region },
          environment: env,
          service,
          settings,
          vpc: shared.network(region.region).network.vpc,
          description: `CDN URL service on EVCache / ElastiCache memcached (${env.name}, ${region.region})`,
        });
      });
    },
    addCharts(app, env) {
      const settings = settingsByEnvironment[env.name];
      if (!settings) return [];
      return settings.topology.regions.map((r) => new CdnUrlChart(app, chartName(service, env, r.region), {
        environment: env, region: r.region, settings,
      }));
    },
    addBenchmarks(app, env, charts) {
      const settings = settingsByEnvironment[env.name];
      if (!settings) return [];
      return benchmarkCharts(app, service, env, charts, CdnUrlChart, (chart) => chart.cache.namespace,
        (bench, chart) => { new EvcacheBenchmark(bench, 'Memtier', { cache: chart.cache, sla: settings.sla }); });
    },
  };
}

/** `environments.<env>` of a key-value-cache catalog entry (`services/cdn-url.yaml`). */
export interface CdnUrlYaml {
  readonly cacheName: string;
  readonly nodesPerZone: number;
  readonly replicationFactor: number;
  readonly health?: EvcacheHealthThresholds;
  readonly replication?: EvcacheReplicationProps;
  readonly aws: {
    readonly nodeType: string;
    readonly version?: string;
    readonly port?: number;
    readonly parameters?: MemcachedParameters;
    readonly maintenanceWindow?: MaintenanceWindowProps;
  };
  readonly kubernetes: Omit<CdnUrlSettings['kubernetes'], 'version'> & { readonly version?: string };
}

/** The key-value-cache template (EVCache): the CDN URL service's stacks and charts for any cache entry. */
export const cdnUrlTemplate: UseCaseTemplate<CdnUrlSettings, CdnUrlYaml> = {
  name: SERVICE,
  store: 'evcache',
  dataModel: 'key-value-cache',
  settingsSchema: s.object({
    cacheName: s.string({ pattern: '^[a-z][a-z0-9-]{0,19}$' }),
    nodesPerZone: s.integer(1),
    replicationFactor: s.integer(1),
    aws: s.object({ nodeType: s.string({ pattern: '^cache\\.[a-z0-9]+\\.[a-z0-9]+$' }) }, {
      version: s.string({ pattern: '^\\d+\\.\\d+\\.\\d+$' }),
      port: s.integer(1, { maximum: 65535 }),
      parameters: s.object({}, { maxItemSizeKiB: s.integer(1), connectionsOverheadMiB: s.integer(0), idleTimeoutSeconds: s.integer(0) }),
      maintenanceWindow: s.object({}, { day: s.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), startHourUtc: s.integer(0, { maximum: 23 }) }),
    }),
    kubernetes: s.object({
      namespace: s.name(), memoryMiB: s.integer(1), cacheMemoryMiB: s.integer(1), cpuMillis: s.integer(1),
      tls: s.object({ secretName: s.name() }),
    }, {
      maxConnections: s.integer(1), threads: s.integer(1), maxItemSizeKiB: s.integer(1),
      version: s.string({ pattern: '^\\d+\\.\\d+\\.\\d+$' }), image: s.string(), exporterImage: s.string(),
      clientNamespaces: s.array(s.name()),
    }),
  }, {
    health: s.object({}, { minHitRatioPercent: s.number({ minimum: 0, maximum: 100 }), maxEvictionsPerMinute: s.number({ minimum: 0 }), maxSwapUsageMiB: s.number({ minimum: 0 }) }),
    replication: s.object({}, { targetRegions: s.array(s.string(), 0), messageRetentionMinutes: s.integer(1) }),
  }),
  settings(entry, y) {
    const { version: k8sVersion, ...kubernetes } = y.kubernetes;
    const { nodeType, version, ...aws } = y.aws;
    return {
      cacheName: y.cacheName,
      topology: topologyOver(entry.regions, y.nodesPerZone, y.replicationFactor),
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
  useCase: (service, settingsByEnvironment) => cdnUrlUseCase(settingsByEnvironment, service),
  shape: (settings, env) => shapeOf(env, settings.topology, ReplicationMode.CLIENT_DRIVEN),
};
