/**
 * Grafana dashboards as the sidecar loads them: one ConfigMap per store and service, labelled for
 * kube-prometheus-stack's sidecar, holding dashboard JSON whose panels query catalogued series only.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { Chart, Testing } from 'cdk8s';
import { METRIC_CATALOGS, REDIS_EXPORTER_V1_62_0 } from '../../constructs/monitoring/catalog/prometheus';
import { GrafanaDashboard } from '../../constructs/monitoring/k8s/grafana-dashboard';
import { METRIC_CATALOGS_ANNOTATION } from '../../constructs/monitoring/k8s/prometheus';
import { catalogProblems } from '../../constructs/monitoring/k8s/promql-selectors';
import { readOutput } from '../../scripts/review/output';
import { defaultSynth } from '../helpers/default-synth';
import type { KubeObject } from '../helpers/k8s';

const charts = readOutput(defaultSynth().root).charts as ReadonlyMap<string, KubeObject[]>;
const all = [...charts.entries()].flatMap(([chart, objects]) => objects.map((o) => ({ chart, o })));
const dashboards = all.filter(({ o }) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1')
  .map(({ chart, o }) => {
    const [[file, json]] = Object.entries(o.data as Record<string, string>);
    return { chart, o, file, dashboard: JSON.parse(json) as Dashboard };
  });

describe('Grafana dashboards', () => {
  test('one per store and service: each chart with a store rule has its dashboard', () => {
    // Event-store operations are tables of the Cassandra cluster, which has its own dashboard.
    const stores = all.filter(({ o }) => o.kind === 'PrometheusRule' && !o.spec.groups[0].rules.every((r: any) => r.alert.startsWith('EventStore')));
    expect(dashboards.length).toBe(stores.length);
    const titles = new Set(dashboards.map((d) => (d.dashboard.title ?? '').split(' ')[0]));
    expect([...titles].sort()).toEqual(['Cassandra', 'Dynomite', 'EVCache', 'Elasticsearch', 'JanusGraph']);
  });

  test('valid Grafana JSON: uid, title, schemaVersion, panels with a type, the Prometheus datasource and queries', () => {
    for (const { chart, file, dashboard: d } of dashboards) {
      expect(file).toBe(`${d.uid}.json`);
      expect({ chart, uid: /^[a-zA-Z0-9_-]+$/.test(d.uid ?? ''), title: (d.title ?? '').length > 0, schema: typeof d.schemaVersion })
        .toEqual({ chart, uid: true, title: true, schema: 'number' });
      expect(d.panels!.length).toBeGreaterThanOrEqual(3);
      for (const p of d.panels as any[]) {
        expect({ title: p.title, type: p.type, ds: p.datasource, grid: typeof p.gridPos?.h }).toEqual({ title: p.title, type: 'timeseries', ds: { type: 'prometheus', uid: 'prometheus' }, grid: 'number' });
        expect(p.targets.length).toBeGreaterThan(0);
        expect(new Set(p.targets.map((t: any) => t.refId)).size).toBe(p.targets.length);
      }
    }
  });

  test('uids are unique within each region\'s Grafana', () => {
    for (const chart of charts.keys()) {
      const uids = dashboards.filter((d) => d.chart === chart).map((d) => d.dashboard.uid);
      expect(new Set(uids).size).toBe(uids.length);
    }
  });

  test('every panel query reads only series its store\'s catalogs list (and its recording rules)', () => {
    const problems = dashboards.flatMap(({ chart, o, dashboard: d }) => {
      const rule = charts.get(chart)!.find((r) => r.kind === 'PrometheusRule' && r.metadata.name === d.uid && r.metadata.namespace === o.metadata.namespace);
      if (!rule) return [`${chart}: no PrometheusRule for dashboard ${d.uid}`];
      const catalogs = rule.metadata.annotations![METRIC_CATALOGS_ANNOTATION].split(',').map((id) => METRIC_CATALOGS.find((c) => c.id === id)!);
      const recorded = new Map<string, string[]>(rule.spec.groups.flatMap((g: any) => g.rules.filter((r: any) => r.record).map((r: any) => [r.record, Object.keys(r.labels)])));
      return (d.panels as any[]).flatMap((p) => p.targets.flatMap((t: any) =>
        catalogProblems(t.expr.replace(/\$__rate_interval/g, '5m'), catalogs, recorded).map((x) => `${chart} ${d.uid} "${p.title}": ${x}`)));
    });
    expect(problems).toEqual([]);
  });

  test('the SLA line is drawn at the SLA threshold', () => {
    const d = dashboards.find((x) => (x.dashboard.title ?? '').startsWith('Dynomite'))!.dashboard;
    const p99 = (d.panels as any[]).find((p) => p.title === 'p99 latency');
    expect(p99.fieldConfig.defaults.thresholds.steps).toEqual([{ value: null, color: 'green' }, { value: 0.005, color: 'red' }]);
  });

  test('a query on a series no catalog lists throws; the sidecar label is configurable', () => {
    const sidecar = { label: 'dashboards', labelValue: 'yes', datasourceUid: 'prom' };
    const make = (expr: string) => new GrafanaDashboard(new Chart(Testing.app(), 'c'), 'D', {
      name: 'q', namespace: 'ns', title: 'Q', tags: [], sidecar, catalogs: [REDIS_EXPORTER_V1_62_0],
      panels: [{ title: 'Memory', unit: 'bytes', queries: [{ expr }] }],
    });
    expect(() => make('redis_memory_usedbytes')).toThrow(/^c\/D: dashboard 'q' queries series the metric catalogs do not list:\n {2}panel "Memory": series "redis_memory_usedbytes"/);
    const d = make('max(rate(redis_commands_total[$__rate_interval]))');
    const cm = Testing.synth(Chart.of(d) as Chart)[0];
    expect(cm.metadata.labels).toEqual({ dashboards: 'yes' });
    expect((d.dashboard.panels as any)[0].datasource).toEqual({ type: 'prometheus', uid: 'prom' });
  });
});
