/**
 * The metric catalogs against what we synthesize: every expression of every PrometheusRule reads
 * only series and labels its catalogs list, and those catalogs are the ones for the exporter
 * versions the manifests pin.
 */
import { ELASTICSEARCH_EXPORTER_V1_9_0, METRIC_CATALOGS, catalogForImage } from '../../constructs/monitoring/catalog/prometheus';
import { METRIC_CATALOGS_ANNOTATION } from '../../constructs/monitoring/k8s/prometheus';
import { catalogProblems, expressionReads } from '../../constructs/monitoring/k8s/promql-selectors';
import { readOutput } from '../../scripts/review/output';
import { defaultSynth } from '../helpers/default-synth';
import type { KubeObject } from '../helpers/k8s';

const charts = readOutput(defaultSynth().root).charts as ReadonlyMap<string, KubeObject[]>;
const all = [...charts.entries()].flatMap(([chart, objects]) => objects.map((o) => ({ chart, o })));
const rules = all.filter(({ o }) => o.kind === 'PrometheusRule');

function containers(o: KubeObject): { name: string; image: string }[] {
  const spec = o.spec?.template?.spec;
  return spec ? [...(spec.initContainers ?? []), ...spec.containers] : [];
}

describe('metric catalogs', () => {
  test('ids are unique; every entry has a name, a type and provenance; no series is listed twice in a catalog', () => {
    expect(new Set(METRIC_CATALOGS.map((c) => c.id)).size).toBe(METRIC_CATALOGS.length);
    for (const c of METRIC_CATALOGS) {
      expect({ id: c.id, dupes: c.metrics.map((m) => m.name).filter((n, i, a) => a.indexOf(n) !== i) }).toEqual({ id: c.id, dupes: [] });
      for (const m of c.metrics) {
        expect({ id: c.id, name: m.name, ok: /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(m.name) && m.provenance.length > 10 }).toEqual({ id: c.id, name: m.name, ok: true });
      }
    }
  });

  test('there are rules to check', () => {
    expect(rules.length).toBeGreaterThan(30);
  });

  test('every alert and recording rule expression reads only catalogued series and labels', () => {
    const problems = rules.flatMap(({ chart, o }) => {
      const ids = (o.metadata.annotations?.[METRIC_CATALOGS_ANNOTATION] ?? '').split(',').filter(Boolean);
      const catalogs = ids.map((id) => METRIC_CATALOGS.find((c) => c.id === id)).filter((c) => c !== undefined);
      if (catalogs.length !== ids.length || ids.length === 0) return [`${chart}/${o.metadata.name}: unknown catalogs ${JSON.stringify(ids)}`];
      const recorded = new Map<string, string[]>(o.spec.groups.flatMap((g: any) => g.rules.filter((r: any) => r.record).map((r: any) => [r.record, Object.keys(r.labels ?? {})])));
      return o.spec.groups.flatMap((g: any) => g.rules.flatMap((r: any) =>
        catalogProblems(r.expr, catalogs, recorded).map((p) => `${chart}/${o.metadata.name} ${r.alert ?? r.record}: ${p}`)));
    });
    expect(problems).toEqual([]);
  });

  test('each rule names the catalog of the exporter image its chart pins, at that version', () => {
    for (const { chart, o } of rules) {
      const ids = (o.metadata.annotations?.[METRIC_CATALOGS_ANNOTATION] ?? '').split(',');
      const pinned = new Set(all.filter((x) => x.chart === chart && x.o.metadata.namespace === o.metadata.namespace)
        .flatMap(({ o: w }) => containers(w)).flatMap((c) => {
          try {
            return [catalogForImage(chart, c.image, 'image').id];
          } catch {
            return [];
          }
        }));
      for (const id of ids.filter((i) => METRIC_CATALOGS.find((c) => c.id === i)?.image)) {
        expect({ chart, rule: o.metadata.name, id, pinned: pinned.has(id) }).toEqual({ chart, rule: o.metadata.name, id, pinned: true });
      }
    }
  });

  test('an exporter image without a catalog is refused, naming the field and the catalogued images', () => {
    expect(() => catalogForImage('c/Cache', 'quay.io/prometheus/memcached-exporter:v0.16.0', 'exporterImage'))
      .toThrow(/^c\/Cache: `exporterImage` "quay.io\/prometheus\/memcached-exporter:v0.16.0" has no metric catalog.*memcached-exporter:v0.15.3/);
    expect(catalogForImage('c', 'registry.internal/quay.io/prometheus/memcached-exporter:v0.15.3', 'image').id).toBe('memcached_exporter@v0.15.3');
  });

  test('the parser finds selectors, label matchers and grouping labels (and a misspelt series fails)', () => {
    const r = expressionReads('sum by (service) (rate(memcached_commands_total{command="get",status=~"hit"}[5m])) / on(service) group_left sum by (service) (rate(x[5m]))');
    expect(r.selectors.map((s) => [s.name, s.labels])).toEqual([['memcached_commands_total', ['command', 'status']], ['x', []]]);
    expect(r.groupingLabels).toEqual(['service']);
    const memcached = METRIC_CATALOGS.filter((c) => c.id.startsWith('memcached'));
    expect(catalogProblems('rate(memcached_command_total[5m])', memcached)).toEqual([
      'series "memcached_command_total" (in memcached_command_total) is in no metric catalog of this rule (memcached_exporter@v0.15.3)',
    ]);
    expect(catalogProblems('elasticsearch_cluster_health_up', METRIC_CATALOGS.filter((c) => c.id.startsWith('elasticsearch')))).toHaveLength(1);
    expect(catalogProblems('mcac_client_request_latency_count', METRIC_CATALOGS.filter((c) => c.id.startsWith('k8ssandra')))).toHaveLength(1);
  });

  test('elasticsearch_exporter (no scrape possible here, see the catalog README) cites its source at the pinned tag for every series', () => {
    // Each entry names the file and line of its descriptor at the tag's commit, and its name is
    // elasticsearch_<subsystem>_<name> as BuildFQName joins the strings the provenance quotes.
    const problems = ELASTICSEARCH_EXPORTER_V1_9_0.metrics.filter((m) => {
      const quoted = [...m.provenance.matchAll(/"([a-z_]+)"/g)].map((q) => q[1]);
      return m.scraped || !/v1\.9\.0 \(commit 4301b8d65587ace76803247a7329b5aaba27a574\) collector\/[a-z_]+\.go:\d+/.test(m.provenance)
        || !m.name.startsWith('elasticsearch_') || !quoted.some((q) => m.name.endsWith(`_${q}`));
    }).map((m) => m.name);
    expect(ELASTICSEARCH_EXPORTER_V1_9_0.metrics.length).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });
});
