import { ComparisonOperator } from 'aws-cdk-lib/aws-cloudwatch';
import type { ServiceMonitoring } from '../../monitoring/aws/service-monitoring';
import type { ServiceLevelObjectives } from '../../platform/sla';
import type { IMemoryDbRegionalCluster } from './memorydb';

export interface MemoryDbAlarmsProps {
  readonly sla: ServiceLevelObjectives;
  /** Replication lag that pages (inside the region and from other regions), in milliseconds. */
  readonly maxReplicationLagMs: number;
}

/**
 * The alarms of the delayed-queue MemoryDB cluster in one region: memory and engine CPU of the
 * worst node against the SLA's headroom; memory near maxmemory, any eviction (a lost message),
 * replica lag and multi-region lag. MemoryDB publishes no request-error or latency metric that was
 * checked against AWS's metric page, so the error rate, its burn-rate alerts and p99 latency are the
 * queue clients' to report.
 */
export function addMemoryDbAlarms(monitoring: ServiceMonitoring, c: IMemoryDbRegionalCluster, props: MemoryDbAlarmsProps): void {
  monitoring.addSlaAlarms(props.sla, {
    title: `MemoryDB ${c.clusterName}`,
    store: 'memorydb',
    utilizationPercent: [c.metricMemoryUsagePercent(), c.metricEngineCpuPercent()],
  }, [
    { name: 'MemoryNearMax', family: 'memory', metric: c.metricMemoryUsagePercent(), threshold: 90, comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: 'A node uses more than 90% of maxmemory: the next burst evicts keys, that is queue messages.' },
    // One eviction is a lost message: page on the first.
    { name: 'Evictions', family: 'evictions', metric: c.metricEvictions(), threshold: 0, comparison: ComparisonOperator.GREATER_THAN_THRESHOLD, evaluationPeriods: 1,
      description: 'Keys were evicted: delayed-queue messages are lost.' },
    { name: 'ReplicationLag', family: 'replication', metric: c.metricReplicationLagSeconds(), threshold: props.maxReplicationLagMs / 1000,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `A replica is more than ${props.maxReplicationLagMs} ms behind its primary: a failover now loses acknowledged writes.` },
    { name: 'MultiRegionReplicationLag', family: 'replication', metric: c.metricMultiRegionReplicationLagMs(), threshold: props.maxReplicationLagMs,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `Updates from another region arrive more than ${props.maxReplicationLagMs} ms late.` },
  ]);
}
