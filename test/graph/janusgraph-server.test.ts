import { Chart, Testing } from 'cdk8s';
import { CassandraCluster, type CassandraClusterProps } from '../../constructs/cassandra/k8s/cassandra-cluster';
import { ElasticsearchCluster } from '../../constructs/elasticsearch/k8s/elasticsearch-cluster';
import { JanusGraphServer, type JanusGraphServerProps } from '../../constructs/graph/k8s/janusgraph-server';
import { testEnvironment } from '../helpers/environment';
import { type KubeObject, findObject, synthChart, validateObjects } from '../helpers/k8s';

const env = testEnvironment();
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const sla = { latencyP99Ms: 50, errorRatePercent: 0.5, availabilityPercent: 99.95, capacityHeadroomPercent: 30 };
const cassandraProps = (regions: string[]): CassandraClusterProps => ({
  environment: env, clusterName: 'graph-store', namespace: 'graph',
  topology: { regions: regions.map((region) => ({ region, nodesPerZone: 1, replicationFactor: 3 })) },
  storageGiB: 100, cpuMillis: 2000, memoryGiB: 16, heapGiB: 8,
  tls: { keystoreSecretName: 'ks', truststoreSecretName: 'ts', caCertSecretName: 'cassandra-ca' },
  backups: { bucketName: 'b', bucketRegion: 'us-east-1' },
});

function build(overrides: Partial<JanusGraphServerProps> = {}, cassandraRegions = REGIONS, region = 'us-east-1') {
  const chart = new Chart(Testing.app(), 'graph');
  const cassandra = new CassandraCluster(chart, 'Cassandra', cassandraProps(cassandraRegions));
  const elasticsearch = new ElasticsearchCluster(chart, 'Elasticsearch', {
    environment: env, region, name: 'graph-index', namespace: 'graph',
    placement: { region, nodesPerZone: 1, replicationFactor: 2 }, storageGiB: 50, cpuMillis: 1000, memoryMiB: 4096,
    clientNamespaces: ['graph'],
  });
  const server = new JanusGraphServer(chart, 'JanusGraph', {
    environment: env, region, name: 'assets-graph', namespace: 'graph', cassandra, elasticsearch,
    keyspace: 'assets', graphRegions: REGIONS, clientNamespaces: ['assets-service'],
    tls: { keystoreSecretName: 'gremlin-tls', keystorePasswordSecretName: 'gremlin-tls-password' },
    minReplicas: 2, maxReplicas: 6, cpuMillis: 1000, memoryMiB: 4096, sla, ...overrides,
  });
  return { chart, server, objects: () => synthChart(chart) };
}

const envOf = (deployment: KubeObject) => Object.fromEntries(
  deployment.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('JanusGraphServer', () => {
  const { server, objects } = build();
  const o = objects();
  const deployment = findObject(o, 'Deployment', 'assets-graph');
  const e = envOf(deployment);

  test('storage points at the exact CQL Service of the region\'s datacenter, over TLS, LOCAL_QUORUM', () => {
    expect(e['janusgraph.storage.backend']).toBe('cql');
    expect(e['janusgraph.storage.hostname']).toBe('graph-store-us-east-1-service.graph.svc.cluster.local');
    expect(e['janusgraph.storage.port']).toBe('9042');
    expect(e['janusgraph.storage.cql.local-datacenter']).toBe('us-east-1');
    expect(e['janusgraph.storage.cql.ssl.enabled']).toBe('true');
    expect(e['janusgraph.storage.cql.read-consistency-level']).toBe('LOCAL_QUORUM');
    expect(e['janusgraph.storage.cql.write-consistency-level']).toBe('LOCAL_QUORUM');
    expect(server.datacenter.serviceName).toBe('graph-store-us-east-1-service');
  });

  test('its own keyspace, NetworkTopologyStrategy with the cluster\'s replication per datacenter', () => {
    expect(e['janusgraph.storage.cql.keyspace']).toBe('assets');
    expect(e['janusgraph.storage.cql.replication-strategy-class']).toBe('NetworkTopologyStrategy');
    expect(e['janusgraph.storage.cql.replication-strategy-options']).toBe('us-east-1,3,us-west-2,3,eu-west-1,3');
  });

  test('the index points at the exact HTTP Service of the Elasticsearch, over HTTPS with its CA', () => {
    expect(e['janusgraph.index.search.backend']).toBe('elasticsearch');
    expect(e['janusgraph.index.search.hostname']).toBe('graph-index-es-http.graph.svc.cluster.local');
    expect(e['janusgraph.index.search.port']).toBe('9200');
    expect(e['janusgraph.index.search.index-name']).toBe('assets');
    expect(e['janusgraph.index.search.elasticsearch.ssl.enabled']).toBe('true');
    const volumes = deployment.spec.template.spec.volumes;
    expect(volumes.find((v: any) => v.name === 'elasticsearch-ca').secret.secretName).toBe('graph-index-es-http-certs-public');
    expect(volumes.find((v: any) => v.name === 'cassandra-ca').secret.secretName).toBe('cassandra-ca');
    expect(e.JANUS_PROPS_TEMPLATE).toBe('cql-es');
  });

  test('credentials come from Secrets by reference, never inline', () => {
    expect(e.CASSANDRA_USERNAME).toEqual({ secretKeyRef: { name: 'graph-store-superuser', key: 'username' } });
    expect(e.CASSANDRA_PASSWORD).toEqual({ secretKeyRef: { name: 'graph-store-superuser', key: 'password' } });
    expect(e.ELASTIC_PASSWORD).toEqual({ secretKeyRef: { name: 'graph-index-es-elastic-user', key: 'elastic' } });
    expect(e['janusgraph.storage.password']).toBe('$(CASSANDRA_PASSWORD)');
    expect(e['janusgraph.index.search.elasticsearch.http.auth.basic.password']).toBe('$(ELASTIC_PASSWORD)');
    expect(e['gremlinserver.ssl.enabled']).toBe('true');
    expect(e.TRUSTSTORE_PASSWORD).toEqual({ secretKeyRef: { name: 'gremlin-tls-password', key: 'password' } });
    expect(e['janusgraph.storage.cql.ssl.truststore.password']).toBe('$(TRUSTSTORE_PASSWORD)');
    const init = deployment.spec.template.spec.initContainers[0];
    expect(init.env).toEqual([{ name: 'TRUSTSTORE_PASSWORD', valueFrom: { secretKeyRef: { name: 'gremlin-tls-password', key: 'password' } } }]);
    expect(init.command[2]).toContain('-storepass "$TRUSTSTORE_PASSWORD"');
  });

  test('non-root, readiness on the Gremlin port, resources, spread over zones', () => {
    const spec = deployment.spec.template.spec;
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999 });
    const c = spec.containers[0];
    expect(c.readinessProbe.tcpSocket.port).toBe(8182);
    expect(c.resources).toEqual({ requests: { cpu: '1000m', memory: '4096Mi' }, limits: { memory: '4096Mi' } });
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(spec.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1 });
    expect(e.JAVA_OPTIONS).toContain('-Xmx2048m');
  });

  test('PodDisruptionBudget, HorizontalPodAutoscaler at the SLA headroom, writable by default', () => {
    expect(findObject(o, 'PodDisruptionBudget', 'assets-graph').spec.maxUnavailable).toBe(1);
    const hpa = findObject(o, 'HorizontalPodAutoscaler', 'assets-graph').spec;
    expect(hpa).toMatchObject({ minReplicas: 2, maxReplicas: 6, scaleTargetRef: { kind: 'Deployment', name: 'assets-graph' } });
    expect(hpa.metrics[0].resource.target.averageUtilization).toBe(70);
    expect(e['janusgraph.storage.read-only']).toBe('false');
  });

  test('network: Gremlin from client namespaces, metrics from the monitoring namespace', () => {
    expect(findObject(o, 'NetworkPolicy', 'assets-graph-allow-gremlin').spec.ingress[0]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'assets-service' } } }],
      ports: [{ protocol: 'TCP', port: 8182 }],
    });
    expect(findObject(o, 'NetworkPolicy', 'assets-graph-allow-metrics').spec.ingress[0].from[0].namespaceSelector.matchLabels)
      .toEqual({ 'kubernetes.io/metadata.name': 'monitoring' });
  });

  test('metrics: ServiceMonitor on the exporter port and SLA alerts at the SLA thresholds', () => {
    expect(findObject(o, 'ServiceMonitor', 'assets-graph').spec.endpoints[0].port).toBe('metrics');
    const rules = findObject(o, 'PrometheusRule', 'assets-graph').spec.groups[0].rules;
    const byName = Object.fromEntries(rules.map((r: any) => [r.alert, r.expr]));
    expect(byName.JanusGraphLatencyP99High).toMatch(/> 0\.05$/);
    expect(byName.JanusGraphErrorRateHigh).toMatch(/> 0\.005$/);
    expect(byName.JanusGraphAvailabilityLow).toMatch(/< 0\.9995$/);
    expect(byName.JanusGraphHeapHeadroomLow).toMatch(/> 0\.7$/);
  });

  test('every object validates against its schema or CRD', () => {
    expect(validateObjects(o)).toEqual([]);
  });

  describe('validation', () => {
    test('a storage backend that is not multi-region when the graph is', () => {
      expect(() => build({}, ['us-east-1']))
        .toThrow(/`cassandra` cluster 'graph-store' must have a datacenter in every graph region \(us-east-1, us-west-2, eu-west-1\) so the graph keyspace replicates there; it has us-east-1, missing us-west-2, eu-west-1/);
    });

    test('an Elasticsearch of another region', () => {
      const chart = new Chart(Testing.app(), 'graph');
      const cassandra = new CassandraCluster(chart, 'Cassandra', cassandraProps(REGIONS));
      const elasticsearch = new ElasticsearchCluster(chart, 'Es', {
        environment: env, region: 'us-west-2', name: 'idx', namespace: 'graph',
        placement: { region: 'us-west-2', nodesPerZone: 1, replicationFactor: 2 }, storageGiB: 50, cpuMillis: 1000, memoryMiB: 4096,
      });
      expect(() => new JanusGraphServer(chart, 'J', {
        environment: env, region: 'us-east-1', name: 'g', namespace: 'graph', cassandra, elasticsearch, keyspace: 'assets',
        clientNamespaces: ['x'], tls: { keystoreSecretName: 'a', keystorePasswordSecretName: 'b' },
        minReplicas: 2, maxReplicas: 2, cpuMillis: 1000, memoryMiB: 4096, sla,
      })).toThrow(/^graph\/J: `elasticsearch` must run in the server's region 'us-east-1', got 'idx' in 'us-west-2'$/);
    });

    test('sizes, replicas and names', () => {
      expect(() => build({ minReplicas: 1 })).toThrow(/`minReplicas` must be >= 2 in production environment 'test'/);
      expect(() => build({ maxReplicas: 1 })).toThrow(/`maxReplicas` must be an integer >= `minReplicas` \(2\), got 1/);
      expect(() => build({ heapMiB: 4000 })).toThrow(/`heapMiB` must be an integer from 512 to 75% of `memoryMiB` \(3072\), got 4000/);
      expect(() => build({ keyspace: 'Assets-1' })).toThrow(/`keyspace` must match/);
      expect(() => build({ graphRegions: ['us-west-2'] })).toThrow(/`graphRegions` must include `region` 'us-east-1'/);
      expect(() => build({ clientNamespaces: [] })).toThrow(/`clientNamespaces` must list at least one namespace/);
    });
  });

  test('@default: index name = keyspace, heap = half the memory, graph served from its region only, superuser credentials', () => {
    const { objects: o2 } = build({ graphRegions: undefined }, ['us-east-1']);
    const e2 = envOf(findObject(o2(), 'Deployment', 'assets-graph'));
    expect(e2['janusgraph.index.search.index-name']).toBe('assets');
    expect(e2.JAVA_OPTIONS).toContain('-Xms2048m -Xmx2048m');
    expect(e2['janusgraph.storage.cql.replication-strategy-options']).toBe('us-east-1,3');
    expect(e2['janusgraph.storage.read-only']).toBe('false');
  });
});
