import { DashboardBuilder, ThresholdsConfigBuilder, ThresholdsMode } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { Environment } from '../../platform/config';
import type { MetricCatalog } from '../catalog/prometheus/types';
import { type RecordedSeries, catalogProblems } from './promql-selectors';

/** One time-series panel: its PromQL queries and, when it has one, the SLA line. */
export interface DashboardPanel {
  readonly title: string;
  /** Grafana unit id, e.g. `s`, `percentunit`. */
  readonly unit: string;
  readonly queries: readonly { readonly expr: string; readonly legend?: string }[];
  /**
   * Where the panel turns red (the SLA threshold, in the queries' unit).
   *
   * @default - no threshold line
   */
  readonly threshold?: number;
}

/**
 * How Grafana finds dashboards: kube-prometheus-stack's Grafana sidecar loads every ConfigMap that
 * carries `label: labelValue` (chart values `grafana.sidecar.dashboards.label: grafana_dashboard`,
 * `labelValue: "1"`, `searchNamespace: ALL`), and provisions the datasource `uid: prometheus`
 * (`grafana.sidecar.datasources.uid`); prometheus-community/helm-charts kube-prometheus-stack 88.5.3
 * values.yaml.
 */
export interface DashboardSidecar {
  readonly label: string;
  readonly labelValue: string;
  readonly datasourceUid: string;
}

/** The sidecar settings of an environment. */
export function dashboardSidecar(env: Environment): DashboardSidecar {
  return { label: env.grafanaDashboardLabel, labelValue: env.grafanaDashboardLabelValue, datasourceUid: env.grafanaDatasourceUid };
}

export interface GrafanaDashboardProps {
  /** metadata.name of the ConfigMap; also the dashboard uid. */
  readonly name: string;
  readonly namespace: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly panels: readonly DashboardPanel[];
  readonly sidecar: DashboardSidecar;
  /** Catalogs the queries may read (as for the alerts). */
  readonly catalogs: readonly MetricCatalog[];
  /** Series the store's recording rules produce, which queries may read too. */
  readonly recorded?: RecordedSeries;
}

/** Grafana's range variables, replaced by a fixed range to check a query with the PromQL grammar. */
const GRAFANA_RANGES = /\$__(rate_interval|interval|range)/g;

/**
 * A Grafana dashboard built with @grafana/grafana-foundation-sdk, in a ConfigMap the Grafana
 * sidecar loads. Every query is checked against the metric catalogs at construction.
 */
export class GrafanaDashboard extends Construct {
  /** The dashboard model as Grafana reads it. */
  public readonly dashboard: Record<string, unknown>;
  public readonly uid: string;

  constructor(scope: Construct, id: string, props: GrafanaDashboardProps) {
    super(scope, id);
    if (!/^[a-zA-Z0-9_-]+$/.test(props.name)) {
      throw new Error(`${this.node.path}: dashboard name must be letters, digits, '-' and '_' (it is the uid), got ${JSON.stringify(props.name)}`);
    }
    const problems = props.panels.flatMap((p) => p.queries.flatMap((q) =>
      catalogProblems(q.expr.replace(GRAFANA_RANGES, '5m'), props.catalogs, props.recorded).map((x) => `panel "${p.title}": ${x}`)));
    if (problems.length > 0) {
      throw new Error(`${this.node.path}: dashboard '${props.name}' queries series the metric catalogs do not list:\n  ${problems.join('\n  ')}`);
    }
    this.uid = props.name;
    const datasource = { type: 'prometheus', uid: props.sidecar.datasourceUid };
    const builder = new DashboardBuilder(props.title).uid(props.name).tags([...props.tags]).refresh('1m')
      .time({ from: 'now-6h', to: 'now' }).timezone('utc').readonly();
    for (const p of props.panels) {
      const panel = new PanelBuilder().title(p.title).unit(p.unit).datasource(datasource).height(8).span(12);
      if (p.threshold !== undefined) {
        panel.thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute)
          .steps([{ value: null, color: 'green' }, { value: p.threshold, color: 'red' }]));
      }
      p.queries.forEach((q, i) => panel.withTarget(new DataqueryBuilder().expr(q.expr).legendFormat(q.legend ?? '__auto')
        .refId(String.fromCharCode(65 + i)).datasource(datasource)));
      builder.withPanel(panel);
    }
    this.dashboard = builder.build() as unknown as Record<string, unknown>;
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: `${props.name}-dashboard`, namespace: props.namespace, labels: { [props.sidecar.label]: props.sidecar.labelValue } },
      data: { [`${props.name}.json`]: `${JSON.stringify(this.dashboard, null, 2)}\n` },
    });
  }
}
