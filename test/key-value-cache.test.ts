import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdk8s';
import { App as Cdk8sApp } from 'cdk8s';
import type { KeyValueCacheSettings } from '../lib/key-value-cache';
import { fixtureSettings } from './catalog/helpers';
import { NetworkStack } from '../lib/network';
import { KeyValueCacheChart, KeyValueCacheStack, keyValueCacheUseCase } from '../lib/key-value-cache';
import type { SharedStacks } from '../lib/use-case';
import { testApp } from './helpers/aws';
import { testEnvironment } from './helpers/environment';
import { findObject, synthChart, validateObjects } from './helpers/k8s';

/** The cdn-url service's settings in the fixture catalog (test/fixtures/catalog/cdn-url.yaml). */
const cdnUrl = fixtureSettings<KeyValueCacheSettings>('cdn-url');

const env = testEnvironment({ name: 'prod' });

describe('the use case', () => {
  const app = testApp();
  const networks = new Map<string, NetworkStack>();
  const shared: SharedStacks = {
    network(region) {
      if (!networks.has(region)) networks.set(region, new NetworkStack(app, `Network-${region}`, { env: { account: '123456789012', region }, environment: env, region: env.region(region) }));
      return networks.get(region)!;
    },
  };
  const useCase = keyValueCacheUseCase({ prod: cdnUrl }, 'cdn-url');
  const stacks = useCase.addStacks(app, env, shared).map((b) => b.stack);
  const charts = useCase.addCharts(new Cdk8sApp(), env).map((b) => b.chart);

  test('one stack and one chart per configured region, nothing for other environments', () => {
    expect(stacks.map((s) => s.stackName)).toEqual(['CdnUrl-prod-us-east-1', 'CdnUrl-prod-us-west-2', 'CdnUrl-prod-eu-west-1']);
    expect(charts.map((c) => c.node.id)).toEqual(['cdn-url-prod-us-east-1', 'cdn-url-prod-us-west-2', 'cdn-url-prod-eu-west-1']);
    expect(useCase.addStacks(testApp(), testEnvironment({ name: 'staging' }), shared)).toEqual([]);
  });

  test('each stack places its cache in the shared network stack\'s VPC of its region', () => {
    for (const s of stacks) {
      expect(s.cache.placement.region.region).toBe(s.region);
      expect(s.dependencies).toContain(networks.get(s.region));
    }
  });

  test('every stack passes cdk-nag and the CloudFormation validator', () => {
    // synth runs the validation plugins, throws on any finding and writes the report.
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.length).toBeGreaterThan(0);
    for (const r of report.pluginReports) expect([r.pluginName, r.conclusion]).toEqual([r.pluginName, 'success']);
  });

  const t = Template.fromStack(stacks[0]);

  test('the client security group may reach the cache on its port, and nothing else', () => {
    t.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { FromPort: 11211, ToPort: 11211, IpProtocol: 'tcp' });
    t.resourceCountIs('AWS::EC2::SecurityGroupEgress', 1);
  });

  test('the client role reads the metadata and publishes to the other regions\' queues only', () => {
    const policies = Object.values(t.findResources('AWS::IAM::Policy'));
    const client = JSON.stringify(policies.find((p) => JSON.stringify(p.Properties.Roles).includes('ClientRole')));
    expect(client).toContain('arn:aws:sqs:us-west-2:123456789012:cdn-url-evcache-replication');
    expect(client).toContain('arn:aws:sqs:eu-west-1:123456789012:cdn-url-evcache-replication');
    expect(client).not.toContain('arn:aws:sqs:us-east-1');
    expect(client).toContain('ssm:GetParameter');
    expect(client).toContain('alias/evcache/cdn-url/replication');
    const reader = JSON.stringify(policies.find((p) => JSON.stringify(p.Properties.Roles).includes('ReplicationReaderRole')));
    expect(reader).toContain('sqs:ReceiveMessage');
    expect(reader).not.toContain('sqs:SendMessage');
  });

  test('roles are for EKS Pod Identity', () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: ['sts:AssumeRole', 'sts:TagSession'], Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' } }] },
    });
  });

  test('outputs name what the service needs', () => {
    expect(Object.keys(t.findOutputs('*')).sort()).toEqual(
      ['ClientRoleArn', 'ClientSecurityGroupId', 'ReplicationQueueUrl', 'ReplicationReaderRoleArn', 'TopologyParameter'].sort());
  });

  test('each chart validates and holds a restricted namespace with its default-deny policy', () => {
    for (const c of charts) {
      const objects = synthChart(c);
      expect(validateObjects(objects)).toEqual([]);
      expect(findObject(objects, 'Namespace', 'cdn-url-cache').metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('restricted');
      expect(findObject(objects, 'NetworkPolicy', 'default-deny-ingress').spec.podSelector).toEqual({});
    }
  });

});

test('a bad SLA is rejected by the stack and the chart', () => {
  const settings = { ...cdnUrl, sla: { ...cdnUrl.sla, latencyP99Ms: 0 } };
  const app = testApp();
  const vpc = new NetworkStack(app, 'Net', { env: { account: '123456789012', region: 'us-east-1' }, environment: env, region: env.region('us-east-1') }).network.vpc;
  expect(() => new KeyValueCacheStack(app, 'S', { env: { account: '123456789012', region: 'us-east-1' }, environment: env, settings, vpc, service: 'cdn-url' }))
    .toThrow(/S: `settings.sla.latencyP99Ms` must be > 0, got 0/);
  expect(() => new KeyValueCacheChart(Testing.app(), 'c', { environment: env, region: 'us-east-1', settings }))
    .toThrow(/c: `settings.sla.latencyP99Ms` must be > 0, got 0/);
});
