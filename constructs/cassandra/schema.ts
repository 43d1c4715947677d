import { Problems, show } from '../platform/errors';

/** CQL column types supported by both Amazon Keyspaces and Apache Cassandra. */
export enum CqlType {
  ASCII = 'ascii', BIGINT = 'bigint', BLOB = 'blob', BOOLEAN = 'boolean', COUNTER = 'counter',
  DATE = 'date', DECIMAL = 'decimal', DOUBLE = 'double', FLOAT = 'float', INET = 'inet', INT = 'int',
  SMALLINT = 'smallint', TEXT = 'text', TIME = 'time', TIMESTAMP = 'timestamp', TIMEUUID = 'timeuuid',
  TINYINT = 'tinyint', UUID = 'uuid', VARINT = 'varint',
}

export enum ClusteringOrder { ASC = 'ASC', DESC = 'DESC' }

export interface ColumnDefinition {
  readonly name: string;
  readonly type: CqlType;
}

export interface ClusteringColumn extends ColumnDefinition {
  readonly order: ClusteringOrder;
}

/**
 * A table, defined once and rendered both as an `AWS::Cassandra::Table` and as CQL for a
 * self-managed Cassandra cluster.
 */
export interface TableSchema {
  /** Table name: lowercase letters, digits and `_`, starting with a letter. */
  readonly name: string;
  /** Partition key columns, in order. */
  readonly partitionKey: ColumnDefinition[];
  /** @default - no clustering columns */
  readonly clusteringKey?: ClusteringColumn[];
  /** @default - no other columns */
  readonly columns?: ColumnDefinition[];
  /**
   * Default time to live of rows, in seconds.
   *
   * @default - rows never expire
   */
  readonly defaultTtlSeconds?: number;
}

/** CQL identifiers we accept: unquoted, lowercase (what Keyspaces and Cassandra both fold to). */
export const CQL_IDENTIFIER = /^[a-z][a-z0-9_]{1,47}$/;
/** Cassandra caps `default_time_to_live` at 20 years. */
export const MAX_TTL_SECONDS = 630_720_000;

export function tableSchemaProblems(schema: TableSchema, field = 'schema'): string[] {
  const p = new Problems();
  p.check(CQL_IDENTIFIER.test(schema.name), () => `\`${field}.name\` must match ${CQL_IDENTIFIER}, got ${show(schema.name)}`);
  p.check(schema.partitionKey.length > 0, () => `\`${field}.partitionKey\` must list at least one column, got []`);
  const all = [...schema.partitionKey, ...(schema.clusteringKey ?? []), ...(schema.columns ?? [])];
  const seen = new Set<string>();
  for (const c of all) {
    p.check(CQL_IDENTIFIER.test(c.name), () => `\`${field}\` column names must match ${CQL_IDENTIFIER}, got ${show(c.name)}`);
    p.check(!seen.has(c.name), () => `\`${field}\` column ${show(c.name)} is defined twice`);
    seen.add(c.name);
  }
  if (schema.defaultTtlSeconds !== undefined) {
    p.check(Number.isInteger(schema.defaultTtlSeconds) && schema.defaultTtlSeconds > 0 && schema.defaultTtlSeconds <= MAX_TTL_SECONDS,
      () => `\`${field}.defaultTtlSeconds\` must be an integer from 1 to ${MAX_TTL_SECONDS}, got ${show(schema.defaultTtlSeconds)}`);
  }
  return [...p.items];
}

/** `CREATE TABLE IF NOT EXISTS` for a self-managed cluster; idempotent, so a re-run is harmless. */
export function createTableCql(keyspace: string, schema: TableSchema): string {
  const cols = [...schema.partitionKey, ...(schema.clusteringKey ?? []), ...(schema.columns ?? [])]
    .map((c) => `  ${c.name} ${c.type}`);
  const pk = `(${schema.partitionKey.map((c) => c.name).join(', ')})`;
  const ck = (schema.clusteringKey ?? []).map((c) => c.name);
  const primary = `  PRIMARY KEY (${[pk, ...ck].join(', ')})`;
  const options: string[] = [];
  if (schema.clusteringKey?.length) {
    options.push(`CLUSTERING ORDER BY (${schema.clusteringKey.map((c) => `${c.name} ${c.order}`).join(', ')})`);
  }
  if (schema.defaultTtlSeconds) options.push(`default_time_to_live = ${schema.defaultTtlSeconds}`);
  const withClause = options.length ? `\nWITH ${options.join('\n AND ')}` : '';
  return `CREATE TABLE IF NOT EXISTS ${keyspace}.${schema.name} (\n${[...cols, primary].join(',\n')}\n)${withClause};`;
}

/** `CREATE KEYSPACE IF NOT EXISTS` with NetworkTopologyStrategy: one replication factor per DC. */
export function createKeyspaceCql(keyspace: string, replicationByDatacenter: Record<string, number>): string {
  const dcs = Object.entries(replicationByDatacenter).map(([dc, rf]) => `'${dc}': ${rf}`).join(', ');
  return `CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = {'class': 'NetworkTopologyStrategy', ${dcs}};`;
}
