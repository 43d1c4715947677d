import { Chart, Duration, Testing } from 'cdk8s';
import type { MetricCatalog } from '../../constructs/monitoring/catalog/prometheus';
import { errorBudgetMinutes } from '../../constructs/monitoring/k8s/burn-rate';
import { ServiceMonitor, SlaPrometheusRule, type SlaPrometheusRuleProps } from '../../constructs/monitoring/k8s/prometheus';
import { findObject, synthChart, validateObjects } from '../helpers/k8s';

const SLA = { latencyP99Ms: 25, errorRatePercent: 0.5, availabilityPercent: 99.9, capacityHeadroomPercent: 20 };
/** A catalog for this test's made-up store. */
const STORE: MetricCatalog = {
  id: 'store@v1', version: 'v1', source: 'test', targetLabels: ['namespace', 'pod'],
  metrics: [
    ...['lat', 'up_ratio', 'mem', 'ev'].map((name) => ({ name, type: 'gauge' as const, labels: ['shard'], provenance: 'test' })),
    ...['errors_total', 'requests_total'].map((name) => ({ name, type: 'counter' as const, labels: ['shard'], provenance: 'test' })),
  ],
};
const BASE: SlaPrometheusRuleProps = {
  name: 'store', namespace: 'ns', release: 'prom', alertPrefix: 'Store', sla: SLA, catalogs: [STORE],
  runbookBaseUrl: 'https://git.example/repo/blob/main/docs/runbooks', runbookPage: 'k8s-store',
  expressions: {
    latencyP99Seconds: 'lat', availabilityRatio: 'up_ratio', utilizationRatio: { memory: 'mem' },
    errorRatio: (w) => `sum(rate(errors_total[${w}])) / sum(rate(requests_total[${w}]))`,
  },
  extraAlerts: [{ alert: 'StoreEvicts', expr: 'ev > 0', for: Duration.minutes(1), summary: 'evicting' }],
};

describe('SlaPrometheusRule', () => {
  const chart = new Chart(Testing.app(), 'c');
  new SlaPrometheusRule(chart, 'Rule', BASE);
  new ServiceMonitor(chart, 'Sm', { name: 'store', namespace: 'ns', release: 'prom', selector: { app: 'store' }, port: 'metrics' });
  const objects = synthChart(chart);
  const rule = findObject(objects, 'PrometheusRule');
  const [alerts, slo] = rule.spec.groups;

  test('SLA thresholds become alert thresholds, in the units of the expressions', () => {
    expect(alerts.rules.filter((r: any) => !/BudgetBurn/.test(r.alert)).map((r: any) => [r.alert, r.expr, r.labels.severity])).toEqual([
      ['StoreLatencyP99High', '(lat) > 0.025', 'critical'],
      ['StoreErrorRateHigh', '(sum(rate(errors_total[5m])) / sum(rate(requests_total[5m]))) > 0.005', 'critical'],
      ['StoreAvailabilityLow', '(up_ratio) < 0.999', 'critical'],
      ['StoreMemoryHeadroomLow', '(mem) > 0.8', 'warning'],
      ['StoreEvicts', 'ev > 0', 'critical'],
    ]);
  });

  test('threshold alerts wait 5 minutes unless told otherwise; burn-rate alerts fire at once', () => {
    expect(Object.fromEntries(alerts.rules.map((r: any) => [r.alert, r.for]))).toEqual({
      StoreLatencyP99High: '5m', StoreErrorRateHigh: '5m', StoreAvailabilityLow: '5m', StoreMemoryHeadroomLow: '5m', StoreEvicts: '1m',
      StoreRequestsBudgetBurnPage: '0m', StoreRequestsBudgetBurnTicket: '0m', StoreAvailabilityBudgetBurnPage: '0m', StoreAvailabilityBudgetBurnTicket: '0m',
    });
  });

  test('every alert links its runbook section under the configured base', () => {
    const urls = Object.fromEntries(alerts.rules.map((r: any) => [r.alert, r.annotations.runbook_url]));
    expect(urls.StoreLatencyP99High).toBe('https://git.example/repo/blob/main/docs/runbooks/k8s-store.md#storelatencyp99high');
    expect(urls.StoreMemoryHeadroomLow).toBe('https://git.example/repo/blob/main/docs/runbooks/k8s-store.md#storeheadroomlow');
    expect(urls.StoreRequestsBudgetBurnPage).toBe('https://git.example/repo/blob/main/docs/runbooks/k8s-store.md#storeerrorbudgetburn');
  });

  test('burn rates are recorded per SLO and window (Sloth names and labels), alerts pair long and short windows', () => {
    expect(slo.name).toBe('store-slo');
    const byKey = Object.fromEntries(slo.rules.map((r: any) => [`${r.record}/${r.labels.slo}`, r]));
    expect(byKey['slo:sli_error:ratio_rate1h/requests']).toEqual({
      record: 'slo:sli_error:ratio_rate1h', expr: 'sum(rate(errors_total[1h])) / sum(rate(requests_total[1h]))',
      labels: { slo_service: 'store', slo: 'requests', slo_window: '1h' },
    });
    expect(byKey['slo:sli_error:ratio_rate3d/availability'].expr).toBe('1 - avg_over_time(slo:sli_availability:ratio{slo_service="store",slo="availability"}[3d])');
    const page = alerts.rules.find((r: any) => r.alert === 'StoreRequestsBudgetBurnPage');
    expect(page.expr).toBe('(max(slo:sli_error:ratio_rate5m{slo_service="store",slo="requests"} > (14.4 * 0.005)) without (slo_window)'
      + ' and max(slo:sli_error:ratio_rate1h{slo_service="store",slo="requests"} > (14.4 * 0.005)) without (slo_window))'
      + ' or (max(slo:sli_error:ratio_rate30m{slo_service="store",slo="requests"} > (6 * 0.005)) without (slo_window)'
      + ' and max(slo:sli_error:ratio_rate6h{slo_service="store",slo="requests"} > (6 * 0.005)) without (slo_window))');
    const ticket = alerts.rules.find((r: any) => r.alert === 'StoreAvailabilityBudgetBurnTicket');
    expect(ticket.labels.severity).toBe('warning');
    expect(ticket.expr).toMatch(/ratio_rate2h\{slo_service="store",slo="availability"\} > \(3 \* 0\.001\).* and .*ratio_rate1d.* or .*ratio_rate6h.*\(1 \* 0\.001\).*ratio_rate3d/);
  });

  test('the rule names the catalogs it was checked against; objects carry the release label and validate', () => {
    expect(rule.metadata.annotations).toEqual({ 'monitoring.platform/metric-catalogs': 'store@v1' });
    expect(findObject(objects, 'ServiceMonitor').metadata.labels).toEqual({ release: 'prom' });
    expect(findObject(objects, 'ServiceMonitor').spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    expect(validateObjects(objects)).toEqual([]);
  });

  test('no availability budget at 100%: no availability burn-rate alerts', () => {
    const c = new Chart(Testing.app(), 'c');
    new SlaPrometheusRule(c, 'Rule', { ...BASE, sla: { ...SLA, availabilityPercent: 100 } });
    const names = findObject(synthChart(c), 'PrometheusRule').spec.groups[0].rules.map((r: any) => r.alert);
    expect(names).not.toContain('StoreAvailabilityBudgetBurnPage');
    expect(names).toContain('StoreRequestsBudgetBurnPage');
  });
});

test('error budget over 30 days, as the README lists it', () => {
  expect([99.9, 99.95, 99.99, 100].map(errorBudgetMinutes)).toEqual([43.2, 21.6, 4.3, 0]);
});

describe('catalog check at construction', () => {
  const build = (over: Partial<SlaPrometheusRuleProps>) => () => new SlaPrometheusRule(new Chart(Testing.app(), 'c'), 'Rule', { ...BASE, ...over });
  test('a series no catalog lists throws, naming the construct, the rule, the alert and the series', () => {
    expect(build({ extraAlerts: [{ alert: 'StoreX', expr: 'sum(nope_total) > 0', summary: 's' }] }))
      .toThrow(/^c\/Rule: PrometheusRule 'store' reads series the metric catalogs do not list[\s\S]*alert StoreX: series "nope_total" .* is in no metric catalog of this rule \(store@v1\)/);
  });
  test('a label the series does not carry throws', () => {
    expect(build({ expressions: { latencyP99Seconds: 'max(lat{zone="a"})' } })).toThrow(/alert StoreLatencyP99High: label "zone" is not on lat \(store@v1: shard, namespace, pod\)/);
  });
  test('a grouping label none of the series carries throws', () => {
    expect(build({ expressions: { latencyP99Seconds: 'max by (zone) (lat)' } })).toThrow(/grouping label "zone" is on none of the series/);
  });
  test('target labels and recorded series are allowed', () => {
    expect(build({ expressions: { latencyP99Seconds: 'max by (pod, shard) (lat{namespace="ns"})', availabilityRatio: 'up_ratio' } })).not.toThrow();
  });
  test('a syntax error throws', () => {
    expect(build({ expressions: { latencyP99Seconds: 'max(lat' } })).toThrow(/PromQL syntax error/);
  });
  test('a bad runbook base URL throws', () => {
    expect(build({ runbookBaseUrl: 'not a url' })).toThrow(/runbookBaseUrl must be an http\(s\) URL/);
  });
});
