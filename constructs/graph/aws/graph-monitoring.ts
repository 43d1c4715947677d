import { ComparisonOperator } from 'aws-cdk-lib/aws-cloudwatch';
import type { ServiceMonitoring, StoreAlarm } from '../../monitoring/aws/service-monitoring';
import { Problems } from '../../platform/errors';
import { type ServiceLevelObjectives, slaProblems } from '../../platform/sla';
import type { GraphDatabase } from './graph-database';
import { limitProblems } from '../../platform/limits';
import { GRAPH_LIMITS } from '../limits';

export interface GraphDatabaseAlarmProps {
  readonly sla: ServiceLevelObjectives;
  /** Lag of a reader behind the writer that pages, in milliseconds. */
  readonly maxReplicaLagMs: number;
  /** Lag of a secondary region behind the primary that pages, in milliseconds. */
  readonly maxGlobalReplicationLagMs: number;
  /**
   * Free memory below this share of the instance's memory pages.
   *
   * @default 5
   */
  readonly minFreeableMemoryPercent?: number;
}

/**
 * The alarms of a Neptune cluster, on the region's ServiceMonitoring dashboard:
 *
 * - SLA: Gremlin server error rate (GremlinServerErrorsPerSec / GremlinRequestsPerSec) with its
 *   burn-rate alerts, and CPU utilisation of the busiest instance, at the SLA's thresholds. Every
 *   Neptune metric is aggregated over 5 minutes, so alarms use 5-minute periods.
 * - Store health: free memory, requests queueing (Neptune publishes no request latency; p99 is
 *   measured by clients, a queue that does not drain is the server-side sign), reader lag behind
 *   the writer when the cluster has readers, and in a secondary region the global database lag.
 *
 * @see https://docs.aws.amazon.com/neptune/latest/userguide/cw-metrics.html
 */
export function addGraphDatabaseAlarms(monitoring: ServiceMonitoring, db: GraphDatabase, props: GraphDatabaseAlarmProps): void {
  const memoryPercent = props.minFreeableMemoryPercent ?? 5;
  const p = new Problems();
  p.merge(slaProblems(props.sla));
  p.merge(limitProblems('maxReplicaLagMs', props.maxReplicaLagMs, GRAPH_LIMITS.maxReplicaLagMs));
  p.merge(limitProblems('maxGlobalReplicationLagMs', props.maxGlobalReplicationLagMs, GRAPH_LIMITS.maxGlobalReplicationLagMs));
  p.merge(limitProblems('minFreeableMemoryPercent', memoryPercent, GRAPH_LIMITS.minFreeableMemoryPercent));
  p.throwIfAny(db);

  const memoryBytes = db.instanceClass.memoryGiB * 1024 ** 3;
  const extra: StoreAlarm[] = [
    { name: 'FreeableMemory', family: 'memory', metric: db.metricFreeableMemory(), threshold: Math.round(memoryBytes * memoryPercent / 100),
      comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
      description: `An instance has less than ${memoryPercent}% of its memory free: queries will spill or fail.` },
    { name: 'PendingRequests', family: 'queue', metric: db.metricPendingRequests(), threshold: 0, comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: 'Requests wait in the main request queue: the instances cannot keep up, latency rises (Neptune publishes no request latency).' },
  ];
  if (db.instances.length > 1) {
    extra.push({ name: 'ClusterReplicaLag', family: 'replication', metric: db.metricClusterReplicaLagMaximum(), threshold: props.maxReplicaLagMs,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `A reader is more than ${props.maxReplicaLagMs} ms behind the writer: reads from the reader endpoint are stale.` });
  }
  const g = db.globalDatabase;
  if (g && !db.writable) {
    extra.push({ name: 'GlobalDbProgressLag', family: 'replication', metric: db.metricGlobalDbProgressLag(g.primaryRegion),
      threshold: props.maxGlobalReplicationLagMs, comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `This secondary region is more than ${props.maxGlobalReplicationLagMs} ms behind ${g.primaryRegion}.` });
  }
  const title = `Neptune ${db.clusterIdentifier}`;
  monitoring.addSlaAlarms(props.sla, {
    title, store: 'neptune',
    errorRatePercent: db.metricGremlinErrorRatePercent(),
    utilizationPercent: [db.metricCpuUtilization()],
  }, extra);
  // Both are per-second averages over the same period: their ratio is the share of failed requests.
  monitoring.addBurnRateAlarms(props.sla, {
    title, store: 'neptune', errors: db.metricGremlinServerErrorsPerSec(), requests: db.metricGremlinRequestsPerSec(),
  });
}
