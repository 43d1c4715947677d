import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { K8SSANDRA_MCAC_V1_32_5 } from '../../../monitoring/catalog/prometheus';
import { SlaPrometheusRule } from '../../../monitoring/k8s/prometheus';
import type { Environment } from '../../../platform/config';
import { Problems, show } from '../../../platform/errors';
import type { ServiceLevelObjectives } from '../../../platform/sla';
import { ClientTarget, DriverConnection } from '../../client-profile';
import type { CassandraCluster } from '../../k8s/cassandra-cluster';
import { CqlMigrationJob, MigrationMode } from '../../k8s/cql-migration-job';
import { type SchemaVersion, latestTables } from '../../schema-history';
import {
  type EventStoreClientProfile, type EventStoreOperation, eventStoreApplicationConf, eventStoreOperations, eventStoreProfileProblems,
} from '../client-profile';
import { EVENT_STORE_SCHEMA, EVENTS_TABLE, SNAPSHOTS_TABLE, type TimeBucket } from '../schema';

export interface CassandraEventStoreProps {
  readonly cluster: CassandraCluster;
  readonly environment: Environment;
  /** Region (= datacenter) whose Kubernetes cluster these objects are applied to. */
  readonly region: string;
  /** Keyspace of the event store on the cluster. */
  readonly keyspace: string;
  /**
   * APPLY in the one region that owns the schema (the primary), VERIFY elsewhere.
   *
   * @default MigrationMode.APPLY
   */
  readonly migrationMode?: MigrationMode;
  /**
   * The schema history. Must be additive.
   *
   * @default EVENT_STORE_SCHEMA
   */
  readonly schema?: SchemaVersion[];
  /** How the service calls the store; validated against Apache Cassandra and `sla`. */
  readonly clientProfile: EventStoreClientProfile;
  readonly sla: ServiceLevelObjectives;
  readonly timeBucket: TimeBucket;
  /** Namespace of the service's pods: the driver ConfigMap is created there. */
  readonly clientNamespace: string;
  /** Prefix of object names (Job, ConfigMap, PrometheusRules), e.g. `event-store`. */
  readonly name: string;
}

const DNS_LABEL = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;

/**
 * An event store on a K8ssandra cluster, in one region's Kubernetes cluster: the versioned
 * schema migration Job, the client profile as a ConfigMap holding the service's
 * `application.conf` (DataStax Java driver 4.x), and one PrometheusRule per operation alerting
 * at the operation's p99 latency objective.
 */
export class CassandraEventStore extends Construct {
  public readonly migrations: CqlMigrationJob;
  public readonly operations: readonly EventStoreOperation[];
  public readonly applicationConf: string;
  public readonly configMapName: string;
  public readonly rules: readonly SlaPrometheusRule[];

  constructor(scope: Construct, id: string, props: CassandraEventStoreProps) {
    super(scope, id);
    const schema = props.schema ?? [...EVENT_STORE_SCHEMA];
    const p = new Problems();
    p.merge(eventStoreProfileProblems(props.clientProfile, ClientTarget.CASSANDRA, props.sla));
    p.check(DNS_LABEL.test(props.clientNamespace), () => `\`clientNamespace\` must be a DNS label, got ${show(props.clientNamespace)}`);
    p.check(DNS_LABEL.test(props.name), () => `\`name\` must be a DNS label of at most 40 characters, got ${show(props.name)}`);
    p.throwIfAny(this);

    const { cluster } = props;
    const dc = cluster.datacenter(props.region);
    // The migration Job validates the schema history (and throws naming it) before anything else uses it.
    this.migrations = new CqlMigrationJob(this, 'Migrations', {
      cluster, region: props.region, name: `${props.name}-schema`, keyspace: props.keyspace, versions: schema,
      mode: props.migrationMode ?? MigrationMode.APPLY,
    });
    const names = latestTables(schema).map((t) => t.name);
    for (const required of [EVENTS_TABLE, SNAPSHOTS_TABLE]) {
      p.check(names.includes(required), () => `\`schema\` newest version must have table ${show(required)}, got ${show(names)}`);
    }
    p.throwIfAny(this);

    this.operations = eventStoreOperations(props.clientProfile, props.sla);
    this.applicationConf = eventStoreApplicationConf(this.operations, DriverConnection.cassandra(dc.serviceHost, dc.cqlPort, dc.name, props.keyspace),
      props.timeBucket, `Event store ${props.keyspace} on Cassandra cluster ${cluster.clusterName}, datacenter ${dc.name}; `
        + `schema version ${this.migrations.latestVersion}`);
    this.configMapName = `${props.name}-cassandra-driver`;
    new k8s.KubeConfigMap(this, 'DriverConfig', {
      metadata: {
        name: this.configMapName,
        namespace: props.clientNamespace,
        labels: { 'app.kubernetes.io/name': props.name, 'app.kubernetes.io/component': 'client-profile' },
        annotations: { 'cassandra.platform/schema-version': String(this.migrations.latestVersion) },
      },
      data: { 'application.conf': this.applicationConf },
    });

    // MCAC coordinator latency histograms, per table, in microseconds.
    const env = props.environment;
    const m = `cluster="${cluster.clusterName}",dc="${dc.name}",keyspace="${props.keyspace}"`;
    this.rules = this.operations.map((o) => {
      const metric = o.reads ? 'mcac_table_coordinator_read_latency_bucket' : 'mcac_table_coordinator_write_latency_bucket';
      const alertName = o.name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
      return new SlaPrometheusRule(this, `Sla-${o.name}`, {
        name: `${props.name}-${o.name}`,
        namespace: cluster.namespace,
        release: env.prometheusRelease,
        alertPrefix: `EventStore${alertName}`,
        sla: { ...props.sla, latencyP99Ms: o.latencyP99Ms },
        catalogs: [K8SSANDRA_MCAC_V1_32_5],
        runbookBaseUrl: env.runbookBaseUrl,
        runbookPage: 'k8s-cassandra',
        runbookPrefix: 'EventStore',
        expressions: {
          latencyP99Seconds: `histogram_quantile(0.99, sum by (le) (rate(${metric}{${m},table="${o.table}"}[5m]))) / 1e6`,
        },
      });
    });
  }
}
