import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import {
  type CustomMetricWithAlarm, type CustomThreshold, DefaultDashboardFactory, type MetricWithAlarmSupport, MonitoringFacade,
  SnsAlarmActionStrategy,
} from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import type { ServiceLevelObjectives } from '../../platform/sla';
import { SUSTAINED_MINUTES, slaThresholds } from '../sla-signals';

export interface ServiceMonitoringProps {
  /** Use-case name, e.g. `viewing-history`; prefixes alarm and dashboard names. */
  readonly serviceName: string;
  /**
   * Address subscribed to the alarm topic.
   *
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Key that encrypts the alarm topic.
   *
   * @default - a new customer-managed key with rotation, retained on delete
   */
  readonly encryptionKey?: IKey;
}

/** A store's metrics for the four SLA signals. Omit a signal the store does not have. */
export interface SlaMetrics {
  /** Title of the dashboard section, e.g. `Keyspaces viewing_history.events`. */
  readonly title: string;
  /** p99 request latency in milliseconds. */
  readonly latencyP99Ms?: MetricWithAlarmSupport[];
  /** Failed requests as a percentage of all requests. */
  readonly errorRatePercent?: MetricWithAlarmSupport;
  /** Availability as a percentage (e.g. healthy nodes / nodes × 100). */
  readonly availabilityPercent?: MetricWithAlarmSupport;
  /** Utilisation of the scarcest resource, in percent. */
  readonly utilizationPercent?: MetricWithAlarmSupport[];
}

/** An alarm on a store metric that is not one of the four SLA signals. */
export interface StoreAlarm {
  readonly name: string;
  readonly metric: MetricWithAlarmSupport;
  readonly threshold: number;
  readonly comparison: ComparisonOperator;
  /** @default SUSTAINED_MINUTES */
  readonly evaluationPeriods?: number;
}

/**
 * Monitoring of one use case in one region: an encrypted SNS topic for alarms, a CloudWatch
 * dashboard, and the SLA alarms. One per regional stack (CloudWatch alarms cannot span regions).
 */
export class ServiceMonitoring extends Construct {
  public readonly alarmTopic: ITopic;
  public readonly facade: MonitoringFacade;
  private readonly alarmPrefix: string;

  constructor(scope: Construct, id: string, props: ServiceMonitoringProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    this.alarmPrefix = `${props.serviceName}-${region}`;
    const key = props.encryptionKey ?? new Key(this, 'TopicKey', {
      description: `Encrypts the ${props.serviceName} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch publishes to the encrypted topic, so it needs the data key.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const topic = new Topic(this, 'AlarmTopic', {
      displayName: `${props.serviceName} alarms (${region})`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.alarmTopic = topic;
    this.facade = new MonitoringFacade(this, 'Facade', {
      alarmFactoryDefaults: {
        alarmNamePrefix: this.alarmPrefix,
        actionsEnabled: true,
        action: new SnsAlarmActionStrategy({ onAlarmTopic: topic, onOkTopic: topic }),
        evaluationPeriods: SUSTAINED_MINUTES,
        datapointsToAlarm: SUSTAINED_MINUTES,
      },
      metricFactoryDefaults: {},
      dashboardFactory: new DefaultDashboardFactory(this, 'Dashboards', {
        dashboardNamePrefix: this.alarmPrefix,
        createDashboard: true,
        createSummaryDashboard: false,
        createAlarmDashboard: false,
      }),
    });
  }

  /** Alarms for the SLA signals a store reports, at the SLA's thresholds, plus `extra` alarms. */
  public addSlaAlarms(sla: ServiceLevelObjectives, metrics: SlaMetrics, extra: StoreAlarm[] = []): void {
    const t = slaThresholds(sla);
    const above = (threshold: number): CustomThreshold => ({
      threshold, comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
    });
    const group = (title: string, items: CustomMetricWithAlarm[]) => ({ title, metrics: items });
    const groups = [];
    if (metrics.latencyP99Ms?.length) {
      groups.push(group('Latency p99 (ms)', metrics.latencyP99Ms.map((m, i) => ({
        metric: m, alarmFriendlyName: `LatencyP99-${i}`, addAlarm: { Critical: above(t.latencyP99Ms) },
      }))));
    }
    if (metrics.errorRatePercent) {
      groups.push(group('Error rate (%)', [{
        metric: metrics.errorRatePercent, alarmFriendlyName: 'ErrorRate', addAlarm: { Critical: above(t.errorRatePercent) },
      }]));
    }
    if (metrics.availabilityPercent) {
      groups.push(group('Availability (%)', [{
        metric: metrics.availabilityPercent, alarmFriendlyName: 'Availability',
        addAlarm: {
          Critical: {
            threshold: t.availabilityPercent, comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
            // No data from a store means nobody can tell it is up: treat it as down.
            treatMissingDataOverride: TreatMissingData.BREACHING,
          },
        },
      }]));
    }
    if (metrics.utilizationPercent?.length) {
      groups.push(group('Utilisation (%)', metrics.utilizationPercent.map((m, i) => ({
        metric: m, alarmFriendlyName: `Utilization-${i}`, addAlarm: { Warning: above(t.utilizationPercent) },
      }))));
    }
    if (extra.length > 0) {
      groups.push(group('Store health', extra.map((a) => ({
        metric: a.metric, alarmFriendlyName: a.name,
        addAlarm: {
          Critical: {
            threshold: a.threshold, comparisonOperator: a.comparison,
            treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
            evaluationPeriods: a.evaluationPeriods, datapointsToAlarm: a.evaluationPeriods,
          },
        },
      }))));
    }
    this.facade.monitorCustom({ alarmFriendlyName: metrics.title, humanReadableName: metrics.title, metricGroups: groups });
  }
}
