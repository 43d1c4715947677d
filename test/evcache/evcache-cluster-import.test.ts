import { Lazy, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Grant } from 'aws-cdk-lib/aws-iam';
import { EvcacheCluster, type IEvcacheCluster } from '../../constructs/evcache/aws/evcache-cluster';
import { testStack } from '../helpers/aws';
import { STORE_SG, cfnResourcePaths, clientRole, clientSecurityGroup, expectClientsAdmitted, grantedStatements } from '../helpers/grants';
import { render } from '../iam/policy';
import { awsCache } from './fixtures';

const ENV = { region: 'us-east-1', account: '123456789012' };
const SSM_READ = ['ssm:DescribeParameters', 'ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParameterHistory'];
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const arn = (name: string) => `arn:aws:ssm:us-east-1:123456789012:parameter${name}`;

function importCache(stack: Stack, id = 'Cache'): IEvcacheCluster {
  return EvcacheCluster.fromEvcacheClusterAttributes(stack, id, {
    cacheName: 'urls', zones: ZONES, securityGroups: [clientSecurityGroup(stack, `${id}Sg`, STORE_SG)],
  });
}

/** Each statement of `grant` with its resources rendered (a parameter's Ref becomes its name). */
function rendered(stack: Stack, grant: Grant, template: any = { Resources: {} }) {
  return (grantedStatements(stack, grant) as any[]).map((s) => ({ ...s, Resource: [s.Resource].flat().map((r: any) => render(template, r, ENV)) }));
}

describe('EvcacheCluster.fromEvcacheClusterAttributes', () => {
  test('the import creates no resource (its parameters are imported by name, their values never read)', () => {
    const stack = testStack();
    importCache(stack).grantReadMetadata(clientRole(stack));
    expect(cfnResourcePaths(stack)).toEqual(['Test/ClientRole/Resource', 'Test/ClientRole/DefaultPolicy/Resource']);
  });

  test('grantReadMetadata: a Grant that succeeded, reading the topology and every zone endpoint parameter', () => {
    const stack = testStack();
    const grant = importCache(stack).grantReadMetadata(clientRole(stack));
    expect(grant.success).toBe(true);
    expect(rendered(stack, grant)).toEqual([
      '/evcache/urls/topology', ...ZONES.map((z) => `/evcache/urls/endpoints/${z}`),
    ].map((name) => ({ Effect: 'Allow', Action: SSM_READ, Resource: [arn(name)] })));
  });

  test('an import of the owned cache by its attributes grants the same statements as the owned cache', () => {
    const { stack, cache } = awsCache();
    const imported = EvcacheCluster.fromEvcacheClusterAttributes(stack, 'Imported', {
      cacheName: cache.cacheName, zones: [...cache.zones], securityGroups: [cache.securityGroup],
    });
    const ownedGrant = cache.grantReadMetadata(clientRole(stack, 'Owner'));
    const importedGrant = imported.grantReadMetadata(clientRole(stack, 'Importer'));
    const template = Template.fromStack(stack).toJSON();
    const owned = rendered(stack, ownedGrant, template);
    expect(owned).toHaveLength(1 + cache.zones.length);
    expect(rendered(stack, importedGrant, template)).toEqual(owned);
  });

  test('connections open the memcached port on the imported security group', () => {
    const stack = testStack();
    const cache = importCache(stack);
    expectClientsAdmitted(stack, cache, 11211);
    expect([cache.port, cache.metadataPath]).toEqual([11211, '/evcache/urls']);
  });
});

describe('EvcacheCluster token guards', () => {
  const lazy = (n: number) => Lazy.number({ produce: () => n });

  test('a token port, connections overhead and idle timeout skip their range checks and reach the template as numbers', () => {
    const port = lazy(11212);
    expect(Token.isUnresolved(port)).toBe(true);
    const { stack } = awsCache({ port, parameters: { connectionsOverheadMiB: lazy(200), idleTimeoutSeconds: lazy(600) } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElastiCache::CacheCluster', { Port: 11212 });
    t.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { Properties: { memcached_connections_overhead: '200', idle_timeout: '600' } });
  });

  test('a token where the construct computes with the value is refused, naming the field', () => {
    expect(() => awsCache({ parameters: { maxItemSizeKiB: lazy(2048) } }))
      .toThrow(/`parameters.maxItemSizeKiB` must be known at synth time \(the construct computes with it\), got an unresolved token/);
    expect(() => awsCache({ maintenanceWindow: { startHourUtc: lazy(3) } })).toThrow(/`maintenanceWindow.startHourUtc` must be known at synth time/);
  });

  test('a literal out of range is still refused', () => {
    expect(() => awsCache({ port: 80 })).toThrow(/`port` must be/);
  });
});
