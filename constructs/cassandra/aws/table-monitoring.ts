import { ComparisonOperator } from 'aws-cdk-lib/aws-cloudwatch';
import type { ServiceMonitoring, StoreAlarm } from '../../monitoring/aws/service-monitoring';
import type { ServiceLevelObjectives } from '../../platform/sla';
import type { ITable, KeyspacesOperation } from './table';

export interface KeyspacesTableAlarmsProps {
  readonly sla: ServiceLevelObjectives;
  /** Operations whose p99 latency is held to the SLA. @default - none */
  readonly latencyOperations?: readonly KeyspacesOperation[];
  /** Regions the table replicates to from this one; replication latency to each alarms. */
  readonly replicaRegions: readonly string[];
  /** Replication latency that pages, in milliseconds. */
  readonly maxReplicationLagMs: number;
}

/**
 * The alarms of one Keyspaces table on the region's ServiceMonitoring: the SLA's error rate (system
 * errors / requests) with its burn-rate alerts, p99 latency of the given operations, throttling,
 * and replication latency to every other region.
 */
export function addKeyspacesTableAlarms(monitoring: ServiceMonitoring, table: ITable, props: KeyspacesTableAlarmsProps): void {
  const title = `Keyspaces ${table.keyspace.keyspaceName}.${table.tableName}`;
  const extra: StoreAlarm[] = [
    { name: 'Throttling', family: 'throttling', metric: table.metricThrottledRequests(), threshold: 0,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: 'Reads or writes throttled: the table, the partition or the account quota is at its limit.' },
    ...props.replicaRegions.map((r): StoreAlarm => ({
      name: `ReplicationLatency-${r}`, family: 'replication', metric: table.metricReplicationLatency(r),
      threshold: props.maxReplicationLagMs, comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `Writes reach ${r} more than ${props.maxReplicationLagMs} ms late.`,
    })),
  ];
  monitoring.addSlaAlarms(props.sla, {
    title, store: 'keyspaces',
    latencyP99Ms: (props.latencyOperations ?? []).map((o) => table.metricLatencyP99(o)),
    errorRatePercent: table.metricErrorRatePercent(),
  }, extra);
  monitoring.addBurnRateAlarms(props.sla, {
    title, store: 'keyspaces', errors: table.metricSystemErrors(), successes: table.metricSuccessfulRequests(),
  });
}
