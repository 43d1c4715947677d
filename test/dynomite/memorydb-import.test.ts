import { Lazy, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Policy } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  type IMemoryDbRegionalCluster, MemoryDbMultiRegionCluster, MemoryDbNodeType, MemoryDbRegionalCluster, type MemoryDbRegionalClusterProps,
} from '../../constructs/dynomite/aws/memorydb';
import { DataNetwork } from '../../constructs/platform/aws/data-network';
import { testApp, testStack } from '../helpers/aws';
import { testEnvironment } from '../helpers/environment';
import { STORE_SG, cfnResourcePaths, clientRole, clientSecurityGroup, expectClientsAdmitted, grantedStatements } from '../helpers/grants';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:queues-user-AbCdEf';
/** What a queue client does with its credentials (test/iam/client-roles.test.ts: the DelayedQueues role). */
const SECRET_READ = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];

function owned(over: Partial<MemoryDbRegionalClusterProps> = {}) {
  const stack = testStack(testApp());
  const vpc = new DataNetwork(stack, 'Network', { region: testEnvironment().region('us-east-1') }).vpc;
  const cluster = new MemoryDbRegionalCluster(stack, 'Cluster', {
    clusterName: 'queues', multiRegionClusterName: 'virxk-queues', nodeType: MemoryDbNodeType.R7G_XLARGE, numShards: 2,
    vpc, clientCidrs: ['10.1.0.0/16'], ...over,
  });
  return { stack, cluster };
}

function imported() {
  const stack = testStack(testApp(), 'us-east-1', 'Consumer');
  const cluster: IMemoryDbRegionalCluster = MemoryDbRegionalCluster.fromMemoryDbRegionalClusterAttributes(stack, 'Cluster', {
    clusterName: 'queues', endpointAddress: 'clustercfg.queues.abc123.memorydb.us-east-1.amazonaws.com',
    securityGroups: [clientSecurityGroup(stack, 'ClusterSg', STORE_SG)],
    secret: Secret.fromSecretCompleteArn(stack, 'UserSecret', SECRET_ARN),
  });
  return { stack, cluster };
}

describe('MemoryDbRegionalCluster.fromMemoryDbRegionalClusterAttributes', () => {
  test('the import creates no resource', () => {
    expect(cfnResourcePaths(imported().stack)).toEqual([]);
  });

  test('grantReadCredentials: a Grant that succeeded, reading the ACL user secret and nothing else (no memorydb:Connect)', () => {
    const { stack, cluster } = imported();
    const grant = cluster.grantReadCredentials(clientRole(stack));
    expect(grant.success).toBe(true);
    expect(grantedStatements(stack, grant)).toEqual([{ Effect: 'Allow', Action: SECRET_READ, Resource: SECRET_ARN }]);
  });

  test('a secret under an imported customer-managed key: grantReadCredentials does not reach the key, key.grantDecrypt does', () => {
    // aws-cdk's Secret.grantRead grants the key to a ViaServicePrincipal, which adds to the key's
    // policy: an imported key's policy is in another stack, so nothing is added (README says so).
    const stack = testStack(testApp(), 'us-east-1', 'Consumer');
    const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const key = Key.fromKeyArn(stack, 'Key', keyArn);
    const cluster = MemoryDbRegionalCluster.fromMemoryDbRegionalClusterAttributes(stack, 'Cluster', {
      clusterName: 'queues', endpointAddress: 'clustercfg.queues.abc123.memorydb.us-east-1.amazonaws.com', securityGroups: [],
      secret: Secret.fromSecretAttributes(stack, 'UserSecret', { secretCompleteArn: SECRET_ARN, encryptionKey: key }),
    });
    const role = clientRole(stack);
    const grant = cluster.grantReadCredentials(role);
    const policyActions = () => (stack.resolve((role.node.findChild('DefaultPolicy') as Policy).document.toJSON()).Statement as any[])
      .flatMap((st) => [st.Action].flat());
    expect(grantedStatements(stack, grant)).toEqual([{ Effect: 'Allow', Action: SECRET_READ, Resource: SECRET_ARN }]);
    expect(policyActions()).toEqual(SECRET_READ);
    expect(grantedStatements(stack, key.grantDecrypt(role))).toEqual([{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn }]);
    expect(policyActions()).toEqual([...SECRET_READ, 'kms:Decrypt']);
  });

  test('the owned cluster grants the same actions on its own secret', () => {
    const { stack, cluster } = owned();
    const grant = cluster.grantReadCredentials(clientRole(stack));
    expect(grant.success).toBe(true);
    expect(grantedStatements(stack, grant)).toEqual([{ Effect: 'Allow', Action: SECRET_READ, Resource: { Ref: stack.getLogicalId(cluster.secret.node.defaultChild as any) } }]);
    const again = MemoryDbRegionalCluster.fromMemoryDbRegionalClusterAttributes(stack, 'Imported', {
      clusterName: cluster.clusterName, endpointAddress: cluster.endpointAddress, securityGroups: [cluster.securityGroup], secret: cluster.secret,
    });
    expect(grantedStatements(stack, again.grantReadCredentials(clientRole(stack, 'Other')))).toEqual(grantedStatements(stack, grant));
  });

  test('connections open 6379 on the imported security group', () => {
    const { stack, cluster } = imported();
    expectClientsAdmitted(stack, cluster, 6379);
  });

  test('the owned cluster\'s connections are its security group on 6379', () => {
    const { cluster } = owned();
    expect(cluster.connections.securityGroups).toEqual([cluster.securityGroup]);
    expect(cluster.connections.defaultPort?.toString()).toBe('6379');
  });

  test('metrics of an import query the same cluster as the owned cluster\'s', () => {
    expect(imported().cluster.metricEvictions().expression).toBe(owned().cluster.metricEvictions().expression);
  });
});

describe('MemoryDbRegionalCluster token guards', () => {
  const lazy = (n: number) => Lazy.number({ produce: () => n });

  test('token shards, replicas and snapshot retention skip their range checks and reach the template', () => {
    const shards = lazy(4);
    expect(Token.isUnresolved(shards)).toBe(true);
    const { stack } = owned({ numShards: shards, replicasPerShard: lazy(1), snapshotRetentionDays: lazy(10) });
    Template.fromStack(stack).hasResourceProperties('AWS::MemoryDB::Cluster', { NumShards: 4, NumReplicasPerShard: 1, SnapshotRetentionLimit: 10 });
  });

  test('a literal out of range is still refused', () => {
    expect(() => owned({ replicasPerShard: 0 })).toThrow(/`replicasPerShard` must be/);
  });
});

describe('MemoryDbMultiRegionCluster.fromMemoryDbMultiRegionClusterAttributes', () => {
  test('a regional cluster joins an imported Multi-Region cluster by its name; the import creates no resource', () => {
    const stack = testStack(testApp(), 'us-west-2', 'Secondary');
    const mrc = MemoryDbMultiRegionCluster.fromMemoryDbMultiRegionClusterAttributes(stack, 'MultiRegion', {
      multiRegionClusterName: 'virxk-queues', nodeType: MemoryDbNodeType.R7G_XLARGE, numShards: 2,
    });
    expect(cfnResourcePaths(stack)).toEqual([]);
    expect(mrc.shape).toEqual({ nodeType: MemoryDbNodeType.R7G_XLARGE, numShards: 2, engineVersion: '7.3' });
    const vpc = new DataNetwork(stack, 'Network', { region: testEnvironment().region('us-west-2') }).vpc;
    new MemoryDbRegionalCluster(stack, 'Cluster', { ...mrc.shape, clusterName: 'queues', multiRegionClusterName: mrc.multiRegionClusterName, vpc, clientCidrs: ['10.2.0.0/16'] });
    Template.fromStack(stack).hasResourceProperties('AWS::MemoryDB::Cluster', { MultiRegionClusterName: 'virxk-queues', NumShards: 2 });
  });

  test('the import is held to the Multi-Region rules, naming it', () => {
    expect(() => MemoryDbMultiRegionCluster.fromMemoryDbMultiRegionClusterAttributes(testStack(), 'M', {
      multiRegionClusterName: 'virxk-queues', nodeType: MemoryDbNodeType.of('db.r6g.xlarge'), numShards: 2,
    })).toThrow(/Test\/M: `nodeType` must be an R7g node of size xlarge or larger.*got 'db.r6g.xlarge'/);
  });
});
