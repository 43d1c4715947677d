import { Chart, Testing } from 'cdk8s';
import { CassandraStressBenchmark } from '../../constructs/benchmark/cassandra-stress';
import { DynomiteBenchmark, EvcacheBenchmark, memtierPlan } from '../../constructs/benchmark/memtier';
import { ElasticsearchBenchmark } from '../../constructs/benchmark/rally';
import { type KubeObject, findObject, synthChart, validateObjects } from '../helpers/k8s';
import { SLA, cassandra, dynomite, elasticsearch, evcache } from './fixtures';

const job = (objects: KubeObject[], name?: string) => findObject(objects, 'Job', name);
const pod = (o: KubeObject) => o.spec.template.spec;
const container = (o: KubeObject) => pod(o).containers[0];
const script = (objects: KubeObject[], name: string, file: string): string => findObject(objects, 'ConfigMap', name).data[file];

function cassandraBench(props: Partial<ConstructorParameters<typeof CassandraStressBenchmark>[2]> = {}, clusterName = 'history') {
  const { bench, cluster } = cassandra({ clusterName });
  const b = new CassandraStressBenchmark(bench, 'Bench', { cluster, region: 'us-west-2', sla: SLA, ...props });
  return { b, cluster, objects: synthChart(bench) };
}

describe('every benchmark', () => {
  const all = [
    ['cassandra-stress', cassandraBench().objects],
    ['memtier (EVCache)', (() => { const { bench, cache } = evcache(); new EvcacheBenchmark(bench, 'B', { cache, sla: SLA }); return synthChart(bench); })()],
    ['memtier (Dynomite)', (() => { const { bench, cluster } = dynomite(); new DynomiteBenchmark(bench, 'B', { cluster, sla: SLA }); return synthChart(bench); })()],
    ['rally', (() => { const { bench, cluster } = elasticsearch(); new ElasticsearchBenchmark(bench, 'B', { cluster, sla: SLA }); return synthChart(bench); })()],
  ] as [string, KubeObject[]][];

  test.each(all)('%s: every object passes validateObjects()', (_, objects) => {
    expect(validateObjects(objects)).toEqual([]);
  });

  test.each(all)('%s: runs once, bounded and cleaned up (backoffLimit 0, deadline, TTL, restartPolicy Never)', (_, objects) => {
    for (const j of objects.filter((o) => o.kind === 'Job')) {
      expect(j.spec.backoffLimit).toBe(0);
      expect(j.spec.activeDeadlineSeconds).toBeGreaterThan(0);
      expect(j.spec.ttlSecondsAfterFinished).toBe(604_800);
      expect(pod(j).restartPolicy).toBe('Never');
    }
  });

  test.each(all)('%s: non-root, no privilege escalation, read-only root, requests and a memory limit', (_, objects) => {
    for (const j of objects.filter((o) => o.kind === 'Job')) {
      expect(pod(j).securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod(j).securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod(j).automountServiceAccountToken).toBe(false);
      expect(container(j).securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(container(j).resources).toEqual({ requests: { cpu: '1000m', memory: '1024Mi' }, limits: { memory: '1024Mi' } });
    }
  });

  test.each(all)('%s: the Job runs run.sh, which ends in judge.sh; thresholds are annotated from the SLA', (_, objects) => {
    for (const j of objects.filter((o) => o.kind === 'Job')) {
      expect(container(j).command).toEqual(['sh', '/benchmark/run.sh']);
      expect(script(objects, j.metadata.name, 'run.sh')).toMatch(/exec sh \/benchmark\/judge\.sh \/results\n$/);
      expect(j.metadata.annotations).toMatchObject({ 'benchmark.platform/max-latency-p99-ms': '20', 'benchmark.platform/max-error-rate-percent': '0.1' });
      expect(script(objects, j.metadata.name, 'judge.sh')).toContain('\nMAX_LATENCY_P99_MS=20\nMAX_ERROR_RATE_PERCENT=0.1\n');
    }
  });

  test.each(all)('%s: no secret value in any env var (only Secret references)', (_, objects) => {
    for (const j of objects.filter((o) => o.kind === 'Job')) {
      for (const e of container(j).env ?? []) expect(e.value === undefined || !/PASSWORD|USER/.test(e.name)).toBe(true);
    }
  });

  test.each(all)('%s: a NetworkPolicy admits only the benchmark pods, by label, to the store port', (_, objects) => {
    for (const j of objects.filter((o) => o.kind === 'Job')) {
      const np = findObject(objects, 'NetworkPolicy', `${j.metadata.name}-allow-benchmark`);
      expect(np.metadata.namespace).toBe(j.metadata.namespace);
      expect(np.spec.ingress).toHaveLength(1);
      expect(np.spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: j.spec.template.metadata.labels } }]);
    }
  });
});

describe('cassandra-stress', () => {
  const { objects, cluster } = cassandraBench();
  const run = script(objects, 'history-us-west-2-benchmark', 'run.sh');

  test('targets the datacenter\'s CQL Service of the construct, in the cluster\'s namespace', () => {
    expect(job(objects).metadata.namespace).toBe('vh');
    expect(run).toContain(`-node ${cluster.datacenter('us-west-2').serviceHost} -port native=9042`);
    expect(job(objects).metadata.annotations?.['benchmark.platform/target']).toBe('history-us-west-2-service.vh.svc.cluster.local:9042');
  });

  test('a renamed cluster moves the target and the Job name', () => {
    const renamed = cassandraBench({}, 'renamed').objects;
    expect(script(renamed, 'renamed-us-west-2-benchmark', 'run.sh')).toContain('-node renamed-us-west-2-service.vh.svc.cluster.local');
  });

  test('credentials and truststore come from the operator\'s Secrets by reference', () => {
    expect(container(job(objects)).env).toEqual(expect.arrayContaining([
      { name: 'CASSANDRA_USER', valueFrom: { secretKeyRef: { name: 'history-superuser', key: 'username' } } },
      { name: 'CASSANDRA_PASSWORD', valueFrom: { secretKeyRef: { name: 'history-superuser', key: 'password' } } },
      { name: 'TRUSTSTORE_PASSWORD', valueFrom: { secretKeyRef: { name: 'ts', key: 'truststore-password' } } },
    ]));
    expect(pod(job(objects)).volumes).toContainEqual({ name: 'truststore', secret: { secretName: 'ts', items: [{ key: 'truststore.jks', path: 'truststore.jks' }] } });
  });

  test('defaults: 600 s at 1000 op/s, 90% reads, 16 threads, LOCAL_QUORUM, keyspace benchmark with the cluster\'s replication', () => {
    expect(run).toContain('mixed "ratio(write=10,read=90)" duration=600s cl=LOCAL_QUORUM');
    expect(run).toContain('-rate threads=16 fixed=1000/s -errors ignore');
    expect(run).toContain('-schema keyspace=benchmark "replication(strategy=NetworkTopologyStrategy,us-east-1=3,us-west-2=3,eu-west-1=3)"');
    expect(run).toContain('write n=1000000 ');
    expect(job(objects).spec.activeDeadlineSeconds).toBe(600 + 900);
  });

  test('load, keyspace, resources, deadline and TTL are configurable', () => {
    const o = cassandraBench({
      load: { durationSeconds: 120, opsPerSecond: 50, readPercent: 0, connections: 4 }, keyspace: 'bench2', populateRows: 5000,
      cpuMillis: 500, memoryMiB: 512, startupAllowanceSeconds: 60, ttlSecondsAfterFinished: 0, image: 'registry.example/cassandra:4.1.9',
    }).objects;
    const r = script(o, 'history-us-west-2-benchmark', 'run.sh');
    expect(r).toContain('mixed "ratio(write=1)" duration=120s');
    expect(r).toContain('-rate threads=4 fixed=50/s');
    expect(r).toContain('keyspace=bench2');
    expect(job(o).spec).toMatchObject({ activeDeadlineSeconds: 180, ttlSecondsAfterFinished: 0 });
    expect(container(job(o))).toMatchObject({ image: 'registry.example/cassandra:4.1.9', resources: { requests: { cpu: '500m', memory: '512Mi' } } });
  });

  test('default image is cassandra:4.1', () => {
    expect(container(job(objects)).image).toBe('cassandra:4.1');
  });

  test('the NetworkPolicy selects the datacenter\'s pods by cass-operator\'s labels on the CQL port', () => {
    const np = findObject(objects, 'NetworkPolicy', 'history-us-west-2-benchmark-allow-benchmark');
    expect(np.spec.podSelector.matchLabels).toEqual({ 'cassandra.datastax.com/cluster': 'history', 'cassandra.datastax.com/datacenter': 'us-west-2' });
    expect(np.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 9042 }]);
  });
});

describe('EVCache (memtier, memcached protocol)', () => {
  const { bench, cache } = evcache();
  const b = new EvcacheBenchmark(bench, 'B', { cache, sla: SLA });
  const objects = synthChart(bench);

  test('one Job per zone, each loading every pod of that zone\'s server group', () => {
    expect(objects.filter((o) => o.kind === 'Job').map((o) => o.metadata.name)).toEqual(cache.serverGroups.map((g) => `${g.name}-benchmark`));
    const run = script(objects, 'urls-us-east-1a-benchmark', 'run.sh');
    for (const e of cache.serverGroup('us-east-1a').endpoints) expect(run).toContain(`run_one ${cache.serverGroup('us-east-1a').endpoints.indexOf(e)} ${e.replace(':', ' ')} &`);
    expect(run).toContain('--protocol=memcache_text --tls --cacert=/tls/ca.crt');
  });

  test('a renamed cache moves the targets', () => {
    const { bench: b2, cache: c2 } = evcache({ cacheName: 'links' });
    new EvcacheBenchmark(b2, 'B', { cache: c2, sla: SLA });
    expect(script(synthChart(b2), 'links-us-east-1b-benchmark', 'run.sh')).toContain('links-us-east-1b-0.links-us-east-1b.urls-cache.svc.cluster.local 11211');
  });

  test('mounts only the CA certificate of the cache\'s TLS Secret, never its key', () => {
    expect(pod(job(objects, 'urls-us-east-1a-benchmark')).volumes).toContainEqual({ name: 'tls', secret: { secretName: 'urls-tls', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
  });

  test('rate is split over pods and connections, rounded up (2 pods × 8 connections × 63/s = 1008 op/s for 1000)', () => {
    expect(b.plans['us-east-1a']).toMatchObject({ connectionsPerEndpoint: 8, ratePerConnection: 63, effectiveOpsPerSecond: 1008 });
    expect(script(objects, 'urls-us-east-1a-benchmark', 'run.sh')).toContain('--ratio=10:90 --threads=1 --clients=8 --rate-limiting=63');
  });

  test('key defaults: 512-byte values, 100000 keys, expiring after 600 s', () => {
    expect(script(objects, 'urls-us-east-1a-benchmark', 'run.sh')).toContain('--key-maximum=100000 --data-size=512 --expiry-range=600-600');
  });

  test('the NetworkPolicy selects the zone\'s server group on 11211', () => {
    const np = findObject(objects, 'NetworkPolicy', 'urls-us-east-1a-benchmark-allow-benchmark');
    expect(np.spec.podSelector.matchLabels).toMatchObject({ 'app.kubernetes.io/instance': 'urls-us-east-1a' });
    expect(np.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 11211 }]);
  });
});

describe('Dynomite (memtier, Redis protocol)', () => {
  const { bench, cluster } = dynomite();
  new DynomiteBenchmark(bench, 'B', { cluster, sla: SLA });
  const objects = synthChart(bench);

  test('targets the datacenter\'s client Service on Dynomite\'s port 8102, without TLS', () => {
    const run = script(objects, 'queues-us-west-2-benchmark', 'run.sh');
    expect(run).toContain(`run_one 0 ${cluster.clientServiceHost} 8102 &`);
    expect(run).toContain('--protocol=redis --test-time=600');
    expect(run).not.toContain('--tls');
  });

  test('a renamed cluster moves the target', () => {
    const { bench: b2, cluster: c2 } = dynomite({ clusterName: 'jobs' });
    new DynomiteBenchmark(b2, 'B', { cluster: c2, sla: SLA });
    expect(script(synthChart(b2), 'jobs-us-west-2-benchmark', 'run.sh')).toContain('run_one 0 jobs.dq.svc.cluster.local 8102 &');
  });

  test('the NetworkPolicy selects the datacenter\'s pods on 8102', () => {
    const np = findObject(objects, 'NetworkPolicy', 'queues-us-west-2-benchmark-allow-benchmark');
    expect(np.spec.podSelector.matchLabels).toEqual(cluster.podLabels);
    expect(np.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8102 }]);
  });
});

describe('Elasticsearch (Rally)', () => {
  const { bench, cluster } = elasticsearch();
  new ElasticsearchBenchmark(bench, 'B', { cluster, sla: SLA });
  const objects = synthChart(bench);
  const run = script(objects, 'manifests-us-west-2-benchmark', 'run.sh');

  test('targets the HTTP Service of the construct over TLS with the cluster CA and the elastic user\'s Secret', () => {
    expect(run).toContain(`--target-hosts=https://${cluster.httpServiceName}.search.svc.cluster.local:9200`);
    expect(run).toContain("ca_certs:'/es-ca/ca.crt'");
    expect(container(job(objects)).env).toEqual([{ name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: 'manifests-es-elastic-user', key: 'elastic' } } }]);
    expect(pod(job(objects)).volumes).toContainEqual({ name: 'es-ca', secret: { secretName: 'manifests-es-http-certs-public', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
  });

  test('a renamed cluster moves the target', () => {
    const { bench: b2, cluster: c2 } = elasticsearch({ name: 'search2' });
    new ElasticsearchBenchmark(b2, 'B', { cluster: c2, sla: SLA });
    expect(script(synthChart(b2), 'search2-us-west-2-benchmark', 'run.sh')).toContain('--target-hosts=https://search2-es-http.search.svc.cluster.local:9200');
  });

  test('defaults: geonames/append-no-conflicts, geonames\' queries gated, 3600 s limit, benchmark-only, errors counted', () => {
    expect(run).toContain('--track=geonames --challenge=append-no-conflicts --pipeline=benchmark-only');
    expect(run).toContain('--on-error=continue --report-format=csv --report-file=/results/rally.csv');
    expect(run).not.toContain('--track-params');
    expect(script(objects, 'manifests-us-west-2-benchmark', 'judge.sh')).toContain('for TASK in default term phrase country_agg_uncached; do');
    expect(job(objects).spec.activeDeadlineSeconds).toBe(3600 + 900);
  });

  test('track parameters are passed through', () => {
    const { bench: b2, cluster: c2 } = elasticsearch();
    new ElasticsearchBenchmark(b2, 'B', { cluster: c2, sla: SLA, trackParams: { bulk_indexing_clients: '4' }, latencyTasks: ['term'] });
    expect(script(synthChart(b2), 'manifests-us-west-2-benchmark', 'run.sh')).toContain('--track-params="bulk_indexing_clients:4"');
  });
});

describe('validation', () => {
  const { bench, cluster } = cassandra();
  let n = 0;
  const attempt = (props: object) => () => new CassandraStressBenchmark(bench, `V${n++}`, { cluster, region: 'us-west-2', sla: SLA, ...props });

  test.each([
    [{ load: { durationSeconds: 30 } }, /`load.durationSeconds` must be an integer from 60 to 86400, got 30/],
    [{ load: { opsPerSecond: 0 } }, /`load.opsPerSecond` must be an integer from 1 to 10000000, got 0/],
    [{ load: { readPercent: 101 } }, /`load.readPercent` must be an integer from 0 to 100, got 101/],
    [{ load: { connections: 2000 } }, /`load.connections` must be an integer from 1 to 1024, got 2000/],
    [{ keyspace: 'Bad-Name' }, /`keyspace` must match .*got 'Bad-Name'/],
    [{ populateRows: 10 }, /`populateRows` must be an integer >= 1000, got 10/],
    [{ cpuMillis: 50 }, /`cpuMillis` must be an integer from 100 to 64000, got 50/],
    [{ memoryMiB: 100 }, /`memoryMiB` must be an integer from 256 to 262144, got 100/],
    [{ startupAllowanceSeconds: 10 }, /`startupAllowanceSeconds` must be an integer from 60 to 86400, got 10/],
    [{ ttlSecondsAfterFinished: -1 }, /`ttlSecondsAfterFinished` must be an integer from 0 to 2592000 \(30 days\), got -1/],
    [{ name: 'Bad_Name' }, /`name` must be a DNS label of at most 52 characters .*got 'Bad_Name'/],
    [{ image: '' }, /`image` must not be empty/],
    [{ sla: { ...SLA, latencyP99Ms: 0 } }, /`sla.latencyP99Ms` must be > 0, got 0/],
  ])('%j', (props, message) => {
    expect(attempt(props)).toThrow(message);
  });

  test('errors name the construct path', () => {
    expect(attempt({ load: { durationSeconds: 1 } })).toThrow(/^bench\/V\d+: /);
  });

  test('a region without a datacenter is rejected, naming the regions that have one', () => {
    expect(attempt({ region: 'ap-south-1' })).toThrow(/has no datacenter in 'ap-south-1'; it has us-east-1, us-west-2, eu-west-1/);
  });

  test.each([
    [{ keyCount: 0 }, /`keyCount` must be a positive integer, got 0/],
    [{ valueSizeBytes: 0 }, /`valueSizeBytes` must be an integer from 1 to 1048576, got 0/],
    [{ keyExpirySeconds: 0 }, /`keyExpirySeconds` must be an integer from 1 to 2592000, got 0/],
  ])('memtier %j', (props, message) => {
    const { bench: b, cluster: c } = dynomite();
    expect(() => new DynomiteBenchmark(b, 'B', { cluster: c, sla: SLA, ...props })).toThrow(message);
  });

  test.each([
    [{ track: 'Geo Names' }, /`track` must be lowercase letters, digits, '_' or '-', got 'Geo Names'/],
    [{ latencyTasks: [] }, /`latencyTasks` must list at least one task, got \[\]/],
    [{ trackParams: { clients: '4;rm' } }, /`trackParams` must map .*got 'clients:4;rm'/],
    [{ timeLimitSeconds: 10 }, /`timeLimitSeconds` must be an integer from 60 to 86400, got 10/],
  ])('rally %j', (props, message) => {
    const { bench: b, cluster: c } = elasticsearch();
    expect(() => new ElasticsearchBenchmark(b, 'B', { cluster: c, sla: SLA, ...props })).toThrow(message);
  });
});

test('memtierPlan never asks for less than the target rate', () => {
  const endpoints = [{ host: 'a', port: 1 }, { host: 'b', port: 1 }, { host: 'c', port: 1 }];
  for (const [ops, conns] of [[1, 1], [1000, 16], [999, 7], [5, 64]]) {
    const plan = memtierPlan(endpoints, { durationSeconds: 60, opsPerSecond: ops, readPercent: 50, connections: conns });
    expect(plan.effectiveOpsPerSecond).toBeGreaterThanOrEqual(ops);
  }
});

test('the benchmark chart can live in another app than the store (bin/benchmarks.ts does so)', () => {
  const { cluster } = dynomite();
  const other = new Chart(Testing.app(), 'elsewhere');
  expect(() => new DynomiteBenchmark(other, 'B', { cluster, sla: SLA })).not.toThrow();
});
