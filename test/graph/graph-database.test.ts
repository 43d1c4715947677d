import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { GraphDatabase, type GraphDatabaseProps } from '../../constructs/graph/aws/graph-database';
import { addGraphDatabaseAlarms } from '../../constructs/graph/aws/graph-monitoring';
import { NeptuneEngineVersion, NeptuneInstanceClass } from '../../constructs/graph/aws/neptune-engine';
import { DataNetwork } from '../../constructs/platform/aws/data-network';
import { ServiceMonitoring } from '../../constructs/monitoring/aws/service-monitoring';
import { testApp } from '../helpers/aws';
import { testEnvironment } from '../helpers/environment';

const env = testEnvironment();
const GLOBAL = { globalClusterIdentifier: 'graph-test', primaryRegion: 'us-east-1', regions: ['us-east-1', 'us-west-2'] };

function make(region = 'us-east-1', overrides: Partial<GraphDatabaseProps> = {}, environment = env) {
  const stack = new Stack(testApp(), 'Graph', { env: { account: '123456789012', region } });
  const { vpc } = new DataNetwork(stack, 'Network', { region: environment.region(region) });
  const db = new GraphDatabase(stack, 'Graph', {
    environment, vpc, clusterIdentifier: `graph-test-${region}`, instanceClass: NeptuneInstanceClass.R6G_LARGE,
    instanceAvailabilityZones: [`${region}a`, `${region}b`], globalDatabase: GLOBAL, ...overrides,
  });
  return { stack, db, template: () => Template.fromStack(stack) };
}

describe('GraphDatabase', () => {
  describe('primary region of a global database', () => {
    const { db, template } = make();
    const t = template();

    test('creates the global cluster, encrypted and protected, with the configured identifier', () => {
      t.hasResource('AWS::Neptune::GlobalCluster', {
        Properties: { GlobalClusterIdentifier: 'graph-test', Engine: 'neptune', EngineVersion: '1.4.5.1', StorageEncrypted: true, DeletionProtection: true },
        DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
      });
    });

    test('the cluster: CMK, IAM auth, audit log, backups, deletion protection, RETAIN, attached to the global cluster', () => {
      t.hasResource('AWS::Neptune::DBCluster', {
        Properties: {
          DBClusterIdentifier: 'graph-test-us-east-1',
          StorageEncrypted: true,
          KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GraphKey'), 'Arn'] },
          IamAuthEnabled: true,
          EnableCloudwatchLogsExports: ['audit'],
          BackupRetentionPeriod: 14,
          DeletionProtection: true,
          GlobalClusterIdentifier: { Ref: Match.stringLikeRegexp('^GraphGlobalCluster') },
          DBPort: 8182,
        },
        DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
      });
      t.hasResourceProperties('AWS::Neptune::DBClusterParameterGroup', {
        Family: 'neptune1.4', Parameters: { neptune_enable_audit_log: '1', neptune_enforce_ssl: '1' },
      });
      t.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
      t.hasResource('AWS::Logs::LogGroup', {
        Properties: { LogGroupName: '/aws/neptune/graph-test-us-east-1/audit', RetentionInDays: 365, KmsKeyId: Match.anyValue() },
        DeletionPolicy: 'Retain',
      });
    });

    test('a writer then readers, one per configured zone, created after the writer', () => {
      const instances = t.findResources('AWS::Neptune::DBInstance');
      expect(Object.values(instances).map((i) => [i.Properties.AvailabilityZone, i.Properties.DBInstanceClass, i.Properties.AutoMinorVersionUpgrade]))
        .toEqual([['us-east-1a', 'db.r6g.large', true], ['us-east-1b', 'db.r6g.large', true]]);
      const [writer, reader] = Object.entries(instances);
      expect(reader[1].DependsOn).toContain(writer[0]);
      expect(db.writable).toBe(true);
    });

    test('isolated subnets; the security group admits only the client security group on 8182', () => {
      const ingress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
      expect(ingress).toEqual([expect.objectContaining({
        FromPort: 8182, ToPort: 8182, IpProtocol: 'tcp',
        SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^GraphClientSecurityGroup/), 'GroupId'] },
      })]);
      const groups = Object.values(t.findResources('AWS::EC2::SecurityGroup')).map((g) => g.Properties);
      for (const g of groups) expect(JSON.stringify(g.SecurityGroupIngress ?? [])).not.toContain('0.0.0.0/0');
      t.hasResourceProperties('AWS::Neptune::DBSubnetGroup', { SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('^NetworkVpcdataSubnet1') }]) });
    });

    test('logical ids of stateful resources stay fixed', () => {
      expect(Object.keys(t.findResources('AWS::Neptune::DBCluster'))).toEqual(['GraphA02F0199']);
      expect(Object.keys(t.findResources('AWS::Neptune::GlobalCluster'))).toEqual(['GraphGlobalClusterB6F894BE']);
    });

    test('grantReadWrite: IAM data actions on this cluster only', () => {
      const fresh = make().db;
      const role = new Role(fresh, 'Client', { assumedBy: new ServicePrincipal('pods.eks.amazonaws.com') });
      fresh.grantReadWrite(role);
      Validations.of(role).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:neptune-db:us-east-1:123456789012:<GraphA02F0199.ClusterResourceId>/*]',
        reason: 'the database wildcard of one cluster, as Neptune IAM requires',
      });
      Template.fromStack(Stack.of(fresh)).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: [{
          Action: ['neptune-db:DeleteDataViaQuery', 'neptune-db:GetQueryStatus', 'neptune-db:ReadDataViaQuery', 'neptune-db:WriteDataViaQuery'],
          Effect: 'Allow',
          Resource: { 'Fn::Join': ['', ['arn:aws:neptune-db:us-east-1:123456789012:', { 'Fn::GetAtt': ['GraphA02F0199', 'ClusterResourceId'] }, '/*']] },
        }] },
      });
    });
  });

  describe('secondary region', () => {
    const { db, template } = make('us-west-2');
    const t = template();

    test('a read-only cluster attached by the configured identifier, with its own regional key; no global cluster', () => {
      t.resourceCountIs('AWS::Neptune::GlobalCluster', 0);
      t.hasResourceProperties('AWS::Neptune::DBCluster', {
        GlobalClusterIdentifier: 'graph-test', StorageEncrypted: true,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GraphKey'), 'Arn'] },
      });
      expect(db.writable).toBe(false);
    });

    test('grantReadWrite is refused, grantRead works', () => {
      const role = new Role(db, 'Client', { assumedBy: new ServicePrincipal('pods.eks.amazonaws.com') });
      expect(() => db.grantReadWrite(role)).toThrow(/read-only secondary of global database 'graph-test'; grant writes in 'us-east-1'/);
      expect(() => db.grantRead(role)).not.toThrow();
    });
  });

  describe('defaults', () => {
    test('@default engine 1.4.5.1, 14 days of backups, audit log kept a year, a new key', () => {
      const { db, template } = make('us-east-1', { globalDatabase: undefined });
      expect(db.engineVersion).toBe(NeptuneEngineVersion.V1_4_5_1);
      const t = template();
      t.hasResourceProperties('AWS::Neptune::DBCluster', { EngineVersion: '1.4.5.1', BackupRetentionPeriod: 14, GlobalClusterIdentifier: Match.absent() });
      t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
      // One key of its own (the other is the DataNetwork's, for its flow logs).
      expect(Object.keys(t.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('Neptune') } }))).toHaveLength(1);
      expect(db.writable).toBe(true);
    });
  });

  describe('validation', () => {
    test('no reader in production', () => {
      expect(() => make('us-east-1', { instanceAvailabilityZones: ['us-east-1a'] }))
        .toThrow(/^Graph\/Graph: `instanceAvailabilityZones` must add at least one reader in a zone other than the writer's \(us-east-1a\) in production environment 'test'/);
      expect(() => make('us-east-1', { instanceAvailabilityZones: ['us-east-1a', 'us-east-1a'] }))
        .toThrow(/must add at least one reader in a zone other than the writer's/);
    });

    test('a single instance is allowed outside production', () => {
      expect(() => make('us-east-1', { instanceAvailabilityZones: ['us-east-1a'] }, testEnvironment({ production: false }))).not.toThrow();
    });

    test('a secondary in production must span two zones', () => {
      expect(() => make('us-west-2', { instanceAvailabilityZones: ['us-west-2a'] }))
        .toThrow(/`instanceAvailabilityZones` of a secondary cluster must span at least 2 zones in production environment 'test'/);
    });

    test('zones must be configured zones of the region; at most 16 instances', () => {
      expect(() => make('us-east-1', { instanceAvailabilityZones: ['us-east-1a', 'us-east-1f'] }))
        .toThrow(/`instanceAvailabilityZones\[1\]` must be a configured zone of us-east-1 \(us-east-1a, us-east-1b, us-east-1c\), got 'us-east-1f'/);
      expect(() => make('us-east-1', { instanceAvailabilityZones: Array(17).fill('us-east-1a') }))
        .toThrow(/`instanceAvailabilityZones` must list 1 to 16 instances/);
    });

    test('backups, identifiers, engine and instance class', () => {
      expect(() => make('us-east-1', { backupRetentionDays: 3 })).toThrow(/`backupRetentionDays` must be an integer from 7 to 35, got 3/);
      expect(() => make('us-east-1', { clusterIdentifier: 'Graph_1' })).toThrow(/`clusterIdentifier` must be 2-63 lowercase letters.*got 'Graph_1'/);
      expect(() => make('us-east-1', { engineVersion: NeptuneEngineVersion.of('1.1.1.0') }))
        .toThrow(/`engineVersion` must be 1.2.0.0 or later for a global database, got '1.1.1.0'/);
      expect(() => make('us-east-1', { instanceClass: NeptuneInstanceClass.T4G_MEDIUM }))
        .toThrow(/`instanceClass` must not be burstable in a global database, got 'db.t4g.medium'/);
    });

    test('global database regions', () => {
      expect(() => make('us-east-1', { globalDatabase: { ...GLOBAL, regions: ['us-east-1'] } }))
        .toThrow(/`globalDatabase.regions` must list 2 to 6 regions/);
      expect(() => make('us-east-1', { globalDatabase: { ...GLOBAL, primaryRegion: 'ap-south-1' } }))
        .toThrow(/`globalDatabase.primaryRegion` must be one of `globalDatabase.regions` \(us-east-1, us-west-2\), got 'ap-south-1'/);
      expect(() => make('eu-west-1', { instanceAvailabilityZones: ['eu-west-1a', 'eu-west-1b'] }))
        .toThrow(/`globalDatabase.regions` must include the stack's region 'eu-west-1'/);
    });
  });
});

describe('addGraphDatabaseAlarms', () => {
  const sla = { latencyP99Ms: 50, errorRatePercent: 0.5, availabilityPercent: 99.95, capacityHeadroomPercent: 30 };
  const alarms = (region: string) => {
    const { stack, db } = make(region);
    const monitoring = new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'graph' });
    addGraphDatabaseAlarms(monitoring, db, { sla, maxReplicaLagMs: 1000, maxGlobalReplicationLagMs: 5000 });
    return Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
  };

  test('primary: Gremlin error rate and CPU at the SLA, memory, queueing and reader lag; no global lag', () => {
    const a = alarms('us-east-1');
    const errorRate = a.find((x) => x.AlarmName.includes('ErrorRate'));
    expect(errorRate.Threshold).toBe(0.5);
    expect(errorRate.Metrics[0].Expression).toBe('IF(FILL(requests, 0) > 0, 100 * FILL(errors, 0) / FILL(requests, 0), 0)');
    expect(errorRate.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName).sort())
      .toEqual(['GremlinRequestsPerSec', 'GremlinServerErrorsPerSec']);
    const byMetric = Object.fromEntries(a.filter((x) => x.MetricName).map((x) => [x.MetricName, x]));
    expect(byMetric.CPUUtilization.Threshold).toBe(70);
    expect(byMetric.CPUUtilization.Namespace).toBe('AWS/Neptune');
    expect(byMetric.CPUUtilization.Dimensions).toEqual([{ Name: 'DBClusterIdentifier', Value: 'graph-test-us-east-1' }]);
    expect(byMetric.FreeableMemory).toMatchObject({ Threshold: Math.round(16 * 1024 ** 3 * 0.05), ComparisonOperator: 'LessThanThreshold' });
    expect(byMetric.MainRequestQueuePendingRequests.Threshold).toBe(0);
    expect(byMetric.ClusterReplicaLagMaximum.Threshold).toBe(1000);
    expect(byMetric.GlobalDbProgressLag).toBeUndefined();
  });

  test('every alarm reads 5-minute periods (Neptune aggregates every metric over 5 minutes) and pages on one bad period', () => {
    const a = alarms('us-east-1').filter((x) => !x.AlarmName.includes('BurnRate'));
    const periods = a.flatMap((x) => (x.Period ? [x.Period] : x.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Period)));
    expect(new Set(periods)).toEqual(new Set([300]));
    expect(new Set(a.map((x) => x.EvaluationPeriods))).toEqual(new Set([1]));
  });

  test('secondary: global database lag behind the primary region', () => {
    const lag = alarms('us-west-2').find((x) => x.MetricName === 'GlobalDbProgressLag');
    expect(lag.Threshold).toBe(5000);
    expect(lag.Dimensions).toEqual([
      { Name: 'DBClusterIdentifier', Value: 'graph-test-us-west-2' }, { Name: 'SourceRegion', Value: 'us-east-1' },
    ]);
  });

  test('bad thresholds are rejected', () => {
    const { stack, db } = make();
    const monitoring = new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'graph' });
    expect(() => addGraphDatabaseAlarms(monitoring, db, { sla, maxReplicaLagMs: 0, maxGlobalReplicationLagMs: 1 }))
      .toThrow(/`maxReplicaLagMs` must be > 0, got 0/);
  });
});
