/**
 * Every Prometheus alert we synthesize, run by the real promtool (Debian's `prometheus` package):
 * `promtool check rules` over every PrometheusRule of a service, and `promtool test rules` with,
 * per alert of every region's chart, a broken state that fires it with its labels and annotations and a healthy state that
 * keeps it silent. Input series are named and labelled as the metric catalogs list them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { METRIC_CATALOGS } from '../../constructs/monitoring/catalog/prometheus';
import { METRIC_CATALOGS_ANNOTATION } from '../../constructs/monitoring/k8s/prometheus';
import { catalogProblems } from '../../constructs/monitoring/k8s/promql-selectors';
import { readOutput } from '../../scripts/review/output';
import { defaultSynth } from '../helpers/default-synth';
import type { KubeObject } from '../helpers/k8s';
import { tempDir } from '../helpers/loopback';
import { fixtureFor } from './alert-fixtures';
import { EVAL_TIME, type InputSeries, alertRules, promtool, writeRuleFile } from './promtool';

const charts = readOutput(defaultSynth().root).charts;
/** Charts by service: `<service>-<environment>-<region>`. */
const services = new Map<string, string[]>();
for (const chart of charts.keys()) {
  const m = /^(.+)-[a-z0-9]+-([a-z]{2}-[a-z]+-\d)$/.exec(chart);
  if (!m) continue;
  if ((charts.get(chart) ?? []).some((o) => o.kind === 'PrometheusRule')) services.set(m[1], [...(services.get(m[1]) ?? []), chart]);
}
const rulesOf = (chart: string) => (charts.get(chart) ?? []).filter((o) => o.kind === 'PrometheusRule');
/** The chart that holds the multi-cluster objects (K8ssandraCluster), else the first. */
const primaryChart = (names: string[]) => names.find((c) => (charts.get(c) ?? []).some((o) => o.kind === 'K8ssandraCluster')) ?? names[0];

const catalogsOf = (rule: KubeObject) => (rule.metadata.annotations?.[METRIC_CATALOGS_ANNOTATION] ?? '').split(',')
  .map((id) => METRIC_CATALOGS.find((c) => c.id === id)!).filter(Boolean);

test('the six services have Prometheus rules', () => {
  expect([...services.keys()].sort()).toEqual(['cdn-url', 'delayed-queues', 'digital-assets', 'event-sourced', 'playback-manifest', 'viewing-history']);
});

describe.each([...services.keys()].sort())('%s', (service) => {
  const names = services.get(service)!;
  const dir = tempDir(`promtool-${service}-`);
  afterAll(() => dir.remove());

  test('promtool check rules accepts every PrometheusRule of every region', () => {
    const files = names.flatMap((chart) => rulesOf(chart).map((r) => writeRuleFile(dir.path, r, chart)));
    const out = promtool(['check', 'rules', ...files], dir.path);
    expect(out.match(/SUCCESS: \d+ rules found/g)).toHaveLength(files.length);
  });

  /**
   * Every region's chart; the multi-cluster objects (K8ssandraCluster) live in the primary chart
   * only, so the other regions' fixtures read them from there.
   */
  const primary = charts.get(primaryChart(names))!;
  const objectsOf = (chart: string) => {
    const own = charts.get(chart)!;
    return [...own, ...primary.filter((o) => o.kind === 'K8ssandraCluster' && !own.includes(o))];
  };
  const cases = names.flatMap((chart) => {
    const objects = objectsOf(chart);
    return rulesOf(chart).map((rule) => ({ chart, rule, fixture: fixtureFor(rule, objects), alerts: alertRules(rule) }));
  });

  test('every region has alerts under test', () => {
    expect([...new Set(cases.map((c) => c.chart))].sort()).toEqual([...names].sort());
  });

  test('every alert of every region has a broken state that fires it, and input series are catalogued', () => {
    for (const { chart, rule, fixture, alerts } of cases) {
      const covered = new Set(fixture.broken.flatMap((b) => Object.keys(b.firing)));
      expect({ chart, rule: rule.metadata.name, alerts: [...alerts.keys()].sort() }).toEqual({ chart, rule: rule.metadata.name, alerts: [...covered].sort() });
      const series: InputSeries[] = [...fixture.healthy, ...fixture.broken.flatMap((b) => b.series)];
      expect(series.flatMap((s) => catalogProblems(s.series, catalogsOf(rule)))).toEqual([]);
    }
  });

  test('promtool test rules, every region: each alert fires on its broken state with its labels and annotations, and stays silent when healthy', () => {
    // One test file per PrometheusRule of each region, holding that rule's file only: its alerts
    // read only its own recording rules, another region's absent()-style alerts stay out of its
    // tests, and promtool evaluates no other rule's rules in them. One invocation runs them all.
    const testFiles = cases.map(({ chart, rule, fixture, alerts }) => {
      const exp = (name: string, extra: Record<string, string>) => {
        const r = alerts.get(name)!;
        return { exp_labels: { ...r.labels, ...extra }, exp_annotations: r.annotations };
      };
      const tests = [
        { name: `${chart} ${rule.metadata.name}: healthy`, interval: '1m', input_series: fixture.healthy,
          alert_rule_test: [...alerts.keys()].map((alertname) => ({ eval_time: EVAL_TIME, alertname, exp_alerts: [] })) },
        ...fixture.broken.map((b) => ({
          name: `${chart} ${rule.metadata.name}: ${b.name}`, interval: '1m', input_series: b.series,
          alert_rule_test: Object.entries(b.firing).map(([alertname, instances]) => ({
            eval_time: EVAL_TIME, alertname, exp_alerts: instances.map((extra) => exp(alertname, extra)),
          })),
        })),
      ];
      const testFile = join(dir.path, `${chart}--${rule.metadata.name}.test.yaml`);
      writeFileSync(testFile, stringify({ rule_files: [writeRuleFile(dir.path, rule, chart)], evaluation_interval: '1m', tests }));
      return testFile;
    });
    const out = promtool(['test', 'rules', ...testFiles], dir.path);
    expect(out.match(/^ {2}SUCCESS$/gm)).toHaveLength(testFiles.length);
  });
});
