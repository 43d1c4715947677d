import { reviewStack } from '../../scripts/review/cfn-changes';

const keyspace = (name: string, extra: object = {}) => ({
  Type: 'AWS::Cassandra::Keyspace', Properties: { KeyspaceName: name }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', ...extra,
});
const template = (resources: Record<string, object>) => ({ Resources: resources });
const topic = { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'a' } };

describe('reviewStack', () => {
  test('identical templates: no change, no risk', () => {
    const t = template({ K: keyspace('a'), T: topic });
    expect(reviewStack('S', t, t)).toEqual({ kind: 'stack', name: 'S', changes: [], risks: [], otherSections: [] });
  });

  test('a renamed keyspace is a replacement: data at risk, naming the property', () => {
    const r = reviewStack('S', template({ K: keyspace('a') }), template({ K: keyspace('b') }));
    expect(r.changes).toEqual([{ resource: 'K', type: 'AWS::Cassandra::Keyspace', action: 'changed', details: ['KeyspaceName (replace)'], impact: 'WILL_REPLACE' }]);
    expect(r.risks).toEqual([{ id: 'S/K', type: 'AWS::Cassandra::Keyspace', reason: 'replaced (a new, empty resource) because KeyspaceName changed' }]);
  });

  test('a replaced stateless resource is listed but is no risk', () => {
    const r = reviewStack('S', template({ T: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'a' } } }), template({ T: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'b' } } }));
    expect(r.changes[0].details).toEqual(['TopicName (replace)']);
    expect(r.risks).toEqual([]);
  });

  test('removing a stateful resource without Retain destroys its data', () => {
    const r = reviewStack('S', template({ K: keyspace('a', { DeletionPolicy: 'Delete' }) }), template({}));
    expect(r.changes).toEqual([{ resource: 'K', type: 'AWS::Cassandra::Keyspace', action: 'removed', details: [], impact: 'WILL_DESTROY' }]);
    expect(r.risks).toEqual([{ id: 'S/K', type: 'AWS::Cassandra::Keyspace', reason: 'removed: deleted with its data (DeletionPolicy Delete)' }]);
  });

  test('removing a stateful resource with Snapshot is a risk that says a snapshot is kept', () => {
    const r = reviewStack('S', template({ K: keyspace('a', { DeletionPolicy: 'Snapshot' }) }), template({}));
    expect(r.risks.map((x) => x.reason)).toEqual(['removed: deleted, only its final snapshot is kept']);
  });

  test('removing a retained resource orphans it: listed, not a risk', () => {
    const r = reviewStack('S', template({ K: keyspace('a') }), template({}));
    expect(r.changes[0]).toMatchObject({ action: 'removed', impact: 'WILL_ORPHAN' });
    expect(r.risks).toEqual([]);
  });

  test('a whole stack removed is reviewed as emptied', () => {
    const r = reviewStack('S', template({ K: keyspace('a', { DeletionPolicy: 'Delete' }), T: topic }), undefined);
    expect(r.changes.map((c) => `${c.action} ${c.resource}`)).toEqual(['removed K', 'removed T']);
    expect(r.risks.map((x) => x.id)).toEqual(['S/K']);
  });

  test('a new stack lists its resources as added, with no risk', () => {
    const r = reviewStack('S', undefined, template({ K: keyspace('a') }));
    expect(r.changes).toEqual([{ resource: 'K', type: 'AWS::Cassandra::Keyspace', action: 'added', details: [] }]);
    expect(r.risks).toEqual([]);
  });

  test('weakening the retention policy of a stateful resource is a risk', () => {
    const r = reviewStack('S', template({ K: keyspace('a') }), template({ K: keyspace('a', { DeletionPolicy: 'Delete', UpdateReplacePolicy: undefined }) }));
    expect(r.changes[0].details).toEqual(['DeletionPolicy', 'UpdateReplacePolicy']);
    expect(r.risks.map((x) => x.reason)).toEqual([
      'DeletionPolicy weakened from Retain to Delete',
      'UpdateReplacePolicy weakened from Retain to none (Delete)',
    ]);
  });

  test('an in-place update of a stateful resource is listed with its properties, no risk', () => {
    const table = (ttl: number) => ({
      Type: 'AWS::Cassandra::Table', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
      Properties: { KeyspaceName: 'k', TableName: 't', PartitionKeyColumns: [{ ColumnName: 'id', ColumnType: 'text' }], DefaultTimeToLive: ttl },
    });
    const r = reviewStack('S', template({ T: table(1) }), template({ T: table(2) }));
    expect(r.changes).toEqual([{ resource: 'T', type: 'AWS::Cassandra::Table', action: 'changed', details: ['DefaultTimeToLive'], impact: 'WILL_UPDATE' }]);
    expect(r.risks).toEqual([]);
  });

  test('metadata-only changes are no change; other template sections are named', () => {
    const r = reviewStack('S', { Resources: { T: topic }, Outputs: { A: { Value: 'a' } } },
      { Resources: { T: { ...topic, Metadata: { 'aws:cdk:path': 'x' } } }, Outputs: { A: { Value: 'b' } } });
    expect(r.changes).toEqual([]);
    expect(r.otherSections).toEqual(['Outputs']);
  });
});
