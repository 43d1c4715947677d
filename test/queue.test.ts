import { App as CdkApp } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { App as Cdk8sApp } from 'cdk8s';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAwsApp } from '../bin/aws';
import { fixtureSettings } from './catalog/helpers';
import { type QueueSettings, QueueStack, queueUseCase } from '../lib/queue';
import type { EnvironmentConfig } from '../constructs/platform/config';
import { environmentConfig, testEnvironment } from './helpers/environment';
import { findObject, synthChart, validateObjects } from './helpers/k8s';

/** The delayed-queues service's settings in the fixture catalog (test/fixtures/catalog/delayed-queues.yaml). */
const delayedQueues = fixtureSettings<QueueSettings>('delayed-queues');

const settings: QueueSettings = delayedQueues;

function stacks(s: QueueSettings, env: Partial<EnvironmentConfig> = {}) {
  const app = buildAwsApp({ environments: [environmentConfig(env)] }, {
    outdir: mkdtempSync(join(tmpdir(), 'dq-')), useCases: [queueUseCase({ test: s }, 'delayed-queues')],
  });
  const byRegion = Object.fromEntries(app.node.children.filter((c): c is QueueStack => c instanceof QueueStack).map((st) => [st.region, st]));
  return { app, byRegion };
}

describe('AWS: one stack per region', () => {
  const { byRegion } = stacks(settings);
  const primary = Template.fromStack(byRegion['us-east-1']);
  const secondary = Template.fromStack(byRegion['us-west-2']);

  test('a stack in every region of the topology', () => {
    expect(Object.keys(byRegion).sort()).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
    expect(byRegion['us-west-2'].stackName).toBe('DelayedQueues-test-us-west-2');
  });

  test('the primary region creates the Multi-Region cluster and its regional cluster joins it', () => {
    primary.resourceCountIs('AWS::MemoryDB::MultiRegionCluster', 1);
    primary.hasResourceProperties('AWS::MemoryDB::Cluster', {
      MultiRegionClusterName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MultiRegionCluster'), 'MultiRegionClusterName'] },
      NumShards: 2, NumReplicasPerShard: 2, TLSEnabled: true,
    });
    primary.hasOutput('MultiRegionClusterName', {});
  });

  test('the regional cluster sits in the shared network stack\'s isolated subnets and admits the region\'s pod network', () => {
    const group = Object.values(primary.findResources('AWS::MemoryDB::SubnetGroup'))[0];
    expect(group.Properties.SubnetIds).toHaveLength(3);
    for (const id of group.Properties.SubnetIds) expect(JSON.stringify(id)).toContain('Network-test-us-east-1');
    primary.hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.1.0.0/16', FromPort: 6379 })] });
  });

  test('the queue contract is published in every region, with that region\'s zones as shards', () => {
    for (const [region, t] of [['us-east-1', primary], ['us-west-2', secondary]] as const) {
      t.hasResourceProperties('AWS::SSM::Parameter', { Name: '/delayed-queues/prod/shards', Value: `${region}a,${region}b,${region}c` });
      t.hasResourceProperties('AWS::SSM::Parameter', { Name: '/delayed-queues/prod/queues/scheduled-tasks/priority-levels', Value: '10' });
      t.hasResourceProperties('AWS::SSM::Parameter', { Name: '/delayed-queues/prod/queues/scheduled-tasks/dead-letter-queue', Value: 'dead-letters' });
    }
  });

  test('alarms: memory, CPU, replica lag, multi-region lag, and the first eviction', () => {
    const alarm = (name: string) => primary.hasResourceProperties('AWS::CloudWatch::Alarm', Match.objectLike({ AlarmName: Match.stringLikeRegexp(name) }));
    for (const n of ['Utilization-0', 'Utilization-1', 'MemoryNearMax', 'ReplicationLag', 'MultiRegionReplicationLag']) alarm(n);
    primary.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: Match.stringLikeRegexp('-Evictions-'), Threshold: 0, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold',
      Metrics: [Match.objectLike({ Expression: Match.stringLikeRegexp('SUM\\(Evictions\\)') })],
    });
    primary.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.stringLikeRegexp('-MultiRegionReplicationLag'), Threshold: 1000 });
    primary.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.stringLikeRegexp('-ReplicationLag'), Threshold: 1 });
  });

  test('the service role reads the contract parameters and the credentials secret, nothing else', () => {
    const policy = Object.values(primary.findResources('AWS::IAM::Policy'))[0];
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(new Set(actions)).toEqual(new Set([
      'ssm:DescribeParameters', 'ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParameterHistory',
      'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret',
    ]));
    // The secret's key admits the role through its key policy, for decryption only.
    primary.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
      Action: 'kms:Decrypt', Principal: { AWS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServiceRole'), 'Arn'] } },
    })]) } });
  });
});

describe('AWS: one deploy for every region', () => {
  const { app, byRegion } = stacks(settings);
  const primaryStack = byRegion['us-east-1'];
  const primary = Template.fromStack(primaryStack);

  test.each(['us-west-2', 'eu-west-1'])('%s joins the primary\'s Multi-Region cluster through Fn::GetStackOutput, and gets its alarms', (region) => {
    const t = Template.fromStack(byRegion[region]);
    t.resourceCountIs('AWS::MemoryDB::MultiRegionCluster', 0);
    const cluster = Object.values(t.findResources('AWS::MemoryDB::Cluster'));
    expect(cluster).toHaveLength(1);
    const ref = cluster[0].Properties.MultiRegionClusterName['Fn::GetStackOutput'];
    expect(ref).toEqual({ StackName: 'DelayedQueues-test-us-east-1', Region: 'us-east-1', OutputName: expect.any(String) });
    // The output it reads is the primary's Multi-Region cluster's generated name.
    expect(primary.findOutputs(ref.OutputName)[ref.OutputName].Value)
      .toEqual({ 'Fn::GetAtt': [primaryStack.getLogicalId(primaryStack.multiRegionCluster!.resource), 'MultiRegionClusterName'] });
    t.hasResourceProperties('AWS::MemoryDB::Cluster', { ClusterName: 'delayed-queues', TLSEnabled: true });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.stringLikeRegexp('-Evictions-') });
  });

  test.each(['us-west-2', 'eu-west-1'])('cdk deploy --all deploys the primary before %s (a dependency in the cloud assembly)', (region) => {
    expect(byRegion[region].dependencies).toContain(primaryStack);
    const manifest = JSON.parse(readFileSync(join(app.synth().directory, 'manifest.json'), 'utf8'));
    expect(manifest.artifacts[`DelayedQueues-test-${region}`].dependencies).toContain('DelayedQueues-test-us-east-1');
    expect(manifest.artifacts['DelayedQueues-test-us-east-1'].dependencies ?? []).not.toContain(`DelayedQueues-test-${region}`);
  });

  test('the reference needs no custom resource, Lambda function or SSM export (a weak reference)', () => {
    for (const st of Object.values(byRegion)) {
      const types = Object.values(Template.fromStack(st).toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type);
      expect(types.filter((t) => /^Custom::|^AWS::Lambda::|^AWS::CloudFormation::CustomResource$/.test(t))).toEqual([]);
    }
  });

  test('the primary keeps its own reference and logical ids', () => {
    expect(Object.keys(primary.findResources('AWS::MemoryDB::Cluster'))).toEqual(['ClusterEB0386A7']);
    expect(Object.keys(primary.findResources('AWS::MemoryDB::MultiRegionCluster'))).toEqual(['MultiRegionCluster1AD92EE8']);
    expect(Object.keys(Template.fromStack(byRegion['us-west-2']).findResources('AWS::MemoryDB::Cluster'))).toEqual(['ClusterEB0386A7']);
  });
});

describe('Kubernetes: one chart per region', () => {
  const env = testEnvironment();
  const charts = queueUseCase({ test: settings }, 'delayed-queues').addCharts(new Cdk8sApp(), env).map((b) => b.chart);

  test('every object of every chart validates', () => {
    expect(charts.map((c) => c.node.id)).toEqual(['delayed-queues-test-us-east-1', 'delayed-queues-test-us-west-2', 'delayed-queues-test-eu-west-1']);
    for (const c of charts) expect(validateObjects(synthChart(c))).toEqual([]);
  });

  test('each chart has the namespace with default-deny, its racks and the contract', () => {
    const objects = synthChart(charts[2]);
    expect(findObject(objects, 'Namespace', 'delayed-queues')).toBeDefined();
    expect(findObject(objects, 'NetworkPolicy', 'default-deny-ingress').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(objects.filter((o) => o.kind === 'StatefulSet').map((o) => o.metadata.name)).toEqual(['queues-eu-west-1a', 'queues-eu-west-1b', 'queues-eu-west-1c']);
    expect(findObject(objects, 'ConfigMap', 'queues-queue-contract').data.shards).toBe('eu-west-1a,eu-west-1b,eu-west-1c');
    expect(findObject(objects, 'NetworkPolicy', 'queues-allow-clients').spec.ingress[0].from).toHaveLength(2);
  });
});

describe('use case', () => {
  test('adds nothing for an environment without settings', () => {
    const uc = queueUseCase({ other: settings }, 'delayed-queues');
    expect(uc.addCharts(new Cdk8sApp(), testEnvironment())).toEqual([]);
    expect(uc.addStacks(new CdkApp(), testEnvironment(), { network: () => { throw new Error('unused'); } })).toEqual([]);
  });
});

describe('validation', () => {
  test('regions in different accounts', () => {
    const cfg = environmentConfig();
    const regions = cfg.regions.map((r, i) => (i === 1 ? { ...r, account: '210987654321' } : r));
    expect(() => stacks(settings, { regions })).toThrow(/must share one AWS account.*\["123456789012","210987654321"\]/);
  });

  test('a region without MemoryDB Multi-Region', () => {
    const cfg = environmentConfig();
    const regions = [...cfg.regions, { ...cfg.regions[0], region: 'ca-central-1', availabilityZones: ['ca-central-1a', 'ca-central-1b'], kubernetes: { ...cfg.regions[0].kubernetes, context: 'test-ca-central-1', podCidr: '10.9.0.0/16' } }];
    const s = { ...settings, dynomite: { ...settings.dynomite, topology: { regions: [...settings.dynomite.topology.regions, { region: 'ca-central-1', nodesPerZone: 1, replicationFactor: 2 }] } } };
    expect(() => stacks(s, { regions })).toThrow(/`settings.dynomite.topology.regions\[3\].region` must be a MemoryDB Multi-Region region.*got 'ca-central-1'/);
  });

  test('topology without the primary region', () => {
    const s = { ...settings, dynomite: { ...settings.dynomite, topology: { regions: settings.dynomite.topology.regions.slice(1) } } };
    expect(() => stacks(s)).toThrow(/must include the primary region 'us-east-1'/);
  });

  test('a secondary region\'s stack without the primary\'s Multi-Region cluster, or a primary given one', () => {
    const env = testEnvironment();
    const shared = { network: () => { throw new Error('unused'); } };
    const make = (region: string, multiRegionCluster?: QueueStack['multiRegionCluster']) => new QueueStack(new CdkApp(), `Q-${region}`, {
      env: { account: env.region(region).account, region }, environment: env, settings, shared, multiRegionCluster, service: 'delayed-queues',
    });
    expect(() => make('us-west-2')).toThrow(/^Q-us-west-2: `multiRegionCluster` must be the primary region's \(us-east-1\) Multi-Region cluster for a stack in us-west-2, got none$/);
    const { byRegion } = stacks(settings);
    expect(() => make('us-east-1', byRegion['us-east-1'].multiRegionCluster))
      .toThrow(/^Q-us-east-1: `multiRegionCluster` must be absent in the primary region us-east-1, whose stack creates it, got DelayedQueues-test-us-east-1\/MultiRegionCluster$/);
  });

  test('replication lag and SLA', () => {
    expect(() => stacks({ ...settings, maxReplicationLagMs: 0 })).toThrow(/`settings.maxReplicationLagMs` must be > 0, got 0/);
    expect(() => stacks({ ...settings, sla: { ...settings.sla, errorRatePercent: 100 } })).toThrow(/`settings.sla.errorRatePercent` must be > 0 and < 100, got 100/);
  });
});
