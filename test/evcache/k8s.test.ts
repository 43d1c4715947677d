import { type KubeObject, findObject, synthChart, validateObjects } from '../helpers/k8s';
import { k8sCache } from './fixtures';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const { chart, cache } = k8sCache({ replication: {} });
const objects = synthChart(chart);
const sts = (zone: string) => findObject(objects, 'StatefulSet', `urls-${zone}`);
const container = (o: KubeObject, name: string) => o.spec.template.spec.containers.find((c: { name: string }) => c.name === name);

test('every object validates against its schema, unknown fields rejected', () => {
  expect(validateObjects(objects)).toEqual([]);
  expect(objects.map((o) => o.kind).sort()).toEqual([
    ...Array(2).fill('ConfigMap'), ...Array(2).fill('NetworkPolicy'), ...Array(3).fill('PodDisruptionBudget'), 'PrometheusRule',
    ...Array(3).fill('Service'), 'ServiceMonitor', ...Array(3).fill('StatefulSet'),
  ]);
});

describe('zone placement', () => {
  test.each(ZONES)('the StatefulSet of %s is pinned to its zone by required node affinity', (zone) => {
    expect(sts(zone).spec.replicas).toBe(2);
    expect(sts(zone).spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] }]);
  });

  test('hard anti-affinity across hosts between every memcached pod of the cache', () => {
    expect(sts('us-east-1a').spec.template.spec.affinity.podAntiAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: [{
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'evcache', 'app.kubernetes.io/part-of': 'urls' } },
        topologyKey: 'kubernetes.io/hostname',
      }],
    });
  });

  test('a headless Service and a PodDisruptionBudget (one pod at a time) per zone', () => {
    for (const zone of ZONES) {
      const svc = findObject(objects, 'Service', `urls-${zone}`);
      expect(svc.spec.clusterIP).toBe('None');
      expect(svc.spec.selector['app.kubernetes.io/instance']).toBe(`urls-${zone}`);
      expect(svc.spec.ports.map((p: { port: number }) => p.port)).toEqual([11211, 9150]);
      const pdb = findObject(objects, 'PodDisruptionBudget', `urls-${zone}`);
      expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: sts(zone).spec.selector.matchLabels } });
    }
  });

  test('PVCs (should a volume ever be added) are retained', () => {
    expect(sts('us-east-1b').spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });
});

describe('memory and memcached flags', () => {
  const mc = container(sts('us-east-1a'), 'memcached');

  test('memory request = limit, with memcached -m below it', () => {
    expect(mc.resources).toEqual({ requests: { cpu: '1000m', memory: '4096Mi' }, limits: { memory: '4096Mi' } });
    expect(mc.args.join(' ')).toContain('--memory-limit 3584');
  });

  test('defaults: 4096 connections, 4 threads, 1 MiB items, UDP off, official image of 1.6.22', () => {
    expect(mc.args.join(' ')).toContain('--conn-limit 4096 --threads 4 --max-item-size 1024k');
    expect(mc.args.join(' ')).toContain('--udp-port 0');
    expect(mc.image).toBe('memcached:1.6.22');
    expect(container(sts('us-east-1a'), 'exporter').image).toBe('quay.io/prometheus/memcached-exporter:v0.15.3');
  });

  test('configured values replace the defaults', () => {
    const o = synthChart(k8sCache({ maxConnections: 1024, threads: 8, maxItemSizeKiB: 2048, image: 'registry/memcached:x' }).chart);
    const c = container(findObject(o, 'StatefulSet', 'urls-us-east-1a'), 'memcached');
    expect(c.args.join(' ')).toContain('--conn-limit 1024 --threads 8 --max-item-size 2048k');
    expect(c.image).toBe('registry/memcached:x');
  });
});

describe('encryption and security', () => {
  const spec = sts('us-east-1c').spec.template.spec;

  test('memcached serves TLS only, from the referenced Secret; the exporter verifies it', () => {
    const mc = container(sts('us-east-1c'), 'memcached');
    expect(mc.args.join(' ')).toContain('--enable-ssl --extended ssl_chain_cert=/tls/tls.crt,ssl_key=/tls/tls.key');
    expect(spec.volumes).toEqual([{ name: 'tls', secret: { secretName: 'urls-tls', defaultMode: 0o440 } }]);
    expect(container(sts('us-east-1c'), 'exporter').args).toEqual(expect.arrayContaining([
      '--memcached.tls.enable', '--memcached.tls.ca-file=/tls/ca.crt', '--memcached.tls.server-name=urls-us-east-1c.urls-cache.svc.cluster.local',
    ]));
    expect(cache.certificateDnsNames).toContain('*.urls-us-east-1c.urls-cache.svc.cluster.local');
  });

  test('non-root, read-only root file system, no capabilities, no service account token', () => {
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 11211, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.automountServiceAccountToken).toBe(false);
    for (const c of spec.containers) {
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    }
  });

  test('NetworkPolicies admit clients on 11211 and Prometheus on 9150 only', () => {
    const clients = findObject(objects, 'NetworkPolicy', 'urls-allow-clients');
    expect(clients.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'urls-cache' } } }],
      ports: [{ protocol: 'TCP', port: 11211 }],
    }]);
    const metrics = findObject(objects, 'NetworkPolicy', 'urls-allow-metrics');
    expect(metrics.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ protocol: 'TCP', port: 9150 }],
    }]);
  });

  test('configured client namespaces are admitted', () => {
    const o = synthChart(k8sCache({ clientNamespaces: ['cdn-url'] }).chart);
    expect(findObject(o, 'NetworkPolicy', 'urls-allow-clients').spec.ingress[0].from)
      .toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cdn-url' } } }]);
  });
});

describe('published metadata', () => {
  const cm = findObject(objects, 'ConfigMap', 'urls-evcache-topology');
  const topology = JSON.parse(cm.data['topology.json']);

  test('the zone → endpoints map lists every pod of every zone', () => {
    expect(topology.serverGroups).toEqual(Object.fromEntries(ZONES.map((z) => [z, [0, 1].map((i) => `urls-${z}-${i}.urls-${z}.urls-cache.svc.cluster.local:11211`)])));
    expect(cm.data['servers.us-east-1b']).toBe('urls-us-east-1b-0.urls-us-east-1b.urls-cache.svc.cluster.local:11211,urls-us-east-1b-1.urls-us-east-1b.urls-cache.svc.cluster.local:11211');
    expect(topology).toMatchObject({ cacheName: 'urls', region: 'us-east-1', port: 11211, tls: true });
  });

  test('replication queues of this and the target regions', () => {
    expect(topology.replication).toEqual({
      inboundQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/urls-evcache-replication',
      targetQueueUrls: {
        'us-west-2': 'https://sqs.us-west-2.amazonaws.com/123456789012/urls-evcache-replication',
        'eu-west-1': 'https://sqs.eu-west-1.amazonaws.com/123456789012/urls-evcache-replication',
      },
    });
    const plain = JSON.parse(findObject(synthChart(k8sCache().chart), 'ConfigMap', 'urls-evcache-topology').data['topology.json']);
    expect(plain.replication).toBeNull();
  });
});

describe('monitoring', () => {
  test('a ServiceMonitor on the metrics port of every zone\'s Service, with the release label', () => {
    const sm = findObject(objects, 'ServiceMonitor', 'urls');
    expect(sm.metadata.labels).toEqual({ release: 'kube-prometheus-stack' });
    expect(sm.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'evcache', 'app.kubernetes.io/part-of': 'urls' });
    expect(sm.spec.endpoints[0].port).toBe('metrics');
    expect(container(sts('us-east-1a'), 'exporter').ports).toEqual([{ name: 'metrics', containerPort: 9150, protocol: 'TCP' }]);
  });

  test('alerts at the SLA and health thresholds', () => {
    const rules = findObject(objects, 'PrometheusRule', 'urls').spec.groups[0].rules;
    const rule = (name: string) => rules.find((r: { alert: string }) => r.alert === name);
    expect(rule('EvcacheAvailabilityLow').expr).toMatch(/sum\(memcached_up\{.*\}\) \/ 6\) < 0.9999$/);
    expect(rule('EvcacheConnectionsHeadroomLow').expr).toMatch(/memcached_current_connections.*memcached_max_connections.*\) > 0.7$/);
    expect(rule('EvcacheMemoryHeadroomLow').expr).toMatch(/container_memory_working_set_bytes.*\/ 4294967296\) > 0.7$/);
    expect(rule('EvcacheHitRatioLow').expr).toMatch(/status="hit".* < 0.9$/);
    expect(rule('EvcacheEvictionsHigh').expr).toMatch(/memcached_items_evicted_total.*\* 60 > 1000$/);
    expect(rule('EvcacheConnectionsRefused')).toBeDefined();
    expect(rules.find((r: { alert: string }) => r.alert.includes('Latency'))).toBeUndefined();
  });

  test('configured health thresholds reach the alerts', () => {
    const o = synthChart(k8sCache({ health: { minHitRatioPercent: 97, maxEvictionsPerMinute: 10 } }).chart);
    const rules = findObject(o, 'PrometheusRule').spec.groups[0].rules;
    expect(rules.find((r: { alert: string }) => r.alert === 'EvcacheHitRatioLow').expr).toMatch(/< 0.97$/);
    expect(rules.find((r: { alert: string }) => r.alert === 'EvcacheEvictionsHigh').expr).toMatch(/> 10$/);
  });
});
