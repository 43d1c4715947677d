import { Template, Match } from 'aws-cdk-lib/assertions';
import { DataNetwork } from '../../constructs/platform/aws/data-network';
import { testEnvironment } from '../helpers/environment';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Stack } from 'aws-cdk-lib';
import { MaxMemoryPolicy } from '../../constructs/dynomite/consistency';
import {
  MemoryDbMultiRegionCluster, MemoryDbNodeType, MemoryDbRegionalCluster, type MemoryDbRegionalClusterProps,
} from '../../constructs/dynomite/aws/memorydb';
import { QueueContractParameters } from '../../constructs/dynomite/aws/queue-contract-parameters';
import { testApp, testStack } from '../helpers/aws';

function vpcIn(stack: Stack) {
  return new DataNetwork(stack, 'Network', { region: testEnvironment().region('us-east-1') }).vpc;
}

function regional(over: Partial<MemoryDbRegionalClusterProps> = {}) {
  const stack = testStack(testApp());
  const cluster = new MemoryDbRegionalCluster(stack, 'Cluster', {
    clusterName: 'queues', multiRegionClusterName: 'virxk-queues', nodeType: MemoryDbNodeType.R7G_XLARGE, numShards: 2,
    vpc: vpcIn(stack), clientCidrs: ['10.1.0.0/16'], ...over,
  });
  return { stack, cluster, template: Template.fromStack(stack) };
}

describe('multi-region cluster', () => {
  const stack = testStack(testApp());
  const mrc = new MemoryDbMultiRegionCluster(stack, 'MultiRegion', { nameSuffix: 'queues', nodeType: MemoryDbNodeType.R7G_2XLARGE, numShards: 3 });
  const t = Template.fromStack(stack);

  test('Valkey with TLS, shards and node type from props, retained', () => {
    t.hasResource('AWS::MemoryDB::MultiRegionCluster', {
      Properties: { MultiRegionClusterNameSuffix: 'queues', Engine: 'valkey', EngineVersion: '7.3', NodeType: 'db.r7g.2xlarge', NumShards: 3, TLSEnabled: true,
        MultiRegionParameterGroupName: Match.absent() },
      DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
    });
    expect(stack.resolve(mrc.multiRegionClusterName)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(mrc.resource), 'MultiRegionClusterName'] });
  });

  test('logical id stays fixed', () => {
    expect(Object.keys(t.findResources('AWS::MemoryDB::MultiRegionCluster'))).toEqual(['MultiRegion8C6B703D']);
  });

  test('an eviction policy other than noeviction is rejected', () => {
    expect(() => new MemoryDbMultiRegionCluster(testStack(), 'M', { nameSuffix: 'q', nodeType: MemoryDbNodeType.R7G_XLARGE, numShards: 1, maxMemoryPolicy: MaxMemoryPolicy.ALLKEYS_LFU }))
      .toThrow(/Test\/M: `maxMemoryPolicy` must be 'noeviction'.*got 'allkeys-lfu'/);
  });

  test.each([
    [{ nodeType: MemoryDbNodeType.of('db.r6g.xlarge') }, /`nodeType` must be an R7g node of size xlarge or larger.*got 'db.r6g.xlarge'/],
    [{ nodeType: MemoryDbNodeType.of('db.r7g.large') }, /`nodeType` must be an R7g node.*got 'db.r7g.large'/],
    [{ numShards: 0 }, /`numShards` must be an integer from 1 to 500, got 0/],
    [{ engineVersion: '7.2' }, /`engineVersion` must be a Valkey version >= 7.3.*got '7.2'/],
    [{ nameSuffix: 'Bad_Name' }, /`nameSuffix` must match .*got 'Bad_Name'/],
  ])('rejects %p', (over, message) => {
    expect(() => new MemoryDbMultiRegionCluster(testStack(), 'M', { nameSuffix: 'q', nodeType: MemoryDbNodeType.R7G_XLARGE, numShards: 1, ...over }))
      .toThrow(message);
  });
});

describe('regional cluster', () => {
  const { stack, cluster, template: t } = regional();

  test('joins the Multi-Region cluster with TLS, a CMK, the ACL, isolated subnets and its security group', () => {
    t.hasResourceProperties('AWS::MemoryDB::Cluster', {
      ClusterName: 'queues', MultiRegionClusterName: 'virxk-queues', Engine: 'valkey', EngineVersion: '7.3', NodeType: 'db.r7g.xlarge',
      NumShards: 2, TLSEnabled: true, Port: 6379, ACLName: 'queues-acl', SubnetGroupName: 'queues-subnets',
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterKey'), 'Arn'] },
      SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterSecurityGroup'), 'GroupId'] }],
      ParameterGroupName: Match.absent(),
    });
    t.hasResourceProperties('AWS::MemoryDB::SubnetGroup', { SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('dataSubnet1') }]) });
    t.resourcePropertiesCountIs('AWS::MemoryDB::SubnetGroup', { SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('dataSubnet3') }]) }, 1);
  });

  test('data safety: retained, snapshots kept, final snapshot on delete', () => {
    t.hasResource('AWS::MemoryDB::Cluster', {
      Properties: Match.objectLike({ SnapshotRetentionLimit: 7, FinalSnapshotName: 'queues-final', SnapshotWindow: '03:00-04:00' }),
      DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
    });
    t.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ EnableKeyRotation: true }), DeletionPolicy: 'Retain' });
  });

  test('defaults: two replicas per shard, 7 snapshot days, user "queues" on every key, a new key', () => {
    t.hasResourceProperties('AWS::MemoryDB::Cluster', { NumReplicasPerShard: 2, SnapshotRetentionLimit: 7 });
    t.hasResourceProperties('AWS::MemoryDB::User', { UserName: 'queues', AccessString: Match.stringLikeRegexp('^on ~\\* -@all') });
    // Besides the DataNetwork's key for its flow logs.
    expect(Object.keys(t.findResources('AWS::KMS::Key')).filter((id) => !id.startsWith('NetworkLogsKey'))).toHaveLength(1);
  });

  test('the password comes from a generated secret encrypted with the key, never a literal', () => {
    t.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { SecretStringTemplate: '{"username":"queues"}', GenerateStringKey: 'password', ExcludePunctuation: true, PasswordLength: 32 },
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterKey'), 'Arn'] },
    });
    const user = Object.values(t.findResources('AWS::MemoryDB::User'))[0];
    expect(JSON.stringify(user.Properties.AuthenticationMode)).toMatch(/\{\{resolve:secretsmanager:.*:SecretString:password::\}\}/);
    t.hasResourceProperties('AWS::MemoryDB::ACL', { ACLName: 'queues-acl', UserNames: ['queues'] });
  });

  test('only the client CIDRs reach port 6379; no egress', () => {
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ CidrIp: '10.1.0.0/16', IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, Description: 'queue clients from 10.1.0.0/16' }],
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
  });

  test('logical ids stay fixed', () => {
    expect(stack.getLogicalId(cluster.resource)).toBe('ClusterEB0386A7');
    expect(Object.keys(t.findResources('AWS::SecretsManager::Secret'))).toEqual(['ClusterUserSecret15579C63']);
  });

  test('overrides: replicas, retention, key, user and key pattern', () => {
    const stack2 = testStack(testApp());
    const key = new Key(stack2, 'MyKey', { enableKeyRotation: true });
    new MemoryDbRegionalCluster(stack2, 'C', {
      clusterName: 'q', multiRegionClusterName: 'virxk-q', nodeType: MemoryDbNodeType.R7G_XLARGE, numShards: 1, vpc: vpcIn(stack2),
      clientCidrs: ['10.9.0.0/16'], replicasPerShard: 1, snapshotRetentionDays: 14, encryptionKey: key, userName: 'worker', keyPattern: 'dq.*',
    });
    const t2 = Template.fromStack(stack2);
    t2.hasResourceProperties('AWS::MemoryDB::Cluster', { NumReplicasPerShard: 1, SnapshotRetentionLimit: 14, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] } });
    t2.hasResourceProperties('AWS::MemoryDB::User', { UserName: 'worker', AccessString: Match.stringLikeRegexp('^on ~dq\\.\\* ') });
    // Besides the DataNetwork's key for its flow logs.
    expect(Object.keys(t2.findResources('AWS::KMS::Key')).filter((id) => !id.startsWith('NetworkLogsKey'))).toHaveLength(1);
  });

  test('metrics query every node of the cluster', () => {
    expect(cluster.metricEvictions().expression).toBe(`SELECT SUM(Evictions) FROM SCHEMA("AWS/MemoryDB", ClusterName, NodeName) WHERE ClusterName = 'queues'`);
    expect(cluster.metricMemoryUsagePercent().expression).toContain('MAX(DatabaseMemoryUsagePercentage)');
    expect(cluster.metricMultiRegionReplicationLagMs().expression).toContain('MAX(MultiRegionClusterReplicationLag)');
    expect(cluster.metricEngineCpuPercent().period.toMinutes()).toBe(1);
  });
});

describe('regional cluster validation', () => {
  test.each([
    [{ replicasPerShard: 0 }, /`replicasPerShard` must be an integer from 1 to 5.*got 0/],
    [{ snapshotRetentionDays: 0 }, /`snapshotRetentionDays` must be an integer from 1 to 35.*got 0/],
    [{ clientCidrs: [] }, /`clientCidrs` must list IPv4 CIDRs narrower than \/0, got \[\]/],
    [{ clientCidrs: ['0.0.0.0/0'] }, /`clientCidrs` must list IPv4 CIDRs narrower than \/0/],
    [{ clusterName: 'X-' }, /`clusterName` must match .*got 'X-'/],
    [{ userName: 'Admin' }, /`userName` must match .*got 'Admin'/],
    [{ multiRegionClusterName: '' }, /`multiRegionClusterName` must not be empty/],
    [{ numShards: 501 }, /`numShards` must be an integer from 1 to 500, got 501/],
  ])('rejects %p', (over, message) => {
    expect(() => regional(over)).toThrow(message);
  });
});

describe('queue contract parameters', () => {
  const contract = { prefix: 'dynoQueue', shardCount: 3, queues: [{ name: 'tasks', unackTimeoutSeconds: 60 }] };
  const make = (over: { parameterPath?: string; nodes?: number } = {}) => {
    const stack = testStack();
    const params = new QueueContractParameters(stack, 'Contract', {
      contract, datacenter: 'us-east-1', racks: ['us-east-1a', 'us-east-1b', 'us-east-1c'], nodes: over.nodes ?? 6,
      consistency: { read: 'R', write: 'W' }, parameterPath: over.parameterPath ?? '/dq/prod',
    });
    return { params, t: Template.fromStack(stack) };
  };

  test('one String parameter per contract entry below the path', () => {
    const { params, t } = make();
    t.resourceCountIs('AWS::SSM::Parameter', params.parameters.length);
    t.hasResourceProperties('AWS::SSM::Parameter', { Name: '/dq/prod/shards', Type: 'String', Value: 'us-east-1a,us-east-1b,us-east-1c' });
    t.hasResourceProperties('AWS::SSM::Parameter', { Name: '/dq/prod/queues/tasks/unack-timeout-seconds', Value: '60' });
    t.hasResourceProperties('AWS::SSM::Parameter', { Name: '/dq/prod/consistency/write', Value: 'W' });
  });

  test('more shards than nodes', () => {
    expect(() => make({ nodes: 2 })).toThrow(/Test\/Contract: `contract.shardCount` must be <= the nodes of the datacenter \(2\).*got 3/);
  });

  test('a relative parameter path', () => {
    expect(() => make({ parameterPath: 'dq/prod' })).toThrow(/`parameterPath` must be an absolute SSM path.*got 'dq\/prod'/);
  });
});
