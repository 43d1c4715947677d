import { Testing } from 'cdk8s';
import { platform } from '../../config/platform';
import type { IPublishedStore } from '../../constructs/catalog/inventory';
import { resolvePlatform } from '../../constructs/platform/config';
import type { BuiltChart } from '../../lib/use-case';
import { catalogUseCases } from '../../lib/use-cases';
import { type KubeObject, synthChart } from '../helpers/k8s';

/**
 * What each Kubernetes store construct publishes (IPublishedStore), against the manifests of the
 * repository's catalog: the endpoints are Services in the manifest or created by an operator from a
 * custom resource in it, the placement is the chart's region, the metric catalogs are the ones
 * its PrometheusRule is checked against.
 */
const env = resolvePlatform(platform).find((e) => e.name === 'prod')!;
const built: Array<{ service: string; record: BuiltChart; objects: KubeObject[] }> = catalogUseCases().flatMap((u) =>
  u.addCharts(Testing.app(), env).map((record) => ({ service: u.name, record, objects: synthChart(record.chart) })));
const stores = built.flatMap((b) => b.record.stores.map((store) => ({ ...b, store, path: store.node.path })));
/** Every object of a service's charts (the K8ssandraCluster is in the primary region's only). */
const objectsOf = (service: string) => built.filter((b) => b.service === service).flatMap((b) => b.objects);
const className = (s: IPublishedStore) => s.constructor.name;

/** `<name>.<namespace>.svc.cluster.local` → [name, namespace]. */
function nameAndNamespace(dns: string): [string, string] {
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(dns);
  if (!m) throw new Error(`not a Service DNS name: ${dns}`);
  return [m[1], m[2]];
}

/** The Service an operator creates from `<Kind>/<name>`, as the operators name it (the facts the constructs hold). */
function operatorService(kind: string, name: string, objects: readonly KubeObject[], namespace: string): string | undefined {
  const cr = (k: string) => objects.filter((o) => o.kind === k && o.metadata.namespace === namespace);
  switch (kind) {
    // ECK: `<name>-es-http`, `<name>-kb-http` (constructs/elasticsearch/k8s).
    case 'Elasticsearch': return cr('Elasticsearch').some((o) => o.metadata.name === name) ? `${name}-es-http` : undefined;
    case 'Kibana': return cr('Kibana').some((o) => o.metadata.name === name) ? `${name}-kb-http` : undefined;
    // cass-operator: `<cluster>-<dc>-service` for a datacenter of a K8ssandraCluster (constructs/cassandra/k8s).
    case 'CassandraDatacenter': {
      const k = cr('K8ssandraCluster').find((o) => (o as any).spec.cassandra.datacenters.some((d: any) => d.metadata.name === name));
      return k && `${(k as any).spec.cassandra.clusterName ?? k.metadata.name}-${name}-service`;
    }
    default: return undefined;
  }
}

describe('published stores of the catalog\'s charts (prod)', () => {
  test('every store construct of the Kubernetes flavor is listed by its chart', () => {
    expect([...new Set(stores.map((s) => className(s.store)))].sort()).toEqual([
      'CassandraDatacenterOperations', 'DynomiteCluster', 'ElasticsearchCluster', 'EvcacheKubernetesCluster', 'JanusGraphServer', 'Kibana',
    ]);
  });

  test.each(stores.map((s) => [s.path, s] as const))('%s: its endpoints are in the manifest or made by an operator from it', (_, s) => {
    expect(s.store.published.endpoints.length).toBeGreaterThan(0);
    for (const e of s.store.published.endpoints) {
      const [name, namespace] = nameAndNamespace(e.dns);
      if (e.createdBy === undefined) {
        const service = s.objects.find((o) => o.kind === 'Service' && o.metadata.name === name && o.metadata.namespace === namespace);
        expect(service).toBeDefined();
        const ports = ((service as any).spec.ports as Array<{ port: number }>).map((p) => p.port);
        expect(ports).toEqual(expect.arrayContaining([...e.ports]));
      } else {
        const [kind, crName] = e.createdBy.split('/');
        expect(operatorService(kind, crName, objectsOf(s.service), namespace)).toBe(name);
      }
    }
  });

  test.each(stores.map((s) => [s.path, s] as const))('%s: its placement is its chart\'s region, and its catalogs are its PrometheusRule\'s', (_, s) => {
    const { placement, metrics } = s.store.published;
    if (className(s.store) === 'Kibana') {
      expect(placement).toBeUndefined();
      expect(metrics).toEqual([]);
      return;
    }
    expect(placement?.region).toBe(s.record.region);
    expect(env.region(s.record.region).availabilityZones).toEqual(expect.arrayContaining([...placement!.zones]));
    const annotated = s.objects.filter((o) => o.kind === 'PrometheusRule')
      .map((o) => o.metadata.annotations?.['monitoring.platform/metric-catalogs']);
    expect(metrics.length).toBeGreaterThan(0);
    expect(annotated).toContain(metrics.map((m) => m.id).join(','));
  });
});
