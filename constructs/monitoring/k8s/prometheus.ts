import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import type { ServiceLevelObjectives } from '../../platform/sla';
import type { MetricCatalog } from '../catalog/prometheus/types';
import { runbookUrl } from '../runbooks';
import { SUSTAINED_MINUTES, slaThresholds } from '../sla-signals';
import { type RecordingRule, burnRateRules } from './burn-rate';
import { type DashboardPanel, type DashboardSidecar, GrafanaDashboard } from './grafana-dashboard';
import { catalogProblems } from './promql-selectors';

/** One Prometheus alerting rule. */
export interface PrometheusAlert {
  readonly alert: string;
  readonly expr: string;
  /** @default SUSTAINED_MINUTES minutes */
  readonly for?: Duration;
  /** @default 'critical' */
  readonly severity?: 'critical' | 'warning';
  readonly summary: string;
  /**
   * Heading of the runbook section that says what to do (one section per alert family).
   *
   * @default - the alert name
   */
  readonly runbookSection?: string;
}

/** PromQL for the four SLA signals of a store. Omit a signal the store does not export. */
export interface SlaExpressions {
  /** p99 latency, in seconds. */
  readonly latencyP99Seconds?: string;
  /**
   * Mean latency in seconds, for stores whose exporter has totals but no percentiles. It is
   * compared with the p99 target: a mean above it means the p99 is above it too (the alert is
   * named `LatencyMeanHigh`, never p99).
   */
  readonly latencyMeanSeconds?: string;
  /** Failed requests / all requests over `window` (a PromQL range such as `5m`), 0..1. */
  readonly errorRatio?: (window: string) => string;
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
  /**
   * Metric catalogs of the exporters (at the versions the manifests pin) and cluster sources the
   * expressions read; an expression that selects anything else throws.
   */
  readonly catalogs: readonly MetricCatalog[];
  /** Web URL of docs/runbooks (Environment.runbookBaseUrl). */
  readonly runbookBaseUrl: string;
  /** Runbook page under docs/runbooks/, without `.md`, e.g. `k8s-cassandra`. */
  readonly runbookPage: string;
  /**
   * Prefix of the runbook headings of the SLA alerts, when several rules share one family
   * (e.g. one rule per event-store operation).
   *
   * @default - alertPrefix
   */
  readonly runbookPrefix?: string;
  /**
   * A Grafana dashboard of the SLA signals and burn rates, titled so, in a ConfigMap the sidecar loads.
   *
   * @default - no dashboard
   */
  readonly dashboard?: { readonly title: string; readonly sidecar: DashboardSidecar };
}

const pct = (x: number) => Number((x / 100).toPrecision(6));

/** Annotation listing the metric catalogs a PrometheusRule was checked against. */
export const METRIC_CATALOGS_ANNOTATION = 'monitoring.platform/metric-catalogs';

/**
 * A PrometheusRule with the SLA alerts (same thresholds as the CloudWatch alarms), multi-window
 * multi-burn-rate SLO alerts on the error-rate and availability objectives, and the store's own
 * alerts; each alert links its runbook section, and every expression is checked against the
 * metric catalogs at construction.
 */
export class SlaPrometheusRule extends Construct {
  public readonly alerts: readonly PrometheusAlert[];
  public readonly recordingRules: readonly RecordingRule[];
  /** The Grafana dashboard, when `dashboard` was given. */
  public readonly dashboard?: GrafanaDashboard;

  constructor(scope: Construct, id: string, props: SlaPrometheusRuleProps) {
    super(scope, id);
    const t = slaThresholds(props.sla);
    const e = props.expressions;
    const p = props.alertPrefix;
    const rb = props.runbookPrefix ?? p;
    const alerts: PrometheusAlert[] = [];
    if (e.latencyP99Seconds) {
      alerts.push({ alert: `${p}LatencyP99High`, expr: `(${e.latencyP99Seconds}) > ${t.latencyP99Ms / 1000}`, runbookSection: `${rb}LatencyP99High`,
        summary: `p99 latency above the SLA of ${t.latencyP99Ms} ms` });
    }
    if (e.latencyMeanSeconds) {
      alerts.push({ alert: `${p}LatencyMeanHigh`, expr: `(${e.latencyMeanSeconds}) > ${t.latencyP99Ms / 1000}`, runbookSection: `${rb}LatencyMeanHigh`,
        summary: `mean latency above the p99 SLA of ${t.latencyP99Ms} ms, so the p99 is above it too (the exporter has no percentiles)` });
    }
    if (e.errorRatio) {
      alerts.push({ alert: `${p}ErrorRateHigh`, expr: `(${e.errorRatio('5m')}) > ${pct(t.errorRatePercent)}`, runbookSection: `${rb}ErrorRateHigh`,
        summary: `error rate above the SLA of ${t.errorRatePercent}%` });
    }
    if (e.availabilityRatio) {
      alerts.push({ alert: `${p}AvailabilityLow`, expr: `(${e.availabilityRatio}) < ${pct(t.availabilityPercent)}`, runbookSection: `${rb}AvailabilityLow`,
        summary: `availability below the SLA of ${t.availabilityPercent}%` });
    }
    for (const [name, expr] of Object.entries(e.utilizationRatio ?? {})) {
      const cap = name.charAt(0).toUpperCase() + name.slice(1);
      alerts.push({ alert: `${p}${cap}HeadroomLow`, expr: `(${expr}) > ${pct(t.utilizationPercent)}`, severity: 'warning', runbookSection: `${rb}HeadroomLow`,
        summary: `${name} utilisation above ${t.utilizationPercent}% (headroom SLA ${props.sla.capacityHeadroomPercent}%)` });
    }
    const slo = burnRateRules(props.name, p, rb, props.sla, e);
    alerts.push(...slo.alerts, ...(props.extraAlerts ?? []));
    this.alerts = alerts;
    this.recordingRules = slo.records;

    const recorded = new Map(slo.records.map((r) => [r.record, Object.keys(r.labels)]));
    const problems = [
      ...slo.records.map((r) => ({ what: `recording rule ${r.record}`, expr: r.expr })),
      ...alerts.map((a) => ({ what: `alert ${a.alert}`, expr: a.expr })),
    ].flatMap(({ what, expr }) => catalogProblems(expr, props.catalogs, recorded).map((x) => `${what}: ${x}`));
    if (problems.length > 0) {
      throw new Error(`${this.node.path}: PrometheusRule '${props.name}' reads series the metric catalogs do not list `
        + `(constructs/monitoring/catalog/prometheus/):\n  ${problems.join('\n  ')}`);
    }

    // Typed by @kubernetes-models/prometheus-operator (generated from prometheus-operator v0.65.1's
    // CRDs, its package.json): a field the CRD does not declare is a compile error.
    const groups: IPrometheusRule['spec']['groups'] = [];
    groups.push({
      name: props.name,
      rules: alerts.map((a) => ({
        alert: a.alert,
        expr: a.expr,
        for: `${(a.for ?? Duration.minutes(SUSTAINED_MINUTES)).toMinutes()}m`,
        labels: { severity: a.severity ?? 'critical' },
        annotations: {
          summary: a.summary,
          runbook_url: runbookUrl(props.runbookBaseUrl, { page: props.runbookPage, heading: a.runbookSection ?? a.alert }),
        },
      })),
    });
    // Recording rules in their own group: Prometheus evaluates a group's rules in order, groups concurrently.
    if (slo.records.length > 0) groups.push({ name: `${props.name}-slo`, rules: slo.records });
    new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: {
        name: props.name, namespace: props.namespace, labels: { release: props.release },
        annotations: { [METRIC_CATALOGS_ANNOTATION]: props.catalogs.map((c) => c.id).join(',') },
      },
      spec: { groups } satisfies IPrometheusRule['spec'],
    });

    if (props.dashboard) {
      this.dashboard = new GrafanaDashboard(this, 'Dashboard', {
        name: props.name, namespace: props.namespace, title: props.dashboard.title, tags: ['polyglot-persistence', props.runbookPage],
        sidecar: props.dashboard.sidecar, catalogs: props.catalogs, recorded,
        panels: slaPanels(props.name, props.sla, e, slo.budgets),
      });
    }
  }
}

/** Panels of the SLA signals, each with its SLA line, and of the burn rates of each SLO. */
function slaPanels(service: string, sla: ServiceLevelObjectives, e: SlaExpressions, budgets: Readonly<Record<string, number>>): DashboardPanel[] {
  const t = slaThresholds(sla);
  const panels: DashboardPanel[] = [];
  if (e.latencyP99Seconds) panels.push({ title: 'p99 latency', unit: 's', threshold: t.latencyP99Ms / 1000, queries: [{ expr: e.latencyP99Seconds }] });
  if (e.latencyMeanSeconds) panels.push({ title: 'Mean latency (exporter has no percentiles)', unit: 's', threshold: t.latencyP99Ms / 1000, queries: [{ expr: e.latencyMeanSeconds }] });
  if (e.errorRatio) panels.push({ title: 'Error ratio', unit: 'percentunit', threshold: pct(t.errorRatePercent), queries: [{ expr: e.errorRatio('$__rate_interval') }] });
  if (e.availabilityRatio) panels.push({ title: 'Availability', unit: 'percentunit', threshold: pct(t.availabilityPercent), queries: [{ expr: e.availabilityRatio }] });
  const util = Object.entries(e.utilizationRatio ?? {});
  if (util.length > 0) panels.push({ title: 'Utilisation', unit: 'percentunit', threshold: pct(t.utilizationPercent), queries: util.map(([name, expr]) => ({ expr, legend: name })) });
  const slos = Object.entries(budgets);
  if (slos.length > 0) {
    panels.push({ title: 'Error budget burn rate (1h, 6h; pages at 14.4x)', unit: 'none', threshold: 14.4,
      queries: slos.flatMap(([s, budget]) => ['1h', '6h'].map((w) => ({
        expr: `slo:sli_error:ratio_rate${w}{slo_service="${service}",slo="${s}"} / ${budget}`, legend: `${s} ${w}` }))) });
  }
  return panels;
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
      } satisfies IServiceMonitor['spec'],
    });
  }
}
