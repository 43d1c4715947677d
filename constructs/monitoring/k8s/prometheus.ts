import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import type { ServiceLevelObjectives } from '../../platform/sla';
import { SUSTAINED_MINUTES, slaThresholds } from '../sla-signals';

/** One Prometheus alerting rule. */
export interface PrometheusAlert {
  readonly alert: string;
  readonly expr: string;
  /** @default SUSTAINED_MINUTES minutes */
  readonly for?: Duration;
  /** @default 'critical' */
  readonly severity?: 'critical' | 'warning';
  readonly summary: string;
}

/** PromQL for the four SLA signals of a store. Omit a signal the store does not export. */
export interface SlaExpressions {
  /** p99 latency, in seconds. */
  readonly latencyP99Seconds?: string;
  /** Failed requests / all requests, 0..1. */
  readonly errorRatio?: string;
  /** Healthy members / members, 0..1. */
  readonly availabilityRatio?: string;
  /** Utilisation of scarce resources, each 0..1, keyed by a short name (`memory`, `disk`). */
  readonly utilizationRatio?: Record<string, string>;
}

export interface SlaPrometheusRuleProps {
  /** metadata.name of the PrometheusRule. */
  readonly name: string;
  readonly namespace: string;
  /** The kube-prometheus-stack `release` label value, so the operator picks the rule up. */
  readonly release: string;
  /** Prefix of alert names, e.g. `ViewingHistoryCassandra`. */
  readonly alertPrefix: string;
  readonly sla: ServiceLevelObjectives;
  readonly expressions: SlaExpressions;
  /** Store-specific alerts beside the SLA ones. */
  readonly extraAlerts?: PrometheusAlert[];
}

const pct = (x: number) => Number((x / 100).toPrecision(6));

/** A PrometheusRule whose SLA alerts use the same thresholds as the CloudWatch alarms. */
export class SlaPrometheusRule extends Construct {
  public readonly alerts: readonly PrometheusAlert[];

  constructor(scope: Construct, id: string, props: SlaPrometheusRuleProps) {
    super(scope, id);
    const t = slaThresholds(props.sla);
    const e = props.expressions;
    const p = props.alertPrefix;
    const alerts: PrometheusAlert[] = [];
    if (e.latencyP99Seconds) {
      alerts.push({ alert: `${p}LatencyP99High`, expr: `(${e.latencyP99Seconds}) > ${t.latencyP99Ms / 1000}`,
        summary: `p99 latency above the SLA of ${t.latencyP99Ms} ms` });
    }
    if (e.errorRatio) {
      alerts.push({ alert: `${p}ErrorRateHigh`, expr: `(${e.errorRatio}) > ${pct(t.errorRatePercent)}`,
        summary: `error rate above the SLA of ${t.errorRatePercent}%` });
    }
    if (e.availabilityRatio) {
      alerts.push({ alert: `${p}AvailabilityLow`, expr: `(${e.availabilityRatio}) < ${pct(t.availabilityPercent)}`,
        summary: `availability below the SLA of ${t.availabilityPercent}%` });
    }
    for (const [name, expr] of Object.entries(e.utilizationRatio ?? {})) {
      const cap = name.charAt(0).toUpperCase() + name.slice(1);
      alerts.push({ alert: `${p}${cap}HeadroomLow`, expr: `(${expr}) > ${pct(t.utilizationPercent)}`, severity: 'warning',
        summary: `${name} utilisation above ${t.utilizationPercent}% (headroom SLA ${props.sla.capacityHeadroomPercent}%)` });
    }
    alerts.push(...(props.extraAlerts ?? []));
    this.alerts = alerts;

    new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: props.name, namespace: props.namespace, labels: { release: props.release } },
      spec: {
        groups: [{
          name: props.name,
          rules: alerts.map((a) => ({
            alert: a.alert,
            expr: a.expr,
            for: `${(a.for ?? Duration.minutes(SUSTAINED_MINUTES)).toMinutes()}m`,
            labels: { severity: a.severity ?? 'critical' },
            annotations: { summary: a.summary },
          })),
        }],
      },
    });
  }
}

export interface ServiceMonitorProps {
  readonly name: string;
  readonly namespace: string;
  readonly release: string;
  /** Labels of the Service(s) to scrape. */
  readonly selector: Record<string, string>;
  /** Name of the Service port that serves metrics. */
  readonly port: string;
  /** @default '/metrics' */
  readonly path?: string;
  /** @default 30 seconds */
  readonly interval?: Duration;
}

/** A prometheus-operator ServiceMonitor carrying the kube-prometheus-stack `release` label. */
export class ServiceMonitor extends Construct {
  constructor(scope: Construct, id: string, props: ServiceMonitorProps) {
    super(scope, id);
    new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: props.name, namespace: props.namespace, labels: { release: props.release } },
      spec: {
        selector: { matchLabels: props.selector },
        namespaceSelector: { matchNames: [props.namespace] },
        endpoints: [{
          port: props.port,
          path: props.path ?? '/metrics',
          interval: `${(props.interval ?? Duration.seconds(30)).toSeconds()}s`,
        }],
      },
    });
  }
}
