import { createHash } from 'node:crypto';
import { Problems, show } from '../platform/errors';
import { type ColumnDefinition, type TableSchema, createTableCql, tableSchemaProblems } from './schema';

/**
 * One version of a keyspace's schema: the complete set of tables as of this version. The list
 * of versions is the schema's history, kept as code; each version may only add to the previous
 * one (new tables, new regular columns, a new default TTL), never drop or retype a column or
 * change a key, because a deployed cluster and every reader of old rows depend on them.
 */
export interface SchemaVersion {
  /** 1 for the first version, then consecutive. */
  readonly version: number;
  /** What the version changes, for the migration record (letters, digits, ` ,.:()_/-`). */
  readonly description: string;
  /** Every table of the keyspace as of this version. */
  readonly tables: TableSchema[];
  /**
   * Checksum of the version once it has been released (see `schemaVersionChecksum`). When
   * given, a released version edited in place fails synth instead of drifting silently.
   *
   * @default - not checked (a version still under review)
   */
  readonly checksum?: string;
}

/** The CQL that brings a keyspace from the previous version to `version`. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  /** Checksum of the version's tables: recorded when applied, compared on every re-run. */
  readonly checksum: string;
  readonly statements: readonly MigrationStatement[];
}

/** One CQL statement of a migration. */
export interface MigrationStatement {
  readonly cql: string;
  /**
   * Set for `ALTER TABLE ... ADD`: Cassandra 4.1 has no `ADD IF NOT EXISTS`, so a runner checks
   * `system_schema.columns` first and skips a column that exists (a re-run after a crash).
   */
  readonly addsColumn?: { readonly table: string; readonly column: string };
}

/** Table of the migration record on a self-managed cluster; user tables may not use the name. */
export const SCHEMA_MIGRATIONS_TABLE = 'schema_migrations';
const DESCRIPTION = /^[A-Za-z0-9 ,.:()_/-]{1,200}$/;

const columnsOf = (t: TableSchema): ColumnDefinition[] => [...t.partitionKey, ...(t.clusteringKey ?? []), ...(t.columns ?? [])];

/** Stable checksum of a version's content (its tables, keys and column order included). */
export function schemaVersionChecksum(version: SchemaVersion): string {
  const canonical = version.tables.map((t) => ({
    name: t.name,
    partitionKey: t.partitionKey.map((c) => [c.name, c.type]),
    clusteringKey: (t.clusteringKey ?? []).map((c) => [c.name, c.type, c.order]),
    columns: (t.columns ?? []).map((c) => [c.name, c.type]),
    defaultTtlSeconds: t.defaultTtlSeconds ?? 0,
  }));
  return createHash('sha256').update(JSON.stringify({ version: version.version, tables: canonical })).digest('hex').slice(0, 16);
}

/**
 * Problems of a schema history: each version valid on its own, versions consecutive from 1,
 * released versions unchanged, and every step additive. `field` prefixes messages.
 */
export function schemaHistoryProblems(versions: readonly SchemaVersion[], field = 'schema'): string[] {
  const p = new Problems();
  if (!p.check(versions.length > 0, () => `\`${field}\` must list at least one version, got []`)) return [...p.items];
  versions.forEach((v, i) => {
    const at = `${field}[${i}]`;
    p.check(v.version === i + 1, () => `\`${at}.version\` must be ${i + 1} (versions are consecutive from 1), got ${show(v.version)}`);
    p.check(DESCRIPTION.test(v.description),
      () => `\`${at}.description\` must be 1-200 characters of letters, digits and ' ,.:()_/-', got ${show(v.description)}`);
    p.check(v.tables.length > 0, () => `\`${at}.tables\` must list at least one table, got []`);
    const names = new Set<string>();
    v.tables.forEach((t, j) => {
      p.merge(tableSchemaProblems(t, `${at}.tables[${j}]`));
      p.check(!names.has(t.name), () => `\`${at}.tables[${j}].name\` must be unique in the version, got duplicate ${show(t.name)}`);
      p.check(t.name !== SCHEMA_MIGRATIONS_TABLE,
        () => `\`${at}.tables[${j}].name\` ${show(t.name)} is reserved for the migration record; choose another name`);
      names.add(t.name);
    });
    if (v.checksum !== undefined) {
      const actual = schemaVersionChecksum(v);
      p.check(v.checksum === actual,
        () => `\`${at}\` (version ${v.version}) was released with checksum ${show(v.checksum)} but its tables now give ${show(actual)}: `
          + 'a released version is never edited; revert it and add a new version');
    }
    if (i > 0) p.merge(evolutionProblems(versions[i - 1], v, at));
  });
  return [...p.items];
}

/** Problems of the step from `prev` to `next`: only additions are allowed. */
function evolutionProblems(prev: SchemaVersion, next: SchemaVersion, at: string): string[] {
  const p = new Problems();
  const key = (c: ColumnDefinition & { order?: string }) => `${c.name} ${c.type}${c.order ? ` ${c.order}` : ''}`;
  const keyOf = (cols: readonly (ColumnDefinition & { order?: string })[]) => cols.map(key).join(', ');
  for (const before of prev.tables) {
    const after = next.tables.find((t) => t.name === before.name);
    const where = `table ${show(before.name)}`;
    if (!p.check(after !== undefined,
      () => `\`${at}\` (version ${next.version}) drops ${where}: schema changes must be additive; keep the table`)) continue;
    const keyChange = (kind: string, b: readonly (ColumnDefinition & { order?: string })[], a: readonly (ColumnDefinition & { order?: string })[]) => {
      if (keyOf(b) === keyOf(a)) return;
      const n = Math.max(b.length, a.length);
      let column = '';
      for (let k = 0; k < n && !column; k++) {
        if (!b[k] || !a[k] || key(b[k]) !== key(a[k])) column = (b[k] ?? a[k]).name;
      }
      p.add(`\`${at}\` (version ${next.version}) changes the ${kind} of ${where} at column ${show(column)}: `
        + `(${keyOf(b)}) became (${keyOf(a)}); keys never change: add a new table and copy the data instead`);
    };
    keyChange('partition key', before.partitionKey, after!.partitionKey);
    keyChange('clustering key', before.clusteringKey ?? [], after!.clusteringKey ?? []);
    const afterCols = columnsOf(after!);
    for (const c of before.columns ?? []) {
      const now = afterCols.find((x) => x.name === c.name);
      if (!p.check(now !== undefined,
        () => `\`${at}\` (version ${next.version}) drops column ${show(c.name)} of ${where}: schema changes must be additive; keep the column`)) continue;
      p.check(now!.type === c.type,
        () => `\`${at}\` (version ${next.version}) retypes column ${show(c.name)} of ${where} from ${c.type} to ${now!.type}: `
          + 'a column keeps its type; add a new column instead');
      p.check((after!.columns ?? []).some((x) => x.name === c.name),
        () => `\`${at}\` (version ${next.version}) moves column ${show(c.name)} of ${where} into the key: keys never change`);
    }
  }
  const changed = next.tables.length !== prev.tables.length
    || schemaVersionChecksum({ ...next, version: 0 }) !== schemaVersionChecksum({ ...prev, version: 0 });
  p.check(changed, () => `\`${at}\` (version ${next.version}) changes nothing from version ${prev.version}; remove it`);
  return [...p.items];
}

/** The tables of the newest version: what a fresh keyspace gets. */
export function latestTables(versions: readonly SchemaVersion[]): readonly TableSchema[] {
  return versions[versions.length - 1].tables;
}

/**
 * Migrations of a valid history (check `schemaHistoryProblems` first): version 1 creates its
 * tables, every later version creates new tables and adds new columns. Every statement can be
 * re-run: `CREATE TABLE IF NOT EXISTS`, column additions guarded by the runner.
 */
export function migrations(keyspace: string, versions: readonly SchemaVersion[]): Migration[] {
  return versions.map((v, i) => {
    const prev = i > 0 ? versions[i - 1] : undefined;
    const statements: MigrationStatement[] = [];
    for (const t of v.tables) {
      const before = prev?.tables.find((x) => x.name === t.name);
      if (!before) {
        statements.push({ cql: createTableCql(keyspace, t) });
        continue;
      }
      const existing = new Set(columnsOf(before).map((c) => c.name));
      for (const c of t.columns ?? []) {
        if (!existing.has(c.name)) {
          statements.push({ cql: `ALTER TABLE ${keyspace}.${t.name} ADD ${c.name} ${c.type};`, addsColumn: { table: t.name, column: c.name } });
        }
      }
      if ((before.defaultTtlSeconds ?? 0) !== (t.defaultTtlSeconds ?? 0)) {
        statements.push({ cql: `ALTER TABLE ${keyspace}.${t.name} WITH default_time_to_live = ${t.defaultTtlSeconds ?? 0};` });
      }
    }
    return { version: v.version, description: v.description, checksum: schemaVersionChecksum(v), statements };
  });
}

/** `CREATE TABLE IF NOT EXISTS` of the migration record: one row per applied version. */
export function schemaMigrationsTableCql(keyspace: string): string {
  return `CREATE TABLE IF NOT EXISTS ${keyspace}.${SCHEMA_MIGRATIONS_TABLE} (\n  version int,\n  checksum text,\n  description text,\n`
    + '  applied_at timestamp,\n  applied_by text,\n  PRIMARY KEY (version)\n);';
}
