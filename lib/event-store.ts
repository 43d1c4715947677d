import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Role } from 'aws-cdk-lib/aws-iam';
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { TableCapacity } from '../constructs/cassandra/aws/table-capacity';
import { KeyspacesEventStore } from '../constructs/cassandra/event-store/aws/keyspaces-event-store';
import type { EventStoreClientProfile } from '../constructs/cassandra/event-store/client-profile';
import { CassandraEventStore } from '../constructs/cassandra/event-store/k8s/cassandra-event-store';
import type { TimeBucket } from '../constructs/cassandra/event-store/schema';
import { CassandraCluster, type CassandraClusterProps, K8SSANDRA_POD_SECURITY_EXCEPTION } from '../constructs/cassandra/k8s/cassandra-cluster';
import { MigrationMode } from '../constructs/cassandra/k8s/cql-migration-job';
import { CassandraDatacenterOperations } from '../constructs/cassandra/k8s/datacenter-operations';
import { CQL_IDENTIFIER } from '../constructs/cassandra/schema';
import { addStackMaintenance } from '../constructs/maintenance/aws/stack-maintenance';
import { ServiceMonitoring } from '../constructs/monitoring/aws/service-monitoring';
import type { Environment } from '../constructs/platform/config';
import { Problems, show } from '../constructs/platform/errors';
import { StoreNamespace } from '../constructs/platform/k8s/namespace';
import { type ServiceLevelObjectives, slaProblems } from '../constructs/platform/sla';
import { CassandraStressBenchmark } from '../constructs/benchmark/cassandra-stress';
import type { UseCaseTemplate } from './use-case';
import { type RegionalUseCase, type StoreChart, regionalUseCase } from './regional-use-case';
import type { IPublishedStore } from '../constructs/catalog/inventory';
import { ReplicationMode } from '../constructs/catalog/model';
import { type Static, Type } from '@sinclair/typebox';
import { t } from '../constructs/catalog/typed-schema';
import { CASSANDRA_LIMITS as L } from '../constructs/cassandra/limits';
import { limitProblems } from '../constructs/platform/limits';
import { CASSANDRA_CLUSTER_PROPERTIES, KEYSPACE_NAME, cassandraClusterProps, plannedCassandraSizes, TABLE_CAPACITY_SCHEMA, enumMembers, enumSchema, member, shapeOf, tableCapacityOf } from '../constructs/catalog/stores';
import { ConsistencyLevel, Fallback, type OperationProfile, RetryPolicy, SpeculativeExecution } from '../constructs/cassandra/client-profile';
import { TimeBucket as TimeBucketClass } from '../constructs/cassandra/event-store/schema';
import { podIdentityPrincipal } from '../constructs/platform/aws/pod-identity';


/**
 * Settings of an event-store service, per environment.
 *
 * The event store has its own Cassandra cluster on Kubernetes rather than a keyspace on the
 * time-series cluster: its SLA (appends at LOCAL_QUORUM within tens of milliseconds) must
 * not depend on a time series' heavy write and compaction load, its data is small and never
 * expires, and its upgrades and repairs follow their own schedule. On AWS it has its own
 * multi-region keyspace.
 */
export interface EventStoreSettings {
  /** Keyspace on Keyspaces and on the self-managed cluster. Changing it replaces the keyspace. */
  readonly keyspaceName: string;
  /** Width of the events table's time bucket; changing it moves where new events are written. */
  readonly timeBucket: TimeBucket;
  /** Keyspaces throughput mode. */
  readonly capacity: TableCapacity;
  /** Replication lag to another region that pages, in milliseconds. */
  readonly maxReplicationLagMs: number;
  /** The store's SLA; each operation's p99 objective defaults to `sla.latencyP99Ms`. */
  readonly sla: ServiceLevelObjectives;
  /**
   * How the service calls the store, per operation. One profile for both targets: it must be
   * valid on Amazon Keyspaces (writes at LOCAL_QUORUM) and on Apache Cassandra.
   */
  readonly clientProfile: EventStoreClientProfile;
  /** Namespace of the service's pods: may open CQL connections and gets the driver ConfigMap. */
  readonly clientNamespace: string;
  /** The self-managed Cassandra cluster on Kubernetes (environment is supplied by the use case). */
  readonly cassandra: Omit<CassandraClusterProps, 'environment'>;
}

function settingsProblems(env: Environment, s: EventStoreSettings): string[] {
  const p = new Problems();
  p.merge(slaProblems(s.sla, 'settings.sla'));
  p.check(CQL_IDENTIFIER.test(s.keyspaceName), () => `\`settings.keyspaceName\` must match ${CQL_IDENTIFIER}, got ${show(s.keyspaceName)}`);
  p.merge(limitProblems('settings.maxReplicationLagMs', s.maxReplicationLagMs, L.maxReplicationLagMs));
  const regions = s.cassandra.topology.regions.map((r) => r.region);
  p.check(regions.includes(env.primaryRegion),
    () => `\`settings.cassandra.topology.regions\` must include the primary region ${show(env.primaryRegion)} (it owns the keyspace and the schema), got ${show(regions)}`);
  return [...p.items];
}

export interface EventStoreStackProps extends StackProps {
  readonly environment: Environment;
  readonly settings: EventStoreSettings;
  /** The service's name: prefixes alarm, dashboard and parameter names. (the catalog entry's). */
  readonly service: string;
}

/**
 * An event store on Amazon Keyspaces in one region: the primary region's stack
 * creates the MULTI_REGION keyspace and tables; every region publishes its client profile to SSM,
 * has the service's IAM role, and alarms on the profile's SLAs.
 */
export class EventStoreStack extends Stack {
  public readonly eventStore: KeyspacesEventStore;
  public readonly serviceRole: Role;
  public readonly monitoring: ServiceMonitoring;

  constructor(scope: Construct, id: string, props: EventStoreStackProps) {
    super(scope, id, props);
    const { environment: env, settings } = props;
    const p = new Problems();
    p.merge(settingsProblems(env, settings));
    p.throwIfAny(this);

    this.eventStore = new KeyspacesEventStore(this, 'EventStore', {
      keyspaceName: settings.keyspaceName,
      regions: settings.cassandra.topology.regions.map((r) => r.region),
      createTables: this.region === env.primaryRegion,
      capacity: settings.capacity,
      clientProfile: settings.clientProfile,
      sla: settings.sla,
      timeBucket: settings.timeBucket,
      parameterPrefix: `/${props.service}/${env.name}`,
    });

    // The service's pods (EKS Pod Identity) use the event store and nothing else.
    this.serviceRole = new Role(this, 'ServiceRole', {
      assumedBy: podIdentityPrincipal(),
      description: `${props.service} in ${this.region}: event store ${settings.keyspaceName} and its client profile`,
    });
    this.eventStore.grantService(this.serviceRole);

    this.monitoring = new ServiceMonitoring(this, 'Monitoring', { serviceName: props.service, alarmEmail: env.alarmEmail, runbookBaseUrl: env.runbookBaseUrl });
    this.eventStore.addAlarms(this.monitoring, settings.maxReplicationLagMs);
    // AWS Health and the stores' own maintenance events, to the same topic.
    addStackMaintenance(this);

    new CfnOutput(this, 'Keyspace', { value: settings.keyspaceName });
    new CfnOutput(this, 'ClientProfileParameter', { value: this.eventStore.applicationConfParameter.parameterName });
    new CfnOutput(this, 'ServiceRoleArn', { value: this.serviceRole.roleArn });
  }
}

export interface EventStoreChartProps {
  readonly environment: Environment;
  readonly region: string;
  readonly settings: EventStoreSettings;
  /** The cluster made by the primary region's chart; required in every other region. */
  readonly cluster?: CassandraCluster;
}

/**
 * An event store on its own K8ssandra cluster, in one region's Kubernetes
 * cluster. The primary region's chart holds the K8ssandraCluster and applies the schema
 * migrations; the other regions' charts verify them. Every chart holds its datacenter's
 * backups, network policies and monitoring, and the service's driver ConfigMap.
 */
export class EventStoreChart extends Chart implements StoreChart {
  public readonly cluster: CassandraCluster;
  public readonly eventStore: CassandraEventStore;
  public readonly stores: readonly IPublishedStore[];

  constructor(scope: Construct, id: string, props: EventStoreChartProps) {
    super(scope, id, { namespace: props.settings.cassandra.namespace });
    const { environment: env, settings } = props;
    const p = new Problems();
    p.merge(settingsProblems(env, settings));
    const isPrimary = props.region === env.primaryRegion;
    p.check(isPrimary || props.cluster !== undefined,
      () => `\`cluster\` must be given in region ${show(props.region)}: only the primary region ${show(env.primaryRegion)} creates the cluster`);
    p.throwIfAny(this);

    new StoreNamespace(this, 'Namespace', { name: settings.cassandra.namespace, podSecurityException: K8SSANDRA_POD_SECURITY_EXCEPTION });
    this.cluster = isPrimary ? new CassandraCluster(this, 'Cassandra', { ...settings.cassandra, environment: env }) : props.cluster!;
    this.eventStore = new CassandraEventStore(this, 'EventStore', {
      cluster: this.cluster,
      environment: env,
      region: props.region,
      keyspace: settings.keyspaceName,
      migrationMode: isPrimary ? MigrationMode.APPLY : MigrationMode.VERIFY,
      clientProfile: settings.clientProfile,
      sla: settings.sla,
      timeBucket: settings.timeBucket,
      clientNamespace: settings.clientNamespace,
      name: 'event-store',
    });
    const operations = new CassandraDatacenterOperations(this, 'CassandraOps', {
      cluster: this.cluster, environment: env, region: props.region, sla: settings.sla,
      clientNamespaces: [settings.cassandra.namespace, settings.clientNamespace],
    });
    this.stores = [operations];
  }
}

/** An event-store service for `bin/`: settings per environment come from its catalog entry (`services/<service>.yaml`). */
export function eventStoreUseCase(settingsByEnvironment: Record<string, EventStoreSettings>, service: string): RegionalUseCase<EventStoreStack, EventStoreChart> {
  return regionalUseCase({
    service,
    settingsByEnvironment,
    stacks: {
      regions: (settings) => settings.cassandra.topology.regions.map((r) => r.region),
      holds: 'event store on Amazon Keyspaces',
      create: (app, id, props, c) => new EventStoreStack(app, id, { ...props, ...c }),
      parameters: (stack) => [[stack.eventStore.applicationConfParameter, ...Object.values(stack.eventStore.profileParameters)]],
    },
    charts: {
      regions: (settings) => settings.cassandra.topology.regions.map((r) => r.region),
      // The primary region's chart creates the cluster that the other charts reference.
      leader: (_, env) => env.primaryRegion,
      create: (app, id, c) => new EventStoreChart(app, id, { ...c, cluster: c.fromLeader }),
      fromLeader: (chart: EventStoreChart) => chart.cluster,
    },
    benchmark: {
      namespace: (chart) => chart.cluster.namespace,
      add: (bench, chart, c) => { new CassandraStressBenchmark(bench, 'CassandraStress', { cluster: chart.cluster, region: c.region, sla: c.settings.sla }); },
    },
  });
}

const CONSISTENCY_LEVELS = enumMembers<ConsistencyLevel>(ConsistencyLevel, 'name');
const TIME_BUCKETS = { hour: TimeBucketClass.HOUR, day: TimeBucketClass.DAY, month: TimeBucketClass.MONTH };
const FALLBACKS = { 'fail': Fallback.FAIL, 'replay-events': Fallback.REPLAY_EVENTS, 'skip': Fallback.SKIP };
const RETRY_POLICIES = { 'default': RetryPolicy.DEFAULT, 'consistency-downgrading': RetryPolicy.CONSISTENCY_DOWNGRADING };
const keysOf = <K extends string>(o: Record<K, unknown>) => Object.keys(o) as K[];

/** One operation of the client profile in YAML: consistency levels by their driver names; limits from `CASSANDRA_LIMITS` (`client-profile.ts` checks them too). */
const OPERATION_SCHEMA = t.object({
  consistency: enumSchema(CONSISTENCY_LEVELS),
  timeoutMs: t.limit(L.timeoutMs),
  concurrencyLimit: t.limit(L.concurrencyLimit),
  serialConsistency: Type.Optional(enumSchema(CONSISTENCY_LEVELS)),
  latencyP99Ms: Type.Optional(t.limit(L.latencyP99Ms)),
  retryPolicy: Type.Optional(t.enum(keysOf(RETRY_POLICIES))),
  speculativeExecution: Type.Optional(t.object({ maxExecutions: t.limit(L.speculativeExecutions), delayMs: t.limit(L.speculativeDelayMs) })),
  idempotent: Type.Optional(t.boolean()),
  /** `fail`, `replay-events`, `skip`, or `{ serveStaleMs: <ms> }`. */
  fallback: Type.Optional(t.oneOf(t.enum(keysOf(FALLBACKS)), t.object({ serveStaleMs: t.limit(L.maxStalenessMs) }))),
});
export type OperationYaml = Static<typeof OPERATION_SCHEMA>;

/** The YAML of one operation → its `OperationProfile` (only the fields the entry sets). */
export function operationOf(y: OperationYaml): OperationProfile {
  return {
    consistency: member(CONSISTENCY_LEVELS, y.consistency),
    ...(y.serialConsistency === undefined ? {} : { serialConsistency: member(CONSISTENCY_LEVELS, y.serialConsistency) }),
    timeoutMs: y.timeoutMs,
    ...(y.latencyP99Ms === undefined ? {} : { latencyP99Ms: y.latencyP99Ms }),
    ...(y.retryPolicy === undefined ? {} : { retryPolicy: RETRY_POLICIES[y.retryPolicy] }),
    ...(y.idempotent === undefined ? {} : { idempotent: y.idempotent }),
    ...(y.speculativeExecution === undefined ? {}
      : { speculativeExecution: SpeculativeExecution.constant(y.speculativeExecution.maxExecutions, y.speculativeExecution.delayMs) }),
    concurrencyLimit: y.concurrencyLimit,
    ...(y.fallback === undefined ? {} : { fallback: typeof y.fallback === 'string' ? FALLBACKS[y.fallback] : Fallback.serveStale(y.fallback.serveStaleMs) }),
  };
}

/**
 * `environments.<env>` of an event-store catalog entry (e.g. `services/event-sourced.yaml`): the schema
 * the catalog validates and, through `Static`, the YAML's type. Numeric limits come from
 * `CASSANDRA_LIMITS` and `TOPOLOGY_LIMITS`, which the constructs also read.
 */
export const EVENT_STORE_SCHEMA = t.object({
  keyspaceName: t.claimed('keyspace', KEYSPACE_NAME.pattern, KEYSPACE_NAME.description),
  timeBucket: t.enum(keysOf(TIME_BUCKETS)),
  capacity: TABLE_CAPACITY_SCHEMA,
  maxReplicationLagMs: t.limit(L.maxReplicationLagMs),
  clientProfile: t.object({ append: OPERATION_SCHEMA, readStream: OPERATION_SCHEMA, readSnapshot: OPERATION_SCHEMA, writeSnapshot: OPERATION_SCHEMA }),
  clientNamespace: t.name(),
  /** `nodesPerZone`, `storageGiB`: @default - the capacity planner's figure for the requirements */
  cassandra: t.object({ namespace: t.namespace(), ...CASSANDRA_CLUSTER_PROPERTIES }),
});
export type EventStoreYaml = Static<typeof EVENT_STORE_SCHEMA>;

/** The event-store template (Cassandra): the stacks and charts of any event-store entry (exemplar: the event-sourced service). */
export const eventStoreTemplate: UseCaseTemplate<EventStoreSettings, EventStoreYaml> = {
  name: 'event-store',
  exemplar: 'event-sourced',
  store: 'cassandra',
  dataModel: 'event-store',
  settingsSchema: EVENT_STORE_SCHEMA,
  settings(entry, y, env) {
    const c = y.cassandra;
    return {
      keyspaceName: y.keyspaceName,
      timeBucket: TIME_BUCKETS[y.timeBucket],
      capacity: tableCapacityOf(y.capacity),
      maxReplicationLagMs: y.maxReplicationLagMs,
      sla: entry.sla,
      clientProfile: {
        append: operationOf(y.clientProfile.append),
        readStream: operationOf(y.clientProfile.readStream),
        readSnapshot: operationOf(y.clientProfile.readSnapshot),
        writeSnapshot: operationOf(y.clientProfile.writeSnapshot),
      },
      clientNamespace: y.clientNamespace,
      cassandra: { namespace: c.namespace, ...cassandraClusterProps(entry.regions, c,
        plannedCassandraSizes(entry, env, 'cassandra', 'cassandra', c, ReplicationMode.MULTI_DIRECTIONAL)) },
    };
  },
  useCase: (service, settingsByEnvironment) => eventStoreUseCase(settingsByEnvironment, service),
  shape: (settings, env) => shapeOf(env, settings.cassandra.topology, ReplicationMode.MULTI_DIRECTIONAL),
};
