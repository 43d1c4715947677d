import { Chart, Duration, Testing } from 'cdk8s';
import { ServiceMonitor, SlaPrometheusRule } from '../../constructs/monitoring/k8s/prometheus';
import { findObject, synthChart, validateObjects } from '../helpers/k8s';

const SLA = { latencyP99Ms: 25, errorRatePercent: 0.5, availabilityPercent: 99.9, capacityHeadroomPercent: 20 };

describe('SlaPrometheusRule', () => {
  const chart = new Chart(Testing.app(), 'c');
  new SlaPrometheusRule(chart, 'Rule', {
    name: 'store', namespace: 'ns', release: 'prom', alertPrefix: 'Store', sla: SLA,
    expressions: { latencyP99Seconds: 'lat', errorRatio: 'err', availabilityRatio: 'up', utilizationRatio: { memory: 'mem' } },
    extraAlerts: [{ alert: 'StoreEvicts', expr: 'ev > 0', for: Duration.minutes(1), summary: 'evicting' }],
  });
  new ServiceMonitor(chart, 'Sm', { name: 'store', namespace: 'ns', release: 'prom', selector: { app: 'store' }, port: 'metrics' });
  const objects = synthChart(chart);
  const rules = findObject(objects, 'PrometheusRule').spec.groups[0].rules;

  test('SLA thresholds become alert thresholds, in the units of the expressions', () => {
    expect(rules.map((r: any) => [r.alert, r.expr, r.labels.severity])).toEqual([
      ['StoreLatencyP99High', '(lat) > 0.025', 'critical'],
      ['StoreErrorRateHigh', '(err) > 0.005', 'critical'],
      ['StoreAvailabilityLow', '(up) < 0.999', 'critical'],
      ['StoreMemoryHeadroomLow', '(mem) > 0.8', 'warning'],
      ['StoreEvicts', 'ev > 0', 'critical'],
    ]);
  });

  test('alerts wait 5 minutes unless told otherwise', () => {
    expect(rules.map((r: any) => r.for)).toEqual(['5m', '5m', '5m', '5m', '1m']);
  });

  test('objects carry the release label and validate', () => {
    expect(findObject(objects, 'ServiceMonitor').metadata.labels).toEqual({ release: 'prom' });
    expect(findObject(objects, 'ServiceMonitor').spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    expect(validateObjects(objects)).toEqual([]);
  });
});
