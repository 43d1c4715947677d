import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { ClusterMetadataParameter, addAwsClusterMetadata, awsRegionEndpoints } from '../../constructs/catalog/aws/cluster-metadata';
import { type ClusterRecord, type ClusterSource, clusterRecord, isClusterMetadata } from '../../constructs/catalog/inventory';
import { ReplicationMode } from '../../constructs/catalog/model';
import { shapeOf, topologyOver } from '../../constructs/catalog/stores';
import { testEnvironment } from '../helpers/environment';
import { testApp, testStack } from '../helpers/aws';
import { defaultSynth } from '../helpers/default-synth';

const env = testEnvironment();
const source: ClusterSource = {
  entry: {
    service: 'watch-progress', file: 'services/watch-progress.yaml', owner: 'playback-team', regions: ['us-east-1', 'us-west-2'],
    requirements: { dataModel: 'time-series', latencyP99Ms: 20, readsPerSecond: 1, writesPerSecond: 1, replication: 'multi-region', consistency: 'regional', datasetGiB: 1, monthlyGrowthPercent: 1 },
    sla: { latencyP99Ms: 20, errorRatePercent: 0.1, availabilityPercent: 99.9, capacityHeadroomPercent: 30 },
    environments: {},
  },
  store: 'cassandra',
  environment: env,
  shape: shapeOf(env, topologyOver(['us-east-1', 'us-west-2'], 2, 3), ReplicationMode.MULTI_DIRECTIONAL),
};
const NAME = '/platform/test/clusters/watch-progress/cassandra';
const record = (metadata = [{ region: 'us-east-1', parameter: NAME }], extra: Partial<ClusterRecord> = {}): ClusterRecord =>
  ({ ...clusterRecord(source, 'aws', [], metadata), ...extra });

describe('ClusterMetadataParameter defaults', () => {
  const stack = testStack();
  const c = new ClusterMetadataParameter(stack, 'ClusterMetadata', { record: record() });
  const t = Template.fromStack(stack);

  test('@default parameterName: /platform/<environment>/clusters/<service>/<store>', () => {
    expect(c.parameterName).toBe(NAME);
    t.hasResourceProperties('AWS::SSM::Parameter', { Name: NAME, Type: 'String' });
  });

  test('@default tier: Standard', () => {
    t.hasResourceProperties('AWS::SSM::Parameter', { Name: NAME, Tier: 'Standard' });
  });

  test('the value is the record as JSON, nothing else', () => {
    const [p] = Object.values<any>(t.findResources('AWS::SSM::Parameter'));
    expect(JSON.parse(p.Properties.Value)).toEqual(record());
  });

  test('"Resource" is the parameter, and the construct is found by the inventory', () => {
    expect(c.parameter.node.id).toBe('Resource');
    expect(isClusterMetadata(c)).toBe(true);
    expect(isClusterMetadata(c.parameter)).toBe(false);
  });
});

describe('ClusterMetadataParameter validation', () => {
  const build = (props: Partial<ConstructorParameters<typeof ClusterMetadataParameter>[2]>, region = 'us-east-1') =>
    () => new ClusterMetadataParameter(testStack(testApp(), region), 'ClusterMetadata', { record: record(), ...props });

  test('control: a valid record in its region builds', () => expect(build({})).not.toThrow());

  test('a Kubernetes record', () => {
    expect(build({ record: record(undefined, { flavor: 'kubernetes' }) })).toThrow(/Test\/ClusterMetadata: `record\.flavor` must be 'aws', got 'kubernetes'/);
  });

  test('a stack outside the record\'s regions', () => {
    expect(build({ record: record([{ region: 'eu-west-1', parameter: NAME }]) }, 'eu-west-1'))
      .toThrow(/`record\.regions` must include the stack's region 'eu-west-1', got \["us-east-1","us-west-2"\]/);
  });

  test.each(['platform/x', '/platform/has space', '/'])('parameterName %p', (name) => {
    expect(build({ parameterName: name, record: record([{ region: 'us-east-1', parameter: name }]) }))
      .toThrow(/`parameterName` must be an absolute SSM path of letters, digits and _\.- \(at most 1011 characters\), got/);
  });

  test('a record larger than the tier allows names the size and the way out; ADVANCED takes it', () => {
    const big = record(undefined, { owner: 'x'.repeat(4200) });
    expect(build({ record: big })).toThrow(/`record` must fit the Standard tier \(4096 characters\), got \d{4}: .*ParameterTier\.ADVANCED/);
    expect(build({ record: big, tier: ParameterTier.ADVANCED })).not.toThrow();
    expect(build({ record: record(undefined, { owner: 'x'.repeat(8200) }), tier: ParameterTier.ADVANCED })).toThrow(/must fit the Advanced tier \(8192 characters\)/);
  });

  test('a tier SSM does not have for String values', () => {
    expect(build({ tier: ParameterTier.INTELLIGENT_TIERING })).toThrow(/`tier` must be one of Standard, Advanced, got 'Intelligent-Tiering'/);
  });

  test('a record that does not list this parameter for the region', () => {
    expect(build({ parameterName: '/platform/other' })).toThrow(/`record\.metadata` must list this parameter \{"region":"us-east-1","parameter":"\/platform\/other"\}/);
  });
});

describe('awsRegionEndpoints', () => {
  const stack = testStack(testApp(), 'us-east-1', 'Svc-test-us-east-1');
  new CfnOutput(stack, 'TableName', { value: 'ks.table' });
  const alone = new StringParameter(stack, 'Alone', { parameterName: '/svc/topology', stringValue: '{}' });
  const contract = new Construct(stack, 'Contract');
  const group = ['prefix', 'queues/a/priority', 'shards'].map((k) => new StringParameter(contract, k, { parameterName: `/svc/contract/${k}`, stringValue: 'v' }));
  const generated = new StringParameter(stack, 'Generated', { stringValue: 'no literal name' });
  const lazy = new StringParameter(stack, 'Lazy', { parameterName: Lazy.string({ produce: () => '/late' }), simpleName: false, stringValue: 'v' });
  new StringParameter(stack, 'Unpublished', { parameterName: '/svc/internal', stringValue: 'v' });
  const e = awsRegionEndpoints(stack, [[alone], group, [generated, lazy]]);

  test('the stack and its outputs by logical id', () => {
    expect(e).toMatchObject({ region: 'us-east-1', stack: 'Svc-test-us-east-1', outputs: ['TableName'] });
  });

  test('the published parameters by literal name; a group of several as <path>/*; generated and token names left out', () => {
    expect(e.parameters).toEqual(['/svc/topology', '/svc/contract/*']);
  });

  test('a parameter the stack does not publish is not listed (no guessing from the construct tree)', () => {
    expect(e.parameters).not.toContain('/svc/internal');
    expect(awsRegionEndpoints(stack).parameters).toEqual([]);
  });

  test('every listed name exists in the template', () => {
    const t = Template.fromStack(stack).toJSON();
    const names = Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::SSM::Parameter').map((r) => r.Properties.Name);
    for (const n of e.parameters!) expect(names.some((x) => x === n || (n.endsWith('/*') && typeof x === 'string' && x.startsWith(n.slice(0, -1))))).toBe(true);
    expect(Object.keys(t.Outputs)).toEqual(e.outputs);
  });
});

describe('addAwsClusterMetadata', () => {
  const app = testApp();
  const stacks = ['us-east-1', 'us-west-2'].map((r) => {
    const s = new Stack(app, `WatchProgress-test-${r}`, { env: { account: '123456789012', region: r } });
    new CfnOutput(s, 'TableName', { value: 'x' });
    return { region: r, stack: s };
  });
  const added = addAwsClusterMetadata(source, stacks);

  test('one parameter per region, the same record in each, listing every region\'s endpoints and parameter', () => {
    expect(added.map((c) => Stack.of(c).region)).toEqual(['us-east-1', 'us-west-2']);
    expect(added[1].record).toBe(added[0].record);
    expect(added[0].record.endpoints.map((x) => [x.region, x.stack, x.outputs])).toEqual([
      ['us-east-1', 'WatchProgress-test-us-east-1', ['TableName']], ['us-west-2', 'WatchProgress-test-us-west-2', ['TableName']],
    ]);
    expect(added[0].record.metadata).toEqual([{ region: 'us-east-1', parameter: NAME }, { region: 'us-west-2', parameter: NAME }]);
  });

  test('the record comes from the entry and the shape: owner, SLA, zones, capacity', () => {
    const r = added[0].record;
    expect(r).toMatchObject({ service: 'watch-progress', owner: 'playback-team', store: 'cassandra', flavor: 'aws', environment: 'test', replication: 'multi-directional', regions: ['us-east-1', 'us-west-2'] });
    expect(r.sla).toEqual(source.entry.sla);
    expect(r.zones['us-west-2']).toEqual(['us-west-2a', 'us-west-2b', 'us-west-2c']);
    expect(r.capacity['us-east-1']).toEqual({ zones: 3, nodesPerZone: 2, nodes: 6, replicationFactor: 3 });
    expect(r.leaderRegion).toBeUndefined();
  });

  test('a stack outside the cluster\'s regions fails, naming the file, the stack and the regions', () => {
    const other = new Stack(testApp(), 'X', { env: { account: '123456789012', region: 'eu-west-1' } });
    expect(() => addAwsClusterMetadata(source, [{ region: 'eu-west-1', stack: other }]))
      .toThrow(/services\/watch-progress\.yaml \(test, aws\): stack 'X' is in region 'eu-west-1', outside the cluster's regions \["us-east-1","us-west-2"\]/);
  });
});

describe('the catalog\'s stacks publish every SSM parameter they hold (npm run synth\'s output)', () => {
  const dir = defaultSynth().aws;
  const templates = readdirSync(dir).filter((f) => f.endsWith('.template.json') && !f.startsWith('Network-'));
  const parameters = (t: any) => Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::SSM::Parameter');

  test.each(templates)('%s: every literal parameter name but the record\'s own is in the record', (file) => {
    const t = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const metadata = parameters(t).find((r) => typeof r.Properties.Name === 'string' && r.Properties.Name.startsWith('/platform/'));
    expect(metadata).toBeDefined();
    const record = JSON.parse(metadata.Properties.Value) as ClusterRecord;
    const listed = record.endpoints.flatMap((e) => e.parameters ?? []);
    for (const r of parameters(t)) {
      const name = r.Properties.Name;
      if (typeof name !== 'string' || r === metadata) continue;
      expect(listed.some((n) => n === name || (n.endsWith('/*') && name.startsWith(n.slice(0, -1))))).toBe(true);
    }
  });
});
