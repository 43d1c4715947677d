import { Match, Template } from 'aws-cdk-lib/assertions';
import { App as Cdk8sApp, type Chart } from 'cdk8s';
import { fixtureSettings } from './catalog/helpers';
import { ConsistencyLevel, RetryPolicy } from '../constructs/cassandra/client-profile';
import { KeyspacesEventStore } from '../constructs/cassandra/event-store/aws/keyspaces-event-store';
import { CassandraEventStore } from '../constructs/cassandra/event-store/k8s/cassandra-event-store';
import { EVENT_STORE_SCHEMA, TimeBucket } from '../constructs/cassandra/event-store/schema';
import { MigrationMode } from '../constructs/cassandra/k8s/cql-migration-job';
import { CqlType } from '../constructs/cassandra/schema';
import { EventStoreChart, type EventStoreSettings, EventStoreStack, eventStoreUseCase } from '../lib/event-store';
import { testApp, testStack } from './helpers/aws';
import { testEnvironment } from './helpers/environment';
import { type KubeObject, findObject, synthChart, validateObjects } from './helpers/k8s';

/** The event-sourced service's settings in the fixture catalog (test/fixtures/catalog/event-sourced.yaml). */
const eventSourced = fixtureSettings<EventStoreSettings>('event-sourced');

const env = testEnvironment();
const stackFor = (region: string, settings: EventStoreSettings = eventSourced) => new EventStoreStack(testApp(), `ES-${region}`, {
  env: { account: '123456789012', region }, environment: env, settings, service: 'event-sourced',
});
const withProfile = (patch: Partial<EventStoreSettings['clientProfile']>): EventStoreSettings =>
  ({ ...eventSourced, clientProfile: { ...eventSourced.clientProfile, ...patch } });

describe('EventStoreStack (Amazon Keyspaces)', () => {
  const primary = Template.fromStack(stackFor('us-east-1'));
  const replica = Template.fromStack(stackFor('eu-west-1'));

  test('the primary creates one MULTI_REGION keyspace over every region, retained', () => {
    primary.resourceCountIs('AWS::Cassandra::Keyspace', 1);
    primary.hasResource('AWS::Cassandra::Keyspace', {
      DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
      Properties: { KeyspaceName: 'event_store', ReplicationSpecification: { ReplicationStrategy: 'MULTI_REGION', RegionList: ['us-east-1', 'us-west-2', 'eu-west-1'] } },
    });
  });

  test('events: partition (aggregate_id, time_bucket), clustering sequence_nr, newest schema, PITR, retained, AWS-owned key', () => {
    primary.resourceCountIs('AWS::Cassandra::Table', 2);
    primary.hasResource('AWS::Cassandra::Table', {
      DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
      Properties: {
        TableName: 'events',
        PartitionKeyColumns: [{ ColumnName: 'aggregate_id', ColumnType: 'text' }, { ColumnName: 'time_bucket', ColumnType: 'timestamp' }],
        ClusteringKeyColumns: [{ Column: { ColumnName: 'sequence_nr', ColumnType: 'bigint' }, OrderBy: 'ASC' }],
        RegularColumns: Match.arrayWith([{ ColumnName: 'correlation_id', ColumnType: 'uuid' }]),
        PointInTimeRecoveryEnabled: true,
        EncryptionSpecification: { EncryptionType: 'AWS_OWNED_KMS_KEY' },
        ClientSideTimestampsEnabled: true,
        DefaultTimeToLive: Match.absent(),
      },
    });
    primary.hasResourceProperties('AWS::Cassandra::Table', {
      TableName: 'snapshots', ClusteringKeyColumns: [{ Column: { ColumnName: 'sequence_nr', ColumnType: 'bigint' }, OrderBy: 'DESC' }],
    });
  });

  test('logical ids of the keyspace and tables stay fixed (a renamed id replaces data)', () => {
    const ids = Object.keys(primary.toJSON().Resources);
    expect(ids).toEqual(expect.arrayContaining(['EventStoreKeyspace613BAF26', 'EventStoreEventsTableDBBB9620', 'EventStoreSnapshotsTableE2325510']));
  });

  test('other regions import the keyspace and tables instead of creating them', () => {
    replica.resourceCountIs('AWS::Cassandra::Keyspace', 0);
    replica.resourceCountIs('AWS::Cassandra::Table', 0);
  });

  test('the client profile is published to SSM: the whole application.conf and one parameter per operation', () => {
    for (const t of [primary, replica]) t.resourceCountIs('AWS::SSM::Parameter', 5);
    replica.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/event-sourced/test/cassandra-driver/application.conf', Tier: 'Standard', Type: 'String',
      Value: Match.stringLikeRegexp('basic.load-balancing-policy.local-datacenter = "eu-west-1"'),
    });
    primary.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/event-sourced/test/cassandra-driver/profiles/append',
      Value: Match.stringLikeRegexp('append \\{\\n    basic.request.consistency = LOCAL_QUORUM'),
    });
    for (const op of ['read-stream', 'read-snapshot', 'write-snapshot']) {
      primary.hasResourceProperties('AWS::SSM::Parameter', { Name: `/event-sourced/test/cassandra-driver/profiles/${op}` });
    }
  });

  test('no secret reaches the template', () => {
    expect(JSON.stringify(primary.toJSON())).not.toMatch(/password\s*=\s*[^$]/i);
  });

  test('the service role gets Select/Modify on the two tables, SSM reads and read-only system keyspaces, nothing wider', () => {
    const policies = primary.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).not.toContain('cassandra:*');
    expect([...new Set(actions.filter((a) => a.startsWith('cassandra:')))].sort()).toEqual(['cassandra:Modify', 'cassandra:Select']);
    const modify = statements.filter((s) => [s.Action].flat().includes('cassandra:Modify'));
    const modifyResources = JSON.stringify(modify.map((s) => s.Resource));
    expect(modifyResources).toMatch(/keyspace\/event_store\/table\/events/);
    expect(modifyResources).toMatch(/keyspace\/event_store\/table\/snapshots/);
    expect(modifyResources).not.toContain('*');
    const system = statements.find((s) => JSON.stringify(s.Resource).includes('/keyspace/system*'));
    expect(system.Action).toBe('cassandra:Select');
    primary.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'pods.eks.amazonaws.com' } })] },
    });
  });

  test('alarms: p99 latency per operation at its own objective, error rate, throttling and replication lag per table', () => {
    const alarms = Object.values(primary.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const latency = alarms.filter((a) => a.MetricName === 'SuccessfulRequestLatency');
    expect(latency.map((a) => [a.Dimensions.find((d: { Name: string }) => d.Name === 'TableName').Value,
      a.Dimensions.find((d: { Name: string }) => d.Name === 'Operation').Value, a.Threshold])).toEqual([
      ['events', 'INSERT', 50], ['events', 'SELECT', 30], ['snapshots', 'SELECT', 20], ['snapshots', 'INSERT', 50],
    ]);
    expect(alarms.filter((a) => a.MetricName === 'ReplicationLatency').map((a) => a.Threshold)).toEqual([2000, 2000, 2000, 2000]);
    expect(alarms.filter((a) => JSON.stringify(a.Metrics ?? []).includes('SystemErrors') && a.AlarmName.includes('ErrorRate')).map((a) => a.Threshold)).toEqual([0.1, 0.1]);
    // Burn-rate inputs per table: 14.4×, 6× and 3× the 0.1% budget, long and short window.
    expect(alarms.filter((a) => a.AlarmName.includes('BurnRate')).map((a) => a.Threshold))
      .toEqual([0.0144, 0.0144, 0.006, 0.006, 0.003, 0.003, 0.0144, 0.0144, 0.006, 0.006, 0.003, 0.003]);
  });

  describe('validation', () => {
    test.each<[string, EventStoreSettings, RegExp]>([
      ['a Keyspaces-unsupported read level', withProfile({ readStream: { ...eventSourced.clientProfile.readStream, consistency: ConsistencyLevel.QUORUM } }),
        /ES-us-east-1\/EventStore: `clientProfile.read-stream.consistency` QUORUM is not a read consistency level Amazon Keyspaces supports/],
      ['an append below LOCAL_QUORUM', withProfile({ append: { ...eventSourced.clientProfile.append, consistency: ConsistencyLevel.LOCAL_ONE } }),
        /`clientProfile.append.consistency` LOCAL_ONE is not a write consistency level Amazon Keyspaces supports[\s\S]*must be LOCAL_QUORUM or stronger for an append/],
      ['a timeout above the SLA', withProfile({ readSnapshot: { ...eventSourced.clientProfile.readSnapshot, timeoutMs: 21 } }),
        /`clientProfile.read-snapshot.timeoutMs` must be <= the operation's p99 latency SLA \(20 ms\)/],
      ['a bad SLA', { ...eventSourced, sla: { ...eventSourced.sla, latencyP99Ms: 0 } }, /ES-us-east-1: `settings.sla.latencyP99Ms` must be > 0, got 0/],
      ['a bad keyspace name', { ...eventSourced, keyspaceName: 'event-store' }, /`settings.keyspaceName` must match .* got 'event-store'/],
      ['a bad replication lag', { ...eventSourced, maxReplicationLagMs: 0 }, /`settings.maxReplicationLagMs` must be > 0, got 0/],
      ['regions without the primary', { ...eventSourced, cassandra: { ...eventSourced.cassandra, topology: { regions: [{ region: 'eu-west-1', nodesPerZone: 1, replicationFactor: 3 }] } } },
        /`settings.cassandra.topology.regions` must include the primary region 'us-east-1'/],
    ])('%s throws at construction', (_, settings, message) => {
      expect(() => stackFor('us-east-1', settings)).toThrow(message);
    });
  });
});

describe('KeyspacesEventStore', () => {
  const props = {
    keyspaceName: 'es', regions: ['us-east-1', 'us-west-2'], createTables: true, clientProfile: eventSourced.clientProfile,
    sla: eventSourced.sla, timeBucket: TimeBucket.HOUR, parameterPrefix: '/svc/test',
  };

  test('defaults: the event store schema history and on-demand capacity', () => {
    const store = new KeyspacesEventStore(testStack(), 'Store', props);
    expect(store.schemaVersion).toBe(EVENT_STORE_SCHEMA.length);
    Template.fromStack(store.node.scope as never).hasResourceProperties('AWS::Cassandra::Table', { BillingMode: { Mode: 'ON_DEMAND' } });
    expect(store.applicationConf).toContain('time-bucket = 1 hour');
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['a dropped column', { schema: [EVENT_STORE_SCHEMA[0], { ...EVENT_STORE_SCHEMA[1], checksum: undefined, tables: [EVENT_STORE_SCHEMA[1].tables[0],
      { ...EVENT_STORE_SCHEMA[1].tables[1], columns: EVENT_STORE_SCHEMA[1].tables[1].columns!.filter((c) => c.name !== 'state') }] }] },
    /Store: `schema\[1\]` \(version 2\) drops column 'state' of table 'snapshots': schema changes must be additive/],
    ['a schema without snapshots', { schema: [{ version: 1, description: 'x', tables: [{ ...EVENT_STORE_SCHEMA[0].tables[0] }] }] },
      /`schema` newest version must have table 'snapshots'/],
    ['a bad parameter prefix', { parameterPrefix: 'svc' }, /`parameterPrefix` must be an SSM path like '\/event-sourced\/prod', got 'svc'/],
    ['a profile too big for a standard parameter', { clientProfile: Object.fromEntries(Object.entries(eventSourced.clientProfile)
      .map(([k, v]) => [k, { ...v, retryPolicy: RetryPolicy.custom(`com.example.${'x'.repeat(1100)}`, false) }])) },
    /SSM parameter '\/svc\/test\/cassandra-driver\/application.conf' would hold \d+ characters; a standard parameter holds at most 4096/],
    ['a retyped key column', { schema: [{ ...EVENT_STORE_SCHEMA[0], checksum: undefined }, { version: 2, description: 'x', tables: [
      { ...EVENT_STORE_SCHEMA[0].tables[0], partitionKey: [{ name: 'aggregate_id', type: CqlType.UUID }, { name: 'time_bucket', type: CqlType.TIMESTAMP }] },
      EVENT_STORE_SCHEMA[0].tables[1]] }] }, /changes the partition key of table 'events' at column 'aggregate_id'/],
  ])('%s throws naming the construct', (_, patch, message) => {
    expect(() => new KeyspacesEventStore(testStack(), 'Store', { ...props, ...patch } as never)).toThrow(message);
  });
});

describe('EventStoreChart (K8ssandra)', () => {
  const app = new Cdk8sApp({ outdir: '/tmp/es-test-k8s' });
  const charts = eventStoreUseCase({ test: eventSourced }, 'event-sourced').addCharts(app, env).map((b) => b.chart);
  const byRegion = (region: string): KubeObject[] => synthChart(charts.find((c) => c.node.id.endsWith(region)) as Chart);

  test('one chart per region, primary first; every object validates against its schema or CRD', () => {
    expect(charts.map((c) => c.node.id)).toEqual(['event-sourced-test-us-east-1', 'event-sourced-test-us-west-2', 'event-sourced-test-eu-west-1']);
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) expect(validateObjects(byRegion(region))).toEqual([]);
  });

  test('its own K8ssandraCluster (not the Viewing History one), only in the primary region', () => {
    const cluster = findObject(byRegion('us-east-1'), 'K8ssandraCluster');
    expect(cluster.metadata).toMatchObject({ name: 'event-store', namespace: 'event-store' });
    expect(cluster.spec.cassandra.datacenters.map((d: { metadata: { name: string } }) => d.metadata.name)).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
    expect(byRegion('us-west-2').filter((o) => o.kind === 'K8ssandraCluster')).toEqual([]);
  });

  test('the primary applies migrations; the others verify against their own datacenter', () => {
    const apply = findObject(byRegion('us-east-1'), 'Job', 'event-store-schema-v2');
    expect(apply.metadata.annotations?.['cassandra.platform/migration-mode']).toBe('apply');
    const verify = findObject(byRegion('eu-west-1'), 'Job', 'event-store-schema-v2');
    expect(verify.metadata.annotations?.['cassandra.platform/migration-mode']).toBe('verify');
    expect(findObject(byRegion('eu-west-1'), 'ConfigMap', 'event-store-schema-v2').data['migrate.sh'])
      .toContain('event-store-eu-west-1-service.event-store.svc.cluster.local 9042');
  });

  test('the driver ConfigMap lands in the service namespace with the local datacenter and no secret', () => {
    const cm = findObject(byRegion('us-west-2'), 'ConfigMap', 'event-store-cassandra-driver');
    expect(cm.metadata.namespace).toBe('event-sourced');
    const conf: string = cm.data['application.conf'];
    expect(conf).toContain('basic.contact-points = [ "event-store-us-west-2-service.event-store.svc.cluster.local:9042" ]');
    expect(conf).toContain('basic.load-balancing-policy.local-datacenter = "us-west-2"');
    expect(conf).toContain('password = ${CASSANDRA_PASSWORD}');
    expect(conf).toContain('read-snapshot {\n      basic.request.consistency = LOCAL_ONE');
  });

  test('the service namespace may open CQL connections', () => {
    const policy = findObject(byRegion('us-east-1'), 'NetworkPolicy', 'event-store-us-east-1-allow-cql');
    expect(policy.spec.ingress[0].from.map((f: { namespaceSelector: { matchLabels: Record<string, string> } }) => f.namespaceSelector.matchLabels['kubernetes.io/metadata.name']))
      .toEqual(['event-store', 'event-sourced']);
  });

  test('a PrometheusRule per operation alerts at the operation p99 objective, on the right table histogram', () => {
    const rules = byRegion('us-east-1').filter((o) => o.kind === 'PrometheusRule' && o.metadata.name.startsWith('event-store-') && !o.metadata.name.startsWith('event-store-us'));
    const alerts = rules.map((r) => r.spec.groups[0].rules[0]);
    expect(alerts.map((a) => [a.alert, a.expr.split(' > ')[1]])).toEqual([
      ['EventStoreAppendLatencyP99High', '0.05'], ['EventStoreReadStreamLatencyP99High', '0.03'],
      ['EventStoreReadSnapshotLatencyP99High', '0.02'], ['EventStoreWriteSnapshotLatencyP99High', '0.05'],
    ]);
    expect(alerts[0].expr).toContain('mcac_table_coordinator_write_latency_bucket{cluster="event-store",dc="us-east-1",keyspace="event_store",table="events"}');
    expect(alerts[2].expr).toContain('mcac_table_coordinator_read_latency_bucket{cluster="event-store",dc="us-east-1",keyspace="event_store",table="snapshots"}');
    for (const r of rules) expect(r.metadata.labels?.release).toBe('kube-prometheus-stack');
  });

  test('a non-primary chart without the cluster is refused', () => {
    expect(() => new EventStoreChart(new Cdk8sApp(), 'x', { environment: env, region: 'eu-west-1', settings: eventSourced }))
      .toThrow(/x: `cluster` must be given in region 'eu-west-1': only the primary region 'us-east-1' creates the cluster/);
  });

  test('an append below LOCAL_QUORUM is refused on Cassandra too', () => {
    const settings = withProfile({ append: { ...eventSourced.clientProfile.append, consistency: ConsistencyLevel.ONE } });
    expect(() => new EventStoreChart(new Cdk8sApp(), 'y', { environment: env, region: 'us-east-1', settings }))
      .toThrow(/y\/EventStore: `clientProfile.append.consistency` must be LOCAL_QUORUM or stronger for an append/);
  });
});

describe('CassandraEventStore', () => {
  const primaryChart = () => {
    const app = new Cdk8sApp();
    return new EventStoreChart(app, 'p', { environment: env, region: 'us-east-1', settings: eventSourced });
  };

  test('defaults: APPLY mode and the event store schema history', () => {
    const chart = primaryChart();
    const store = new CassandraEventStore(chart, 'Another', {
      cluster: chart.cluster, environment: env, region: 'us-west-2', keyspace: 'other', clientProfile: eventSourced.clientProfile,
      sla: eventSourced.sla, timeBucket: TimeBucket.DAY, clientNamespace: 'svc', name: 'other',
    });
    expect(store.migrations.mode).toBe(MigrationMode.APPLY);
    expect(store.migrations.latestVersion).toBe(EVENT_STORE_SCHEMA.length);
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['client namespace', { clientNamespace: 'Bad' }, /Bad: `clientNamespace` must be a DNS label, got 'Bad'/],
    ['name', { name: 'x'.repeat(41) }, /`name` must be a DNS label of at most 40 characters/],
    ['schema without snapshots', { schema: [{ version: 1, description: 'x', tables: [EVENT_STORE_SCHEMA[0].tables[0]] }] }, /Bad: `schema` newest version must have table 'snapshots'/],
  ])('bad %s throws naming the construct', (_, patch, message) => {
    const chart = primaryChart();
    expect(() => new CassandraEventStore(chart, 'Bad', {
      cluster: chart.cluster, environment: env, region: 'us-west-2', keyspace: 'other', clientProfile: eventSourced.clientProfile,
      sla: eventSourced.sla, timeBucket: TimeBucket.DAY, clientNamespace: 'svc', name: 'other', ...patch,
    })).toThrow(message);
  });
});
