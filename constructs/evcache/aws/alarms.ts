import { ComparisonOperator } from 'aws-cdk-lib/aws-cloudwatch';
import { ElastiCacheClusterType } from 'cdk-monitoring-constructs';
import type { ServiceMonitoring, StoreAlarm } from '../../monitoring/aws/service-monitoring';
import type { ServiceLevelObjectives } from '../../platform/sla';
import { Problems } from '../../platform/errors';
import { type EvcacheHealthThresholds, resolveHealth } from '../model';
import { healthProblems } from '../validate-evcache';
import type { EvcacheCluster } from './evcache-cluster';

/**
 * The alarms of an EVCache cluster in one region, on the region's ServiceMonitoring:
 *
 * - SLA headroom (`100 - capacityHeadroomPercent`): CPU and connections (% of the node limit)
 *   of every server group;
 * - cache health from `health`: hit ratio below `minHitRatioPercent`, evictions above
 *   `maxEvictionsPerMinute`, swap above `maxSwapUsageMiB`, and any packet over the nodes'
 *   network allowance (the network is the first limit a busy memcached node hits).
 *
 * ElastiCache publishes no latency or error metric for memcached (Metrics for Memcached lists
 * hits, misses, evictions, connections, no errors or latency): p99 latency, errors, availability and
 * their burn-rate alerts are the EVCache client's to report. The standard ElastiCache widgets of each server group go on
 * the dashboard too.
 */
export function addEvcacheAlarms(
  monitoring: ServiceMonitoring, cache: EvcacheCluster, sla: ServiceLevelObjectives, health?: EvcacheHealthThresholds,
): void {
  const p = new Problems();
  p.merge(healthProblems(health));
  p.throwIfAny(monitoring);
  const h = resolveHealth(health);
  const groups = cache.serverGroups;
  const extra: StoreAlarm[] = groups.flatMap((g): StoreAlarm[] => [
    { name: `HitRatio-${g.zone}`, family: 'hit-ratio', metric: g.metrics.metricHitRatioPercent(), threshold: h.minHitRatioPercent,
      comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
      description: `Get hit ratio of server group ${g.zone} below ${h.minHitRatioPercent}%: reads fall through to the origin.` },
    { name: `Evictions-${g.zone}`, family: 'evictions', metric: g.metrics.metricEvictions(), threshold: h.maxEvictionsPerMinute,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `Server group ${g.zone} evicts more than ${h.maxEvictionsPerMinute} live items a minute: it is too small for its working set.` },
    { name: `SwapUsage-${g.zone}`, family: 'swap', metric: g.metrics.metricSwapUsage(), threshold: h.maxSwapUsageMiB * 1024 * 1024,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `A node of server group ${g.zone} swaps more than ${h.maxSwapUsageMiB} MiB: latency goes from microseconds to milliseconds.` },
    { name: `NetworkAllowanceExceeded-${g.zone}`, family: 'network-allowance', metric: g.metrics.metricNetworkAllowanceExceeded(), threshold: 0,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `Packets of server group ${g.zone} queued or dropped at the instance's network allowance (bandwidth or packets per second).` },
  ]);
  monitoring.addSlaAlarms(sla, {
    title: `EVCache ${cache.cacheName}`,
    store: 'elasticache',
    utilizationPercent: [
      ...groups.map((g) => g.metrics.metricCpuUtilization()),
      ...groups.map((g) => g.metrics.metricConnectionUtilizationPercent()),
    ],
  }, extra);
  for (const g of groups) {
    monitoring.facade.monitorElastiCacheCluster({
      clusterId: g.clusterId,
      clusterType: ElastiCacheClusterType.MEMCACHED,
      alarmFriendlyName: `ServerGroup-${g.zone}`,
      humanReadableName: `EVCache ${g.clusterId}`,
    });
  }
}
