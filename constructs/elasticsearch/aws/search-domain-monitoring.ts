import { Duration } from 'aws-cdk-lib';
import { ComparisonOperator } from 'aws-cdk-lib/aws-cloudwatch';
import { OpenSearchClusterStatus } from 'cdk-monitoring-constructs';
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
 * Alarms and dashboard section of an OpenSearch domain on the use case's ServiceMonitoring.
 *
 * - from the SLA (ServiceMonitoring.addSlaAlarms): search and indexing latency p99 (critical),
 *   CPU, JVM memory pressure and disk use above `100 - capacityHeadroomPercent` (warning), free
 *   storage on the fullest node below the headroom and a node that cannot reach the master;
 * - store health (cdk-monitoring-constructs monitorOpenSearchCluster): cluster status red
 *   (critical) and yellow (warning), index writes blocked, KMS key inaccessible, node count.
 */
export function addSearchDomainAlarms(monitoring: ServiceMonitoring, props: SearchDomainAlarmsProps): void {
  const { domain: d, sla } = props;
  const domain = d.domain;
  const period = Duration.minutes(1);
  const freeStorageFloorMiB = Math.round(props.storageGiBPerNode * 1024 * (100 - maxUtilizationPercent(sla)) / 100);
  const extra: StoreAlarm[] = [
    { name: 'FreeStorageSpace', metric: domain.metricFreeStorageSpace({ statistic: 'Minimum', period }),
      threshold: freeStorageFloorMiB, comparison: ComparisonOperator.LESS_THAN_THRESHOLD },
    { name: 'MasterReachableFromNode', metric: domain.metric('MasterReachableFromNode', { statistic: 'Minimum', period }),
      threshold: 1, comparison: ComparisonOperator.LESS_THAN_THRESHOLD, evaluationPeriods: 1 },
  ];
  monitoring.addSlaAlarms(sla, {
    title: `OpenSearch ${d.domainName}`,
    latencyP99Ms: [
      domain.metricSearchLatency({ statistic: 'p99', period }),
      domain.metricIndexingLatency({ statistic: 'p99', period }),
    ],
    utilizationPercent: [
      domain.metricCPUUtilization({ statistic: 'Maximum', period }),
      domain.metricJVMMemoryPressure({ statistic: 'Maximum', period }),
      domain.metric('DiskSpaceUsage', { statistic: 'Maximum', period }),
    ],
  }, extra);
  monitoring.facade.monitorOpenSearchCluster({
    domain,
    humanReadableName: `OpenSearch ${d.domainName} health`,
    alarmFriendlyName: `OpenSearch-${d.domainName}`,
    addClusterStatusAlarm: {
      Critical: { status: OpenSearchClusterStatus.RED },
      Warning: { status: OpenSearchClusterStatus.YELLOW },
    },
    addClusterIndexWritesBlockedAlarm: { Critical: { maxBlockedWrites: 0 } },
    addKmsKeyInaccessibleAlarm: { Critical: { maxAccessAttempts: 0 } },
    addClusterNodeCountAlarm: { Critical: { minNodes: d.dataNodes + d.masterNodes } },
  });
}
