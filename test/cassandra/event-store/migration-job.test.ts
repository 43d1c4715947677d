import { Testing } from 'cdk8s';
import { EVENT_STORE_SCHEMA } from '../../../constructs/cassandra/event-store/schema';
import { CassandraCluster } from '../../../constructs/cassandra/k8s/cassandra-cluster';
import { CHECKSUM_MISMATCH_EXIT_CODE, CqlMigrationJob, type CqlMigrationJobProps, MigrationMode } from '../../../constructs/cassandra/k8s/cql-migration-job';
import { CqlType } from '../../../constructs/cassandra/schema';
import { testEnvironment } from '../../helpers/environment';
import { findObject, synthChart, validateObjects } from '../../helpers/k8s';

function setup(overrides: Partial<CqlMigrationJobProps> = {}) {
  const chart = Testing.chart();
  const environment = testEnvironment();
  const cluster = new CassandraCluster(chart, 'Cassandra', {
    environment, clusterName: 'es', namespace: 'es',
    topology: { regions: environment.regions.map((r) => ({ region: r.region, nodesPerZone: 1, replicationFactor: 3 })) },
    storageGiB: 10, cpuMillis: 1000, memoryGiB: 4, heapGiB: 2,
    tls: { keystoreSecretName: 'ks', truststoreSecretName: 'ts', caCertSecretName: 'ca' },
    backups: { bucketName: 'b', bucketRegion: 'us-east-1' },
  });
  const job = new CqlMigrationJob(chart, 'Migrations', {
    cluster, region: 'us-west-2', name: 'es-schema', keyspace: 'event_store', versions: [...EVENT_STORE_SCHEMA], ...overrides,
  });
  return { chart, job, objects: synthChart(chart) };
}

describe('CqlMigrationJob', () => {
  test('every object validates against its schema', () => {
    expect(validateObjects(setup().objects)).toEqual([]);
  });

  test('defaults: APPLY mode and the cassandra:4.1 image', () => {
    const { job, objects } = setup();
    expect(job.mode).toBe(MigrationMode.APPLY);
    expect(findObject(objects, 'Job').spec.template.spec.containers[0].image).toBe('cassandra:4.1');
  });

  test('the Job and ConfigMap are named after the newest version (a Job template is immutable)', () => {
    const { job, objects } = setup();
    expect(job.jobName).toBe('es-schema-v2');
    const cm = findObject(objects, 'ConfigMap', 'es-schema-v2');
    expect(Object.keys(cm.data).sort()).toEqual(['bootstrap.cql', 'migrate.sh', 'v0001-01.cql', 'v0001-02.cql', 'v0002-01.cql', 'v0002-02.cql']);
    expect(cm.data['bootstrap.cql']).toContain("CREATE KEYSPACE IF NOT EXISTS event_store WITH replication = {'class': 'NetworkTopologyStrategy', 'us-east-1': 3, 'us-west-2': 3, 'eu-west-1': 3};");
    expect(cm.data['bootstrap.cql']).toContain('CREATE TABLE IF NOT EXISTS event_store.schema_migrations (');
  });

  test('APPLY records each version once, skips recorded versions and guards column additions', () => {
    const { job } = setup();
    expect(job.script).toContain('cqlsh --ssl -u "$CQLSH_USER" -p "$CQLSH_PASSWORD" es-us-west-2-service.es.svc.cluster.local 9042');
    expect(job.script).toContain('if applied 1 1734e0ed322be35b; then echo "version 1 already applied"; else');
    expect(job.script).toContain('  has_column events correlation_id || cql -f /migrations/v0002-01.cql');
    expect(job.script).toContain("INSERT INTO event_store.schema_migrations (version, checksum, description, applied_at, applied_by) VALUES (2, 'd16b2a0315bfa0c7', 'events: correlation_id and causation_id', toTimestamp(now()), 'us-west-2') IF NOT EXISTS;");
    expect(job.script).toContain(`exit ${CHECKSUM_MISMATCH_EXIT_CODE}`);
  });

  test('VERIFY applies nothing and waits for every version and table', () => {
    const { job } = setup({ mode: MigrationMode.VERIFY });
    expect(job.script).not.toContain('bootstrap.cql');
    expect(job.script).not.toContain('INSERT INTO');
    expect(job.script).toContain('applied 2 d16b2a0315bfa0c7 || { echo "waiting for version 2 to be applied" >&2; exit 1; }');
    expect(job.script).toContain('has_table snapshots ||');
  });

  test('a checksum mismatch fails the Job without retries; credentials come from the Secret', () => {
    const job = findObject(setup().objects, 'Job');
    expect(job.spec.podFailurePolicy.rules[0]).toEqual({ action: 'FailJob', onPodConditions: [], onExitCodes: { containerName: 'cqlsh', operator: 'In', values: [3] } });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    const env = job.spec.template.spec.containers[0].env;
    expect(env.find((e: { name: string }) => e.name === 'CQLSH_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: 'es-superuser', key: 'password' });
  });

  describe('validation', () => {
    test.each<[string, Partial<CqlMigrationJobProps>, RegExp]>([
      ['name', { name: 'Bad_Name' }, /Migrations: `name` must be a DNS label of at most 50 characters, got 'Bad_Name'/],
      ['keyspace', { keyspace: 'Event-Store' }, /`keyspace` must match .* got 'Event-Store'/],
      ['retyped column', { versions: [EVENT_STORE_SCHEMA[0], { ...EVENT_STORE_SCHEMA[1], checksum: undefined, tables: [
        { ...EVENT_STORE_SCHEMA[1].tables[0], columns: EVENT_STORE_SCHEMA[1].tables[0].columns!.map((c) => (c.name === 'payload' ? { ...c, type: CqlType.TEXT } : c)) },
        EVENT_STORE_SCHEMA[1].tables[1]] }] },
      /`versions\[1\]` \(version 2\) retypes column 'payload' of table 'events' from blob to text/],
    ])('bad %s throws naming the construct path', (_, overrides, message) => {
      expect(() => setup(overrides)).toThrow(message);
    });
  });
});
