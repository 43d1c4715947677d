import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

describe('dynomite.yml, seeds and tunnels', () => {
  const cm = findObject(objects, 'ConfigMap', 'queues-us-west-2b-config');
  const spec = sts('us-west-2b').spec.template.spec;

  test('per node a dynomite.yml, a seeds file and a stunnel.conf; the sidecars\' programs beside them', () => {
    expect(Object.keys(cm.data).sort()).toEqual([
      'dynomite-0.yml', 'dynomite-1.yml', 'florida-seeds.js', 'redis.conf', 'seeds-0.txt', 'seeds-1.txt', 'stunnel-0.conf', 'stunnel-1.conf', 'tunnel.sh',
    ]);
    const n1 = parse(cm.data['dynomite-1.yml']).dyn_o_mite;
    expect(n1).toMatchObject({ datacenter: 'us-west-2', rack: 'us-west-2b', tokens: '2147483648', secure_server_option: 'none',
      dyn_seed_provider: 'florida_provider', write_consistency: 'DC_QUORUM', read_consistency: 'DC_QUORUM' });
    expect(n1.dyn_seeds).toBeUndefined();
    expect(cm.data['seeds-1.txt'].trim().split('\n')).toHaveLength(3 * 3 * 2 - 1);
    expect(cm.data['florida-seeds.js']).toBe(readFileSync(join(__dirname, '../../constructs/dynomite/seed-provider/florida-seeds.js'), 'utf8'));
  });

  test('dynomite asks the seed provider sidecar on 127.0.0.1:8080 and reads the files of its ordinal', () => {
    const d = container(sts('us-west-2b'), 'dynomite');
    expect(d.command.join(' ')).toContain('/etc/dynomite/dynomite-${HOSTNAME##*-}.yml');
    expect(d.env).toEqual([{ name: 'DYNOMITE_FLORIDA_IP', value: '127.0.0.1' }, { name: 'DYNOMITE_FLORIDA_PORT', value: '8080' }]);
    expect(d.ports.map((p: { containerPort: number }) => p.containerPort)).toEqual([8102, 8101, 22222]);
    expect(d.livenessProbe.tcpSocket.port).toBe('client');
    const seeds = container(sts('us-west-2b'), 'seed-provider');
    expect(seeds.image).toBe('node:24.21.0-alpine');
    expect(seeds.command.join(' ')).toContain('node /etc/dynomite/florida-seeds.js "/etc/dynomite/seeds-${HOSTNAME##*-}.txt" --listen 127.0.0.1:8080');
  });

  test('the tunnel runs the generated stunnel.conf with the whole peer Secret mounted (renewals reach it)', () => {
    const t = container(sts('us-west-2b'), 'tunnel');
    expect(t.image).toBe(base.dynomiteImage);
    expect(t.command.join(' ')).toContain('tunnel.sh "/etc/dynomite/stunnel-${HOSTNAME##*-}.conf" /etc/dynomite/tls/tls.crt');
    expect(t.ports).toEqual([{ name: 'peer-tls', containerPort: 8443 }]);
    expect(spec.volumes).toEqual([
      { name: 'config', configMap: { name: 'queues-us-west-2b-config' } },
      { name: 'tls', secret: { secretName: 'peer-tls', defaultMode: 0o440 } },
    ]);
    expect(t.volumeMounts.every((m: { subPath?: string }) => m.subPath === undefined)).toBe(true);
    expect(findObject(objects, 'Service', 'queues-us-west-2b').spec.ports.map((p: { port: number }) => p.port)).toEqual([8101, 8102, 8443]);
  });

  test('without encryption (one region) no tunnel, no Secret', () => {
    const one = build({ encryption: DynomiteEncryption.NONE, topology: { regions: [{ region: 'us-west-2', nodesPerZone: 1, replicationFactor: 3 }] } }).objects;
    const s = findObject(one, 'StatefulSet', 'queues-us-west-2a').spec.template.spec;
    expect(s.containers.map((c: { name: string }) => c.name)).toEqual(['dynomite', 'seed-provider', 'redis', 'redis-exporter']);
    expect(s.volumes.map((v: { name: string }) => v.name)).toEqual(['config']);
    expect(findObject(one, 'ConfigMap', 'queues-us-west-2a-config').data['stunnel-0.conf']).toBeUndefined();
  });
});

describe('peer certificate', () => {
  const withIssuer = build({ peerIssuerName: 'dynomite-ring-ca' }).objects;
  const cert = findObject(withIssuer, 'Certificate', 'peer-tls');

  test('validates against the cert-manager CRD', () => {
    expect(validateObjects(withIssuer)).toEqual([]);
  });

  test('signed by the configured ClusterIssuer, server and client auth, a fresh key on each renewal', () => {
    expect(cert.spec).toMatchObject({
      secretName: 'peer-tls', issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'dynomite-ring-ca' },
      usages: ['server auth', 'client auth'], privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
    });
  });

  test('names every pod its peers dial (the tunnels\' checkHost), here and through multi-cluster DNS', () => {
    const patterns = cert.spec.dnsNames.map((d: string) => new RegExp(`^${d.replace(/\./g, '\\.').replace('*', '[a-z0-9-]+')}$`));
    const dialled = [...objects.filter((o) => o.kind === 'ConfigMap' && o.data?.['stunnel-0.conf']).flatMap((o) => Object.values(o.data as Record<string, string>))];
    // From another region's chart: the hosts its tunnels check for this region's pods.
    const east = build({ region: 'us-east-1', peerIssuerName: 'dynomite-ring-ca' }).objects;
    const checked = east.filter((o) => o.kind === 'ConfigMap' && o.data?.['stunnel-0.conf'])
      .flatMap((o) => Object.entries(o.data as Record<string, string>).filter(([k]) => k.startsWith('stunnel-')).map(([, v]) => v))
      .flatMap((conf) => [...conf.matchAll(/^checkHost = (.*us-west-2.*)$/gm)].map((m) => m[1]));
    expect(dialled.length).toBeGreaterThan(0);
    expect(checked.length).toBe(6 * 6);
    for (const host of checked) expect(patterns.some((p: RegExp) => p.test(host))).toBe(true);
  });

  test('no Certificate without an issuer (the Secret is yours)', () => {
    expect(objects.some((o) => o.kind === 'Certificate')).toBe(false);
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

  test('network allows: clients on 8102, peers on the TLS port 8443 from the cluster pods and other regions, metrics from monitoring', () => {
    const policy = (n: string) => findObject(objects, 'NetworkPolicy', `queues-allow-${n}`).spec.ingress[0];
    expect(policy('clients').ports).toEqual([{ protocol: 'TCP', port: 8102 }]);
    expect(policy('clients').from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dq' } } }]);
    // ALL: the plaintext peer port is not reachable at all.
    expect(objects.some((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'queues-allow-peers')).toBe(false);
    expect(policy('peers-tls').ports).toEqual([{ protocol: 'TCP', port: 8443 }]);
    expect(policy('peers-tls').from).toEqual([
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
    const cm = findObject(objects, 'ConfigMap', 'queues-us-west-2a-config').data;
    expect(parse(cm['dynomite-0.yml']).dyn_o_mite.dyn_listen).toBe('127.0.0.1:8101');
    expect(cm['seeds-0.txt']).not.toMatch(/svc/);
    expect(cm['stunnel-0.conf']).toMatch(/^connect = queues-us-west-2b-0\.queues-us-west-2b\.dq\.svc\.cluster\.local:8443$/m);
    expect(cm['stunnel-0.conf']).toMatch(/^connect = [^\n]*\.svc\.clusterset\.local:8443$/m);
  });

  test('overrides reach the output', () => {
    const o = build({ encryption: DynomiteEncryption.DATACENTER, clusterSetDomain: 'mesh.example', dynomiteMemoryMiB: 1024 }).objects;
    const cm = findObject(o, 'ConfigMap', 'queues-us-west-2a-config').data;
    // DATACENTER: peers of this region direct (by name, resolved by the sidecar), others through the tunnel.
    expect(parse(cm['dynomite-0.yml']).dyn_o_mite.dyn_listen).toBe('0.0.0.0:8101');
    expect(cm['seeds-0.txt']).toMatch(/^queues-us-west-2b-0\.queues-us-west-2b\.dq\.svc\.cluster\.local:8101:/m);
    expect(cm['stunnel-0.conf']).toMatch(/^connect = [^\n]*\.svc\.mesh\.example:8443$/m);
    expect(cm['stunnel-0.conf']).not.toMatch(/cluster\.local/);
    expect(container(findObject(o, 'StatefulSet', 'queues-us-west-2a'), 'dynomite').resources.limits.memory).toBe('1024Mi');
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

  test('a peer issuer that is not a name, or one no tunnel would use', () => {
    expect(attempt({ peerIssuerName: 'Ring CA' })).toThrow(/test\/Dynomite: `peerIssuerName` must be the name of a ClusterIssuer \(a DNS subdomain\), got 'Ring CA'/);
    expect(attempt({ peerIssuerName: 'ring-ca', encryption: DynomiteEncryption.NONE, topology: { regions: [{ region: 'us-west-2', nodesPerZone: 1, replicationFactor: 3 }] } }))
      .toThrow(/`peerIssuerName` is set but `encryption` is NONE.*got 'ring-ca'/);
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
