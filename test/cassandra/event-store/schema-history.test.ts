import { EVENT_STORE_SCHEMA } from '../../../constructs/cassandra/event-store/schema';
import { ClusteringOrder, CqlType, type TableSchema } from '../../../constructs/cassandra/schema';
import {
  type SchemaVersion, latestTables, migrations, schemaHistoryProblems, schemaVersionChecksum,
} from '../../../constructs/cassandra/schema-history';

const T1: TableSchema = {
  name: 'events',
  partitionKey: [{ name: 'aggregate_id', type: CqlType.TEXT }, { name: 'time_bucket', type: CqlType.TIMESTAMP }],
  clusteringKey: [{ name: 'sequence_nr', type: CqlType.BIGINT, order: ClusteringOrder.ASC }],
  columns: [{ name: 'payload', type: CqlType.BLOB }, { name: 'event_type', type: CqlType.TEXT }],
};
const v1: SchemaVersion = { version: 1, description: 'first', tables: [T1] };
const v2 = (t: Partial<TableSchema>, more: TableSchema[] = []): SchemaVersion => ({ version: 2, description: 'second', tables: [{ ...T1, ...t }, ...more] });

describe('the event store schema', () => {
  test('is a valid, additive history whose released checksums are pinned', () => {
    expect(schemaHistoryProblems(EVENT_STORE_SCHEMA)).toEqual([]);
    expect(EVENT_STORE_SCHEMA.map((v) => v.checksum)).toEqual(['1734e0ed322be35b', 'd16b2a0315bfa0c7']);
    expect(latestTables(EVENT_STORE_SCHEMA).map((t) => t.name)).toEqual(['events', 'snapshots']);
  });

  test('events are partitioned by aggregate id and time bucket, clustered by sequence number, and never expire', () => {
    const events = latestTables(EVENT_STORE_SCHEMA).find((t) => t.name === 'events')!;
    expect(events.partitionKey.map((c) => c.name)).toEqual(['aggregate_id', 'time_bucket']);
    expect(events.clusteringKey).toEqual([{ name: 'sequence_nr', type: CqlType.BIGINT, order: ClusteringOrder.ASC }]);
    expect(events.defaultTtlSeconds).toBeUndefined();
  });

  test('migrations: version 1 creates the tables, version 2 adds the columns', () => {
    const m = migrations('event_store', EVENT_STORE_SCHEMA);
    expect(m.map((x) => x.version)).toEqual([1, 2]);
    expect(m[0].statements.map((s) => s.cql.split('\n')[0])).toEqual([
      'CREATE TABLE IF NOT EXISTS event_store.events (', 'CREATE TABLE IF NOT EXISTS event_store.snapshots (',
    ]);
    expect(m[0].statements[0].cql).toContain('PRIMARY KEY ((aggregate_id, time_bucket), sequence_nr)');
    expect(m[1].statements).toEqual([
      { cql: 'ALTER TABLE event_store.events ADD correlation_id uuid;', addsColumn: { table: 'events', column: 'correlation_id' } },
      { cql: 'ALTER TABLE event_store.events ADD causation_id uuid;', addsColumn: { table: 'events', column: 'causation_id' } },
    ]);
    expect(m[1].checksum).toBe('d16b2a0315bfa0c7');
  });

  test('a new table and a changed default TTL are additive', () => {
    const extra: TableSchema = { name: 'projections', partitionKey: [{ name: 'id', type: CqlType.TEXT }] };
    const history = [v1, v2({ defaultTtlSeconds: 3600 }, [extra])];
    expect(schemaHistoryProblems(history)).toEqual([]);
    expect(migrations('ks', history)[1].statements.map((s) => s.cql.split('\n')[0])).toEqual([
      'ALTER TABLE ks.events WITH default_time_to_live = 3600;', 'CREATE TABLE IF NOT EXISTS ks.projections (',
    ]);
  });

  test('the checksum depends on the content, not on the object', () => {
    expect(schemaVersionChecksum(v1)).toBe(schemaVersionChecksum({ ...v1, description: 'other words' }));
    expect(schemaVersionChecksum(v1)).not.toBe(schemaVersionChecksum(v2({})));
  });
});

describe('validation: schema changes must be additive', () => {
  test.each<[string, SchemaVersion, RegExp]>([
    ['dropped column', v2({ columns: [{ name: 'payload', type: CqlType.BLOB }] }),
      /`schema\[1\]` \(version 2\) drops column 'event_type' of table 'events': schema changes must be additive/],
    ['retyped column', v2({ columns: [{ name: 'payload', type: CqlType.TEXT }, { name: 'event_type', type: CqlType.TEXT }] }),
      /`schema\[1\]` \(version 2\) retypes column 'payload' of table 'events' from blob to text/],
    ['changed partition key', v2({ partitionKey: [{ name: 'aggregate_id', type: CqlType.TEXT }] }),
      /changes the partition key of table 'events' at column 'time_bucket': \(aggregate_id text, time_bucket timestamp\) became \(aggregate_id text\)/],
    ['retyped key column', v2({ partitionKey: [{ name: 'aggregate_id', type: CqlType.UUID }, { name: 'time_bucket', type: CqlType.TIMESTAMP }] }),
      /changes the partition key of table 'events' at column 'aggregate_id'/],
    ['reordered clustering', v2({ clusteringKey: [{ name: 'sequence_nr', type: CqlType.BIGINT, order: ClusteringOrder.DESC }] }),
      /changes the clustering key of table 'events' at column 'sequence_nr'/],
    ['dropped table', { version: 2, description: 'x', tables: [{ name: 'other', partitionKey: [{ name: 'id', type: CqlType.TEXT }] }] },
      /`schema\[1\]` \(version 2\) drops table 'events'/],
  ])('%s fails naming the table and the column', (_, next, message) => {
    expect(schemaHistoryProblems([v1, next]).join('\n')).toMatch(message);
  });

  test('a regular column moved into the key is refused', () => {
    const next = v2({ clusteringKey: [...T1.clusteringKey!, { name: 'event_type', type: CqlType.TEXT, order: ClusteringOrder.ASC }], columns: [{ name: 'payload', type: CqlType.BLOB }] });
    expect(schemaHistoryProblems([v1, next]).join('\n')).toMatch(/moves column 'event_type' of table 'events' into the key/);
  });

  test.each<[string, SchemaVersion[], RegExp]>([
    ['no versions', [], /`schema` must list at least one version, got \[\]/],
    ['a gap in the numbering', [v1, { ...v2({ columns: [...T1.columns!, { name: 'x', type: CqlType.INT }] }), version: 3 }],
      /`schema\[1\].version` must be 2 \(versions are consecutive from 1\), got 3/],
    ['a description with quotes', [{ ...v1, description: "it's" }], /`schema\[0\].description` must be 1-200 characters.*got "it's"|got 'it's'/],
    ['no tables', [{ ...v1, tables: [] }], /`schema\[0\].tables` must list at least one table, got \[\]/],
    ['a duplicate table', [{ ...v1, tables: [T1, T1] }], /`schema\[0\].tables\[1\].name` must be unique in the version, got duplicate 'events'/],
    ['the reserved table name', [{ ...v1, tables: [{ ...T1, name: 'schema_migrations' }] }], /'schema_migrations' is reserved for the migration record/],
    ['an invalid table', [{ ...v1, tables: [{ ...T1, name: 'Events' }] }], /`schema\[0\].tables\[0\].name` must match/],
    ['an edited released version', [{ ...v1, checksum: '0000000000000000' }],
      /`schema\[0\]` \(version 1\) was released with checksum '0000000000000000' but its tables now give '[0-9a-f]{16}'/],
    ['a version that changes nothing', [v1, v2({})], /`schema\[1\]` \(version 2\) changes nothing from version 1; remove it/],
  ])('%s is refused', (_, history, message) => {
    expect(schemaHistoryProblems(history).join('\n')).toMatch(message);
  });
});
