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
import { Problems, show } from '../../platform/errors';
import type { ServiceLevelObjectives } from '../../platform/sla';
import { SUSTAINED_MINUTES, slaThresholds } from '../sla-signals';
import { BurnRateAlarms, type ErrorCounts } from './burn-rate';
import { DEFAULT_RUNBOOK_BASE_URL, runbookUrl } from '../runbooks';
import { type AwsRunbookStore, awsRunbookSection } from './runbook';

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
  /**
   * Web URL of `docs/runbooks` (the environment's `runbookBaseUrl`, as the Kubernetes alerts'
   * `runbook_url` use); every alarm description links to its family's section there.
   *
   * @default DEFAULT_RUNBOOK_BASE_URL (the repository's web view of docs/runbooks)
   */
  readonly runbookBaseUrl?: string;
}

/** A store's metrics for the four SLA signals. Omit a signal the store does not have. */
export interface SlaMetrics {
  /** Title of the dashboard section, e.g. `Keyspaces viewing_history.events`. */
  readonly title: string;
  /** The runbook the alarms link to (`docs/runbooks/aws-<store>.md`). */
  readonly store: AwsRunbookStore;
  /** p99 request latency in milliseconds, where the store publishes a percentile. */
  readonly latencyP99Ms?: MetricWithAlarmSupport[];
  /**
   * Mean request latency in milliseconds, where the store publishes only an average (OpenSearch):
   * alarms when the mean alone exceeds the p99 objective, a lower bound of a p99 breach.
   */
  readonly latencyMeanMs?: MetricWithAlarmSupport[];
  /** Failed requests as a percentage of all requests. */
  readonly errorRatePercent?: MetricWithAlarmSupport;
  /** Availability as a percentage (e.g. healthy nodes / nodes × 100). */
  readonly availabilityPercent?: MetricWithAlarmSupport;
  /** Utilisation of the scarcest resource, in percent. */
  readonly utilizationPercent?: MetricWithAlarmSupport[];
}

/** The request counts a store's error budget is spent from, and what names its alarms. */
export interface ErrorBudgetMetrics extends ErrorCounts {
  /** Names the alarms, e.g. `Keyspaces viewing_history.events`. */
  readonly title: string;
  readonly store: AwsRunbookStore;
}

/** An alarm on a store metric that is not one of the four SLA signals. */
export interface StoreAlarm {
  readonly name: string;
  /** Runbook section (`docs/runbooks/aws-<store>.md#<family>`), e.g. `replication`. */
  readonly family: string;
  /** What the alarm means, first in its description. */
  readonly description: string;
  readonly metric: MetricWithAlarmSupport;
  readonly threshold: number;
  readonly comparison: ComparisonOperator;
  /** @default - the periods of SUSTAINED_MINUTES at the metric's period (at least 1) */
  readonly evaluationPeriods?: number;
}

/** Periods of `metric` that make SUSTAINED_MINUTES: 5 at 1 minute, 1 at 5 minutes (Neptune). */
export function sustainedPeriods(metric: MetricWithAlarmSupport): number {
  return Math.max(1, Math.ceil(SUSTAINED_MINUTES * 60 / metric.period.toSeconds()));
}

/**
 * Monitoring of one use case in one region: an encrypted SNS topic for alarms, a CloudWatch
 * dashboard, and the SLA alarms. One per regional stack (CloudWatch alarms cannot span regions).
 */
export class ServiceMonitoring extends Construct {
  public readonly alarmTopic: ITopic;
  public readonly facade: MonitoringFacade;
  /** Alarm name prefix: `<serviceName>-<region>`. */
  public readonly alarmPrefix: string;
  private readonly runbookBase: string;
  private readonly stores = new Set<AwsRunbookStore>();

  constructor(scope: Construct, id: string, props: ServiceMonitoringProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    this.alarmPrefix = `${props.serviceName}-${region}`;
    this.runbookBase = props.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL;
    const p = new Problems();
    p.check(/^https?:\/\/\S+$/.test(this.runbookBase), () => `\`runbookBaseUrl\` must be an http(s) URL without spaces (the web view of docs/runbooks), got ${show(this.runbookBase)}`);
    p.throwIfAny(this);
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

  /** The stores this monitoring has alarms on, in the order they were added. */
  public get monitoredStores(): readonly AwsRunbookStore[] {
    return [...this.stores];
  }

  /** URL of the runbook section of an alarm family of `store`: `<runbookBaseUrl>/aws-<store>.md#<family>`. */
  public runbookLink(store: AwsRunbookStore, family: string): string {
    return runbookUrl(this.runbookBase, awsRunbookSection(store, family));
  }

  /**
   * Multi-window multi-burn-rate alerts on the SLA's error budget (`errorRatePercent` of requests
   * may fail): see BurnRateAlarms.
   */
  public addBurnRateAlarms(sla: ServiceLevelObjectives, m: ErrorBudgetMetrics): BurnRateAlarms {
    this.stores.add(m.store);
    return new BurnRateAlarms(this, `BurnRate-${m.title.replace(/[^A-Za-z0-9._-]/g, '-')}`, {
      alarmNamePrefix: `${this.alarmPrefix}-${m.title}`,
      errorBudgetPercent: sla.errorRatePercent,
      errors: m.errors, requests: m.requests, successes: m.successes,
      topic: this.alarmTopic,
      description: `Runbook: ${this.runbookLink(m.store, 'burn-rate')}`,
    });
  }

  /** Alarms for the SLA signals a store reports, at the SLA's thresholds, plus `extra` alarms. */
  public addSlaAlarms(sla: ServiceLevelObjectives, metrics: SlaMetrics, extra: StoreAlarm[] = []): void {
    this.stores.add(metrics.store);
    const t = slaThresholds(sla);
    const describe = (family: string, description: string, metric: MetricWithAlarmSupport) => {
      const n = sustainedPeriods(metric);
      return {
        alarmDescriptionOverride: description, runbookLink: this.runbookLink(metrics.store, family),
        evaluationPeriods: n, datapointsToAlarm: n,
      };
    };
    const above = (threshold: number, family: string, description: string, metric: MetricWithAlarmSupport): CustomThreshold => ({
      threshold, comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingDataOverride: TreatMissingData.NOT_BREACHING, ...describe(family, description, metric),
    });
    const group = (title: string, items: CustomMetricWithAlarm[]) => ({ title, metrics: items });
    const groups = [];
    if (metrics.latencyP99Ms?.length) {
      groups.push(group('Latency p99 (ms)', metrics.latencyP99Ms.map((m, i) => ({
        metric: m, alarmFriendlyName: `LatencyP99-${i}`,
        addAlarm: { Critical: above(t.latencyP99Ms, 'latency', `p99 latency above the SLA's ${t.latencyP99Ms} ms.`, m) },
      }))));
    }
    if (metrics.latencyMeanMs?.length) {
      groups.push(group('Latency, mean of the worst node (ms)', metrics.latencyMeanMs.map((m, i) => ({
        metric: m, alarmFriendlyName: `LatencyMean-${i}`,
        addAlarm: {
          Critical: above(t.latencyP99Ms, 'latency',
            `Mean latency of the worst node above the SLA's p99 objective (${t.latencyP99Ms} ms): AWS publishes only a per-minute average, so p99 itself is not measurable here and this fires on gross breaches only; clients measure p99.`, m),
        },
      }))));
    }
    if (metrics.errorRatePercent) {
      const m = metrics.errorRatePercent;
      groups.push(group('Error rate (%)', [{
        metric: m, alarmFriendlyName: 'ErrorRate',
        addAlarm: { Critical: above(t.errorRatePercent, 'error-rate', `Server errors above the SLA's ${t.errorRatePercent}% of requests.`, m) },
      }]));
    }
    if (metrics.availabilityPercent) {
      const m = metrics.availabilityPercent;
      groups.push(group('Availability (%)', [{
        metric: m, alarmFriendlyName: 'Availability',
        addAlarm: {
          Critical: {
            threshold: t.availabilityPercent, comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
            // No data from a store means nobody can tell it is up: treat it as down.
            treatMissingDataOverride: TreatMissingData.BREACHING,
            ...describe('availability', `Availability below the SLA's ${t.availabilityPercent}%.`, m),
          },
        },
      }]));
    }
    if (metrics.utilizationPercent?.length) {
      groups.push(group('Utilisation (%)', metrics.utilizationPercent.map((m, i) => ({
        metric: m, alarmFriendlyName: `Utilization-${i}`,
        addAlarm: {
          Warning: above(t.utilizationPercent, 'utilization',
            `${m.label ?? 'Utilisation'} above ${t.utilizationPercent}%: the SLA's ${sla.capacityHeadroomPercent}% headroom is being eaten.`, m),
        },
      }))));
    }
    if (extra.length > 0) {
      groups.push(group('Store health', extra.map((a) => {
        const d = describe(a.family, a.description, a.metric);
        const n = a.evaluationPeriods ?? d.evaluationPeriods;
        return {
          metric: a.metric, alarmFriendlyName: a.name,
          addAlarm: {
            Critical: {
              threshold: a.threshold, comparisonOperator: a.comparison,
              treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
              ...d, evaluationPeriods: n, datapointsToAlarm: n,
            },
          },
        };
      })));
    }
    this.facade.monitorCustom({ alarmFriendlyName: metrics.title, humanReadableName: metrics.title, metricGroups: groups });
  }
}
