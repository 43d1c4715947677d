import { Chart, Testing } from 'cdk8s';
import { addEvcacheAlarms } from '../../constructs/evcache/aws/alarms';
import { EvcacheKubernetesCluster } from '../../constructs/evcache/k8s/evcache-cluster';
import { CacheNodeType } from '../../constructs/evcache/node-type';
import { memoryProblems, requiredOverheadMiB } from '../../constructs/evcache/validate-evcache';
import { MemcachedVersion } from '../../constructs/evcache/version';
import { ServiceMonitoring } from '../../constructs/monitoring/aws/service-monitoring';
import { PlatformValidationError } from '../../constructs/platform/errors';
import { testEnvironment } from '../helpers/environment';
import { SLA, TOPOLOGY, awsCache, k8sCache, k8sProps } from './fixtures';

const oneZone = { regions: [{ region: 'us-east-1', zones: ['us-east-1a'], nodesPerZone: 3, replicationFactor: 1 }] };

describe('validation shared by both flavors', () => {
  test('a production replica set in a single zone is rejected on AWS and on Kubernetes', () => {
    expect(() => awsCache({ topology: oneZone })).toThrow(/Test\/Cache: `topology.regions\[0\].zones` must span at least 2 zones in production environment 'test', got 1/);
    expect(() => k8sCache({ topology: oneZone })).toThrow(/test\/Cache: `topology.regions\[0\].zones` must span at least 2 zones in production/);
  });

  test('a single zone is accepted outside production', () => {
    const env = testEnvironment({ production: false });
    const { cache } = awsCache({ topology: oneZone, environment: env });
    expect(cache.serverGroups.map((g) => g.zone)).toEqual(['us-east-1a']);
  });

  test('replicationFactor must equal the zones: every zone holds one full copy', () => {
    const topology = { regions: [{ region: 'us-east-1', nodesPerZone: 3, replicationFactor: 2 }] };
    expect(() => awsCache({ topology })).toThrow(/`topology.regions\[0\].replicationFactor` must equal the number of zones in us-east-1 \(3\): EVCache keeps one full copy per zone, got 2/);
    expect(() => k8sCache({ topology })).toThrow(/must equal the number of zones/);
  });

  test('the region being built must be in the topology', () => {
    const topology = { regions: [{ region: 'us-west-2', nodesPerZone: 1, replicationFactor: 3 }] };
    expect(() => awsCache({ topology })).toThrow(/`topology.regions` must include the region being built, 'us-east-1', got \["us-west-2"\]/);
  });

  test.each([['Cdn'], ['a-'], ['two--hyphens'], ['a-name-far-too-long-for-it']])('cacheName %p is rejected', (cacheName) => {
    expect(() => awsCache({ cacheName })).toThrow(new RegExp(`\`cacheName\` must be lowercase letters.*got '${cacheName}'`));
    expect(() => k8sCache({ cacheName })).toThrow(/`cacheName` must be lowercase letters/);
  });

  test('memcached before 1.6.12 (no TLS in transit) is rejected', () => {
    expect(() => awsCache({ version: MemcachedVersion.of('1.6.6') })).toThrow(/`version` must be a memcached version x.y.z >= 1.6.12 \(TLS in transit\), got '1.6.6'/);
    expect(() => k8sCache({ version: MemcachedVersion.of('latest') })).toThrow(/`version` must be .* got 'latest'/);
  });

  test('every problem is reported at once, with the construct path', () => {
    try {
      awsCache({ cacheName: 'X', port: 80 });
      throw new Error('expected a PlatformValidationError');
    } catch (e) {
      expect(e).toBeInstanceOf(PlatformValidationError);
      expect((e as PlatformValidationError).constructPath).toBe('Test/Cache');
      expect((e as PlatformValidationError).problems).toHaveLength(2);
    }
  });
});

describe('validation: AWS', () => {
  test('an unknown node type family is rejected', () => {
    expect(() => awsCache({ nodeType: CacheNodeType.of('cache.x9.large') }))
      .toThrow(/`nodeType` family must be one of t3, t4g, m5, m6g, m7g, r5, r6g, r7g, c7gn, got 'x9' \(in 'cache.x9.large'\)/);
  });

  test('a node type that is not cache.<family>.<size> is rejected', () => {
    expect(() => awsCache({ nodeType: CacheNodeType.of('r7g.large') })).toThrow(/`nodeType` must look like cache.<family>.<size>.*got 'r7g.large'/);
  });

  test.each([
    ['port', { port: 80 }, /`port` must be an integer from 1024 to 65535, got 80/],
    ['maxItemSizeKiB', { parameters: { maxItemSizeKiB: 512 } }, /`parameters.maxItemSizeKiB` must be an integer from 1024 to 131072, got 512/],
    ['connectionsOverheadMiB', { parameters: { connectionsOverheadMiB: 0 } }, /`parameters.connectionsOverheadMiB` must be a positive integer, got 0/],
    ['idleTimeoutSeconds', { parameters: { idleTimeoutSeconds: 90000 } }, /`parameters.idleTimeoutSeconds` must be an integer from 0 to 86400, got 90000/],
    ['maintenance day', { maintenanceWindow: { day: 'sunday' as never } }, /`maintenanceWindow.day` must be one of mon, tue, wed, thu, fri, sat, sun, got 'sunday'/],
    ['maintenance hour', { maintenanceWindow: { startHourUtc: 24 } }, /`maintenanceWindow.startHourUtc` must be an integer from 0 to 23, got 24/],
    ['windows past midnight', { maintenanceWindow: { startHourUtc: 20 } }, /must leave room for 3 staggered windows \(2 h apart\) before midnight, i.e. be <= 19, got 20/],
    ['nodes per cluster', { topology: { regions: [{ region: 'us-east-1', nodesPerZone: 41, replicationFactor: 3 }] } },
      /`topology.regions\[0\].nodesPerZone` must be <= 40 \(ElastiCache memcached nodes per cluster\), got 41/],
  ])('%s out of range is rejected', (_name, overrides, message) => {
    expect(() => awsCache(overrides)).toThrow(message);
  });

  test('subnets that miss a zone of the placement are rejected', () => {
    expect(() => awsCache({ vpcSubnets: { availabilityZones: ['us-east-1a', 'us-east-1b'] } }))
      .toThrow(/`vpcSubnets` must include a subnet in every zone of the placement; none in 'us-east-1c'/);
  });

  test.each([
    ['a target outside the topology', { targetRegions: ['ap-south-1'] }, /`replication.targetRegions\[0\]` must be another region of the topology \(us-west-2, eu-west-1\), got 'ap-south-1'/],
    ['the own region as target', { targetRegions: ['us-east-1'] }, /`replication.targetRegions\[0\]` must be another region/],
    ['no target', { targetRegions: [] }, /`replication.targetRegions` must list at least one region when replication is enabled, got \[\]/],
    ['a repeated target', { targetRegions: ['us-west-2', 'us-west-2'] }, /`replication.targetRegions` must not repeat a region/],
    ['retention beyond SQS limits', { messageRetentionMinutes: 30000 }, /`replication.messageRetentionMinutes` must be an integer from 1 to 20160 \(SQS limits\), got 30000/],
  ])('replication with %s is rejected', (_name, replication, message) => {
    expect(() => awsCache({ replication })).toThrow(message);
  });

  test('replication to another account is rejected (no resource policies are written)', () => {
    const env = testEnvironment();
    const other = { ...env, region: (name: string) => (name === 'us-west-2' ? { ...env.region(name), account: '999999999999' } : env.region(name)) };
    expect(() => awsCache({ replication: { targetRegions: ['us-west-2'] } }, 'us-east-1', other))
      .toThrow(/`replication.targetRegions\[0\]` must be in the same account as us-east-1 \(123456789012\).*got 'us-west-2' in 999999999999/);
  });

  test.each([
    [{ minHitRatioPercent: 100 }, /`health.minHitRatioPercent` must be > 0 and < 100, got 100/],
    [{ maxEvictionsPerMinute: -1 }, /`health.maxEvictionsPerMinute` must be >= 0, got -1/],
    [{ maxSwapUsageMiB: -5 }, /`health.maxSwapUsageMiB` must be >= 0, got -5/],
  ])('health thresholds %p are rejected by the alarms', (health, message) => {
    const { stack, cache } = awsCache();
    const monitoring = new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'urls' });
    expect(() => addEvcacheAlarms(monitoring, cache, SLA, health)).toThrow(message);
  });
});

describe('validation: Kubernetes', () => {
  test('memcached memory at the container limit is rejected', () => {
    expect(() => k8sCache({ memoryMiB: 4096, cacheMemoryMiB: 4096 }))
      .toThrow(/`cacheMemoryMiB` \(memcached -m\) must be below the container memory limit `memoryMiB` \(4096\), got 4096/);
  });

  test('memcached memory above the container limit is rejected', () => {
    expect(() => k8sCache({ memoryMiB: 4096, cacheMemoryMiB: 8192 })).toThrow(/must be below the container memory limit/);
  });

  test('memcached memory that leaves no room for connections is rejected', () => {
    // 4096 connections × 64 KiB = 256 MiB, plus max(64, 5% of 4000) = 200 MiB: 456 MiB needed, 96 left.
    expect(requiredOverheadMiB(4000, 4096)).toBe(456);
    expect(() => k8sCache({ memoryMiB: 4096, cacheMemoryMiB: 4000 }))
      .toThrow(/`cacheMemoryMiB` must leave at least 456 MiB of `memoryMiB` \(4096\) for 4096 connections and the hash table, i.e. be <= 3640, got 4000/);
  });

  test('the overhead grows with maxConnections', () => {
    expect(memoryProblems(4096, 3584, 4096)).toEqual([]);
    expect(memoryProblems(4096, 3584, 16384)).toEqual([expect.stringMatching(/must leave at least 1204 MiB .* for 16384 connections/)]);
  });

  test.each([
    ['namespace', { namespace: 'Urls' }, /`namespace` must be a DNS label, got 'Urls'/],
    ['cpuMillis', { cpuMillis: 50 }, /`cpuMillis` must be an integer >= 100, got 50/],
    ['threads', { threads: 0 }, /`threads` must be an integer from 1 to 64, got 0/],
    ['maxItemSizeKiB above 128 MiB', { maxItemSizeKiB: 200000 }, /`maxItemSizeKiB` must be an integer from 1024 to min\(131072, cacheMemoryMiB × 512 = 1835008\), got 200000/],
    ['maxItemSizeKiB above half the cache', { maxItemSizeKiB: 65536, memoryMiB: 1024, cacheMemoryMiB: 64 }, /cacheMemoryMiB × 512 = 32768\), got 65536/],
    ['maxConnections', { maxConnections: 8 }, /`maxConnections` must be an integer >= 16, got 8/],
    ['memoryMiB', { memoryMiB: 0 }, /`memoryMiB` must be a positive integer, got 0/],
    ['tls.secretName', { tls: { secretName: '' } }, /`tls.secretName` must not be empty/],
    ['health', { health: { minHitRatioPercent: 0 } }, /`health.minHitRatioPercent` must be > 0 and < 100, got 0/],
  ])('%s out of range is rejected', (_name, overrides, message) => {
    expect(() => k8sCache(overrides)).toThrow(message);
  });

  test('a zone label that makes the StatefulSet name too long is rejected', () => {
    const env = testEnvironment({
      regions: [{
        region: 'us-east-1', account: '123456789012', availabilityZones: ['us-east-1a', 'us-east-1b'],
        kubernetes: { context: 'c', storageClass: 'gp3', podCidr: '10.1.0.0/16', vpcCidr: '10.101.0.0/16', zones: ['a-very-long-zone-label-that-goes-on-and-on-and-on', 'b'] },
      }],
    });
    const topology = { regions: [{ region: 'us-east-1', nodesPerZone: 1, replicationFactor: 2 }] };
    expect(() => new EvcacheKubernetesCluster(new Chart(Testing.app(), 't'), 'Cache', k8sProps({ environment: env, topology })))
      .toThrow(/make the StatefulSet name 'urls-a-very-long-zone-label-that-goes-on-and-on-and-on', which must be a DNS label of at most 52 characters/);
  });
});

test('the fixtures are valid (so every rejection above comes from the one field changed)', () => {
  expect(() => awsCache()).not.toThrow();
  expect(() => k8sCache()).not.toThrow();
  expect(TOPOLOGY.regions).toHaveLength(3);
});
