import { Match, Template } from 'aws-cdk-lib/assertions';
import { addEvcacheAlarms } from '../../constructs/evcache/aws/alarms';
import { ServiceMonitoring } from '../../constructs/monitoring/aws/service-monitoring';
import { SLA, awsCache } from './fixtures';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

describe('zone placement', () => {
  const { stack } = awsCache();
  const t = Template.fromStack(stack);

  test('one single-AZ memcached cluster per zone, never one cross-az cluster', () => {
    t.resourceCountIs('AWS::ElastiCache::CacheCluster', 3);
    for (const zone of ZONES) {
      t.hasResourceProperties('AWS::ElastiCache::CacheCluster', {
        ClusterName: `urls-${zone}`, Engine: 'memcached', AZMode: 'single-az', PreferredAvailabilityZone: zone,
        NumCacheNodes: 2, CacheNodeType: 'cache.r7g.large',
      });
    }
    t.resourcePropertiesCountIs('AWS::ElastiCache::CacheCluster', { AZMode: 'cross-az' }, 0);
  });

  test('the subnet group holds the VPC\'s isolated subnets of every zone', () => {
    const groups = t.findResources('AWS::ElastiCache::SubnetGroup');
    expect(Object.values(groups)).toHaveLength(1);
    expect(Object.values(groups)[0].Properties.SubnetIds).toHaveLength(3);
    const subnets = t.findResources('AWS::EC2::Subnet');
    const isolated = Object.keys(subnets).filter((id) => id.includes('dataSubnet'));
    expect(Object.values(groups)[0].Properties.SubnetIds.map((r: { Ref: string }) => r.Ref).sort()).toEqual(isolated.sort());
  });

  test('maintenance windows are staggered 2 h apart by zone (default sun 05:00 UTC)', () => {
    ZONES.forEach((zone, i) => t.hasResourceProperties('AWS::ElastiCache::CacheCluster', {
      PreferredAvailabilityZone: zone,
      PreferredMaintenanceWindow: `sun:${String(5 + 2 * i).padStart(2, '0')}:00-sun:${String(6 + 2 * i).padStart(2, '0')}:00`,
    }));
  });

  test('a configured window moves every zone', () => {
    const { stack: s } = awsCache({ maintenanceWindow: { day: 'tue', startHourUtc: 0 } });
    Template.fromStack(s).hasResourceProperties('AWS::ElastiCache::CacheCluster', {
      PreferredAvailabilityZone: 'us-east-1c', PreferredMaintenanceWindow: 'tue:04:00-tue:05:00',
    });
  });

  test('logical ids of the stateful resources stay fixed (a rename would replace a cache)', () => {
    expect(Object.keys(t.findResources('AWS::ElastiCache::CacheCluster')).sort())
      .toEqual(['Cacheuseast1a89AEF2D3', 'Cacheuseast1b7ADD9BD2', 'Cacheuseast1c0E1EDDBF'].sort());
  });
});

describe('encryption and data safety', () => {
  const t = Template.fromStack(awsCache().stack);

  test('TLS in transit on every cluster, memcached 1.6.22 by default', () => {
    t.resourcePropertiesCountIs('AWS::ElastiCache::CacheCluster', { TransitEncryptionEnabled: true, EngineVersion: '1.6.22' }, 3);
  });

  test('clusters, subnet group, parameter group and security group are retained', () => {
    for (const type of ['AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::SubnetGroup', 'AWS::ElastiCache::ParameterGroup']) {
      for (const r of Object.values(t.findResources(type))) {
        expect(r).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
    }
    t.hasResource('AWS::EC2::SecurityGroup', { DeletionPolicy: 'Retain', Properties: { GroupDescription: Match.stringLikeRegexp('EVCache urls') } });
  });
});

describe('access rules', () => {
  const t = Template.fromStack(awsCache().stack);

  test('the cache security group admits only the client security group, on 11211 (the default port)', () => {
    const ingress = t.findResources('AWS::EC2::SecurityGroupIngress');
    expect(Object.values(ingress)).toHaveLength(1);
    expect(Object.values(ingress)[0].Properties).toMatchObject({
      IpProtocol: 'tcp', FromPort: 11211, ToPort: 11211,
      SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^Clients/), 'GroupId'] },
    });
    t.resourcePropertiesCountIs('AWS::ElastiCache::CacheCluster', { Port: 11211 }, 3);
  });

  test('the cache security group opens no egress', () => {
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('EVCache urls'),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
  });

  test('a configured port is used by the clusters and the rule', () => {
    const s = Template.fromStack(awsCache({ port: 21211 }).stack);
    s.resourcePropertiesCountIs('AWS::ElastiCache::CacheCluster', { Port: 21211 }, 3);
    s.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 21211, ToPort: 21211 });
  });
});

describe('parameter group', () => {
  test('defaults: 1 MiB items, 100 MiB connection overhead, no idle timeout, family from the version', () => {
    Template.fromStack(awsCache().stack).hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'memcached1.6',
      Properties: { max_item_size: '1048576', memcached_connections_overhead: '100', idle_timeout: '0' },
    });
  });

  test('configured values, and every cluster uses the group', () => {
    const t = Template.fromStack(awsCache({ parameters: { maxItemSizeKiB: 2048, connectionsOverheadMiB: 512, idleTimeoutSeconds: 600 } }).stack);
    t.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      Properties: { max_item_size: '2097152', memcached_connections_overhead: '512', idle_timeout: '600' },
    });
    const [pg] = Object.keys(t.findResources('AWS::ElastiCache::ParameterGroup'));
    t.resourcePropertiesCountIs('AWS::ElastiCache::CacheCluster', { CacheParameterGroupName: { Ref: pg } }, 3);
  });
});

describe('published metadata', () => {
  const t = Template.fromStack(awsCache().stack);

  test('one SSM parameter per zone with its configuration endpoint', () => {
    for (const zone of ZONES) {
      const clusters = t.findResources('AWS::ElastiCache::CacheCluster', { Properties: { PreferredAvailabilityZone: zone } });
      const [id] = Object.keys(clusters);
      t.hasResourceProperties('AWS::SSM::Parameter', {
        Name: `/evcache/urls/endpoints/${zone}`, Type: 'String',
        Value: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'ConfigurationEndpoint.Address'] }, ':', { 'Fn::GetAtt': [id, 'ConfigurationEndpoint.Port'] }]] },
      });
    }
  });

  test('a topology parameter maps every zone to its endpoint, without replication by default', () => {
    const params = t.findResources('AWS::SSM::Parameter', { Properties: { Name: '/evcache/urls/topology' } });
    const value = JSON.stringify(Object.values(params)[0].Properties.Value);
    for (const zone of ZONES) expect(value).toContain(`\\"${zone}\\":[`);
    expect(value).toContain('\\"tls\\":true');
    expect(value).toContain('\\"replication\\":null');
    t.resourceCountIs('AWS::SQS::Queue', 0);
  });
});

describe('cross-region replication', () => {
  const { stack, cache } = awsCache({ replication: {} });
  const t = Template.fromStack(stack);

  test('an inbound queue encrypted with a retained customer-managed key, TLS only, with a dead-letter queue', () => {
    t.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Retain',
      Properties: {
        QueueName: 'urls-evcache-replication', MessageRetentionPeriod: 3600,
        KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('CacheReplicationKey'), 'Arn'] },
        RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: Match.anyValue() },
      },
    });
    t.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'urls-evcache-replication-dlq' });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true } });
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/evcache/urls/replication' });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('targets default to every other region, published in the topology parameter', () => {
    expect(cache.replication!.replication.targets.map((x) => x.region)).toEqual(['us-west-2', 'eu-west-1']);
    const params = t.findResources('AWS::SSM::Parameter', { Properties: { Name: '/evcache/urls/topology' } });
    const value = JSON.stringify(Object.values(params)[0].Properties.Value);
    expect(value).toContain('https://sqs.us-west-2.amazonaws.com/123456789012/urls-evcache-replication');
    expect(value).toContain('https://sqs.eu-west-1.amazonaws.com/123456789012/urls-evcache-replication');
  });

  test('configured retention is applied', () => {
    Template.fromStack(awsCache({ replication: { messageRetentionMinutes: 15 } }).stack)
      .hasResourceProperties('AWS::SQS::Queue', { QueueName: 'urls-evcache-replication', MessageRetentionPeriod: 900 });
  });
});

describe('alarms', () => {
  const { stack, cache } = awsCache();
  const monitoring = new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'urls' });
  addEvcacheAlarms(monitoring, cache, SLA, { minHitRatioPercent: 95 });
  const t = Template.fromStack(stack);
  const alarm = (name: RegExp) => {
    const found = Object.values(t.findResources('AWS::CloudWatch::Alarm')).filter((a) => name.test(a.Properties.AlarmName));
    return found.map((a) => a.Properties);
  };

  test('six alarms per server group', () => {
    t.resourceCountIs('AWS::CloudWatch::Alarm', 18);
  });

  test('CPU and connection utilisation at the SLA headroom (100 - 30 = 70%)', () => {
    const utilization = alarm(/Utilization/);
    expect(utilization).toHaveLength(6);
    for (const a of utilization) expect(a).toMatchObject({ Threshold: 70, ComparisonOperator: 'GreaterThanThreshold' });
    const cpu = utilization.filter((a) => JSON.stringify(a.Metrics).includes('"MetricName":"CPUUtilization"'));
    expect(cpu).toHaveLength(3);
    expect(cpu[0].Metrics[0].MetricStat).toEqual({
      Metric: { Namespace: 'AWS/ElastiCache', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'CacheClusterId', Value: 'urls-us-east-1a' }] },
      Period: 60, Stat: 'Maximum',
    });
    expect(JSON.stringify(utilization)).toContain('100 * conns_us_east_1b / 65000');
  });

  test('hit ratio from the configured health threshold; evictions and swap from the defaults; network at any excess', () => {
    for (const zone of ZONES) {
      expect(alarm(new RegExp(`HitRatio-${zone}`))).toEqual([expect.objectContaining({ Threshold: 95, ComparisonOperator: 'LessThanThreshold' })]);
      expect(alarm(new RegExp(`Evictions-${zone}`))).toEqual([expect.objectContaining({ Threshold: 1000, ComparisonOperator: 'GreaterThanThreshold' })]);
      expect(alarm(new RegExp(`SwapUsage-${zone}`))).toEqual([expect.objectContaining({ Threshold: 50 * 1024 * 1024 })]);
      expect(alarm(new RegExp(`NetworkAllowanceExceeded-${zone}`))).toEqual([expect.objectContaining({ Threshold: 0 })]);
    }
  });

  test('every alarm notifies the encrypted alarm topic', () => {
    for (const a of Object.values(t.findResources('AWS::CloudWatch::Alarm'))) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^MonitoringAlarmTopic/) }]);
    }
  });

  test('a dashboard', () => {
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});
