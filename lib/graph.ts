import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Role } from 'aws-cdk-lib/aws-iam';
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { CassandraCluster, type CassandraClusterProps, K8SSANDRA_POD_SECURITY_EXCEPTION } from '../constructs/cassandra/k8s/cassandra-cluster';
import { CassandraDatacenterOperations } from '../constructs/cassandra/k8s/datacenter-operations';
import { ElasticsearchCluster } from '../constructs/elasticsearch/k8s/elasticsearch-cluster';
import { ELASTICSEARCH_LIMITS as ES } from '../constructs/elasticsearch/limits';
import { ElasticsearchMonitoring } from '../constructs/elasticsearch/k8s/exporter';
import { type GremlinTlsProps, JanusGraphServer } from '../constructs/graph/k8s/janusgraph-server';
import { GRAPH_LIMITS as L } from '../constructs/graph/limits';
import { maintenanceWindowOf } from '../constructs/maintenance/windows';
import { StoreNamespace } from '../constructs/platform/k8s/namespace';
import { GraphDatabase } from '../constructs/graph/aws/graph-database';
import { addGraphDatabaseAlarms } from '../constructs/graph/aws/graph-monitoring';
import type { NeptuneEngineVersion, NeptuneInstanceClass } from '../constructs/graph/aws/neptune-engine';
import { addStackMaintenance } from '../constructs/maintenance/aws/stack-maintenance';
import { ServiceMonitoring } from '../constructs/monitoring/aws/service-monitoring';
import type { Environment } from '../constructs/platform/config';
import { Problems, show } from '../constructs/platform/errors';
import { type ServiceLevelObjectives, slaProblems } from '../constructs/platform/sla';
import type { SharedStacks, UseCaseTemplate } from './use-case';
import { type RegionalUseCase, type StoreChart, regionalUseCase } from './regional-use-case';
import type { IPublishedStore } from '../constructs/catalog/inventory';
import { ReplicationMode } from '../constructs/catalog/model';
import { GremlinBenchmark } from '../constructs/benchmark/gremlin';
import { type Static, Type } from '@sinclair/typebox';
import { t } from '../constructs/catalog/typed-schema';
import { TOPOLOGY_LIMITS } from '../constructs/platform/limits';
import { CASSANDRA_CLUSTER_SCHEMA, KEYSPACE_NAME, cassandraClusterProps, plannedCassandraSizes, enumMembers, enumSchema, member, shapeOf } from '../constructs/catalog/stores';
import { NeptuneEngineVersion as NeptuneEngineVersionClass, NeptuneInstanceClass as NeptuneInstanceClassEnum } from '../constructs/graph/aws/neptune-engine';
import { podIdentityPrincipal } from '../constructs/platform/aws/pod-identity';


/** Where Neptune runs in one region. */
export interface NeptuneRegionSettings {
  readonly region: string;
  /** One instance per entry; in the primary region the first is the writer. */
  readonly instanceAvailabilityZones: string[];
}

/** A graph on Amazon Neptune. */
export interface NeptuneSettings {
  /**
   * Prefix of the identifiers: the global database is `<identifier>-<env>`, each region's cluster
   * `<identifier>-<env>-<region>`. Changing it replaces every cluster.
   */
  readonly identifier: string;
  readonly instanceClass: NeptuneInstanceClass;
  /** @default NeptuneEngineVersion.V1_4_5_1 */
  readonly engineVersion?: NeptuneEngineVersion;
  /**
   * Region of the writable primary cluster.
   *
   * @default - the environment's primary region
   */
  readonly primaryRegion?: string;
  /** Regions of the graph; with more than one, a Neptune global database spans them. */
  readonly regions: NeptuneRegionSettings[];
  /** @default 14 */
  readonly backupRetentionDays?: number;
  /** Reader lag behind the writer that pages, in milliseconds. */
  readonly maxReplicaLagMs: number;
  /** Secondary region lag behind the primary that pages, in milliseconds. */
  readonly maxGlobalReplicationLagMs: number;
}

/** The Elasticsearch of each region, holding the graph's mixed indexes. */
export interface GraphIndexSettings {
  /** `metadata.name` of each region's Elasticsearch. */
  readonly name: string;
  readonly dataNodesPerZone: number;
  /** Copies of each shard in a region (1 primary + replicas), at most one per zone. */
  readonly replicationFactor: number;
  readonly storageGiB: number;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  /**
   * Transport hostname (internal load balancer, published by external-dns) of each region's
   * Elasticsearch: the read-only regions follow the primary region's indices through
   * cross-cluster replication over it.
   */
  readonly transportHostnames: Record<string, string>;
  /** ConfigMap (key `ca.crt`) with the other regions' transport CAs, in every region. */
  readonly trustedCaConfigMapName: string;
}

/** A graph on JanusGraph over the Cassandra and Elasticsearch constructs. */
export interface JanusGraphSettings {
  /** Namespace of the graph, its Cassandra cluster and its Elasticsearch, in every region. */
  readonly namespace: string;
  /**
   * Regions serving the graph. The environment's primary region is writable; the others are
   * read-only (their index follows the primary's by cross-cluster replication).
   */
  readonly regions: string[];
  readonly keyspace: string;
  /** Namespaces of the asset services that call Gremlin. */
  readonly clientNamespaces: string[];
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly tls: GremlinTlsProps;
  /**
   * The graph's own Cassandra cluster: one datacenter per region of its topology, which must
   * cover `regions` (environment and namespace are supplied by the use case).
   */
  readonly cassandra: Omit<CassandraClusterProps, 'environment' | 'namespace'>;
  readonly elasticsearch: GraphIndexSettings;
}

/** Settings of a graph service, per environment. */
export interface GraphSettings {
  readonly sla: ServiceLevelObjectives;
  readonly neptune: NeptuneSettings;
  readonly janusGraph: JanusGraphSettings;
}

export function neptuneSettingsProblems(env: Environment, n: NeptuneSettings): string[] {
  const p = new Problems();
  const regions = n.regions.map((r) => r.region);
  p.check(regions.length > 0, () => '`settings.neptune.regions` must list at least one region, got []');
  p.check(new Set(regions).size === regions.length, () => `\`settings.neptune.regions\` must not repeat a region, got ${show(regions)}`);
  const envRegions = env.regions.map((r) => r.region);
  regions.forEach((r, i) => p.check(envRegions.includes(r),
    () => `\`settings.neptune.regions[${i}].region\` must be one of environment '${env.name}' regions (${envRegions.join(', ')}), got ${show(r)}`));
  const primary = n.primaryRegion ?? env.primaryRegion;
  p.check(regions.length === 0 || regions.includes(primary),
    () => `\`settings.neptune.primaryRegion\` must be one of \`settings.neptune.regions\` (${regions.join(', ')}), got ${show(primary)}`);
  p.check(n.maxReplicaLagMs > 0, () => `\`settings.neptune.maxReplicaLagMs\` must be > 0, got ${show(n.maxReplicaLagMs)}`);
  p.check(n.maxGlobalReplicationLagMs > 0, () => `\`settings.neptune.maxGlobalReplicationLagMs\` must be > 0, got ${show(n.maxGlobalReplicationLagMs)}`);
  return [...p.items];
}

export interface GraphStackProps extends StackProps {
  readonly environment: Environment;
  readonly settings: GraphSettings;
  readonly shared: SharedStacks;
  /** The service's name: prefixes alarm, dashboard and parameter names. (the catalog entry's). */
  readonly service: string;
}

/**
 * A graph on Amazon Neptune in one region: the primary region holds the
 * global database and its writable cluster, the others a read-only secondary cluster each.
 */
export class GraphStack extends Stack {
  public readonly graph: GraphDatabase;
  public readonly serviceRole: Role;
  public readonly monitoring: ServiceMonitoring;

  constructor(scope: Construct, id: string, props: GraphStackProps) {
    super(scope, id, props);
    const { environment: env, settings } = props;
    const n = settings.neptune;
    const p = new Problems();
    p.merge(slaProblems(settings.sla, 'settings.sla'));
    p.merge(neptuneSettingsProblems(env, n));
    const here = n.regions.find((r) => r.region === this.region);
    p.check(here !== undefined, () => `\`settings.neptune.regions\` has no entry for the stack's region ${show(this.region)}`);
    p.throwIfAny(this);

    const regions = n.regions.map((r) => r.region);
    const primaryRegion = n.primaryRegion ?? env.primaryRegion;
    const network = props.shared.network(this.region);
    this.addStackDependency(network);
    this.graph = new GraphDatabase(this, 'Graph', {
      environment: env,
      vpc: network.network.vpc,
      clusterIdentifier: `${n.identifier}-${env.name}-${this.region}`,
      instanceClass: n.instanceClass,
      engineVersion: n.engineVersion,
      instanceAvailabilityZones: here!.instanceAvailabilityZones,
      backupRetentionDays: n.backupRetentionDays,
      maintenanceWindow: maintenanceWindowOf(this.region, regions),
      globalDatabase: regions.length > 1
        ? { globalClusterIdentifier: `${n.identifier}-${env.name}`, primaryRegion, regions }
        : undefined,
    });

    // The asset service's pods (EKS Pod Identity) query the graph with IAM authentication.
    this.serviceRole = new Role(this, 'ServiceRole', {
      assumedBy: podIdentityPrincipal(),
      description: `${props.service} in ${this.region}: ${this.graph.writable ? 'read/write' : 'read'} Neptune ${this.graph.clusterIdentifier}`,
    });
    if (this.graph.writable) this.graph.grantReadWrite(this.serviceRole);
    else this.graph.grantRead(this.serviceRole);
    const clusterLogicalId = this.getLogicalId(this.graph.cluster);
    Validations.of(this.serviceRole).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:neptune-db:${this.region}:${this.account}:<${clusterLogicalId}.ClusterResourceId>/*]`,
      reason: 'Neptune IAM data actions name databases as <cluster-resource-id>/*; the wildcard covers this one cluster only',
    });

    this.monitoring = new ServiceMonitoring(this, 'Monitoring', { serviceName: props.service, alarmEmail: env.alarmEmail, runbookBaseUrl: env.runbookBaseUrl });
    addGraphDatabaseAlarms(this.monitoring, this.graph, {
      sla: settings.sla, maxReplicaLagMs: n.maxReplicaLagMs, maxGlobalReplicationLagMs: n.maxGlobalReplicationLagMs,
    });

    // AWS Health and the stores' own maintenance events, to the same topic.
    addStackMaintenance(this);

    new CfnOutput(this, 'GremlinEndpoint', { value: `wss://${this.graph.endpoint}:${this.graph.port}/gremlin` });
    new CfnOutput(this, 'ReaderEndpoint', { value: this.graph.readEndpoint });
    new CfnOutput(this, 'ClientSecurityGroupId', { value: this.graph.clientSecurityGroup.securityGroupId });
    new CfnOutput(this, 'ServiceRoleArn', { value: this.serviceRole.roleArn });
  }
}

export interface GraphChartProps {
  readonly environment: Environment;
  readonly region: string;
  readonly settings: GraphSettings;
  /** The Cassandra cluster made by the primary region's chart; required in every other region. */
  readonly cassandra?: CassandraCluster;
  /** The service's name: prefixes alarm, dashboard and parameter names. (the catalog entry's). */
  readonly service: string;
}

/**
 * A graph on JanusGraph in one region's Kubernetes cluster, with its own
 * stores made by their constructs in the graph's namespace: the primary region's chart holds
 * the K8ssandraCluster (one datacenter per region) that every region's JanusGraph uses through
 * its local datacenter; every region has its Elasticsearch for the mixed indexes. Only the
 * primary region writes: a mixed index is written by the JanusGraph that commits, so the other
 * regions serve reads from follower indices (cross-cluster replication from the primary's).
 */
export class GraphChart extends Chart implements StoreChart {
  public readonly cassandra: CassandraCluster;
  public readonly elasticsearch: ElasticsearchCluster;
  public readonly janusGraph: JanusGraphServer;
  public readonly stores: readonly IPublishedStore[];

  constructor(scope: Construct, id: string, props: GraphChartProps) {
    const { environment: env, settings } = props;
    const j = settings.janusGraph;
    super(scope, id, { namespace: j.namespace });
    const p = new Problems();
    p.merge(slaProblems(settings.sla, 'settings.sla'));
    const isPrimary = props.region === env.primaryRegion;
    p.check(j.regions.includes(env.primaryRegion),
      () => `\`settings.janusGraph.regions\` must include the primary region ${show(env.primaryRegion)} (the only writable one), got ${show(j.regions)}`);
    p.check(j.regions.includes(props.region),
      () => `\`settings.janusGraph.regions\` must include the chart's region ${show(props.region)}, got ${show(j.regions)}`);
    p.check(isPrimary || props.cassandra !== undefined,
      () => `\`cassandra\` must be given in region ${show(props.region)}: only the primary region ${show(env.primaryRegion)} creates the cluster`);
    for (const r of j.regions) {
      p.check(j.regions.length === 1 || j.elasticsearch.transportHostnames[r] !== undefined,
        () => `\`settings.janusGraph.elasticsearch.transportHostnames\` must name the transport hostname of ${show(r)} (cross-cluster replication of the index)`);
    }
    p.throwIfAny(this);

    const ns = j.namespace;
    new StoreNamespace(this, 'Namespace', { name: ns, podSecurityException: K8SSANDRA_POD_SECURITY_EXCEPTION });
    this.cassandra = props.cassandra ?? new CassandraCluster(this, 'Cassandra', { ...j.cassandra, namespace: ns, environment: env });
    // JanusGraph runs in the stores' namespace; the allows still name it, so moving it stays explicit.
    const operations = new CassandraDatacenterOperations(this, 'CassandraOps', {
      cluster: this.cassandra, environment: env, region: props.region, sla: settings.sla, clientNamespaces: [ns],
    });
    const es = j.elasticsearch;
    const multiRegion = j.regions.length > 1;
    const primaryHost = es.transportHostnames[env.primaryRegion];
    this.elasticsearch = new ElasticsearchCluster(this, 'Elasticsearch', {
      environment: env, region: props.region, name: es.name, namespace: ns,
      placement: { region: props.region, nodesPerZone: es.dataNodesPerZone, replicationFactor: es.replicationFactor },
      storageGiB: es.storageGiB, cpuMillis: es.cpuMillis, memoryMiB: es.memoryMiB,
      clientNamespaces: [ns],
      transport: multiRegion ? { hostname: es.transportHostnames[props.region], trustedCaConfigMapName: es.trustedCaConfigMapName } : undefined,
      remoteClusters: multiRegion && !isPrimary ? [{ alias: 'primary', proxyAddress: `${primaryHost}:9300` }] : undefined,
    });
    new ElasticsearchMonitoring(this, 'ElasticsearchMonitoring', { cluster: this.elasticsearch, environment: env, sla: settings.sla });
    this.janusGraph = new JanusGraphServer(this, 'JanusGraph', {
      environment: env, region: props.region, name: `${props.service}-janusgraph`, namespace: ns,
      cassandra: this.cassandra, elasticsearch: this.elasticsearch,
      keyspace: j.keyspace, graphRegions: j.regions, readOnly: !isPrimary,
      tls: j.tls, clientNamespaces: j.clientNamespaces,
      minReplicas: j.minReplicas, maxReplicas: j.maxReplicas, cpuMillis: j.cpuMillis, memoryMiB: j.memoryMiB,
      sla: settings.sla,
    });
    this.stores = [operations, this.elasticsearch, this.janusGraph];
  }
}

/** A graph service for `bin/`: settings per environment come from its catalog entry (`services/<service>.yaml`). */
export function graphUseCase(settingsByEnvironment: Record<string, GraphSettings>, service: string): RegionalUseCase<GraphStack, GraphChart> {
  return regionalUseCase({
    service,
    settingsByEnvironment,
    stacks: {
      regions: (settings) => settings.neptune.regions.map((r) => r.region),
      leader: (settings, env) => settings.neptune.primaryRegion ?? env.primaryRegion,
      dependsOnLeader: 'a secondary cluster can only attach once the global cluster exists',
      holds: 'graph on Amazon Neptune',
      create: (app, id, props, c) => new GraphStack(app, id, { ...props, ...c }),
    },
    charts: {
      regions: (settings) => settings.janusGraph.regions,
      // The primary region's chart creates the Cassandra cluster that the other charts reference.
      leader: (_, env) => env.primaryRegion,
      create: (app, id, c) => new GraphChart(app, id, { ...c, cassandra: c.fromLeader }),
      fromLeader: (chart: GraphChart) => chart.cassandra,
    },
    benchmark: {
      namespace: (chart) => chart.janusGraph.namespace,
      add: (bench, chart, c) => {
        // Only the primary region's graph takes writes; the others are read-only replicas.
        const load = c.region === c.environment.primaryRegion ? undefined : { readPercent: 100 };
        new GremlinBenchmark(bench, 'Gremlin', { server: chart.janusGraph, sla: c.settings.sla, load });
      },
    },
  });
}

const NEPTUNE_INSTANCE_CLASSES = enumMembers<NeptuneInstanceClassEnum>(NeptuneInstanceClassEnum, 'name');

/**
 * `environments.<env>` of a graph catalog entry (e.g. `services/digital-assets.yaml`): the schema the
 * catalog validates and, through `Static`, the YAML's type. Numeric limits come from `GRAPH_LIMITS`,
 * `ELASTICSEARCH_LIMITS`, `CASSANDRA_LIMITS` and `TOPOLOGY_LIMITS`, which the constructs also read.
 */
export const GRAPH_SCHEMA = t.object({
  neptune: t.object({
    identifier: t.claimed('cluster name', '^[a-z][a-z0-9-]{0,40}$', 'a Neptune cluster identifier: a lowercase letter, then up to 40 lowercase letters, digits or \'-\''),
    instanceClass: enumSchema(NEPTUNE_INSTANCE_CLASSES),
    /** Region → one instance per zone; the first is the writer in the primary region. */
    instanceAvailabilityZones: t.regionMap(t.list(t.string())),
    maxReplicaLagMs: t.limit(L.maxReplicaLagMs),
    maxGlobalReplicationLagMs: t.limit(L.maxGlobalReplicationLagMs),
    engineVersion: Type.Optional(t.string({ pattern: '^\\d+(\\.\\d+){3}$', description: 'a Neptune engine version a.b.c.d' })),
    primaryRegion: Type.Optional(t.entryRegion()),
    backupRetentionDays: Type.Optional(t.limit(L.backupRetentionDays)),
  }),
  janusGraph: t.object({
    namespace: t.namespace(),
    keyspace: t.string(KEYSPACE_NAME),
    clientNamespaces: t.list(t.name()),
    minReplicas: t.limit(L.minReplicas),
    maxReplicas: t.limit(L.maxReplicas),
    cpuMillis: t.limit(L.cpuMillis),
    memoryMiB: t.limit(L.memoryMiB),
    tls: t.object({ keystoreSecretName: t.name(), keystorePasswordSecretName: t.name() }),
    /** `nodesPerZone`, `storageGiB`: @default - the capacity planner's figure for the requirements */
    cassandra: CASSANDRA_CLUSTER_SCHEMA,
    elasticsearch: t.object({
      name: t.claimedName('cluster name'),
      dataNodesPerZone: t.limit(ES.dataNodesPerZone),
      replicationFactor: t.limit(TOPOLOGY_LIMITS.replicationFactor),
      storageGiB: t.limit(ES.storageGiB),
      cpuMillis: t.limit(ES.cpuMillis),
      memoryMiB: t.limit(ES.memoryMiB),
      transportHostnames: t.regionMap(t.subdomain()),
      trustedCaConfigMapName: t.name(),
    }),
  }),
});
export type GraphYaml = Static<typeof GRAPH_SCHEMA>;

/** The graph template (Neptune / JanusGraph): the stacks and charts of any graph entry (exemplar: Digital Asset Management). */
export const graphTemplate: UseCaseTemplate<GraphSettings, GraphYaml> = {
  name: 'graph',
  exemplar: 'digital-assets',
  store: 'graph',
  dataModel: 'graph',
  settingsSchema: GRAPH_SCHEMA,
  settings(entry, y, env) {
    const { instanceClass, engineVersion, instanceAvailabilityZones, identifier, ...neptune } = y.neptune;
    const { cassandra: c, ...janusGraph } = y.janusGraph;
    return {
      sla: entry.sla,
      neptune: {
        identifier,
        instanceClass: member(NEPTUNE_INSTANCE_CLASSES, instanceClass),
        ...(engineVersion === undefined ? {} : { engineVersion: NeptuneEngineVersionClass.of(engineVersion) }),
        regions: entry.regions.map((region) => ({ region, instanceAvailabilityZones: instanceAvailabilityZones[region] ?? [] })),
        ...neptune,
      },
      janusGraph: {
        ...janusGraph,
        regions: [...entry.regions],
        cassandra: cassandraClusterProps(entry.regions, c, plannedCassandraSizes(entry, env, 'graph', 'janusGraph.cassandra', c,
          ReplicationMode.LEADER_FOLLOWER, y.neptune.primaryRegion ?? env.primaryRegion)),
      },
    };
  },
  useCase: (service, settingsByEnvironment) => graphUseCase(settingsByEnvironment, service),
  // The picture shows JanusGraph's Cassandra (the Kubernetes flavor); on AWS the Neptune global database has the same leader/follower shape.
  shape: (settings, env) => shapeOf(env, settings.janusGraph.cassandra.topology, ReplicationMode.LEADER_FOLLOWER, settings.neptune.primaryRegion ?? env.primaryRegion),
};
