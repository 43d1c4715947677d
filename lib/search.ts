import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { CrossClusterConnection } from '../constructs/elasticsearch/aws/cross-cluster-connection';
import { SearchDomain, type SearchDomainIdentity } from '../constructs/elasticsearch/aws/search-domain';
import { addSearchDomainAlarms } from '../constructs/elasticsearch/aws/search-domain-monitoring';
import { ElasticsearchMonitoring } from '../constructs/elasticsearch/k8s/exporter';
import { ES_TRANSPORT_PORT, ElasticsearchCluster } from '../constructs/elasticsearch/k8s/elasticsearch-cluster';
import { Kibana } from '../constructs/elasticsearch/k8s/kibana';
import type { SearchNodeType } from '../constructs/elasticsearch/node-type';
import type { ElasticStackVersion } from '../constructs/elasticsearch/version';
import { addStackMaintenance } from '../constructs/maintenance/aws/stack-maintenance';
import { ServiceMonitoring } from '../constructs/monitoring/aws/service-monitoring';
import type { Environment } from '../constructs/platform/config';
import { Problems, show } from '../constructs/platform/errors';
import { StoreNamespace } from '../constructs/platform/k8s/namespace';
import { type ServiceLevelObjectives, slaProblems } from '../constructs/platform/sla';
import type { StoreTopology } from '../constructs/platform/topology';
import type { SharedStacks, UseCaseTemplate } from './use-case';
import { type RegionalUseCase, type StoreChart, regionalUseCase } from './regional-use-case';
import type { IPublishedStore } from '../constructs/catalog/inventory';
import { ReplicationMode } from '../constructs/catalog/model';
import { enumMembers, member, shapeOf, topologyOver } from '../constructs/catalog/stores';
import { plannedFigure } from '../constructs/capacity/service';
import { t } from '../constructs/catalog/typed-schema';
import { ELASTICSEARCH_LIMITS } from '../constructs/elasticsearch/limits';
import { TOPOLOGY_LIMITS } from '../constructs/platform/limits';
import { DOMAIN_NAME, ES_NAME } from '../constructs/elasticsearch/validate';
import { ALLOWED, DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX_LENGTH } from '../constructs/platform/grammar';
import { type Static, Type } from '@sinclair/typebox';
import { SearchNodeType as SearchNodeTypeClass } from '../constructs/elasticsearch/node-type';
import { ElasticsearchBenchmark } from '../constructs/benchmark/rally';


/** The OpenSearch Service side. */
export interface SearchAwsSettings {
  /** Domain name, the same in every region (domain names are unique per account and region). */
  readonly domainName: string;
  readonly dataNodeType: SearchNodeType;
  /** gp3 volume per data node, in GiB. */
  readonly storageGiBPerNode: number;
  /** @default SearchDomain's default (SearchNodeType.M6G_LARGE) */
  readonly masterNodeType?: SearchNodeType;
  /** @default false */
  readonly multiAzWithStandby?: boolean;
  /**
   * Off-peak window start per region (UTC hour).
   *
   * @default - SearchDomain's default (22 UTC) in every region
   */
  readonly offPeakWindowStartHourUtc?: Record<string, number>;
}

/** The ECK side. */
export interface SearchKubernetesSettings {
  readonly namespace: string;
  /** `metadata.name` of the Elasticsearch and the Kibana in every region. */
  readonly clusterName: string;
  /** @default ElasticsearchCluster's default */
  readonly version?: ElasticStackVersion;
  readonly storageGiB: number;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  /**
   * DNS zone under which each region's transport load balancer is published as
   * `<clusterName>-transport.<region>.<zone>` (external-dns).
   */
  readonly transportDnsZone: string;
  /** ConfigMap (`ca.crt`) with the other regions' transport CAs; filled by hand (README). */
  readonly trustedCaConfigMapName: string;
  /** Namespaces whose pods query Elasticsearch (the service's). */
  readonly clientNamespaces: string[];
  /** @default 2 */
  readonly kibanaInstances?: number;
}

/** Settings of a search service, per environment. */
export interface SearchSettings {
  /**
   * Region holding the leader indices; every other region follows it (cross-cluster replication).
   *
   * @default - the environment's primary region
   */
  readonly leaderRegion?: string;
  /** Regions, zones, data nodes per zone, shard copies per region (primary + replicas). */
  readonly topology: StoreTopology;
  readonly sla: ServiceLevelObjectives;
  readonly aws: SearchAwsSettings;
  readonly kubernetes: SearchKubernetesSettings;
}

function settingsProblems(env: Environment, s: SearchSettings): string[] {
  const p = new Problems();
  p.merge(slaProblems(s.sla, 'settings.sla'));
  const regions = s.topology.regions.map((r) => r.region);
  const leader = s.leaderRegion ?? env.primaryRegion;
  p.check(regions.includes(leader),
    () => `\`settings.leaderRegion\` must be one of the topology's regions (${regions.join(', ')}), got ${show(leader)}`);
  return [...p.items];
}

export interface SearchStackProps extends StackProps {
  readonly environment: Environment;
  readonly settings: SearchSettings;
  readonly shared: SharedStacks;
  /** The service's name: prefixes alarm, dashboard and parameter names. (the catalog entry's). */
  readonly service: string;
}

/**
 * Search on OpenSearch Service in one region: the domain in the shared VPC, its
 * alarms and dashboard, and in a follower region the cross-cluster connection to the leader.
 */
export class SearchStack extends Stack {
  public readonly domain: SearchDomain;
  public readonly monitoring: ServiceMonitoring;
  public readonly connection?: CrossClusterConnection;

  constructor(scope: Construct, id: string, props: SearchStackProps) {
    super(scope, id, props);
    const { environment: env, settings } = props;
    const p = new Problems();
    p.merge(settingsProblems(env, settings));
    p.throwIfAny(this);

    const placement = settings.topology.regions.find((r) => r.region === this.region);
    if (!placement) throw new Error(`${this.node.path}: \`settings.topology\` has no region ${show(this.region)}`);
    const network = props.shared.network(this.region).network;
    const a = settings.aws;
    this.domain = new SearchDomain(this, 'Domain', {
      environment: env,
      domainName: a.domainName,
      vpc: network.vpc,
      zones: placement.zones,
      dataNodesPerZone: placement.nodesPerZone,
      dataNodeType: a.dataNodeType,
      storageGiBPerNode: a.storageGiBPerNode,
      masterNodeType: a.masterNodeType,
      multiAzWithStandby: a.multiAzWithStandby,
      offPeakWindowStartHourUtc: a.offPeakWindowStartHourUtc?.[this.region],
    });

    const leaderRegion = settings.leaderRegion ?? env.primaryRegion;
    if (this.region !== leaderRegion) {
      const leader = env.region(leaderRegion);
      const leaderIdentity: SearchDomainIdentity = { domainName: a.domainName, account: leader.account, region: leaderRegion };
      this.connection = new CrossClusterConnection(this, 'LeaderConnection', { follower: this.domain.identity, leader: leaderIdentity });
      new CfnOutput(this, 'LeaderConnectionId', { value: this.connection.connectionId, description: 'Cross-cluster connection to the leader' });
      new CfnOutput(this, 'LeaderConnectionAlias', { value: this.connection.connectionAlias, description: 'leader_alias in replication requests' });
    }

    this.monitoring = new ServiceMonitoring(this, 'Monitoring', { serviceName: props.service, alarmEmail: env.alarmEmail, runbookBaseUrl: env.runbookBaseUrl });
    addSearchDomainAlarms(this.monitoring, { domain: this.domain, sla: settings.sla, storageGiBPerNode: a.storageGiBPerNode });
    // AWS Health and the stores' own maintenance events, to the same topic.
    addStackMaintenance(this);

    new CfnOutput(this, 'DashboardsUrl', { value: this.domain.dashboardsUrl, description: 'OpenSearch Dashboards (from inside the VPC)' });
    new CfnOutput(this, 'DomainEndpoint', { value: this.domain.domainEndpoint });
    new CfnOutput(this, 'MasterUserSecretArn', { value: this.domain.masterUserSecret.secretArn });
    new CfnOutput(this, 'ClientSecurityGroupId', { value: this.domain.clientSecurityGroup.securityGroupId, description: 'Attach to the domain\'s clients: the only group it admits on 443' });
  }
}

export interface SearchChartProps {
  readonly environment: Environment;
  readonly region: string;
  readonly settings: SearchSettings;
}

/**
 * Search on ECK in one region's Kubernetes cluster: the namespace, the
 * Elasticsearch (follower regions point a remote cluster at the leader's transport endpoint),
 * Kibana, and the exporter with its ServiceMonitor and PrometheusRule.
 */
export class SearchChart extends Chart implements StoreChart {
  public readonly cluster: ElasticsearchCluster;
  public readonly kibana: Kibana;
  public readonly monitoring: ElasticsearchMonitoring;
  public readonly stores: readonly IPublishedStore[];

  constructor(scope: Construct, id: string, props: SearchChartProps) {
    super(scope, id, { namespace: props.settings.kubernetes.namespace });
    const { environment: env, settings } = props;
    const p = new Problems();
    p.merge(settingsProblems(env, settings));
    const placement = settings.topology.regions.find((r) => r.region === props.region);
    p.check(placement !== undefined, () => `\`region\` must be one of the topology's regions, got ${show(props.region)}`);
    p.throwIfAny(this);

    const k = settings.kubernetes;
    const leaderRegion = settings.leaderRegion ?? env.primaryRegion;
    const transportHost = (region: string) => `${k.clusterName}-transport.${region}.${k.transportDnsZone}`;
    new StoreNamespace(this, 'Namespace', { name: k.namespace });
    this.cluster = new ElasticsearchCluster(this, 'Elasticsearch', {
      environment: env,
      region: props.region,
      name: k.clusterName,
      namespace: k.namespace,
      placement: placement!,
      version: k.version,
      storageGiB: k.storageGiB,
      cpuMillis: k.cpuMillis,
      memoryMiB: k.memoryMiB,
      clientNamespaces: k.clientNamespaces,
      transport: { hostname: transportHost(props.region), trustedCaConfigMapName: k.trustedCaConfigMapName },
      remoteClusters: props.region === leaderRegion ? [] : [{
        alias: `leader-${leaderRegion}`, proxyAddress: `${transportHost(leaderRegion)}:${ES_TRANSPORT_PORT}`,
      }],
    });
    this.kibana = new Kibana(this, 'Kibana', { cluster: this.cluster, instances: k.kibanaInstances });
    this.monitoring = new ElasticsearchMonitoring(this, 'Monitoring', { cluster: this.cluster, environment: env, sla: settings.sla });
    this.stores = [this.cluster, this.kibana];
  }
}

/** A search service for `bin/`: settings per environment come from its catalog entry (`services/<service>.yaml`). */
export function searchUseCase(settingsByEnvironment: Record<string, SearchSettings>, service: string): RegionalUseCase<SearchStack, SearchChart> {
  const regions = (settings: SearchSettings) => settings.topology.regions.map((r) => r.region);
  return regionalUseCase({
    service,
    settingsByEnvironment,
    stacks: {
      regions,
      leader: (settings, env) => settings.leaderRegion ?? env.primaryRegion,
      dependsOnLeader: 'the follower connects to the leader domain',
      holds: 'search on Amazon OpenSearch Service',
      create: (app, id, props, c) => new SearchStack(app, id, { ...props, ...c }),
    },
    charts: {
      regions,
      create: (app, id, c) => new SearchChart(app, id, c),
    },
    benchmark: {
      namespace: (chart) => chart.cluster.namespace,
      add: (bench, chart, c) => { new ElasticsearchBenchmark(bench, 'Rally', { cluster: chart.cluster, sla: c.settings.sla }); },
    },
  });
}

const SEARCH_NODE_TYPES = enumMembers<SearchNodeTypeClass>(SearchNodeTypeClass, 'name');

const L = ELASTICSEARCH_LIMITS;
const nodeType = () => Type.Unsafe<string>({ type: 'string', enum: [...SEARCH_NODE_TYPES.keys()].sort() });

/**
 * `environments.<env>` of a search catalog entry (e.g. `services/playback-manifest.yaml`): the schema the
 * catalog validates and, through `Static`, the YAML's type. Numeric limits come from
 * `ELASTICSEARCH_LIMITS`, which the constructs also read.
 */
export const SEARCH_SCHEMA = t.object({
  leaderRegion: Type.Optional(t.entryRegion()),
  /** @default - the capacity planner's figure for the requirements */
  nodesPerZone: Type.Optional(t.limit(L.dataNodesPerZone)),
  replicationFactor: t.limit(TOPOLOGY_LIMITS.replicationFactor),
  aws: t.object({
    domainName: t.claimed('cluster name', DOMAIN_NAME.source, 'an OpenSearch domain name: a lowercase letter, then 2-27 lowercase letters, digits or \'-\''),
    dataNodeType: nodeType(),
    /** @default - the capacity planner's figure for the requirements */
    storageGiBPerNode: Type.Optional(t.limit(L.storageGiBPerNode)),
    masterNodeType: Type.Optional(nodeType()),
    multiAzWithStandby: Type.Optional(Type.Boolean()),
    offPeakWindowStartHourUtc: Type.Optional(t.regionMap(t.limit(L.offPeakWindowStartHourUtc))),
  }),
  kubernetes: t.object({
    namespace: t.claimed('kubernetes namespace', ES_NAME.source, 'a namespace for ECK: a lowercase letter, then lowercase letters, digits or \'-\', at most 36 characters'),
    clusterName: t.claimed('cluster name', ES_NAME.source, 'an ECK resource name: a lowercase letter, then lowercase letters, digits or \'-\', at most 36 characters'),
    /** @default - the capacity planner's figure for the requirements */
    storageGiB: Type.Optional(t.limit(L.storageGiB)),
    cpuMillis: t.limit(L.cpuMillis),
    memoryMiB: t.limit(L.memoryMiB),
    transportDnsZone: Type.String({ pattern: DNS1123_SUBDOMAIN.source, maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH, description: ALLOWED.subdomain }),
    trustedCaConfigMapName: t.name(),
    clientNamespaces: t.list(t.name()),
    kibanaInstances: Type.Optional(t.limit(L.kibanaInstances)),
  }),
});
export type SearchYaml = Static<typeof SEARCH_SCHEMA>;

/** The search template (Elasticsearch / OpenSearch): the stacks and charts of any search entry (exemplar: playback-manifest). */
export const searchTemplate: UseCaseTemplate<SearchSettings, SearchYaml> = {
  name: 'search',
  exemplar: 'playback-manifest',
  store: 'elasticsearch',
  dataModel: 'search',
  settingsSchema: SEARCH_SCHEMA,
  settings(entry, y, env) {
    const { dataNodeType, masterNodeType, ...aws } = y.aws;
    // Sizes the entry leaves out are the planner's figures (the report's checks on the fields);
    // the volume sizes are over the nodes per zone the topology runs.
    const shape = (nodes: number) => shapeOf(env, topologyOver(entry.regions, nodes, y.replicationFactor),
      ReplicationMode.LEADER_FOLLOWER, y.leaderRegion ?? env.primaryRegion);
    const planned = (nodes: number, path: string) => plannedFigure({ entry, store: 'elasticsearch', environment: env.name, shape: shape(nodes) }, path);
    const nodesPerZone = y.nodesPerZone ?? planned(1, 'nodesPerZone');
    return {
      ...(y.leaderRegion === undefined ? {} : { leaderRegion: y.leaderRegion }),
      topology: topologyOver(entry.regions, nodesPerZone, y.replicationFactor),
      sla: entry.sla,
      aws: {
        ...aws,
        // Set over the spread, a key the file gives keeps its place.
        storageGiBPerNode: aws.storageGiBPerNode ?? planned(nodesPerZone, 'aws.storageGiBPerNode'),
        dataNodeType: member(SEARCH_NODE_TYPES, dataNodeType),
        ...(masterNodeType === undefined ? {} : { masterNodeType: member(SEARCH_NODE_TYPES, masterNodeType) }),
      },
      kubernetes: { ...y.kubernetes, storageGiB: y.kubernetes.storageGiB ?? planned(nodesPerZone, 'kubernetes.storageGiB') },
    };
  },
  useCase: (service, settingsByEnvironment) => searchUseCase(settingsByEnvironment, service),
  shape: (settings, env) => shapeOf(env, settings.topology, ReplicationMode.LEADER_FOLLOWER, settings.leaderRegion ?? env.primaryRegion),
};
