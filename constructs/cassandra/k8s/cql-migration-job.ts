import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Problems, show } from '../../platform/errors';
import { CQL_IDENTIFIER, createKeyspaceCql } from '../schema';
import {
  type Migration, SCHEMA_MIGRATIONS_TABLE, type SchemaVersion, migrations, schemaHistoryProblems, schemaMigrationsTableCql,
} from '../schema-history';
import type { CassandraCluster } from './cassandra-cluster';
import { cqlshPodSpec } from './cql-schema-job';

/** What a region's migration Job does. */
export enum MigrationMode {
  /** Create the keyspace and apply every version not yet recorded in `schema_migrations`. */
  APPLY = 'apply',
  /**
   * Apply nothing: wait (the Job retries) until every version is recorded and every table is in
   * this datacenter's schema, then succeed. For the regions that do not own the schema, so two
   * regions never run DDL at once (concurrent CREATE TABLE on different coordinators can leave
   * Cassandra with conflicting table ids); a deployment can gate the region's services on it.
   */
  VERIFY = 'verify',
}

export interface CqlMigrationJobProps {
  readonly cluster: CassandraCluster;
  /** Region whose datacenter the Job connects to. */
  readonly region: string;
  /** Prefix of the Job and ConfigMap names; `-v<latest version>` is appended (a Job's pod template is immutable). */
  readonly name: string;
  /** Keyspace the tables live in; created with the cluster's per-datacenter replication. */
  readonly keyspace: string;
  /** The schema history; must be additive (see `schemaHistoryProblems`). */
  readonly versions: SchemaVersion[];
  /** @default MigrationMode.APPLY */
  readonly mode?: MigrationMode;
  /** @default 'cassandra:4.1' */
  readonly image?: string;
}

/** Exit code of a checksum mismatch: a released version was edited. Fails the Job without retries. */
export const CHECKSUM_MISMATCH_EXIT_CODE = 3;
const NAME = /^[a-z]([-a-z0-9]{0,48}[a-z0-9])?$/;

/**
 * Versioned CQL migrations against a K8ssandra cluster, applied by an idempotent Job: each
 * version runs once and is recorded (version, checksum, description, time, region) in the
 * keyspace's `schema_migrations` table; a re-run skips recorded versions, and a recorded version
 * whose checksum differs from the code fails the Job at once (exit 3, no retries).
 */
export class CqlMigrationJob extends Construct {
  public readonly migrations: readonly Migration[];
  public readonly latestVersion: number;
  /** Name of the Job and its ConfigMap. */
  public readonly jobName: string;
  public readonly mode: MigrationMode;
  /** The shell script the Job runs. */
  public readonly script: string;
  /** ConfigMap content: the script and one file per CQL statement. */
  public readonly files: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: CqlMigrationJobProps) {
    super(scope, id);
    const p = new Problems();
    p.check(NAME.test(props.name), () => `\`name\` must be a DNS label of at most 50 characters, got ${show(props.name)}`);
    p.check(CQL_IDENTIFIER.test(props.keyspace), () => `\`keyspace\` must match ${CQL_IDENTIFIER}, got ${show(props.keyspace)}`);
    p.merge(schemaHistoryProblems(props.versions, 'versions'));
    p.throwIfAny(this);

    const { cluster } = props;
    const dc = cluster.datacenter(props.region);
    const ks = props.keyspace;
    this.mode = props.mode ?? MigrationMode.APPLY;
    this.migrations = migrations(ks, props.versions);
    this.latestVersion = this.migrations[this.migrations.length - 1].version;
    this.jobName = `${props.name}-v${this.latestVersion}`;

    const files: Record<string, string> = {
      'bootstrap.cql': `${createKeyspaceCql(ks, cluster.replication)}\n\n${schemaMigrationsTableCql(ks)}\n`,
    };
    const fileOf = (m: Migration, i: number) => `v${String(m.version).padStart(4, '0')}-${String(i + 1).padStart(2, '0')}.cql`;
    for (const m of this.migrations) m.statements.forEach((s, i) => { files[fileOf(m, i)] = `${s.cql}\n`; });

    const lines = [
      'set -eu',
      `cql() { cqlsh --ssl -u "$CQLSH_USER" -p "$CQLSH_PASSWORD" ${dc.serviceHost} ${dc.cqlPort} "$@"; }`,
      '# applied <version> <checksum>: 0 if recorded with this checksum, 1 if not recorded, exit 3 if recorded with another.',
      'applied() {',
      `  out=$(cql -e "CONSISTENCY LOCAL_QUORUM; SELECT checksum FROM ${ks}.${SCHEMA_MIGRATIONS_TABLE} WHERE version = $1;")`,
      '  case "$out" in',
      '    *"$2"*) return 0 ;;',
      '    *"(0 rows)"*) return 1 ;;',
      '  esac',
      '  echo "version $1 is recorded with another checksum than $2: a released migration was edited; revert it" >&2',
      `  exit ${CHECKSUM_MISMATCH_EXIT_CODE}`,
      '}',
      `has_column() { cql -e "SELECT column_name FROM system_schema.columns WHERE keyspace_name = '${ks}' AND table_name = '$1' AND column_name = '$2';" | grep -q '(1 rows)'; }`,
      `has_table() { cql -e "SELECT table_name FROM system_schema.tables WHERE keyspace_name = '${ks}' AND table_name = '$1';" | grep -q '(1 rows)'; }`,
    ];
    if (this.mode === MigrationMode.APPLY) {
      lines.push('cql -f /migrations/bootstrap.cql');
      for (const m of this.migrations) {
        lines.push(`if applied ${m.version} ${m.checksum}; then echo "version ${m.version} already applied"; else`);
        m.statements.forEach((s, i) => {
          const run = `cql -f /migrations/${fileOf(m, i)}`;
          lines.push(s.addsColumn ? `  has_column ${s.addsColumn.table} ${s.addsColumn.column} || ${run}` : `  ${run}`);
        });
        lines.push(`  cql -e "CONSISTENCY LOCAL_QUORUM; INSERT INTO ${ks}.${SCHEMA_MIGRATIONS_TABLE} (version, checksum, description, applied_at, applied_by) `
          + `VALUES (${m.version}, '${m.checksum}', '${m.description}', toTimestamp(now()), '${dc.name}') IF NOT EXISTS;"`);
        lines.push(`  echo "version ${m.version} applied: ${m.description}"`, 'fi');
      }
    } else {
      for (const m of this.migrations) {
        lines.push(`applied ${m.version} ${m.checksum} || { echo "waiting for version ${m.version} to be applied" >&2; exit 1; }`);
      }
      for (const t of props.versions[props.versions.length - 1].tables) {
        lines.push(`has_table ${t.name} || { echo "table ${ks}.${t.name} not yet in the schema of ${dc.name}" >&2; exit 1; }`);
      }
    }
    lines.push(`echo "${ks} is at schema version ${this.latestVersion} in ${dc.name}"`);
    this.script = lines.join('\n') + '\n';
    files['migrate.sh'] = this.script;
    this.files = files;

    new k8s.KubeConfigMap(this, 'Migrations', {
      metadata: { name: this.jobName, namespace: cluster.namespace },
      data: files,
    });
    new k8s.KubeJob(this, 'Resource', {
      metadata: {
        name: this.jobName,
        namespace: cluster.namespace,
        labels: { 'app.kubernetes.io/name': props.name, 'app.kubernetes.io/component': 'schema-migration' },
        annotations: { 'cassandra.platform/schema-version': String(this.latestVersion), 'cassandra.platform/migration-mode': this.mode },
      },
      spec: {
        backoffLimit: 20,
        ttlSecondsAfterFinished: 86400,
        // A checksum mismatch needs a human, not 20 retries.
        podFailurePolicy: {
          rules: [{ action: 'FailJob', onPodConditions: [], onExitCodes: { containerName: 'cqlsh', operator: 'In', values: [CHECKSUM_MISMATCH_EXIT_CODE] } }],
        },
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': props.name, 'app.kubernetes.io/component': 'schema-migration' } },
          spec: cqlshPodSpec({
            cluster,
            image: props.image ?? 'cassandra:4.1',
            script: 'exec sh /migrations/migrate.sh',
            mountName: 'migrations',
            mountPath: '/migrations',
            configMapName: this.jobName,
            // podFailurePolicy requires restartPolicy Never.
            restartPolicy: 'Never',
          }),
        },
      },
    });
  }
}
