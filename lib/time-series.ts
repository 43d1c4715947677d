import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Role } from 'aws-cdk-lib/aws-iam';
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { Keyspace } from '../constructs/cassandra/aws/keyspace';
import { type ITable, KeyspacesOperation, Table } from '../constructs/cassandra/aws/table';
import { addKeyspacesTableAlarms } from '../constructs/cassandra/aws/table-monitoring';
import { CassandraCluster, type CassandraClusterProps, K8SSANDRA_POD_SECURITY_EXCEPTION } from '../constructs/cassandra/k8s/cassandra-cluster';
import { CqlSchemaJob } from '../constructs/cassandra/k8s/cql-schema-job';
import { CassandraDatacenterOperations } from '../constructs/cassandra/k8s/datacenter-operations';
import { planCassandra, planKeyspaces } from '../constructs/capacity/cassandra';
import { CASSANDRA_CLUSTER_PROPERTIES, KEYSPACE_NAME, cassandraClusterProps, TABLE_CAPACITY_SCHEMA, shapeOf, tableCapacityOf } from '../constructs/catalog/stores';
import { ReplicationMode } from '../constructs/catalog/model';
import { type Static, Type } from '@sinclair/typebox';
import { t } from '../constructs/catalog/typed-schema';
import { CASSANDRA_LIMITS } from '../constructs/cassandra/limits';
import { limitProblems } from '../constructs/platform/limits';
import type { TableCapacity as KeyspacesCapacity } from '../constructs/cassandra/aws/table-capacity';
import { type CapacityCheck, type CapacityReport, type CapacitySection, capacityCheck, capacityProblems } from '../constructs/capacity/report';
import { type Workload, projectDataset, resolveWorkload, workloadProblems } from '../constructs/capacity/workload';
import { maintenanceWindowOf } from '../constructs/maintenance/windows';
import { CQL_IDENTIFIER, ClusteringOrder, CqlType, type TableSchema, createKeyspaceCql, createTableCql, tableSchemaProblems } from '../constructs/cassandra/schema';
import { addStackMaintenance } from '../constructs/maintenance/aws/stack-maintenance';
import { ServiceMonitoring } from '../constructs/monitoring/aws/service-monitoring';
import type { Environment } from '../constructs/platform/config';
import { PlatformValidationError, Problems, show } from '../constructs/platform/errors';
import { type ServiceLevelObjectives, slaProblems } from '../constructs/platform/sla';
import { StoreNamespace } from '../constructs/platform/k8s/namespace';
import { CassandraStressBenchmark } from '../constructs/benchmark/cassandra-stress';
import type { UseCaseTemplate } from './use-case';
import { type RegionalUseCase, type StoreChart, regionalUseCase } from './regional-use-case';
import type { IPublishedStore } from '../constructs/catalog/inventory';
import { podIdentityPrincipal } from '../constructs/platform/aws/pod-identity';
import { grantSystemKeyspacesRead } from '../constructs/cassandra/aws/system-keyspaces';


/** Settings of a time-series service, per environment. */
export interface TimeSeriesSettings {
  /** Keyspace on Keyspaces and on the self-managed cluster. Changing it replaces the keyspace. */
  readonly keyspaceName: string;
  /**
   * The table of events: its name and row (partition key, clustering key, columns); the default
   * TTL comes from `retentionDays`. Changing the name or the key replaces the table.
   */
  readonly table: Omit<TableSchema, 'defaultTtlSeconds'>;
  /** Rows expire after this many days (the table's default TTL). */
  readonly retentionDays: number;
  /** Keyspaces throughput mode. */
  readonly capacity: KeyspacesCapacity;
  /** Replication lag to another region that pages, in milliseconds. */
  readonly maxReplicationLagMs: number;
  readonly sla: ServiceLevelObjectives;
  /** The self-managed Cassandra cluster on Kubernetes (environment is supplied by the use case). */
  readonly cassandra: Omit<CassandraClusterProps, 'environment'>;
  /**
   * The expected load. When given, synth fails unless the configured Cassandra size (nodes per
   * zone, `storageGiB`) and provisioned Keyspaces capacity meet the capacity planner's figures,
   * and `bin/synth.ts` writes the capacity report to `cdk.out/capacity/<service>.{json,md}`.
   *
   * @default - no capacity check and no report
   */
  readonly workload?: Workload;
}

/** The service's table: the entry's row, expiring after the retention. */
export function timeSeriesSchema(settings: Pick<TimeSeriesSettings, 'table' | 'retentionDays'>): TableSchema {
  return { ...settings.table, defaultTtlSeconds: settings.retentionDays * 86_400 };
}

function settingsProblems(s: TimeSeriesSettings): string[] {
  const p = new Problems();
  p.merge(slaProblems(s.sla, 'settings.sla'));
  p.merge(limitProblems('settings.retentionDays', s.retentionDays, CASSANDRA_LIMITS.retentionDays));
  p.merge(limitProblems('settings.maxReplicationLagMs', s.maxReplicationLagMs, CASSANDRA_LIMITS.maxReplicationLagMs));
  return [...p.items];
}

/**
 * The capacity report of a time-series service in one environment: the planner's Cassandra size per
 * region and Keyspaces capacity for `settings.workload`, compared with the configured sizes.
 * Undefined without a workload. Throws naming the field when the workload is invalid.
 */
export function timeSeriesCapacity(env: Environment, settings: TimeSeriesSettings, service: string): CapacityReport | undefined {
  if (!settings.workload) return undefined;
  const workload = resolveWorkload(settings.workload, 'settings.workload');
  const c = settings.cassandra;
  const sections: CapacitySection[] = [];
  const checks: CapacityCheck[] = [];
  c.topology.regions.forEach((r, i) => {
    const zones = (r.zones ?? env.region(r.region).availabilityZones).length;
    const plan = planCassandra(workload, { zones });
    const at = `settings.cassandra.topology.regions[${i}]`;
    sections.push({ title: `Cassandra ${r.region} (${zones} zones)`, figures: { ...plan } });
    checks.push(
      capacityCheck(`Cassandra ${r.region}: replication factor`, `${at}.replicationFactor`, workload.replicationFactor, r.replicationFactor, 'copies',
        'the planner sized for the workload\'s replication factor', true),
      capacityCheck(`Cassandra ${r.region}: nodes per zone`, `${at}.nodesPerZone`, plan.nodesPerZone, r.nodesPerZone, 'nodes',
        `limited by ${plan.limitedBy}: ${plan.nodesForThroughput} nodes for throughput, ${plan.nodesForData} for data, RF ${workload.replicationFactor}`),
      capacityCheck(`Cassandra ${r.region}: data volume per node`, 'settings.cassandra.storageGiB', plan.diskPerNodeGiB, c.storageGiB, 'GiB',
        `${Math.round(plan.dataPerRegionGiB)} GiB per region over ${plan.nodes} nodes at <= ${plan.maxDiskUtilizationPercent}% disk use`),
    );
  });
  const keyspaces = planKeyspaces(workload);
  sections.push({ title: 'Amazon Keyspaces (per region)', figures: { ...keyspaces } });
  const notes: string[] = [];
  if (settings.capacity.mode === 'PROVISIONED') {
    checks.push(
      capacityCheck('Keyspaces: write capacity units', 'settings.capacity (writeCapacityUnits)', keyspaces.writeCapacityUnits,
        settings.capacity.writeCapacityUnits ?? 0, 'WCU', `${keyspaces.peakWriteUnits} WCU at peak / (1 - headroom)`),
      capacityCheck('Keyspaces: read capacity units', 'settings.capacity (readCapacityUnits)', keyspaces.readCapacityUnits,
        settings.capacity.readCapacityUnits ?? 0, 'RCU', `${keyspaces.peakReadUnits} RCU at peak / (1 - headroom)`),
    );
  }
  if (settings.capacity.mode !== keyspaces.recommendedMode) {
    notes.push(`Keyspaces runs ${settings.capacity.mode}; the planner recommends ${keyspaces.recommendedMode} ` +
      `(provisioned capacity would average ${keyspaces.averageUtilizationPercent.toFixed(1)}% utilisation; break-even 14.4%). Cost only: not a capacity risk.`);
  }
  return { useCase: service, environment: env.name, workload, projection: projectDataset(workload), sections, checks, notes };
}

/** Problems of the settings that need the environment: the workload and the capacity checks. */
function capacitySettingsProblems(env: Environment, s: TimeSeriesSettings, service: string): string[] {
  if (!s.workload) return [];
  const problems = workloadProblems(s.workload, 'settings.workload');
  if (problems.length > 0) return problems;
  return capacityProblems(timeSeriesCapacity(env, s, service)!.checks);
}

export interface TimeSeriesStackProps extends StackProps {
  readonly environment: Environment;
  readonly settings: TimeSeriesSettings;
  /** The service's name: prefixes alarm and dashboard names. (the catalog entry's). */
  readonly service: string;
}

/**
 * A time series on Amazon Keyspaces in one region. The primary region's stack creates the
 * MULTI_REGION keyspace and the table once; Keyspaces replicates both to the other regions,
 * whose stacks import them for monitoring and access.
 */
export class TimeSeriesStack extends Stack {
  public readonly table: ITable;
  public readonly serviceRole: Role;
  public readonly monitoring: ServiceMonitoring;

  constructor(scope: Construct, id: string, props: TimeSeriesStackProps) {
    super(scope, id, props);
    const { environment: env, settings } = props;
    const p = new Problems();
    p.merge(settingsProblems(settings));
    p.merge(capacitySettingsProblems(env, settings, props.service));
    p.throwIfAny(this);

    const regions = settings.cassandra.topology.regions.map((r) => r.region);
    const schema = timeSeriesSchema(settings);
    if (this.region === env.primaryRegion) {
      const keyspace = new Keyspace(this, 'Keyspace', { keyspaceName: settings.keyspaceName, regions });
      this.table = new Table(this, 'Table', { keyspace, schema, capacity: settings.capacity });
    } else {
      const keyspace = Keyspace.fromKeyspaceAttributes(this, 'Keyspace', { keyspaceName: settings.keyspaceName, regions });
      this.table = Table.fromTableAttributes(this, 'Table', { keyspace, tableName: schema.name });
    }

    // The service's pods (EKS Pod Identity) read and write this table, and read the system
    // keyspaces every Cassandra driver reads when it connects; nothing else.
    this.serviceRole = new Role(this, 'ServiceRole', {
      assumedBy: podIdentityPrincipal(),
      description: `${props.service} in ${this.region}: read/write ${settings.keyspaceName}.${schema.name}`,
    });
    this.table.grantReadData(this.serviceRole);
    this.table.grantWriteData(this.serviceRole);
    grantSystemKeyspacesRead(this.serviceRole);

    this.monitoring = new ServiceMonitoring(this, 'Monitoring', { serviceName: props.service, alarmEmail: env.alarmEmail, runbookBaseUrl: env.runbookBaseUrl });
    addKeyspacesTableAlarms(this.monitoring, this.table, {
      sla: settings.sla, latencyOperations: [KeyspacesOperation.SELECT, KeyspacesOperation.INSERT],
      replicaRegions: regions.filter((r) => r !== this.region), maxReplicationLagMs: settings.maxReplicationLagMs,
    });

    // AWS Health and the stores' own maintenance events, to the same topic.
    addStackMaintenance(this);

    new CfnOutput(this, 'TableName', { value: `${settings.keyspaceName}.${schema.name}` });
    new CfnOutput(this, 'ServiceRoleArn', { value: this.serviceRole.roleArn });
  }
}

export interface TimeSeriesChartProps {
  readonly environment: Environment;
  readonly region: string;
  readonly settings: TimeSeriesSettings;
  /** The cluster made by the primary region's chart; required in every other region. */
  readonly cluster?: CassandraCluster;
  /** The service's name: names the schema Job. (the catalog entry's). */
  readonly service: string;
}

/**
 * A time series on self-managed Cassandra in one region's Kubernetes cluster. The primary
 * region's chart holds the K8ssandraCluster (the control plane) and the schema Job; every
 * region's chart holds its datacenter's backups and monitoring.
 */
export class TimeSeriesChart extends Chart implements StoreChart {
  public readonly cluster: CassandraCluster;
  public readonly stores: readonly IPublishedStore[];

  constructor(scope: Construct, id: string, props: TimeSeriesChartProps) {
    super(scope, id, { namespace: props.settings.cassandra.namespace });
    const { environment: env, settings } = props;
    const p = new Problems();
    p.merge(settingsProblems(settings));
    p.merge(capacitySettingsProblems(env, settings, props.service));
    const isPrimary = props.region === env.primaryRegion;
    p.check(isPrimary || props.cluster !== undefined,
      () => `\`cluster\` must be given in region ${show(props.region)}: only the primary region ${show(env.primaryRegion)} creates the cluster`);
    p.throwIfAny(this);

    new StoreNamespace(this, 'Namespace', { name: settings.cassandra.namespace, podSecurityException: K8SSANDRA_POD_SECURITY_EXCEPTION });
    if (isPrimary) {
      this.cluster = new CassandraCluster(this, 'Cassandra', { ...settings.cassandra, environment: env });
      const schema = timeSeriesSchema(settings);
      new CqlSchemaJob(this, 'Schema', {
        cluster: this.cluster,
        region: props.region,
        name: `${props.service}-schema`,
        statements: [
          createKeyspaceCql(settings.keyspaceName, this.cluster.replication),
          createTableCql(settings.keyspaceName, schema),
        ],
      });
    } else {
      this.cluster = props.cluster!;
    }
    const operations = new CassandraDatacenterOperations(this, 'CassandraOps', {
      cluster: this.cluster, environment: env, region: props.region, sla: settings.sla,
      // Regions back up one after another, each in its own night; an explicit schedule wins.
      maintenanceWindow: settings.cassandra.backups.schedule === undefined
        ? maintenanceWindowOf(props.region, env.regions.map((r) => r.region))
        : undefined,
    });
    this.stores = [operations];
  }
}

/** A time-series service for `bin/`: settings per environment come from its catalog entry (`services/<service>.yaml`). */
export function timeSeriesUseCase(settingsByEnvironment: Record<string, TimeSeriesSettings>, service: string): RegionalUseCase<TimeSeriesStack, TimeSeriesChart> {
  return regionalUseCase({
    service,
    settingsByEnvironment,
    stacks: {
      regions: (settings) => settings.cassandra.topology.regions.map((r) => r.region),
      holds: 'time series on Amazon Keyspaces',
      create: (app, id, props, c) => new TimeSeriesStack(app, id, { ...props, ...c }),
    },
    charts: {
      regions: (settings) => settings.cassandra.topology.regions.map((r) => r.region),
      // The primary region's chart creates the cluster that the other charts reference.
      leader: (_, env) => env.primaryRegion,
      create: (app, id, c) => new TimeSeriesChart(app, id, { ...c, cluster: c.fromLeader }),
      fromLeader: (chart: TimeSeriesChart) => chart.cluster,
    },
    capacityReport: (settings, env) => timeSeriesCapacity(env, settings, service),
    benchmark: {
      namespace: (chart) => chart.cluster.namespace,
      add: (bench, chart, c) => { new CassandraStressBenchmark(bench, 'CassandraStress', { cluster: chart.cluster, region: c.region, sla: c.settings.sla }); },
    },
  });
}

const L = CASSANDRA_LIMITS;
const cqlName = () => Type.String({ pattern: CQL_IDENTIFIER.source, description: 'a CQL identifier: a lowercase letter, then 1 to 47 lowercase letters, digits or \'_\'' });
const COLUMN = t.object({ name: cqlName(), type: t.enum(Object.values(CqlType)) });

/**
 * `table:` of a time-series entry: the table's name and its row. Grammar and types are checked
 * here; a column named twice is refused by `tableSchemaProblems` when the settings are mapped.
 */
export const TIME_SERIES_TABLE_SCHEMA = t.object({
  name: cqlName(),
  partitionKey: t.list(COLUMN),
  clusteringKey: Type.Optional(Type.Array(t.object({ name: cqlName(), type: t.enum(Object.values(CqlType)), order: t.enum(Object.values(ClusteringOrder)) }))),
  columns: Type.Optional(Type.Array(COLUMN)),
});

/**
 * `environments.<env>` of a time-series catalog entry (e.g. `services/viewing-history.yaml`): the schema
 * the catalog validates and, through `Static`, the YAML's type. Numeric limits come from
 * `CASSANDRA_LIMITS` and `TOPOLOGY_LIMITS`, which the constructs also read.
 */
export const TIME_SERIES_SCHEMA = t.object({
  keyspaceName: t.claimed('keyspace', KEYSPACE_NAME.pattern, KEYSPACE_NAME.description),
  table: TIME_SERIES_TABLE_SCHEMA,
  capacity: TABLE_CAPACITY_SCHEMA,
  maxReplicationLagMs: t.limit(L.maxReplicationLagMs),
  cassandra: t.object({ namespace: t.namespace(), ...CASSANDRA_CLUSTER_PROPERTIES }),
  /** @default - `requirements.retentionDays` */
  retentionDays: Type.Optional(t.limit(L.retentionDays)),
});
export type TimeSeriesYaml = Static<typeof TIME_SERIES_SCHEMA>;

/**
 * The time-series template (Cassandra): the stacks and charts of any service whose entry asks for
 * time series (exemplar: Viewing History). The table, the keyspace and every name come from the
 * entry; the workload from its requirements; `nodesPerZone` and `storageGiB`, when omitted, are the
 * capacity planner's figures for it.
 */
export const timeSeriesTemplate: UseCaseTemplate<TimeSeriesSettings, TimeSeriesYaml> = {
  name: 'time-series',
  exemplar: 'viewing-history',
  store: 'cassandra',
  dataModel: 'time-series',
  settingsSchema: TIME_SERIES_SCHEMA,
  settings(entry, y, env) {
    const req = entry.requirements;
    const c = y.cassandra;
    const workload: Workload = {
      readsPerSecond: req.readsPerSecond,
      writesPerSecond: req.writesPerSecond,
      itemSizeBytes: req.itemSizeBytes ?? 1024,
      datasetGiB: req.datasetGiB,
      monthlyGrowthPercent: req.monthlyGrowthPercent,
      retentionDays: y.retentionDays ?? req.retentionDays,
      replicationFactor: c.replicationFactor,
      headroomPercent: entry.sla.capacityHeadroomPercent,
    };
    // Sizes the entry leaves out come from the planner (the largest region's figures).
    const planned = workloadProblems(workload, 'requirements').length > 0 ? [] : entry.regions.map((r) => planCassandra(workload, {
      zones: (env.regions.find((x) => x.region === r)?.availabilityZones ?? []).length || 1,
    }));
    const nodesPerZone = c.nodesPerZone ?? Math.max(1, ...planned.map((p) => p.nodesPerZone));
    const storageGiB = c.storageGiB ?? Math.max(1, ...planned.map((p) => p.diskPerNodeGiB));
    // A column named twice: one problem per column, naming the entry's `table`.
    const table = y.table;
    const tableProblems = tableSchemaProblems(table, 'table');
    if (tableProblems.length > 0) throw new PlatformValidationError('table', tableProblems);
    return {
      keyspaceName: y.keyspaceName,
      table,
      retentionDays: (y.retentionDays ?? req.retentionDays)!,
      capacity: tableCapacityOf(y.capacity),
      maxReplicationLagMs: y.maxReplicationLagMs,
      sla: entry.sla,
      cassandra: { namespace: c.namespace, ...cassandraClusterProps(entry.regions, c, { nodesPerZone, storageGiB }) },
      workload,
    };
  },
  useCase: (service, settingsByEnvironment) => timeSeriesUseCase(settingsByEnvironment, service),
  shape: (settings, env) => shapeOf(env, settings.cassandra.topology, ReplicationMode.MULTI_DIRECTIONAL),
};
