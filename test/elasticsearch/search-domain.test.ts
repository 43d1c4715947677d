import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CrossClusterConnection } from '../../constructs/elasticsearch/aws/cross-cluster-connection';
import { SearchDomain, type SearchDomainProps } from '../../constructs/elasticsearch/aws/search-domain';
import { addSearchDomainAlarms } from '../../constructs/elasticsearch/aws/search-domain-monitoring';
import { SearchNodeType } from '../../constructs/elasticsearch/node-type';
import { ServiceMonitoring } from '../../constructs/monitoring/aws/service-monitoring';
import { DataNetwork } from '../../constructs/platform/aws/data-network';
import { testApp, testStack } from '../helpers/aws';
import { environmentConfig, testEnvironment } from '../helpers/environment';

const SLA = { latencyP99Ms: 200, errorRatePercent: 0.5, availabilityPercent: 99.9, capacityHeadroomPercent: 25 };

function vpcOf(stack: Stack) {
  return new DataNetwork(stack, 'Network', { region: testEnvironment().region(stack.region) }).vpc;
}

function domain(overrides: Partial<SearchDomainProps> = {}, env = testEnvironment()) {
  const stack = testStack();
  const d = new SearchDomain(stack, 'Search', {
    environment: env, domainName: 'manifests', vpc: vpcOf(stack), dataNodesPerZone: 2,
    dataNodeType: SearchNodeType.R6G_XLARGE, storageGiBPerNode: 500, ...overrides,
  });
  return { stack, d, template: Template.fromStack(stack) };
}

describe('domain', () => {
  const { template, d, stack } = domain({ masterNodes: 5, offPeakWindowStartHourUtc: 8 });

  test('zone-aware over the region\'s three zones with dedicated masters and gp3 data volumes', () => {
    template.hasResourceProperties('AWS::OpenSearchService::Domain', {
      DomainName: 'manifests',
      ClusterConfig: {
        InstanceCount: 6, InstanceType: 'r6g.xlarge.search',
        DedicatedMasterEnabled: true, DedicatedMasterCount: 5,
        ZoneAwarenessEnabled: true, ZoneAwarenessConfig: { AvailabilityZoneCount: 3 },
      },
      EBSOptions: { EBSEnabled: true, VolumeType: 'gp3', VolumeSize: 500 },
    });
    const [domainResource] = Object.values(template.findResources('AWS::OpenSearchService::Domain'));
    expect(domainResource.Properties.VPCOptions.SubnetIds).toHaveLength(3);
    expect(d.dataNodes).toBe(6);
  });

  test('encrypted at rest with the customer-managed key, node to node, HTTPS only with TLS 1.2 PFS', () => {
    template.hasResourceProperties('AWS::OpenSearchService::Domain', {
      EncryptionAtRestOptions: { Enabled: true, KmsKeyId: { Ref: Match.stringLikeRegexp('^SearchKey') } },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('fine-grained access control with a generated master user secret, never a literal password', () => {
    template.hasResourceProperties('AWS::OpenSearchService::Domain', {
      AdvancedSecurityOptions: {
        Enabled: true, InternalUserDatabaseEnabled: true,
        MasterUserOptions: {
          MasterUserName: 'admin',
          MasterUserPassword: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^\\{\\{resolve:secretsmanager:'), Match.stringLikeRegexp(':SecretString:password::}}')])] },
        },
      },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: Match.anyValue(),
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password', SecretStringTemplate: '{"username":"admin"}' }),
    });
  });

  test('slow, error and audit logs go to retained, encrypted log groups under one resource policy', () => {
    template.hasResourceProperties('AWS::OpenSearchService::Domain', {
      LogPublishingOptions: {
        SEARCH_SLOW_LOGS: { Enabled: true }, INDEX_SLOW_LOGS: { Enabled: true },
        ES_APPLICATION_LOGS: { Enabled: true }, AUDIT_LOGS: { Enabled: true },
      },
    });
    const groups = template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: Match.stringLikeRegexp('^/aws/opensearch/manifests/') } });
    expect(Object.keys(groups)).toHaveLength(4);
    for (const g of Object.values(groups)) {
      expect(g.DeletionPolicy).toBe('Retain');
      expect(g.Properties.RetentionInDays).toBe(365);
      expect(g.Properties.KmsKeyId).toBeDefined();
    }
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
    template.resourceCountIs('Custom::CloudwatchLogResourcePolicy', 0);
  });

  test('off-peak window and automatic software updates', () => {
    template.hasResourceProperties('AWS::OpenSearchService::Domain', {
      OffPeakWindowOptions: { Enabled: true, OffPeakWindow: { WindowStartTime: { Hours: 8, Minutes: 0 } } },
      SoftwareUpdateOptions: { AutoSoftwareUpdateEnabled: true },
    });
  });

  test('domain, key, secret and logs are retained; the access policy is on the domain itself', () => {
    template.hasResource('AWS::OpenSearchService::Domain', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::OpenSearchService::Domain', {
      AccessPolicies: { Statement: [Match.objectLike({ Action: 'es:ESHttp*', Principal: { AWS: '*' } })] },
    });
    template.resourceCountIs('Custom::OpenSearchAccessPolicy', 0);
  });

  test('HTTPS (443) only, from the client security group only (not the VPC CIDR)', () => {
    const search = stack.node.findChild('Search');
    const groupId = (id: string) => ({ 'Fn::GetAtt': [stack.getLogicalId(search.node.findChild(id).node.defaultChild as any), 'GroupId'] });
    const domainGroup = template.toJSON().Resources[stack.getLogicalId(search.node.findChild('SecurityGroup').node.defaultChild as any)];
    expect(domainGroup.Properties.GroupDescription).toBe('OpenSearch domain manifests: HTTPS from clients');
    expect(domainGroup.Properties.SecurityGroupIngress).toBeUndefined();
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
    expect(ingress).toEqual([expect.objectContaining({
      GroupId: groupId('SecurityGroup'), SourceSecurityGroupId: groupId('ClientSecurityGroup'), IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
    })]);
    // The clients' group reaches the domain on 443 and nothing else.
    const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')).map((r) => r.Properties);
    expect(egress).toEqual([expect.objectContaining({
      GroupId: groupId('ClientSecurityGroup'), DestinationSecurityGroupId: groupId('SecurityGroup'), IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
    })]);
    expect(d.clientSecurityGroup.securityGroupId).toBeDefined();
  });

  test('logical ids of stateful resources stay fixed', () => {
    const id = (path: string) => stack.getLogicalId(stack.node.findChild('Search').node.findChild(path).node.defaultChild as any);
    expect([id('Resource'), id('Key'), id('MasterUser')]).toEqual(['SearchC313AE8E', 'SearchKey7A8E5EE4', 'SearchMasterUser87DFBFA6']);
    expect(template.toJSON().Resources.SearchC313AE8E.Type).toBe('AWS::OpenSearchService::Domain');
  });
});

describe('defaults', () => {
  const { template, d } = domain();
  test('OpenSearch 2.19, 3 dedicated m6g.large masters, no standby, every configured zone, off-peak at 22 UTC', () => {
    template.hasResourceProperties('AWS::OpenSearchService::Domain', {
      EngineVersion: 'OpenSearch_2.19',
      ClusterConfig: Match.objectLike({
        DedicatedMasterCount: 3, DedicatedMasterType: 'm6g.large.search', MultiAZWithStandbyEnabled: false,
        ZoneAwarenessConfig: { AvailabilityZoneCount: 3 },
      }),
      OffPeakWindowOptions: { Enabled: true, OffPeakWindow: { WindowStartTime: { Hours: 22, Minutes: 0 } } },
      AdvancedSecurityOptions: Match.objectLike({ MasterUserOptions: Match.objectLike({ MasterUserName: 'admin' }) }),
    });
    expect(d.zones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(d.identity).toEqual({ domainName: 'manifests', account: '123456789012', region: 'us-east-1' });
  });

  test('multi-AZ with standby when asked', () => {
    const { template: t } = domain({ multiAzWithStandby: true });
    t.hasResourceProperties('AWS::OpenSearchService::Domain', { ClusterConfig: Match.objectLike({ MultiAZWithStandbyEnabled: true }) });
  });
});

describe('validation', () => {
  const build = (overrides: Partial<SearchDomainProps>, env = testEnvironment()) => () => domain(overrides, env);
  test('an even number of masters', () => {
    expect(build({ masterNodes: 4 })).toThrow(/Test\/Search: `masterNodes` must be odd .* got 4/);
  });
  test('too few masters', () => {
    expect(build({ masterNodes: 1 })).toThrow(/`masterNodes` must be at least 3 .* got 1/);
  });
  test('zone awareness over more zones than the region has', () => {
    const env = testEnvironment({ regions: [{ ...environmentConfig().regions[0], availabilityZones: ['us-east-1a', 'us-east-1b'] }] });
    expect(build({ zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] }, env))
      .toThrow(/`zones` must not list more zones than us-east-1 has configured \(2: us-east-1a, us-east-1b\), got 3/);
  });
  test('a zone the region does not have', () => {
    expect(build({ zones: ['us-east-1a', 'us-east-1f'] })).toThrow(/`zones\[1\]` must be a configured zone of us-east-1 .* got 'us-east-1f'/);
  });
  test('standby needs three zones', () => {
    expect(build({ multiAzWithStandby: true, zones: ['us-east-1a', 'us-east-1b'] })).toThrow(/`zones` must list 3 to 3 zones/);
  });
  test('storage below the minimum for the instance type', () => {
    expect(build({ dataNodeType: SearchNodeType.OR1_LARGE, storageGiBPerNode: 10 }))
      .toThrow(/`storageGiBPerNode` must be at least 20 GiB for or1.large.search, got 10/);
  });
  test('storage above the maximum for the instance type', () => {
    expect(build({ dataNodeType: SearchNodeType.T3_SMALL, storageGiBPerNode: 200 }))
      .toThrow(/`storageGiBPerNode` must be at most 100 GiB for t3.small.search, got 200/);
  });
  test('domain name, off-peak hour, gp3 IOPS and throughput, data nodes, master user name', () => {
    expect(build({ domainName: 'Manifests' })).toThrow(/`domainName` must match .* got 'Manifests'/);
    expect(build({ offPeakWindowStartHourUtc: 24 })).toThrow(/`offPeakWindowStartHourUtc` must be an integer hour from 0 to 23, got 24/);
    expect(build({ storageIops: 100 })).toThrow(/`storageIops` must be a gp3 IOPS value from 3000 to 16000, got 100/);
    expect(build({ storageThroughputMiBps: 2000 })).toThrow(/`storageThroughputMiBps` must be a gp3 throughput from 125 to 1000 MiB\/s, got 2000/);
    expect(build({ dataNodesPerZone: 0 })).toThrow(/`dataNodesPerZone` must be a positive integer, got 0/);
    expect(build({ masterUserName: '1admin' })).toThrow(/`masterUserName` must be 1-64 letters/);
  });
  test('every problem at once', () => {
    expect(build({ masterNodes: 2, storageGiBPerNode: 5 })).toThrow(/3 problems/);
  });
});

describe('cross-cluster connection', () => {
  const app = testApp();
  const stack = testStack(app, 'us-west-2');
  const conn = new CrossClusterConnection(stack, 'Leader', {
    follower: { domainName: 'manifests', account: '123456789012', region: 'us-west-2' },
    leader: { domainName: 'manifests', account: '123456789012', region: 'us-east-1' },
  });
  const template = Template.fromStack(stack);

  test('a custom resource naming both domains by configuration, no lookups', () => {
    template.hasResourceProperties('Custom::OpenSearchCrossClusterConnection', {
      Follower: { DomainName: 'manifests', OwnerId: '123456789012', Region: 'us-west-2' },
      Leader: { DomainName: 'manifests', OwnerId: '123456789012', Region: 'us-east-1' },
      ConnectionAlias: 'manifests-us-east-1',
    });
    expect(conn.connectionAlias).toBe('manifests-us-east-1');
  });

  test('least privilege: create/delete on the follower domain, accept on the leader domain', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Action: ['es:CreateOutboundConnection', 'es:DeleteOutboundConnection'],
          Resource: 'arn:aws:es:us-west-2:123456789012:domain/manifests' }),
        Match.objectLike({ Action: 'es:AcceptInboundConnection',
          Resource: 'arn:aws:es:us-east-1:123456789012:domain/manifests' }),
      ]) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Timeout: 600 });
  });

  test('the handler is idempotent: it looks for a live connection before creating one and ignores a missing one on delete', () => {
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0];
    const code: string = fn.Properties.Code.ZipFile;
    expect(code.indexOf('findOutbound(local')).toBeLessThan(code.indexOf('CreateOutboundConnectionCommand({'));
    expect(code).toContain("status === 'PENDING_ACCEPTANCE'");
    expect(code).toContain("e.name !== 'ResourceNotFoundException'");
  });

  test('validation', () => {
    const s = testStack(testApp(), 'us-west-2', 'Other');
    expect(() => new CrossClusterConnection(s, 'C', {
      follower: { domainName: 'manifests', account: '123456789012', region: 'us-east-1' },
      leader: { domainName: 'manifests', account: '123456789012', region: 'us-east-1' },
    })).toThrow(/Other\/C: 2 problems:[\s\S]*`follower.region` must be the stack's region 'us-west-2'[\s\S]*`leader.region` must differ/);
  });
});

describe('alarms', () => {
  const stack = testStack();
  const d = new SearchDomain(stack, 'Search', {
    environment: testEnvironment(), domainName: 'manifests', vpc: vpcOf(stack), dataNodesPerZone: 2,
    dataNodeType: SearchNodeType.R6G_XLARGE, storageGiBPerNode: 500,
  });
  const monitoring = new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'svc' });
  addSearchDomainAlarms(monitoring, { domain: d, sla: SLA, storageGiBPerNode: 500 });
  const template = Template.fromStack(stack);
  const alarm = (metricName: string, props: Record<string, unknown>) =>
    template.hasResourceProperties('AWS::CloudWatch::Alarm', Match.objectLike({ ...props, Metrics: Match.arrayWith([Match.objectLike({
      MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: metricName, Namespace: 'AWS/ES' }) }) })]) }));
  const simpleAlarm = (metricName: string, props: Record<string, unknown>) =>
    template.hasResourceProperties('AWS::CloudWatch::Alarm', Match.objectLike({ MetricName: metricName, Namespace: 'AWS/ES', ...props }));
  const either = (metricName: string, props: Record<string, unknown>) => {
    try { simpleAlarm(metricName, props); } catch { alarm(metricName, props); }
  };

  test('search and indexing latency: the worst node\'s per-minute average (AWS publishes no percentile) against the p99 objective', () => {
    simpleAlarm('SearchLatency', { Threshold: 200, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Maximum', Period: 60 });
    simpleAlarm('IndexingLatency', { Threshold: 200, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Maximum', Period: 60 });
    expect(JSON.stringify(template.findResources('AWS::CloudWatch::Alarm'))).not.toMatch(/"p\d+"/);
  });
  test('CPU, JVM memory pressure and disk use (ClusterUsedSpace / (used + FreeStorageSpace)) above 100 - headroom', () => {
    either('CPUUtilization', { Threshold: 75 });
    either('JVMMemoryPressure', { Threshold: 75 });
    alarm('ClusterUsedSpace', { Threshold: 75, Metrics: Match.arrayWith([Match.objectLike({ Expression: '100 * used / (used + free)' })]) });
    expect(JSON.stringify(template.findResources('AWS::CloudWatch::Alarm'))).not.toContain('DiskSpaceUsage');
  });
  test('HTTP 5xx as a share of requests at the SLA, with burn-rate alerts', () => {
    alarm('5xx', { Threshold: SLA.errorRatePercent, AlarmName: Match.stringLikeRegexp('ErrorRate') });
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 3);
  });
  test('free storage below the headroom of a node, master unreachable', () => {
    either('FreeStorageSpace', { Threshold: 128000, ComparisonOperator: 'LessThanThreshold' });
    either('MasterReachableFromNode', { Threshold: 1, ComparisonOperator: 'LessThanThreshold' });
  });
  test('cluster status red and yellow, index writes blocked, KMS key, snapshots, node count (Maximum, as AWS documents them)', () => {
    for (const m of ['ClusterStatus.red', 'ClusterStatus.yellow', 'ClusterIndexWritesBlocked', 'KMSKeyInaccessible', 'AutomatedSnapshotFailure']) {
      simpleAlarm(m, { Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Statistic: 'Maximum' });
    }
    simpleAlarm('Nodes', { Threshold: 9, ComparisonOperator: 'LessThanThreshold', Statistic: 'Maximum' });
  });
  test('a dashboard', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});
