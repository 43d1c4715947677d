import { type KubeObject, diffFields, reviewChart } from '../../scripts/review/k8s-changes';

const sts = (spec: object, name = 'cache'): KubeObject => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: 'n' }, spec });
const baseSts = {
  replicas: 3, serviceName: 'cache', selector: { matchLabels: { app: 'cache' } },
  template: { spec: { containers: [{ name: 'memcached', image: 'memcached:1.6' }] } },
  volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'gp3', resources: { requests: { storage: '10Gi' } } } }],
};
const k8ssandra = (datacenters: object[]): KubeObject => ({
  apiVersion: 'k8ssandra.io/v1alpha1', kind: 'K8ssandraCluster', metadata: { name: 'c', namespace: 'n' },
  spec: { cassandra: { serverVersion: '4.1.8', datacenters } },
});
const dc = (name: string, storageClassName = 'gp3', racks = ['a', 'b']) => ({
  metadata: { name }, size: 3, racks: racks.map((r) => ({ name: r })),
  storageConfig: { cassandraDataVolumeClaimSpec: { storageClassName, resources: { requests: { storage: '100Gi' } } } },
});

describe('diffFields', () => {
  test('reports nested paths, added and removed keys', () => {
    expect(diffFields({ a: { b: 1, c: 2 } }, { a: { b: 2, d: 3 } })).toEqual([
      { path: 'a.b', action: 'changed', before: 1, after: 2 },
      { path: 'a.c', action: 'removed', before: 2 },
      { path: 'a.d', action: 'added', after: 3 },
    ]);
  });

  test('matches named array items by name: reordering is no change, a rename is removed + added', () => {
    expect(diffFields([{ name: 'x', v: 1 }, { name: 'y', v: 2 }], [{ name: 'y', v: 2 }, { name: 'x', v: 1 }])).toEqual([]);
    expect(diffFields([{ name: 'x' }], [{ name: 'z' }]).map((c) => `${c.path} ${c.action}`)).toEqual(['[x] removed', '[z] added']);
    expect(diffFields([{ metadata: { name: 'x' }, v: 1 }], [{ metadata: { name: 'x' }, v: 2 }]).map((c) => c.path)).toEqual(['[x].v']);
  });

  test('compares unnamed and scalar arrays as a whole', () => {
    expect(diffFields({ args: ['a'] }, { args: ['a', 'b'] })).toEqual([{ path: 'args', action: 'changed', before: ['a'], after: ['a', 'b'] }]);
  });
});

describe('reviewChart', () => {
  test('identical charts: no change', () => {
    expect(reviewChart('c', [sts(baseSts)], [sts(baseSts)])).toEqual({ kind: 'chart', name: 'c', changes: [], risks: [] });
  });

  test('scaling a StatefulSet or changing its pod template is an in-place change, no risk', () => {
    const r = reviewChart('c', [sts(baseSts)], [sts({ ...baseSts, replicas: 6, template: { spec: { containers: [{ name: 'memcached', image: 'memcached:1.7' }] } } })]);
    expect(r.changes).toEqual([{ resource: 'StatefulSet n/cache', type: 'apps/v1 StatefulSet', action: 'changed',
      details: ['spec.replicas (changed)', 'spec.template.spec.containers[memcached].image (changed)'] }]);
    expect(r.risks).toEqual([]);
  });

  test.each([
    ['selector', { selector: { matchLabels: { app: 'other' } } }, 'spec.selector.matchLabels.app'],
    ['serviceName', { serviceName: 'other' }, 'spec.serviceName'],
    ['volumeClaimTemplates storage class', { volumeClaimTemplates: [{ ...baseSts.volumeClaimTemplates[0], spec: { ...baseSts.volumeClaimTemplates[0].spec, storageClassName: 'io2' } }] },
      'spec.volumeClaimTemplates[data].spec.storageClassName'],
  ])('a StatefulSet %s change is data at risk', (_, patch, path) => {
    const r = reviewChart('c', [sts(baseSts)], [sts({ ...baseSts, ...patch })]);
    expect(r.risks).toHaveLength(1);
    expect(r.risks[0].id).toBe('c/StatefulSet/n/cache');
    expect(r.risks[0].reason).toContain(`\`${path}\` is immutable on a StatefulSet`);
  });

  test('a renamed volumeClaimTemplate says new volumes are empty', () => {
    const r = reviewChart('c', [sts(baseSts)], [sts({ ...baseSts, volumeClaimTemplates: [{ ...baseSts.volumeClaimTemplates[0], metadata: { name: 'data2' } }] })]);
    expect(r.risks.map((x) => x.reason)).toEqual([
      '`spec.volumeClaimTemplates[data]` is immutable on a StatefulSet: apply fails, and recreating it binds new, empty volumes',
      '`spec.volumeClaimTemplates[data2]` is immutable on a StatefulSet: apply fails, and recreating it binds new, empty volumes',
    ]);
  });

  test('deleting an object that holds data is a risk; deleting a ConfigMap is not', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'n' } };
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } };
    const r = reviewChart('c', [sts(baseSts), cm, ns], []);
    expect(r.changes.map((c) => `${c.action} ${c.resource}`)).toEqual(['removed StatefulSet n/cache', 'removed ConfigMap n/cfg', 'removed Namespace n']);
    expect(r.risks.map((x) => x.id)).toEqual(['c/StatefulSet/n/cache', 'c/Namespace/-/n']);
    expect(r.risks[1].reason).toBe('removed: deleting a namespace deletes everything in it');
  });

  test('an apiVersion bump keeps the object identity', () => {
    const before: KubeObject = { ...sts(baseSts), apiVersion: 'apps/v1beta2' };
    const r = reviewChart('c', [before], [sts(baseSts)]);
    expect(r.changes.map((c) => `${c.action} ${c.details.join()}`)).toEqual(['changed apiVersion (changed)']);
    expect(r.risks).toEqual([]);
  });

  test('PVC storage class change and shrink are risks; growth is not', () => {
    const pvc = (storageClassName: string, storage: string): KubeObject => ({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p', namespace: 'n' },
      spec: { storageClassName, resources: { requests: { storage } } },
    });
    expect(reviewChart('c', [pvc('gp3', '10Gi')], [pvc('gp3', '20Gi')]).risks).toEqual([]);
    expect(reviewChart('c', [pvc('gp3', '1Ti')], [pvc('gp3', '500Gi')]).risks.map((x) => x.reason))
      .toEqual(['`spec.resources.requests.storage` shrinks from 1Ti to 500Gi: volumes cannot shrink']);
    expect(reviewChart('c', [pvc('gp3', '10Gi')], [pvc('io2', '10Gi')]).risks.map((x) => x.reason))
      .toEqual(['`spec.storageClassName` is immutable on a PersistentVolumeClaim: changing it means a new, empty volume']);
  });

  test('K8ssandraCluster: storageConfig change, removed datacenter and removed rack are risks; size is not', () => {
    const before = k8ssandra([dc('us-east-1'), dc('eu-west-1')]);
    expect(reviewChart('c', [before], [k8ssandra([{ ...dc('us-east-1'), size: 6 }, dc('eu-west-1')])]).risks).toEqual([]);
    const reasons = (after: KubeObject) => reviewChart('c', [before], [after]).risks.map((x) => x.reason);
    expect(reasons(k8ssandra([dc('us-east-1', 'io2'), dc('eu-west-1')]))).toEqual([
      '`spec.cassandra.datacenters[us-east-1].storageConfig.cassandraDataVolumeClaimSpec.storageClassName` changes the Cassandra data volumes, which cass-operator does not change in place',
    ]);
    expect(reasons(k8ssandra([dc('us-east-1')]))).toEqual(['`spec.cassandra.datacenters[eu-west-1]` removed: the datacenter is decommissioned and its volumes deleted']);
    expect(reasons(k8ssandra([dc('us-east-1', 'gp3', ['a']), dc('eu-west-1')])))
      .toEqual(["`spec.cassandra.datacenters[us-east-1].racks[b]` removed: the rack's nodes and their volumes go away"]);
  });

  test('ECK Elasticsearch: volumeClaimTemplates change and removed node set are risks; count is not', () => {
    const es = (nodeSets: object[]): KubeObject => ({ apiVersion: 'elasticsearch.k8s.elastic.co/v1', kind: 'Elasticsearch', metadata: { name: 'e', namespace: 'n' }, spec: { nodeSets } });
    const ns = (name: string, storageClassName = 'gp3', count = 3) => ({ name, count, volumeClaimTemplates: [{ metadata: { name: 'elasticsearch-data' }, spec: { storageClassName } }] });
    expect(reviewChart('c', [es([ns('data')])], [es([ns('data', 'gp3', 6)])]).risks).toEqual([]);
    expect(reviewChart('c', [es([ns('data')])], [es([ns('data', 'io2')])]).risks.map((x) => x.reason)).toEqual([
      '`spec.nodeSets[data].volumeClaimTemplates[elasticsearch-data].spec.storageClassName` changes the data volumes of a node set, which ECK only resizes in place',
    ]);
    expect(reviewChart('c', [es([ns('data'), ns('hot')])], [es([ns('data')])]).risks.map((x) => x.reason)).toEqual([
      '`spec.nodeSets[hot]` removed: its nodes and volumes are deleted (after ECK migrates shards, if it can)',
    ]);
  });
});
