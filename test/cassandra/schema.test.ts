import { ClusteringOrder, CqlType, type TableSchema, createKeyspaceCql, createTableCql, tableSchemaProblems } from '../../constructs/cassandra/schema';

const schema: TableSchema = {
  name: 'events',
  partitionKey: [{ name: 'id', type: CqlType.TEXT }, { name: 'bucket', type: CqlType.INT }],
  clusteringKey: [{ name: 'at', type: CqlType.TIMESTAMP, order: ClusteringOrder.DESC }],
  columns: [{ name: 'body', type: CqlType.BLOB }],
  defaultTtlSeconds: 86400,
};

describe('CQL rendering', () => {
  test('CREATE TABLE has a composite partition key, clustering order and TTL', () => {
    expect(createTableCql('ks', schema)).toBe([
      'CREATE TABLE IF NOT EXISTS ks.events (',
      '  id text,',
      '  bucket int,',
      '  at timestamp,',
      '  body blob,',
      '  PRIMARY KEY ((id, bucket), at)',
      ')',
      'WITH CLUSTERING ORDER BY (at DESC)',
      ' AND default_time_to_live = 86400;',
    ].join('\n'));
  });

  test('CREATE KEYSPACE uses NetworkTopologyStrategy with one factor per datacenter', () => {
    expect(createKeyspaceCql('ks', { 'us-east-1': 3, 'eu-west-1': 3 }))
      .toBe("CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {'class': 'NetworkTopologyStrategy', 'us-east-1': 3, 'eu-west-1': 3};");
  });
});

describe('validation', () => {
  test.each([
    ['table name', { name: 'Events' }, /`schema\.name` must match .*got 'Events'/],
    ['empty partition key', { partitionKey: [] }, /`schema\.partitionKey` must list at least one column/],
    ['duplicate column', { columns: [{ name: 'id', type: CqlType.TEXT }] }, /column 'id' is defined twice/],
    ['column name', { columns: [{ name: 'x-y', type: CqlType.TEXT }] }, /column names must match .*got 'x-y'/],
    ['TTL above 20 years', { defaultTtlSeconds: 700_000_000 }, /`schema\.defaultTtlSeconds` must be an integer from 1 to 630720000, got 700000000/],
  ])('%s', (_n, patch, message) => {
    expect(tableSchemaProblems({ ...schema, ...patch }).join('\n')).toMatch(message);
  });
});
