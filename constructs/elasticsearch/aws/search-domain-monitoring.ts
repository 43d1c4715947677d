import { Duration } from 'aws-cdk-lib';
import { ComparisonOperator, MathExpression, type Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ServiceMonitoring, StoreAlarm } from '../../monitoring/aws/service-monitoring';
import { type ServiceLevelObjectives, maxUtilizationPercent } from '../../platform/sla';
import type { SearchDomain } from './search-domain';

export interface SearchDomainAlarmsProps {
  readonly domain: SearchDomain;
  readonly sla: ServiceLevelObjectives;
  /** GiB of EBS storage per data node; free storage alarms at the SLA's headroom of it. */
  readonly storageGiBPerNode: number;
}

/**
 * Alarms and dashboard section of an OpenSearch domain on the use case's ServiceMonitoring. Every
 * metric, statistic and period is the one AWS documents for `AWS/ES`
 * (constructs/monitoring/catalog/cloudwatch/aws-es.json):
 *
 * - SLA: HTTP 5xx as a share of requests (error rate, with burn-rate alerts); search and indexing
 *   latency, which AWS publishes only as a per-minute average per shard, as the worst node's mean
 *   against the p99 objective; CPU, JVM memory pressure and disk use above `100 - capacityHeadroomPercent`.
 * - Store health: cluster status red and yellow, index writes blocked, KMS key inaccessible, no
 *   automated snapshot for 36 hours, fewer nodes than configured, free storage on the fullest node
 *   below the headroom, a node that cannot reach the master.
 */
export function addSearchDomainAlarms(monitoring: ServiceMonitoring, props: SearchDomainAlarmsProps): void {
  const { domain: d, sla } = props;
  const domain = d.domain;
  const period = Duration.minutes(1);
  const m = (name: string, statistic: string): Metric => domain.metric(name, { statistic, period });
  const freeStorageFloorMiB = Math.round(props.storageGiBPerNode * 1024 * (100 - maxUtilizationPercent(sla)) / 100);
  const nodes = d.dataNodes + d.masterNodes;
  const flag = (name: string, family: string, metricName: string, description: string, evaluationPeriods?: number): StoreAlarm => ({
    name, family, metric: m(metricName, 'Maximum'), threshold: 1, comparison: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    description, evaluationPeriods,
  });
  const extra: StoreAlarm[] = [
    flag('ClusterStatusRed', 'cluster-status', 'ClusterStatus.red', 'Cluster status red: a primary shard is unassigned, its data is not searchable and writes to it fail.', 1),
    flag('ClusterStatusYellow', 'cluster-status', 'ClusterStatus.yellow', 'Cluster status yellow: a replica shard is unassigned; one more node loss can lose data.'),
    flag('IndexWritesBlocked', 'writes-blocked', 'ClusterIndexWritesBlocked', 'The cluster blocks index writes (low free storage or high JVM memory pressure).', 1),
    flag('KMSKeyInaccessible', 'kms', 'KMSKeyInaccessible', 'The KMS key that encrypts the domain is deleted or its grants revoked: the domain cannot be recovered in place.', 1),
    flag('AutomatedSnapshotFailure', 'snapshots', 'AutomatedSnapshotFailure', 'No automated snapshot for 36 hours: the domain has no recent restore point.', 1),
    { name: 'Nodes', family: 'nodes', metric: m('Nodes', 'Maximum'), threshold: nodes, comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
      description: `Fewer than the ${nodes} configured nodes (data + dedicated master).` },
    { name: 'FreeStorageSpace', family: 'storage', metric: m('FreeStorageSpace', 'Minimum'), threshold: freeStorageFloorMiB,
      comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
      description: `The fullest data node has less than ${freeStorageFloorMiB} MiB free (the SLA's ${sla.capacityHeadroomPercent}% headroom).` },
    { name: 'MasterReachableFromNode', family: 'master', metric: m('MasterReachableFromNode', 'Minimum'), threshold: 1,
      comparison: ComparisonOperator.LESS_THAN_THRESHOLD, evaluationPeriods: 1,
      description: 'A node cannot reach the elected master (/_cluster/health fails).' },
  ];
  const title = `OpenSearch ${d.domainName}`;
  monitoring.addSlaAlarms(sla, {
    title, store: 'opensearch',
    errorRatePercent: new MathExpression({
      // A minute without 5xx publishes none: FILL 0.
      expression: 'IF(FILL(requests, 0) > 0, 100 * FILL(errors, 0) / FILL(requests, 0), 0)',
      usingMetrics: { errors: m('5xx', 'Sum'), requests: m('OpenSearchRequests', 'Sum') },
      label: 'HTTP 5xx (% of requests)', period,
    }),
    latencyMeanMs: [m('SearchLatency', 'Maximum'), m('IndexingLatency', 'Maximum')],
    utilizationPercent: [
      m('CPUUtilization', 'Maximum'),
      m('JVMMemoryPressure', 'Maximum'),
      // Both are accurate only at a one-minute period (AWS/ES metric page).
      new MathExpression({
        expression: '100 * used / (used + free)',
        usingMetrics: { used: m('ClusterUsedSpace', 'Maximum'), free: m('FreeStorageSpace', 'Sum') },
        label: 'Disk used (% of the cluster)', period,
      }),
    ],
  }, extra);
  monitoring.addBurnRateAlarms(sla, { title, store: 'opensearch', errors: m('5xx', 'Sum'), requests: m('OpenSearchRequests', 'Sum') });
}
