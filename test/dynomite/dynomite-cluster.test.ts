import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { DynomiteConsistency, DynomiteEncryption, MaxMemoryPolicy } from '../../constructs/dynomite/consistency';
import { DynomiteCluster, type DynomiteClusterProps } from '../../constructs/dynomite/k8s/dynomite-cluster';
import { QueueContractConfigMap } from '../../constructs/dynomite/k8s/queue-contract-config-map';
import { PlatformValidationError } from '../../constructs/platform/errors';
import { type KubeObject, findObject, synthChart, validateObjects } from '../helpers/k8s';
import { testEnvironment } from '../helpers/environment';

const env = testEnvironment();
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const sla = { latencyP99Ms: 5, errorRatePercent: 0.1, availabilityPercent: 99.99, capacityHeadroomPercent: 30 };
const base: DynomiteClusterProps = {
  environment: env, region: 'us-west-2', clusterName: 'queues', namespace: 'dq',
  topology: { regions: REGIONS.map((region) => ({ region, nodesPerZone: 2, replicationFactor: 3 })) },
  dynomiteImage: 'registry.example/dynomite:v0.6.22', storageGiB: 50, redisMemoryMiB: 4096, tlsSecretName: 'peer-tls', sla,
};
const contract = { prefix: 'dynoQueue', shardCount: 3, queues: [{ name: 'tasks', priorityLevels: 5, unackTimeoutSeconds: 60 }] };

function build(over: Partial<DynomiteClusterProps> = {}) {
  const chart = Testing.chart();
  const cluster = new DynomiteCluster(chart, 'Dynomite', { ...base, ...over });
  new QueueContractConfigMap(chart, 'Contract', { cluster, contract });
  return { cluster, objects: synthChart(chart) };
}

const { cluster, objects } = build();
const sts = (rack: string) => findObject(objects, 'StatefulSet', `queues-${rack}`);
const container = (o: KubeObject, name: string) => o.spec.template.spec.containers.find((c: { name: string }) => c.name === name);

describe('schema', () => {
  test('every object validates (core kinds and prometheus-operator), unknown fields rejected', () => {
    expect(validateObjects(objects)).toEqual([]);
  });

  test('the region holds one StatefulSet, headless Service and ConfigMap per rack, nothing of other regions', () => {
    expect(objects.filter((o) => o.kind === 'StatefulSet').map((o) => o.metadata.name))
      .toEqual(['queues-us-west-2a', 'queues-us-west-2b', 'queues-us-west-2c']);
    expect(objects.some((o) => o.metadata.name.includes('us-east-1'))).toBe(false);
  });
});

describe('zone placement', () => {
  test.each(['us-west-2a', 'us-west-2b', 'us-west-2c'])('rack %s is pinned to its zone and spread over hosts', (rack) => {
    const spec = sts(rack).spec.template.spec;
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [rack] }] }]);
    expect(spec.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' });
    expect(sts(rack).spec.replicas).toBe(2);
  });
});

describe('data safety', () => {
  test('PVCs are retained when the StatefulSet is deleted or scaled down', () => {
    for (const o of objects.filter((x) => x.kind === 'StatefulSet')) {
      expect(o.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
      expect(o.spec.volumeClaimTemplates[0].spec).toEqual({
        accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: '50Gi' } },
      });
    }
  });

  test('redis.conf: AOF every second, noeviction, maxmemory 75% of the container limit', () => {
    const conf = findObject(objects, 'ConfigMap', 'queues-us-west-2a-config').data['redis.conf'];
    expect(conf).toContain('appendonly yes\nappendfsync everysec');
    expect(conf).toContain('maxmemory 3072mb\nmaxmemory-policy noeviction');
    expect(container(sts('us-west-2a'), 'redis').resources.limits.memory).toBe('4096Mi');
  });

  test('one node of the datacenter may be disrupted at a time', () => {
    const pdb = findObject(objects, 'PodDisruptionBudget', 'queues');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: cluster.podLabels } });
  });
});

describe('dynomite.yml', () => {
  const cm = findObject(objects, 'ConfigMap', 'queues-us-west-2b-config');

  test('one file per node, each with its own token and the rack/datacenter', () => {
    expect(Object.keys(cm.data).sort()).toEqual(['dynomite-0.yml', 'dynomite-1.yml', 'redis.conf']);
    const n1 = parse(cm.data['dynomite-1.yml']).dyn_o_mite;
    expect(n1).toMatchObject({ datacenter: 'us-west-2', rack: 'us-west-2b', tokens: '2147483648', secure_server_option: 'all',
      pem_key_file: '/etc/dynomite/tls/dynomite.pem', write_consistency: 'DC_QUORUM', read_consistency: 'DC_QUORUM' });
    expect(n1.dyn_seeds).toHaveLength(3 * 3 * 2 - 1);
  });

  test('the pod reads the file of its ordinal, mounted from the ConfigMap, with the TLS secret', () => {
    const d = container(sts('us-west-2b'), 'dynomite');
    expect(d.command.join(' ')).toContain('/etc/dynomite/dynomite-${HOSTNAME##*-}.yml');
    expect(sts('us-west-2b').spec.template.spec.volumes).toEqual([
      { name: 'config', configMap: { name: 'queues-us-west-2b-config' } },
      { name: 'tls', secret: { secretName: 'peer-tls', items: [{ key: 'dynomite.pem', path: 'dynomite.pem' }] } },
    ]);
    expect(d.ports.map((p: { containerPort: number }) => p.containerPort)).toEqual([8102, 8101, 22222]);
  });
});

describe('security', () => {
  test('non-root pods, no privilege escalation, read-only root file systems, no service account token', () => {
    const spec = sts('us-west-2a').spec.template.spec;
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999, fsGroup: 999 });
    expect(spec.automountServiceAccountToken).toBe(false);
    for (const c of spec.containers) {
      expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    }
  });

  test('network allows: clients on 8102, peers on 8101 from the cluster pods and other regions, metrics from monitoring', () => {
    const policy = (n: string) => findObject(objects, 'NetworkPolicy', `queues-allow-${n}`).spec.ingress[0];
    expect(policy('clients').ports).toEqual([{ protocol: 'TCP', port: 8102 }]);
    expect(policy('clients').from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dq' } } }]);
    expect(policy('peers').ports).toEqual([{ protocol: 'TCP', port: 8101 }]);
    expect(policy('peers').from).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'dynomite', 'app.kubernetes.io/instance': 'queues' } } },
      { ipBlock: { cidr: '10.1.0.0/16' } }, { ipBlock: { cidr: '10.3.0.0/16' } },
    ]);
    expect(policy('metrics')).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 9121 }],
    });
  });
});

describe('monitoring', () => {
  test('ServiceMonitor scrapes the exporter port of the metrics Service', () => {
    const sm = findObject(objects, 'ServiceMonitor', 'queues-us-west-2');
    expect(sm.metadata.labels).toEqual({ release: 'kube-prometheus-stack' });
    expect(sm.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    const svc = findObject(objects, 'Service', 'queues-metrics');
    expect(svc.metadata.labels).toMatchObject(sm.spec.selector.matchLabels);
  });

  test('alerts: memory near max, peer down, latency, evictions, AOF', () => {
    const rules = findObject(objects, 'PrometheusRule', 'queues-us-west-2').spec.groups[0].rules;
    const byName = Object.fromEntries(rules.map((r: { alert: string }) => [r.alert, r]));
    expect(Object.keys(byName)).toEqual(expect.arrayContaining([
      'DynomiteLatencyP99High', 'DynomiteAvailabilityLow', 'DynomiteMemoryHeadroomLow', 'DynomiteDiskHeadroomLow',
      'DynomitePeerDown', 'DynomiteRedisMemoryNearMax', 'DynomiteRedisEvictions', 'DynomiteRedisAofWriteFailing',
    ]));
    expect(byName.DynomiteLatencyP99High.expr).toMatch(/\) > 0.005$/);
    expect(byName.DynomitePeerDown.expr).toMatch(/^\(6 - sum\(kube_pod_status_ready\{namespace="dq"/);
    expect(byName.DynomiteMemoryHeadroomLow.expr).toMatch(/> 0.7$/);
  });
});

describe('queue contract ConfigMap', () => {
  test('shards map to this region\'s racks; consistency is the cluster\'s', () => {
    const cm = findObject(objects, 'ConfigMap', 'queues-queue-contract');
    expect(cm.data).toMatchObject({
      'prefix': 'dynoQueue', 'datacenter': 'us-west-2', 'shards': 'us-west-2a,us-west-2b,us-west-2c',
      'consistency.write': 'DC_QUORUM', 'queues.tasks.priority-levels': '5', 'queues.tasks.unack-timeout-seconds': '60',
      'endpoint': 'queues.dq.svc.cluster.local:8102',
    });
    expect(JSON.parse(cm.data['contract.json']).shards).toHaveLength(3);
  });

  test('more shards than nodes is rejected', () => {
    const chart = Testing.chart();
    const c = new DynomiteCluster(chart, 'Dynomite', base);
    expect(() => new QueueContractConfigMap(chart, 'Contract', { cluster: c, contract: { ...contract, shardCount: 9 } }))
      .toThrow(/Contract: `contract.shardCount` must be <= the nodes of the datacenter \(6\).*got 9/);
  });
});

describe('defaults', () => {
  test('images, CPU, Dynomite memory, encryption ALL, DC_QUORUM, noeviction, clusterset.local, own namespace for clients', () => {
    const s = sts('us-west-2a');
    expect(container(s, 'redis').image).toBe('redis:7.2.5');
    expect(container(s, 'redis-exporter').image).toBe('oliver006/redis_exporter:v1.62.0');
    expect(container(s, 'redis').resources.requests.cpu).toBe('500m');
    expect(container(s, 'dynomite').resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '512Mi' } });
    expect(cluster.writeConsistency).toBe(DynomiteConsistency.DC_QUORUM);
    expect(cluster.readConsistency).toBe(DynomiteConsistency.DC_QUORUM);
    const n = parse(findObject(objects, 'ConfigMap', 'queues-us-west-2a-config').data['dynomite-0.yml']).dyn_o_mite;
    expect(n.secure_server_option).toBe('all');
    expect(n.dyn_seeds[0]).toMatch(/\.svc\.clusterset\.local:8101:/);
  });

  test('overrides reach the output', () => {
    const o = build({ encryption: DynomiteEncryption.DATACENTER, clusterSetDomain: 'mesh.example', dynomiteMemoryMiB: 1024 }).objects;
    const n = parse(findObject(o, 'ConfigMap', 'queues-us-west-2a-config').data['dynomite-0.yml']).dyn_o_mite;
    expect(n.secure_server_option).toBe('datacenter');
    expect(n.dyn_seeds[0]).toMatch(/\.svc\.mesh\.example:8101:/);
  });
});

describe('construct ids', () => {
  test('stateful objects keep their ids (a renamed id would replace them)', () => {
    expect(cluster.node.findChild('us-west-2a').node.findChild('Resource').node.path).toBe('test/Dynomite/us-west-2a/Resource');
  });
});

describe('validation', () => {
  const attempt = (over: Partial<DynomiteClusterProps>) => () => build(over);

  test('an eviction policy other than noeviction', () => {
    expect(attempt({ maxMemoryPolicy: MaxMemoryPolicy.ALLKEYS_LRU }))
      .toThrow(/test\/Dynomite: `maxMemoryPolicy` must be 'noeviction'.*got 'allkeys-lru'/);
  });

  test('an empty rack (no nodes per zone)', () => {
    expect(attempt({ topology: { regions: [{ region: 'us-west-2', nodesPerZone: 0, replicationFactor: 3 }] } }))
      .toThrow(/`topology.regions\[0\].nodesPerZone` must be a positive integer, got 0/);
  });

  test('a region without racks', () => {
    expect(attempt({ topology: { regions: [{ region: 'us-west-2', zones: [], nodesPerZone: 1, replicationFactor: 1 }] } }))
      .toThrow(/`topology.regions\[0\].zones` must list at least one zone, got \[\]/);
  });

  test('replication factor other than the racks', () => {
    expect(attempt({ topology: { regions: [{ region: 'us-west-2', nodesPerZone: 2, replicationFactor: 2 }] } }))
      .toThrow(/`topology.regions\[0\].replicationFactor` must equal the number of racks \(3\)/);
  });

  test('write consistency DC_ONE', () => {
    expect(attempt({ writeConsistency: DynomiteConsistency.DC_ONE })).toThrow(/`writeConsistency` must be DC_QUORUM or DC_SAFE_QUORUM.*got 'DC_ONE'/);
  });

  test.each([DynomiteEncryption.NONE, DynomiteEncryption.RACK])('peer encryption %p across regions', (encryption) => {
    expect(attempt({ encryption })).toThrow(new RegExp(`\`encryption\` must be DATACENTER or ALL when the cluster spans regions.*got '${encryption.option}'`));
  });

  test('region not in the topology', () => {
    expect(attempt({ region: 'us-east-2' })).toThrow(/`region` must be one of the topology's regions \(us-east-1, us-west-2, eu-west-1\), got 'us-east-2'/);
  });

  test('sizes and names', () => {
    expect(attempt({ storageGiB: 0 })).toThrow(/`storageGiB` must be a positive integer, got 0/);
    expect(attempt({ redisMemoryMiB: 100 })).toThrow(/`redisMemoryMiB` must be an integer >= 256, got 100/);
    expect(attempt({ redisCpuMillis: -1 })).toThrow(/`redisCpuMillis` must be a positive integer, got -1/);
    expect(attempt({ clusterName: 'Queues' })).toThrow(/`clusterName` must be a DNS label of at most 30 characters, got 'Queues'/);
    expect(attempt({ namespace: 'a_b' })).toThrow(/`namespace` must be a DNS label, got 'a_b'/);
    expect(attempt({ sla: { ...sla, latencyP99Ms: 0 } })).toThrow(/`sla.latencyP99Ms` must be > 0, got 0/);
  });

  test('every problem is reported at once, as a PlatformValidationError', () => {
    try {
      build({ storageGiB: 0, maxMemoryPolicy: MaxMemoryPolicy.VOLATILE_TTL });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(PlatformValidationError);
      expect((e as PlatformValidationError).problems).toHaveLength(2);
    }
  });
});
