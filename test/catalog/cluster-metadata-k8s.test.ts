import { App, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { type ClusterRecord, type ClusterSource, clusterRecord, isClusterMetadata } from '../../constructs/catalog/inventory';
import { ClusterMetadataConfigMap, addKubernetesClusterMetadata, kubernetesRegionEndpoints } from '../../constructs/catalog/k8s/cluster-metadata';
import { ReplicationMode } from '../../constructs/catalog/model';
import { shapeOf, topologyOver } from '../../constructs/catalog/stores';
import { testEnvironment } from '../helpers/environment';
import { findObject, synthChart, validateObjects } from '../helpers/k8s';

const env = testEnvironment();
const source: ClusterSource = {
  entry: {
    service: 'watch-progress', file: 'services/watch-progress.yaml', owner: 'playback-team', regions: ['us-east-1', 'us-west-2'],
    requirements: { dataModel: 'search', latencyP99Ms: 20, readsPerSecond: 1, writesPerSecond: 1, replication: 'multi-region', consistency: 'eventual', datasetGiB: 1, monthlyGrowthPercent: 1 },
    sla: { latencyP99Ms: 20, errorRatePercent: 0.1, availabilityPercent: 99.9, capacityHeadroomPercent: 30 },
    environments: {},
  },
  store: 'elasticsearch',
  environment: env,
  shape: shapeOf(env, topologyOver(['us-east-1', 'us-west-2'], 1, 2), ReplicationMode.LEADER_FOLLOWER, 'us-east-1'),
};
const LOCATION = 'wp/platform-cluster-metadata';
const record = (metadata = [{ region: 'us-east-1', configMap: LOCATION }], extra: Partial<ClusterRecord> = {}): ClusterRecord =>
  ({ ...clusterRecord(source, 'kubernetes', [], metadata), ...extra });
const chart = (app = Testing.app(), id = 'c') => new Chart(app, id, { namespace: 'wp' });

describe('ClusterMetadataConfigMap defaults', () => {
  const c = chart();
  const cm = new ClusterMetadataConfigMap(c, 'ClusterMetadata', { record: record(), region: 'us-east-1', namespace: 'wp' });
  const objects = synthChart(c);
  const o = findObject(objects, 'ConfigMap');

  test('@default name: platform-cluster-metadata, in the given namespace', () => {
    expect(cm.name).toBe('platform-cluster-metadata');
    expect(o.metadata).toMatchObject({ name: 'platform-cluster-metadata', namespace: 'wp' });
  });

  test('cluster.json holds the record and nothing else', () => {
    expect(Object.keys(o.data)).toEqual(['cluster.json']);
    expect(JSON.parse(o.data['cluster.json'])).toEqual(record());
  });

  test('labelled with the service it describes', () => {
    expect(o.metadata.labels).toEqual({ 'app.kubernetes.io/part-of': 'watch-progress', 'app.kubernetes.io/managed-by': 'platform-catalog' });
  });

  test('validates against the Kubernetes schema', () => expect(validateObjects(objects)).toEqual([]));

  test('found by the inventory', () => expect(isClusterMetadata(cm)).toBe(true));
});

describe('ClusterMetadataConfigMap validation', () => {
  const build = (props: Partial<ConstructorParameters<typeof ClusterMetadataConfigMap>[2]>, app = Testing.app(), id = 'c') =>
    () => new ClusterMetadataConfigMap(chart(app, id), 'ClusterMetadata', { record: record(), region: 'us-east-1', namespace: 'wp', ...props });

  test('control: valid props build', () => expect(build({})).not.toThrow());

  test('an AWS record', () => {
    expect(build({ record: record(undefined, { flavor: 'aws' }) })).toThrow(/c\/ClusterMetadata: `record\.flavor` must be 'kubernetes', got 'aws'/);
  });

  test('a region the record does not list', () => {
    expect(build({ region: 'eu-west-1' })).toThrow(/`region` must be one of `record\.regions` \["us-east-1","us-west-2"\], got 'eu-west-1'/);
  });

  test('a namespace that is not a DNS label', () => {
    expect(build({ namespace: 'Watch_Progress' })).toThrow(/`namespace` must be a DNS label .*, got 'Watch_Progress'/);
  });

  test('a name that is not a DNS subdomain', () => {
    expect(build({ name: 'Cluster Metadata' })).toThrow(/`name` must be a DNS subdomain .*, got 'Cluster Metadata'/);
  });

  test('a record that does not list this ConfigMap for the region', () => {
    expect(build({ name: 'other' })).toThrow(/`record\.metadata` must list this ConfigMap \{"region":"us-east-1","configMap":"wp\/other"\}/);
  });

  test('two in one namespace of one region fail, naming the other service; other regions are fine', () => {
    const app = Testing.app();
    build({}, app, 'a')();
    expect(build({ record: record([{ region: 'us-west-2', configMap: LOCATION }]), region: 'us-west-2' }, app, 'b')).not.toThrow();
    expect(build({ record: record(undefined, { service: 'other' }) }, app, 'c'))
      .toThrow(/`namespace` 'wp' already holds ConfigMap 'platform-cluster-metadata' of 'watch-progress' in test us-east-1: give each service its own namespace/);
  });
});

describe('kubernetesRegionEndpoints', () => {
  const c = chart();
  new k8s.KubeService(c, 'Client', { metadata: { name: 'es-http' }, spec: { ports: [{ port: 9200 }, { port: 9114 }] } });
  // A store whose operator creates its client Service: only what it publishes names that Service.
  const store = Object.assign(new Construct(c, 'Store'), {
    published: {
      endpoints: [
        { dns: 'es-es-http.wp.svc.cluster.local', ports: [9200], createdBy: 'Elasticsearch/es' },
        { dns: 'es-http.wp.svc.cluster.local', ports: [9200] },
      ],
      metrics: [],
    },
  });
  new k8s.KubeService(c, 'Other', { metadata: { name: 'es-transport', namespace: 'elsewhere' }, spec: { ports: [{ port: 9300 }] } });
  new k8s.KubeConfigMap(c, 'NotAService', { metadata: { name: 'cm' } });

  test('every Service of the manifest and the operator-created ones the stores publish, in construct order', () => {
    expect(kubernetesRegionEndpoints(c, 'us-east-1', [store])).toEqual({
      region: 'us-east-1', chart: 'c',
      services: [
        { dns: 'es-http.wp.svc.cluster.local', ports: [9200, 9114] },
        { dns: 'es-es-http.wp.svc.cluster.local', ports: [9200], createdBy: 'Elasticsearch/es' },
        { dns: 'es-transport.elsewhere.svc.cluster.local', ports: [9300] },
      ],
    });
  });

  test('a store construct the chart does not list publishes nothing', () => {
    expect(kubernetesRegionEndpoints(c, 'us-east-1', []).services!.map((e) => e.dns))
      .toEqual(['es-http.wp.svc.cluster.local', 'es-transport.elsewhere.svc.cluster.local']);
  });
});

describe('addKubernetesClusterMetadata', () => {
  const app = new App();
  const charts = ['us-west-2', 'us-east-1'].map((region) => {
    const c = new Chart(app, `watch-progress-test-${region}`, { namespace: 'wp' });
    new k8s.KubeService(c, 'Http', { metadata: { name: `es-${region}` }, spec: { ports: [{ port: 9200 }] } });
    return { region, chart: c, stores: [] };
  });
  const added = addKubernetesClusterMetadata(source, charts);

  test('one ConfigMap per chart namespace, in the shape\'s region order, the same record in each', () => {
    expect(added.map((c) => [Chart.of(c).node.id, c.namespace])).toEqual([['watch-progress-test-us-east-1', 'wp'], ['watch-progress-test-us-west-2', 'wp']]);
    expect(added[1].record).toBe(added[0].record);
  });

  test('endpoints per region, metadata locations, leader and capacity from the shape', () => {
    const r = added[0].record;
    expect(r.endpoints).toEqual([
      { region: 'us-east-1', chart: 'watch-progress-test-us-east-1', services: [{ dns: 'es-us-east-1.wp.svc.cluster.local', ports: [9200] }] },
      { region: 'us-west-2', chart: 'watch-progress-test-us-west-2', services: [{ dns: 'es-us-west-2.wp.svc.cluster.local', ports: [9200] }] },
    ]);
    expect(r.metadata).toEqual([{ region: 'us-east-1', configMap: LOCATION }, { region: 'us-west-2', configMap: LOCATION }]);
    expect(r).toMatchObject({ flavor: 'kubernetes', replication: 'leader-follower', leaderRegion: 'us-east-1', store: 'elasticsearch' });
    expect(r.capacity['us-west-2']).toEqual({ zones: 3, nodesPerZone: 1, nodes: 3, replicationFactor: 2 });
  });

  test('the region comes from the record, not the chart id: a chart named otherwise gets its region right', () => {
    const c = new Chart(new App(), 'search-west', { namespace: 'wp' });
    const [cm] = addKubernetesClusterMetadata(source, [{ region: 'us-west-2', chart: c, stores: [] }]);
    expect(cm.record.regions).toContain('us-west-2');
    expect(cm.record.endpoints).toEqual([{ region: 'us-west-2', chart: 'search-west', services: [] }]);
    expect(cm.record.metadata).toEqual([{ region: 'us-west-2', configMap: LOCATION }]);
  });

  test('a chart in a region outside the cluster fails, naming the chart and the region', () => {
    const other = new Chart(new App(), 'watch-progress-test-eu-west-1', { namespace: 'wp' });
    expect(() => addKubernetesClusterMetadata(source, [{ region: 'eu-west-1', chart: other, stores: [] }]))
      .toThrow(/\(test, kubernetes\): chart 'watch-progress-test-eu-west-1' is in region 'eu-west-1', outside the cluster's regions \["us-east-1","us-west-2"\]/);
  });

  test('a chart without a namespace fails', () => {
    const other = new Chart(new App(), 'watch-progress-test-us-east-1');
    expect(() => addKubernetesClusterMetadata(source, [{ region: 'us-east-1', chart: other, stores: [] }])).toThrow(/chart 'watch-progress-test-us-east-1' must have a namespace/);
  });
});
