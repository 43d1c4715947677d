import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdk8s';
import { fixtureSettings } from './catalog/helpers';
import { TimeSeriesChart, type TimeSeriesSettings, timeSeriesUseCase } from '../lib/time-series';
import { testApp } from './helpers/aws';
import { testEnvironment } from './helpers/environment';
import { type KubeObject, findObject, synthChart, validateObjects } from './helpers/k8s';

/** The viewing-history service's settings in the fixture catalog (test/fixtures/catalog/viewing-history.yaml). */
const viewingHistory = fixtureSettings<TimeSeriesSettings>('viewing-history');

const env = testEnvironment();
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const settings: TimeSeriesSettings = viewingHistory;

function stacks(s: TimeSeriesSettings = settings) {
  const app = testApp();
  const useCase = timeSeriesUseCase({ test: s }, 'viewing-history');
  const made = useCase.addStacks(app, env, { network: () => { throw new Error('Keyspaces needs no VPC'); } }).map((b) => b.stack);
  return { app, made, templates: made.map((st) => Template.fromStack(st)) };
}

describe('Viewing History on AWS', () => {
  const { made, templates } = stacks();
  const [primary, west, eu] = templates;

  test('one stack per region, in the configured accounts and regions', () => {
    expect(made.map((s) => [s.stackName, s.region, s.account])).toEqual([
      ['ViewingHistory-test-us-east-1', 'us-east-1', '123456789012'],
      ['ViewingHistory-test-us-west-2', 'us-west-2', '123456789012'],
      ['ViewingHistory-test-eu-west-1', 'eu-west-1', '123456789012'],
    ]);
  });

  test('the keyspace is created once, in the primary region, replicated to every region', () => {
    primary.hasResourceProperties('AWS::Cassandra::Keyspace', {
      KeyspaceName: 'viewing_history', ReplicationSpecification: { ReplicationStrategy: 'MULTI_REGION', RegionList: REGIONS },
    });
    west.resourceCountIs('AWS::Cassandra::Keyspace', 0);
    eu.resourceCountIs('AWS::Cassandra::Table', 0);
  });

  test('the table: partition by profile, newest first, TTL from retention, PITR, retained', () => {
    primary.hasResource('AWS::Cassandra::Table', {
      Properties: {
        TableName: 'viewing_history',
        PartitionKeyColumns: [{ ColumnName: 'profile_id', ColumnType: 'text' }],
        ClusteringKeyColumns: [
          { Column: { ColumnName: 'viewed_at', ColumnType: 'timestamp' }, OrderBy: 'DESC' },
          { Column: { ColumnName: 'title_id', ColumnType: 'text' }, OrderBy: 'ASC' },
        ],
        DefaultTimeToLive: 730 * 86400,
        PointInTimeRecoveryEnabled: true,
        BillingMode: { Mode: 'ON_DEMAND' },
        // Keyspaces allows no customer-managed key on multi-region tables; data is encrypted with an AWS-owned key.
        EncryptionSpecification: { EncryptionType: 'AWS_OWNED_KMS_KEY' },
        ClientSideTimestampsEnabled: true,
      },
      DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
    });
  });

  test('in every region the service role may read and write only this table, and read the system keyspaces its driver reads on connect', () => {
    for (const [i, t] of templates.entries()) {
      t.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: [
          { Action: ['cassandra:Modify', 'cassandra:Select'], Effect: 'Allow',
            Resource: `arn:aws:cassandra:${REGIONS[i]}:123456789012:/keyspace/viewing_history/table/viewing_history` },
          { Action: 'cassandra:Select', Effect: 'Allow', Resource: `arn:aws:cassandra:${REGIONS[i]}:123456789012:/keyspace/system*` },
        ] },
      });
      t.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Action: ['sts:AssumeRole', 'sts:TagSession'], Principal: { Service: 'pods.eks.amazonaws.com' } })] },
      });
    }
  });

  test('alarms: p99 latency of reads and writes and error rate at the SLA, throttling, replication lag to each other region', () => {
    const alarms = Object.values(primary.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const latency = alarms.filter((a) => a.MetricName === 'SuccessfulRequestLatency');
    expect(latency.map((a) => [a.Dimensions.find((d: any) => d.Name === 'Operation').Value, a.Threshold, a.ExtendedStatistic]))
      .toEqual([['SELECT', 20, 'p99'], ['INSERT', 20, 'p99']]);
    const errorRate = alarms.find((a) => a.AlarmName.includes('ErrorRate'));
    expect(errorRate.Threshold).toBe(0.1);
    expect(errorRate.Metrics[0].Expression).toBe('IF(FILL(errors, 0) + FILL(ok, 0) > 0, 100 * FILL(errors, 0) / (FILL(errors, 0) + FILL(ok, 0)), 0)');
    const replication = alarms.filter((a) => a.MetricName === 'ReplicationLatency');
    expect(replication.map((a) => [a.Dimensions.find((d: any) => d.Name === 'ReceivingRegion').Value, a.Threshold]))
      .toEqual([['us-west-2', 2000], ['eu-west-1', 2000]]);
    expect(alarms.find((a) => a.AlarmName.includes('Throttling')).Threshold).toBe(0);
  });

  test('each region has its own alarm topic and dashboard', () => {
    for (const t of templates) {
      t.resourceCountIs('AWS::SNS::Topic', 1);
      t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    }
  });

  test('logical ids of stateful resources stay fixed', () => {
    expect(Object.keys(primary.findResources('AWS::Cassandra::Keyspace'))).toEqual(['Keyspace4B4E7792']);
    expect(Object.keys(primary.findResources('AWS::Cassandra::Table'))).toEqual(['TableCD117FA1']);
  });

  test('bad settings fail with the field named', () => {
    expect(() => stacks({ ...settings, retentionDays: 0 })).toThrow(/ViewingHistory-test-us-east-1: `settings\.retentionDays` must be an integer from 1 to 7300, got 0/);
    // The table's TTL is days × 86,400 s: past Cassandra's 20-year cap the file is refused, not the CQL.
    expect(() => stacks({ ...settings, retentionDays: 7301 })).toThrow(/`settings\.retentionDays` must be an integer from 1 to 7300, got 7301/);
    expect(() => stacks({ ...settings, sla: { ...settings.sla, errorRatePercent: 0 } })).toThrow(/`settings\.sla\.errorRatePercent` must be > 0 and < 100, got 0/);
    expect(() => stacks({ ...settings, maxReplicationLagMs: 0 })).toThrow(/`settings\.maxReplicationLagMs` must be > 0/);
  });
});

describe('Viewing History on Kubernetes', () => {
  const app = Testing.app();
  const charts = timeSeriesUseCase({ test: settings }, 'viewing-history').addCharts(app, env).map((b) => b.chart);
  const objects = Object.fromEntries(charts.map((c) => [c.node.id, synthChart(c)])) as Record<string, KubeObject[]>;

  test('one chart per region; the primary holds the K8ssandraCluster and the schema job', () => {
    expect(Object.keys(objects)).toEqual(['viewing-history-test-us-east-1', 'viewing-history-test-us-west-2', 'viewing-history-test-eu-west-1']);
    expect(objects['viewing-history-test-us-east-1'].filter((o) => o.kind === 'K8ssandraCluster')).toHaveLength(1);
    expect(objects['viewing-history-test-us-west-2'].filter((o) => o.kind === 'K8ssandraCluster')).toHaveLength(0);
    expect(charts[1].cluster).toBe(charts[0].cluster);
  });

  test('the schema job creates the keyspace with NetworkTopologyStrategy, RF 3 in every region\'s DC', () => {
    const cql = findObject(objects['viewing-history-test-us-east-1'], 'ConfigMap', 'viewing-history-schema').data['schema.cql'];
    expect(cql).toContain("CREATE KEYSPACE IF NOT EXISTS viewing_history WITH replication = {'class': 'NetworkTopologyStrategy', 'us-east-1': 3, 'us-west-2': 3, 'eu-west-1': 3};");
    expect(cql).toContain('PRIMARY KEY ((profile_id), viewed_at, title_id)');
    expect(cql).toContain(`default_time_to_live = ${730 * 86400}`);
  });

  test('every region gets its namespace with default-deny, backups and monitoring', () => {
    for (const region of REGIONS) {
      const o = objects[`viewing-history-test-${region}`];
      expect(findObject(o, 'Namespace').metadata.name).toBe('viewing-history');
      expect(findObject(o, 'NetworkPolicy', 'default-deny-ingress').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
      expect(findObject(o, 'MedusaBackupSchedule', `viewing-history-${region}-backup`).spec.backupSpec.cassandraDatacenter).toBe(region);
      expect(findObject(o, 'PrometheusRule').metadata.namespace).toBe('viewing-history');
    }
  });

  test('every object validates against its schema or CRD', () => {
    expect(validateObjects(Object.values(objects).flat())).toEqual([]);
  });

  test('a non-primary chart without the cluster is rejected', () => {
    expect(() => new TimeSeriesChart(Testing.app(), 'x', { environment: env, region: 'us-west-2', settings, service: 'viewing-history' }))
      .toThrow(/^x: `cluster` must be given in region 'us-west-2': only the primary region 'us-east-1' creates the cluster$/);
  });

});

test('a use case without settings for an environment adds nothing', () => {
  const useCase = timeSeriesUseCase({}, 'viewing-history');
  expect(useCase.addStacks(new App(), env, { network: () => { throw new Error('unused'); } })).toEqual([]);
  expect(useCase.addCharts(Testing.app(), env)).toEqual([]);
});
