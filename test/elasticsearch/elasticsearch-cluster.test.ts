import { Chart, Testing } from 'cdk8s';
import { type ElasticsearchClusterProps, ElasticsearchCluster } from '../../constructs/elasticsearch/k8s/elasticsearch-cluster';
import { ElasticsearchMonitoring } from '../../constructs/elasticsearch/k8s/exporter';
import { Kibana } from '../../constructs/elasticsearch/k8s/kibana';
import { environmentConfig, testEnvironment } from '../helpers/environment';
import { findObject, synthChart, validateObjects } from '../helpers/k8s';

const SLA = { latencyP99Ms: 200, errorRatePercent: 0.5, availabilityPercent: 99.9, capacityHeadroomPercent: 25 };

function build(overrides: Partial<ElasticsearchClusterProps> = {}, env = testEnvironment()) {
  const chart = new Chart(Testing.app(), 'test');
  const cluster = new ElasticsearchCluster(chart, 'Es', {
    environment: env, region: 'us-west-2', name: 'manifests', namespace: 'search',
    placement: { region: 'us-west-2', nodesPerZone: 2, replicationFactor: 3 },
    storageGiB: 500, cpuMillis: 4000, memoryMiB: 16384,
    ...overrides,
  });
  const kibana = new Kibana(chart, 'Kibana', { cluster });
  new ElasticsearchMonitoring(chart, 'Monitoring', { cluster, environment: env, sla: SLA });
  const objects = synthChart(chart);
  return { cluster, kibana, objects, es: findObject(objects, 'Elasticsearch', 'manifests') };
}

const follower = () => build({
  transport: { hostname: 'manifests-transport.us-west-2.example.com', trustedCaConfigMapName: 'remote-ca' },
  remoteClusters: [{ alias: 'leader-us-east-1', proxyAddress: 'manifests-transport.us-east-1.example.com:9300' }],
});

describe('schema', () => {
  test('every object validates against its CRD or the Kubernetes schema', () => {
    expect(validateObjects(build().objects)).toEqual([]);
    expect(validateObjects(follower().objects)).toEqual([]);
  });
});

describe('references for other constructs', () => {
  test('HTTP Service, port, namespace and the Secrets ECK creates', () => {
    const { cluster } = build();
    expect(cluster.httpServiceName).toBe('manifests-es-http');
    expect(cluster.httpPort).toBe(9200);
    expect(cluster.namespace).toBe('search');
    expect(cluster.elasticUserSecretName).toBe('manifests-es-elastic-user');
    expect(cluster.caSecretName).toBe('manifests-es-http-certs-public');
    expect(cluster.httpHost).toBe('manifests-es-http.search.svc.cluster.local');
  });
});

describe('node sets and zone placement', () => {
  const { es } = build();
  const nodeSet = (name: string) => es.spec.nodeSets.find((n: any) => n.name === name);

  test('separate master and data node sets', () => {
    expect(es.spec.nodeSets.map((n: any) => n.name)).toEqual(['masters', 'data']);
    expect(nodeSet('masters').count).toBe(3);
    expect(nodeSet('masters').config['node.roles']).toEqual(['master']);
    expect(nodeSet('data').count).toBe(6);
    expect(nodeSet('data').config['node.roles']).not.toContain('master');
  });

  test('zone awareness over the region\'s Kubernetes zones on both node sets', () => {
    for (const n of es.spec.nodeSets) {
      expect(n.zoneAwareness).toEqual({ topologyKey: 'topology.kubernetes.io/zone', zones: ['us-west-2a', 'us-west-2b', 'us-west-2c'] });
    }
  });

  test('volumes on the region\'s storage class, sized from the props', () => {
    const claim = (name: string) => nodeSet(name).volumeClaimTemplates[0];
    expect(claim('data').metadata.name).toBe('elasticsearch-data');
    expect(claim('data').spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: '500Gi' } } });
    expect(claim('masters').spec.resources.requests.storage).toBe('10Gi');
  });

  test('PVCs kept when the Elasticsearch is deleted; a disruption budget of one pod', () => {
    expect(es.spec.volumeClaimDeletePolicy).toBe('DeleteOnScaledownOnly');
    expect(es.spec.podDisruptionBudget.spec).toEqual({
      maxUnavailable: 1, selector: { matchLabels: { 'elasticsearch.k8s.elastic.co/cluster-name': 'manifests' } },
    });
  });

  test('non-root pods with memory request = limit', () => {
    const pod = nodeSet('data').podTemplate.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '4000m', memory: '16384Mi' }, limits: { memory: '16384Mi' } });
  });

  test('defaults: version 8.19, 3 masters with 10 GiB and 4096 MiB, transport not exposed, no remote clusters', () => {
    expect(es.spec.version).toBe('8.19.6');
    expect(nodeSet('masters').podTemplate.spec.containers[0].resources.limits.memory).toBe('4096Mi');
    expect(es.spec.transport).toBeUndefined();
    expect(Object.keys(nodeSet('data').config).filter((k) => k.startsWith('cluster.remote'))).toEqual([]);
  });
});

describe('cross-cluster replication', () => {
  const { es } = follower();
  test('the leader is a remote cluster in proxy mode on its transport endpoint', () => {
    const data = es.spec.nodeSets.find((n: any) => n.name === 'data');
    expect(data.config['cluster.remote.leader-us-east-1.mode']).toBe('proxy');
    expect(data.config['cluster.remote.leader-us-east-1.proxy_address']).toBe('manifests-transport.us-east-1.example.com:9300');
  });
  test('transport exposed on an internal load balancer, its name in the certificate, remote CAs trusted', () => {
    expect(es.spec.transport.service.spec.type).toBe('LoadBalancer');
    expect(es.spec.transport.service.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internal');
    expect(es.spec.transport.tls.subjectAltNames).toEqual([{ dns: 'manifests-transport.us-west-2.example.com' }]);
    expect(es.spec.transport.tls.certificateAuthorities).toEqual({ configMapName: 'remote-ca' });
  });
});

describe('network', () => {
  test('HTTP from own namespace and the operator, transport from peers and the other regions\' pod CIDRs, metrics from monitoring', () => {
    const { objects } = follower();
    const http = findObject(objects, 'NetworkPolicy', 'manifests-allow-http');
    expect(http.spec.ingress[0].from.map((f: any) => f.namespaceSelector.matchLabels['kubernetes.io/metadata.name'])).toEqual(['search', 'elastic-system']);
    expect(http.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9200 }]);
    const transport = findObject(objects, 'NetworkPolicy', 'manifests-allow-transport');
    expect(transport.spec.ingress[0].from).toEqual([
      { podSelector: { matchLabels: { 'elasticsearch.k8s.elastic.co/cluster-name': 'manifests' } } },
      { ipBlock: { cidr: '10.1.0.0/16' } }, { ipBlock: { cidr: '10.3.0.0/16' } },
    ]);
    const metrics = findObject(objects, 'NetworkPolicy', 'manifests-exporter-allow-metrics');
    expect(metrics.spec.ingress[0]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 9114 }],
    });
    findObject(objects, 'NetworkPolicy', 'manifests-kibana-allow-https');
  });
  test('transport stays in-cluster when not exposed', () => {
    const transport = findObject(build().objects, 'NetworkPolicy', 'manifests-allow-transport');
    expect(transport.spec.ingress[0].from).toHaveLength(1);
  });
});

describe('kibana', () => {
  test('references the Elasticsearch, same version, 2 instances by default, non-root', () => {
    const { objects, kibana } = build();
    const kb = findObject(objects, 'Kibana', 'manifests');
    expect(kb.spec).toMatchObject({ version: '8.19.6', count: 2, elasticsearchRef: { name: 'manifests' } });
    expect(kb.spec.podTemplate.spec.securityContext.runAsNonRoot).toBe(true);
    expect(kibana.httpServiceName).toBe('manifests-kb-http');
  });
  test('validation', () => {
    const chart = new Chart(Testing.app(), 'kb');
    const cluster = new ElasticsearchCluster(chart, 'Es', {
      environment: testEnvironment(), region: 'us-west-2', name: 'm', namespace: 's',
      placement: { region: 'us-west-2', nodesPerZone: 1, replicationFactor: 2 }, storageGiB: 50, cpuMillis: 1000, memoryMiB: 4096,
    });
    expect(() => new Kibana(chart, 'K', { cluster, instances: 0 })).toThrow(/kb\/K: `instances` must be a positive integer, got 0/);
    expect(() => new Kibana(chart, 'K2', { cluster, memoryMiB: 512 })).toThrow(/`memoryMiB` must be an integer >= 1024, got 512/);
  });
});

describe('monitoring', () => {
  const { objects } = build();
  test('exporter on 9114 with the elastic user and the HTTP CA, by Secret reference', () => {
    const deploy = findObject(objects, 'Deployment', 'manifests-exporter');
    const c = deploy.spec.template.spec.containers[0];
    expect(c.args).toContain('--es.uri=https://manifests-es-http:9200');
    expect(c.env).toContainEqual({ name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: 'manifests-es-elastic-user', key: 'elastic' } } });
    expect(deploy.spec.template.spec.volumes).toEqual([{ name: 'ca', secret: { secretName: 'manifests-es-http-certs-public' } }]);
    expect(deploy.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
  });
  test('ServiceMonitor with the release label on the exporter Service', () => {
    const sm = findObject(objects, 'ServiceMonitor', 'manifests-exporter');
    expect(sm.metadata.labels).toEqual({ release: 'kube-prometheus-stack' });
    expect(sm.spec.endpoints[0].port).toBe('metrics');
    expect(findObject(objects, 'Service', 'manifests-exporter').spec.ports[0].port).toBe(9114);
  });
  test('PrometheusRule: SLA thresholds and cluster health', () => {
    const rules = findObject(objects, 'PrometheusRule', 'manifests-exporter').spec.groups[0].rules;
    const byName = Object.fromEntries(rules.map((r: any) => [r.alert, r]));
    // The exporter has no percentiles: a mean above the p99 target, never called p99.
    expect(byName.ElasticsearchLatencyP99High).toBeUndefined();
    expect(byName.ElasticsearchLatencyMeanHigh.expr).toMatch(/^\(max\(rate\(elasticsearch_indices_search_query_time_seconds.*\) > 0\.2$/);
    expect(byName.ElasticsearchExporterDown.expr).toBe('absent(elasticsearch_cluster_health_status{cluster="manifests"})');
    expect(byName.ElasticsearchAvailabilityLow.expr).toBe('(max(elasticsearch_cluster_health_number_of_nodes{cluster="manifests"}) / 9) < 0.999');
    expect(byName.ElasticsearchDiskHeadroomLow.expr).toMatch(/> 0\.75$/);
    expect(byName.ElasticsearchHeapHeadroomLow).toBeDefined();
    expect(byName.ElasticsearchClusterRed.labels.severity).toBe('critical');
    expect(byName.ElasticsearchClusterYellow.labels.severity).toBe('warning');
  });
});

describe('validation', () => {
  const bad = (overrides: Partial<ElasticsearchClusterProps>, env = testEnvironment()) => () => build(overrides, env);
  test('an even number of masters', () => {
    expect(bad({ masterNodes: 4 })).toThrow(/test\/Es: `masterNodes` must be odd .* got 4/);
  });
  test('too few masters', () => {
    expect(bad({ masterNodes: 1 })).toThrow(/`masterNodes` must be at least 3 .* got 1/);
  });
  test('zone awareness over more zones than the region has', () => {
    const regions = environmentConfig().regions.map((r) => r.region === 'us-west-2'
      ? { ...r, availabilityZones: ['us-west-2a', 'us-west-2b'] } : r);
    const env = testEnvironment({ regions });
    expect(bad({ placement: { region: 'us-west-2', zones: ['us-west-2a', 'us-west-2b', 'us-west-2c'], nodesPerZone: 2, replicationFactor: 2 } }, env))
      .toThrow(/`placement.regions\[0\].zones\[2\]` must be a configured zone of us-west-2 \(us-west-2a, us-west-2b\), got 'us-west-2c'/);
  });
  test('more shard copies than zones', () => {
    expect(bad({ placement: { region: 'us-west-2', zones: ['us-west-2a', 'us-west-2b'], nodesPerZone: 2, replicationFactor: 3 } }))
      .toThrow(/`placement.replicationFactor` must be <= the zones \(2\)/);
  });
  test('placement of another region, sizes, names, remote clusters without transport', () => {
    expect(bad({ placement: { region: 'us-east-1', nodesPerZone: 1, replicationFactor: 1 } })).toThrow(/`placement.region` must be the cluster's region 'us-west-2'/);
    expect(bad({ storageGiB: 5 })).toThrow(/`storageGiB` must be an integer >= 10, got 5/);
    expect(bad({ memoryMiB: 1024 })).toThrow(/`memoryMiB` must be an integer >= 2048, got 1024/);
    expect(bad({ masterMemoryMiB: 1024 })).toThrow(/`masterMemoryMiB` must be an integer >= 2048, got 1024/);
    expect(bad({ masterStorageGiB: 0 })).toThrow(/`masterStorageGiB` must be a positive integer, got 0/);
    expect(bad({ cpuMillis: 100 })).toThrow(/`cpuMillis` must be an integer >= 500, got 100/);
    expect(bad({ name: 'Manifests' })).toThrow(/`name` must be a DNS label/);
    expect(bad({ namespace: 'a_b' })).toThrow(/`namespace` must be a DNS label/);
    expect(bad({ remoteClusters: [{ alias: 'Leader', proxyAddress: 'nohost' }] }))
      .toThrow(/3 problems:[\s\S]*`remoteClusters\[0\].alias`[\s\S]*`remoteClusters\[0\].proxyAddress` must be host:port[\s\S]*`transport` must be given/);
  });
});

describe('snapshot (review aid)', () => {
  test('follower manifests', () => {
    expect(follower().objects).toMatchSnapshot();
  });
});
