import { CfnOutput, CrossStackReferences, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import { Role } from 'aws-cdk-lib/aws-iam';
import { maintenanceWindowOf } from '../constructs/maintenance/windows';
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  type IMemoryDbMultiRegionCluster, MemoryDbMultiRegionCluster, type MemoryDbMultiRegionClusterProps, MemoryDbRegionalCluster, type MemoryDbRegionalClusterProps,
} from '../constructs/dynomite/aws/memorydb';
import { QueueContractParameters } from '../constructs/dynomite/aws/queue-contract-parameters';
import { DynomiteCluster, type DynomiteClusterProps } from '../constructs/dynomite/k8s/dynomite-cluster';
import { QueueContractConfigMap } from '../constructs/dynomite/k8s/queue-contract-config-map';
import { DYNOMITE_LIMITS as L } from '../constructs/dynomite/limits';
import type { QueueContractSpec } from '../constructs/dynomite/queue-contract';
import { addStackMaintenance } from '../constructs/maintenance/aws/stack-maintenance';
import { ServiceMonitoring } from '../constructs/monitoring/aws/service-monitoring';
import type { Environment } from '../constructs/platform/config';
import { PlatformValidationError, Problems, show } from '../constructs/platform/errors';
import { StoreNamespace } from '../constructs/platform/k8s/namespace';
import { type ServiceLevelObjectives, slaProblems } from '../constructs/platform/sla';
import { DynomiteBenchmark } from '../constructs/benchmark/memtier';
import type { SharedStacks, UseCaseTemplate } from './use-case';
import { type RegionalUseCase, type StoreChart, regionalUseCase } from './regional-use-case';
import type { IPublishedStore } from '../constructs/catalog/inventory';
import { ReplicationMode } from '../constructs/catalog/model';
import { type Static, Type } from '@sinclair/typebox';
import { t } from '../constructs/catalog/typed-schema';
import { TOPOLOGY_LIMITS, limitProblems } from '../constructs/platform/limits';
import { shapeOf, topologyOver } from '../constructs/catalog/stores';
import { plannedFigure } from '../constructs/capacity/service';
import { MemoryDbNodeType } from '../constructs/dynomite/aws/memorydb';
import { addMemoryDbAlarms } from '../constructs/dynomite/aws/memorydb-monitoring';
import { podIdentityPrincipal } from '../constructs/platform/aws/pod-identity';


/** Regions where MemoryDB Multi-Region is offered. */
export const MEMORYDB_MULTI_REGION_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-central-1',
  'ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2',
];
/** MemoryDB Multi-Region replicates between at most five regions. */
const MAX_MULTI_REGION_REGIONS = 5;

/** The MemoryDB side: one Multi-Region cluster, one regional cluster per region of the topology. */
export interface QueueMemoryDbSettings
  extends Omit<MemoryDbMultiRegionClusterProps, 'nameSuffix'>,
  Omit<MemoryDbRegionalClusterProps, 'clusterName' | 'multiRegionClusterName' | 'vpc' | 'clientCidrs' | keyof MemoryDbMultiRegionClusterProps> {
  /** Regional cluster name and suffix of the Multi-Region cluster name. */
  readonly clusterName: string;
}

/** Settings of a queue service, per environment. */
export interface QueueSettings {
  /** The queue contract clients agree on, published per region. */
  readonly contract: QueueContractSpec;
  /** SSM parameter root of the contract, e.g. `/delayed-queues/prod`. */
  readonly parameterPath: string;
  /** Replication lag (within a region and between regions) that pages, in milliseconds. */
  readonly maxReplicationLagMs: number;
  readonly sla: ServiceLevelObjectives;
  readonly memoryDb: QueueMemoryDbSettings;
  /** The Dynomite cluster on Kubernetes (environment, region and SLA are supplied by the use case). */
  readonly dynomite: Omit<DynomiteClusterProps, 'environment' | 'region' | 'sla'>;
}

function regionsOf(s: QueueSettings): string[] {
  return s.dynomite.topology.regions.map((r) => r.region);
}

function settingsProblems(env: Environment, s: QueueSettings): string[] {
  const p = new Problems();
  p.merge(slaProblems(s.sla, 'settings.sla'));
  p.merge(limitProblems('settings.maxReplicationLagMs', s.maxReplicationLagMs, L.maxReplicationLagMs));
  const regions = regionsOf(s);
  regions.forEach((r, i) => p.check(MEMORYDB_MULTI_REGION_REGIONS.includes(r),
    () => `\`settings.dynomite.topology.regions[${i}].region\` must be a MemoryDB Multi-Region region (${MEMORYDB_MULTI_REGION_REGIONS.join(', ')}), got ${show(r)}`));
  p.check(regions.length <= MAX_MULTI_REGION_REGIONS,
    () => `\`settings.dynomite.topology.regions\` must list at most ${MAX_MULTI_REGION_REGIONS} regions (MemoryDB Multi-Region), got ${regions.length}`);
  p.check(regions.includes(env.primaryRegion),
    () => `\`settings.dynomite.topology.regions\` must include the primary region ${show(env.primaryRegion)}, which creates the Multi-Region cluster, got ${show(regions)}`);
  const accounts = new Set(env.regions.filter((r) => regions.includes(r.region)).map((r) => r.account));
  p.check(accounts.size <= 1,
    () => `the regions of settings.dynomite.topology must share one AWS account (a MemoryDB Multi-Region cluster belongs to one account), got ${show([...accounts])}`);
  return [...p.items];
}

export interface QueueStackProps extends StackProps {
  readonly environment: Environment;
  readonly settings: QueueSettings;
  readonly shared: SharedStacks;
  /** The service's name: prefixes alarm, dashboard and parameter names. (the catalog entry's). */
  readonly service: string;
  /**
   * The Multi-Region cluster this region's cluster joins: the primary region's stack's
   * `multiRegionCluster`. MemoryDB generates its full name (a prefix nobody can compute offline);
   * it reaches this stack at deploy time through `Fn::GetStackOutput` on the primary's stack, and
   * this stack depends on the primary's, so `cdk deploy --all` deploys the primary first.
   *
   * @default - none: required in every region but the primary, whose stack creates the cluster
   */
  readonly multiRegionCluster?: IMemoryDbMultiRegionCluster;
}

/**
 * Queues on Amazon MemoryDB Multi-Region in one region: the primary region's stack
 * creates the Multi-Region cluster; every region's stack has its regional cluster joined to it,
 * the queue contract in SSM, a role for the queue service's pods and the alarms.
 */
export class QueueStack extends Stack {
  public readonly multiRegionCluster?: MemoryDbMultiRegionCluster;
  public readonly cluster: MemoryDbRegionalCluster;
  public readonly contract: QueueContractParameters;
  public readonly serviceRole: Role;
  public readonly monitoring: ServiceMonitoring;

  constructor(scope: Construct, id: string, props: QueueStackProps) {
    super(scope, id, props);
    const { environment: env, settings } = props;
    const p = new Problems();
    p.merge(settingsProblems(env, settings));
    p.throwIfAny(this);

    const m = settings.memoryDb;
    const region = env.region(this.region);
    const shape = { nodeType: m.nodeType, numShards: m.numShards, engineVersion: m.engineVersion };
    const primary = this.region === env.primaryRegion;
    if (primary === (props.multiRegionCluster !== undefined)) {
      throw new PlatformValidationError(this, [primary
        ? `\`multiRegionCluster\` must be absent in the primary region ${env.primaryRegion}, whose stack creates it, got ${props.multiRegionCluster?.node.path}`
        : `\`multiRegionCluster\` must be the primary region's (${env.primaryRegion}) Multi-Region cluster for a stack in ${this.region}, got none`]);
    }
    if (primary) {
      this.multiRegionCluster = new MemoryDbMultiRegionCluster(this, 'MultiRegionCluster', {
        ...shape, nameSuffix: m.clusterName, multiRegionParameterGroupName: m.multiRegionParameterGroupName, maxMemoryPolicy: m.maxMemoryPolicy,
      });
      // Read by the other regions' stacks with Fn::GetStackOutput (a weak reference): no custom
      // resource or SSM parameter, whatever the app's default strength. The cluster is retained,
      // and its name never changes short of a replacement.
      CrossStackReferences.of(this.multiRegionCluster.resource).produce(ReferenceStrength.WEAK);
      new CfnOutput(this, 'MultiRegionClusterName', {
        value: this.multiRegionCluster.multiRegionClusterName,
        description: 'The Multi-Region cluster every region\'s regional cluster joins',
      });
    }
    const joins: IMemoryDbMultiRegionCluster = this.multiRegionCluster ?? props.multiRegionCluster!;
    this.cluster = new MemoryDbRegionalCluster(this, 'Cluster', {
      ...shape,
      clusterName: m.clusterName,
      multiRegionClusterName: joins.multiRegionClusterName,
      vpc: props.shared.network(this.region).network.vpc,
      clientCidrs: [region.kubernetes.podCidr],
      replicasPerShard: m.replicasPerShard,
      snapshotRetentionDays: m.snapshotRetentionDays,
      encryptionKey: m.encryptionKey,
      userName: m.userName,
      keyPattern: m.keyPattern ?? `${settings.contract.prefix}.*`,
      maintenanceWindow: maintenanceWindowOf(this.region, regionsOf(settings)),
    });

    const replicas = m.replicasPerShard ?? 2;
    this.contract = new QueueContractParameters(this, 'Contract', {
      contract: settings.contract,
      datacenter: this.region,
      racks: [...region.availabilityZones],
      nodes: m.numShards * (1 + replicas),
      // MemoryDB acknowledges a write once it is in the Multi-AZ transaction log; reads of a primary are strongly consistent.
      consistency: { read: 'MEMORYDB_PRIMARY', write: 'MEMORYDB_MULTI_AZ_LOG' },
      parameterPath: settings.parameterPath,
    });

    // The queue service's pods (EKS Pod Identity) read the contract and the credentials, nothing else.
    this.serviceRole = new Role(this, 'ServiceRole', {
      assumedBy: podIdentityPrincipal(),
      description: `${props.service} in ${this.region}: read the queue contract and the MemoryDB credentials`,
    });
    for (const param of this.contract.parameters) param.grantRead(this.serviceRole);
    this.cluster.grantReadCredentials(this.serviceRole);

    this.monitoring = new ServiceMonitoring(this, 'Monitoring', { serviceName: props.service, alarmEmail: env.alarmEmail, runbookBaseUrl: env.runbookBaseUrl });
    const c = this.cluster;
    addMemoryDbAlarms(this.monitoring, c, { sla: settings.sla, maxReplicationLagMs: settings.maxReplicationLagMs });
    new CfnOutput(this, 'ClusterEndpoint', { value: `${c.endpointAddress}:6379` });
    new CfnOutput(this, 'CredentialsSecretArn', { value: c.secret.secretArn });
    // AWS Health and the stores' own maintenance events, to the same topic.
    addStackMaintenance(this);

    new CfnOutput(this, 'ContractParameterPath', { value: settings.parameterPath });
    new CfnOutput(this, 'ServiceRoleArn', { value: this.serviceRole.roleArn });
  }
}

export interface QueueChartProps {
  readonly environment: Environment;
  readonly region: string;
  readonly settings: QueueSettings;
}

/**
 * Queues on Dynomite + Redis in one region's Kubernetes cluster: the namespace, the
 * region's datacenter (a StatefulSet per rack) and the queue contract ConfigMap. The ring spans
 * every region of the topology, so the charts agree on tokens and seeds without referencing each other.
 */
export class QueueChart extends Chart implements StoreChart {
  public readonly cluster: DynomiteCluster;
  public readonly contract: QueueContractConfigMap;
  public readonly stores: readonly IPublishedStore[];

  constructor(scope: Construct, id: string, props: QueueChartProps) {
    super(scope, id, { namespace: props.settings.dynomite.namespace });
    const { environment: env, settings } = props;
    const p = new Problems();
    p.merge(slaProblems(settings.sla, 'settings.sla'));
    p.throwIfAny(this);
    new StoreNamespace(this, 'Namespace', { name: settings.dynomite.namespace });
    this.cluster = new DynomiteCluster(this, 'Dynomite', { ...settings.dynomite, environment: env, region: props.region, sla: settings.sla });
    this.contract = new QueueContractConfigMap(this, 'Contract', { cluster: this.cluster, contract: settings.contract });
    this.stores = [this.cluster];
  }
}

/** A queue service for `bin/`: settings per environment come from its catalog entry (`services/<service>.yaml`). */
export function queueUseCase(settingsByEnvironment: Record<string, QueueSettings>, service: string): RegionalUseCase<QueueStack, QueueChart> {
  return regionalUseCase({
    service,
    settingsByEnvironment,
    stacks: {
      regions: regionsOf,
      // The primary's stack first: it creates the Multi-Region cluster the others join.
      leader: (_, env) => env.primaryRegion,
      holds: 'queues on Amazon MemoryDB Multi-Region',
      create: (app, id, props, c) => new QueueStack(app, id, { ...props, ...c, multiRegionCluster: c.fromLeader }),
      fromLeader: (primary: QueueStack) => primary.multiRegionCluster,
      parameters: (stack) => [stack.contract.parameters],
    },
    charts: {
      regions: regionsOf,
      create: (app, id, c) => new QueueChart(app, id, c),
    },
    benchmark: {
      namespace: (chart) => chart.cluster.namespace,
      add: (bench, chart, c) => { new DynomiteBenchmark(bench, 'Memtier', { cluster: chart.cluster, sla: c.settings.sla }); },
    },
  });
}

/**
 * `environments.<env>` of a queue catalog entry (e.g. `services/delayed-queues.yaml`): the schema the
 * catalog validates and, through `Static`, the YAML's type. Numeric limits come from
 * `DYNOMITE_LIMITS` and `TOPOLOGY_LIMITS`, which the constructs also read.
 */
export const QUEUE_SCHEMA = t.object({
  contract: t.object({
    prefix: t.string({ pattern: '^[A-Za-z][A-Za-z0-9_-]*$', description: 'a key prefix: a letter, then letters, digits, \'_\' or \'-\'' }),
    shardCount: t.limit(L.shardCount),
    queues: t.list(t.object({
      name: t.name(),
      unackTimeoutSeconds: t.limit(L.unackTimeoutSeconds),
      priorityLevels: Type.Optional(t.limit(L.priorityLevels)),
      maxDeliveries: Type.Optional(t.limit(L.maxDeliveries)),
      deadLetterQueue: Type.Optional(t.name()),
    })),
  }),
  parameterPath: t.claimed('SSM parameter path', '^(/[A-Za-z0-9_.-]+)+$', 'an SSM parameter path: /-separated segments of letters, digits, \'_\', \'.\' or \'-\''),
  maxReplicationLagMs: t.limit(L.maxReplicationLagMs),
  memoryDb: t.object({
    clusterName: t.claimedName('cluster name'),
    nodeType: t.string({ pattern: '^db\\.[a-z0-9]+\\.[a-z0-9]+$', description: 'a MemoryDB node type db.<family>.<size>' }),
    /** @default - the capacity planner's figure for the requirements */
    numShards: Type.Optional(t.limit(L.numShards)),
    engineVersion: Type.Optional(t.string()),
    multiRegionParameterGroupName: Type.Optional(t.string()),
    replicasPerShard: Type.Optional(t.limit(L.replicasPerShard)),
    snapshotRetentionDays: Type.Optional(t.limit(L.snapshotRetentionDays)),
    userName: Type.Optional(t.string()),
    keyPattern: Type.Optional(t.string()),
  }),
  dynomite: t.object({
    namespace: t.namespace(),
    clusterName: t.claimedName('cluster name'),
    replicationFactor: t.limit(TOPOLOGY_LIMITS.replicationFactor),
    dynomiteImage: t.image(),
    storageGiB: t.limit(L.storageGiB),
    redisMemoryMiB: t.limit(L.redisMemoryMiB),
    tlsSecretName: t.name(),
    /** @default - the capacity planner's figure for the requirements */
    nodesPerZone: Type.Optional(t.limit(TOPOLOGY_LIMITS.nodesPerZone)),
    redisImage: Type.Optional(t.image()),
    exporterImage: Type.Optional(t.image()),
    redisCpuMillis: Type.Optional(t.limit(L.redisCpuMillis)),
    dynomiteCpuMillis: Type.Optional(t.limit(L.dynomiteCpuMillis)),
    dynomiteMemoryMiB: Type.Optional(t.limit(L.dynomiteMemoryMiB)),
    clusterSetDomain: Type.Optional(t.string()),
    clientNamespaces: Type.Optional(t.list(t.name())),
    peerIssuerName: Type.Optional(t.name()),
    seedProviderImage: Type.Optional(t.image()),
    tunnelImage: Type.Optional(t.image()),
  }),
});
export type QueueYaml = Static<typeof QUEUE_SCHEMA>;

/** The queue template (Dynomite / MemoryDB): the stacks and charts of any queue entry (exemplar: Delayed Queues). */
export const queueTemplate: UseCaseTemplate<QueueSettings, QueueYaml> = {
  name: 'queue',
  exemplar: 'delayed-queues',
  store: 'dynomite',
  dataModel: 'queue',
  settingsSchema: QUEUE_SCHEMA,
  settings(entry, y, env) {
    const { nodeType, ...memoryDb } = y.memoryDb;
    const { nodesPerZone: configuredNodes, replicationFactor, namespace, clusterName, ...dynomite } = y.dynomite;
    // Sizes the entry leaves out are the planner's figures (the report's checks on the fields).
    const planned = (path: string) => plannedFigure({
      entry, store: 'dynomite', environment: env.name,
      shape: shapeOf(env, topologyOver(entry.regions, 1, replicationFactor), ReplicationMode.MULTI_DIRECTIONAL),
    }, path);
    const nodesPerZone = configuredNodes ?? planned('dynomite.nodesPerZone');
    return {
      contract: y.contract,
      parameterPath: y.parameterPath,
      maxReplicationLagMs: y.maxReplicationLagMs,
      sla: entry.sla,
      memoryDb: { ...memoryDb, numShards: memoryDb.numShards ?? planned('memoryDb.numShards'), nodeType: MemoryDbNodeType.of(nodeType) },
      dynomite: { namespace, clusterName, topology: topologyOver(entry.regions, nodesPerZone, replicationFactor), ...dynomite },
    };
  },
  useCase: (service, settingsByEnvironment) => queueUseCase(settingsByEnvironment, service),
  shape: (settings, env) => shapeOf(env, settings.dynomite.topology, ReplicationMode.MULTI_DIRECTIONAL),
};
