/**
 * Input series per store for promtool unit tests, named and labelled as the metric catalogs list
 * them: a healthy state in which no alert of the rule fires, and broken states in which each
 * alert fires. Values are far from any SLA (a 10 s p99, 100% errors, 99% full disks; 1 µs, no
 * errors, 10% full) so the same fixture holds for every service's thresholds; counts come from the
 * synthesized manifests (pods of the StatefulSets, datacenter sizes, node sets).
 */
import type { KubeObject } from '../helpers/k8s';
import { type InputSeries, counter, gauge, matcherValue } from './promtool';

/** A broken state: its series, and per alert that must fire the labels of each firing instance (beyond alertname and severity). */
export interface BrokenState {
  readonly name: string;
  readonly series: readonly InputSeries[];
  readonly firing: Readonly<Record<string, readonly Record<string, string>[]>>;
}

export interface AlertFixture {
  readonly healthy: readonly InputSeries[];
  readonly broken: readonly BrokenState[];
}

/** Labels every burn-rate alert of a rule carries: the recording rules' `slo_service` and `slo`. */
const slo = (rule: KubeObject, s: 'requests' | 'availability') => ({ slo_service: rule.metadata.name, slo: s });
const burn = (rule: KubeObject, prefix: string, ...slos: ('requests' | 'availability')[]) => Object.fromEntries(slos.flatMap((s) => {
  const title = s === 'requests' ? 'Requests' : 'Availability';
  return [[`${prefix}${title}BudgetBurnPage`, [slo(rule, s)]], [`${prefix}${title}BudgetBurnTicket`, [slo(rule, s)]]];
}));

const statefulSets = (objects: readonly KubeObject[], namespace: string) => objects.filter((o) => o.kind === 'StatefulSet' && o.metadata.namespace === namespace);
const podsOf = (sts: KubeObject) => Array.from({ length: sts.spec.replicas as number }, (_, i) => `${sts.metadata.name}-${i}`);

/** A latency histogram in microseconds whose p99 is under 1 ms (fast) or near 10 s (slow). */
function latencyBuckets(name: string, labels: Record<string, string>, slow: boolean): InputSeries[] {
  return [
    counter(name, { ...labels, le: '1000' }, slow ? 0 : 100),
    counter(name, { ...labels, le: '10000000' }, 100),
    counter(name, { ...labels, le: '+Inf' }, 100),
  ];
}

/** EVCache: memcached_exporter sidecars, one Service per server group (zone). */
export function evcacheFixture(rule: KubeObject, objects: readonly KubeObject[]): AlertFixture {
  const namespace = rule.metadata.namespace!;
  const groups = statefulSets(objects, namespace);
  const series = (service: string, pod: string, s: { up: number; conns: number; memBytes: number; hits: number; misses: number; evictions: number; refused: number }) => {
    const l = { namespace, service, pod };
    return [
      gauge('memcached_up', l, s.up),
      gauge('memcached_current_connections', l, s.conns), gauge('memcached_max_connections', l, 1024),
      gauge('container_memory_working_set_bytes', { namespace, pod, container: 'memcached' }, s.memBytes),
      counter('memcached_commands_total', { ...l, command: 'get', status: 'hit' }, s.hits),
      counter('memcached_commands_total', { ...l, command: 'get', status: 'miss' }, s.misses),
      counter('memcached_items_evicted_total', l, s.evictions),
      counter('memcached_connections_listener_disabled_total', l, s.refused),
    ];
  };
  const first = groups[0];
  return {
    healthy: groups.flatMap((g) => podsOf(g).flatMap((pod) => series(g.metadata.name, pod,
      { up: 1, conns: 10, memBytes: 1024 * 1024, hits: 999, misses: 1, evictions: 0, refused: 0 }))),
    broken: [{
      name: 'one server group down, full and thrashing',
      series: series(first.metadata.name, podsOf(first)[0], { up: 0, conns: 1020, memBytes: 1e15, hits: 1, misses: 999, evictions: 1e6, refused: 1 }),
      firing: {
        EvcacheAvailabilityLow: [{}], EvcacheConnectionsHeadroomLow: [{}], EvcacheMemoryHeadroomLow: [{}],
        EvcacheHitRatioLow: [{ service: first.metadata.name }], EvcacheEvictionsHigh: [{ service: first.metadata.name }],
        EvcacheConnectionsRefused: [{ pod: podsOf(first)[0] }],
        ...burn(rule, 'Evcache', 'availability'),
      },
    }],
  };
}

/** Dynomite: redis_exporter sidecars; readiness from kube-state-metrics, disks from the kubelet. */
export function dynomiteFixture(rule: KubeObject, objects: readonly KubeObject[]): AlertFixture {
  const namespace = rule.metadata.namespace!;
  const pods = statefulSets(objects, namespace).flatMap(podsOf);
  const series = (pod: string, s: { ready: number; p99Usec: number; used: number; evicted: number; aofOk: number; diskFree: number }) => {
    const l = { namespace, pod };
    return [
      gauge('kube_pod_status_ready', { ...l, condition: 'true' }, s.ready),
      gauge('redis_latency_percentiles_usec', { ...l, cmd: 'zadd', quantile: '99' }, s.p99Usec),
      gauge('redis_memory_used_bytes', l, s.used), gauge('redis_memory_max_bytes', l, 1e9),
      counter('redis_evicted_keys_total', l, s.evicted),
      gauge('redis_aof_last_write_status', l, s.aofOk),
      gauge('kubelet_volume_stats_available_bytes', { namespace, persistentvolumeclaim: `data-${pod}` }, s.diskFree),
      gauge('kubelet_volume_stats_capacity_bytes', { namespace, persistentvolumeclaim: `data-${pod}` }, 1e10),
    ];
  };
  return {
    healthy: pods.flatMap((pod) => series(pod, { ready: 1, p99Usec: 1, used: 1e8, evicted: 0, aofOk: 1, diskFree: 9e9 })),
    broken: [{
      name: 'one node not ready, slow, full, evicting, AOF failing',
      series: series(pods[0], { ready: 0, p99Usec: 1e7, used: 0.99e9, evicted: 10, aofOk: 0, diskFree: 1e8 }),
      firing: {
        DynomiteLatencyP99High: [{}], DynomiteAvailabilityLow: [{}], DynomiteMemoryHeadroomLow: [{}], DynomiteDiskHeadroomLow: [{}],
        DynomitePeerDown: [{}], DynomiteRedisMemoryNearMax: [{}], DynomiteRedisEvictions: [{}], DynomiteRedisAofWriteFailing: [{}],
        ...burn(rule, 'Dynomite', 'availability'),
      },
    }],
  };
}

/** Cassandra on K8ssandra: MCAC series after the operator's relabelling, disks from the kubelet. */
export function cassandraFixture(rule: KubeObject, objects: readonly KubeObject[]): AlertFixture {
  const cluster = matcherValue(rule, 'cluster');
  const dc = matcherValue(rule, 'dc');
  const namespace = rule.metadata.namespace!;
  const k8ssandra = objects.find((o) => o.kind === 'K8ssandraCluster');
  if (!k8ssandra) throw new Error(`no K8ssandraCluster beside PrometheusRule ${rule.metadata.name}`);
  const nodes = k8ssandra.spec.cassandra.datacenters.find((d: any) => d.metadata.name === dc).size as number;
  const series = (i: number, s: { slow: boolean; failures: number; heapUsed: number; pending: number; dropped: number; diskFree: number }) => {
    const l = { cluster, dc, instance: `10.0.0.${i}:9103` };
    return [
      ...latencyBuckets('mcac_client_request_latency_bucket', { ...l, request_type: 'read' }, s.slow),
      counter('mcac_client_request_latency_total', { ...l, request_type: 'read' }, 100),
      counter('mcac_client_request_failures_total', { ...l, request_type: 'read' }, s.failures),
      counter('mcac_client_request_timeouts_total', { ...l, request_type: 'read' }, 0),
      counter('mcac_client_request_unavailables_total', { ...l, request_type: 'read' }, 0),
      gauge('mcac_jvm_memory_used', { ...l, memory_type: 'heap' }, s.heapUsed), gauge('mcac_jvm_memory_max', { ...l, memory_type: 'heap' }, 8e9),
      gauge('mcac_table_pending_compactions', { ...l, keyspace: 'ks', table: 't' }, s.pending),
      counter('mcac_dropped_message_dropped_total', { ...l, message_type: 'mutation' }, s.dropped),
      gauge('kubelet_volume_stats_available_bytes', { namespace, persistentvolumeclaim: `server-data-${cluster}-${dc}-r1-sts-${i}` }, s.diskFree),
      gauge('kubelet_volume_stats_capacity_bytes', { namespace, persistentvolumeclaim: `server-data-${cluster}-${dc}-r1-sts-${i}` }, 1e10),
    ];
  };
  return {
    healthy: Array.from({ length: nodes }, (_, i) => series(i, { slow: false, failures: 0, heapUsed: 1e9, pending: 1, dropped: 0, diskFree: 9e9 })).flat(),
    broken: [{
      name: 'one node left, slow, failing every request, full',
      series: series(0, { slow: true, failures: 100, heapUsed: 7.9e9, pending: 1000, dropped: 10, diskFree: 1e8 }),
      firing: {
        CassandraLatencyP99High: [{ request_type: 'read' }], CassandraErrorRateHigh: [{}], CassandraAvailabilityLow: [{}],
        CassandraDiskHeadroomLow: [{}], CassandraHeapHeadroomLow: [{}], CassandraPendingCompactionsHigh: [{}], CassandraDroppedMessages: [{}],
        ...burn(rule, 'Cassandra', 'requests', 'availability'),
      },
    }],
  };
}

/** An event-store operation: the coordinator latency histogram of its table. */
export function eventStoreFixture(rule: KubeObject): AlertFixture {
  const [alert] = [...rule.spec.groups[0].rules.map((r: any) => r.alert as string)];
  const expr = rule.spec.groups[0].rules[0].expr as string;
  const metric = /mcac_table_coordinator_(read|write)_latency_bucket/.exec(expr)![0];
  const l = { cluster: matcherValue(rule, 'cluster'), dc: matcherValue(rule, 'dc'), keyspace: matcherValue(rule, 'keyspace'), table: matcherValue(rule, 'table') };
  return {
    healthy: latencyBuckets(metric, l, false),
    broken: [{ name: 'slow table', series: latencyBuckets(metric, l, true), firing: { [alert]: [{}] } }],
  };
}

/** Elasticsearch: elasticsearch_exporter v1.9.0 (health gauge per color, node stats). */
export function elasticsearchFixture(rule: KubeObject, objects: readonly KubeObject[]): AlertFixture {
  const cluster = matcherValue(rule, 'cluster');
  const es = objects.find((o) => o.kind === 'Elasticsearch' && o.metadata.name === cluster);
  if (!es) throw new Error(`no Elasticsearch '${cluster}' beside PrometheusRule ${rule.metadata.name}`);
  const nodes = (es.spec.nodeSets as { count: number }[]).reduce((n, s) => n + s.count, 0);
  const health = (color: string | undefined, n: number) => [
    ...(color ? ['green', 'yellow', 'red'].map((c) => gauge('elasticsearch_cluster_health_status', { cluster, color: c }, c === color ? 1 : 0)) : []),
    gauge('elasticsearch_cluster_health_number_of_nodes', { cluster }, n),
  ];
  const node = (s: { queryMs: number; diskFree: number; heapUsed: number; cpu: number }) => {
    const l = { cluster, name: `${cluster}-es-data-0`, host: '10.0.0.1' };
    return [
      counter('elasticsearch_indices_search_query_time_seconds', l, 60 * s.queryMs / 1000), counter('elasticsearch_indices_search_query_total', l, 60),
      gauge('elasticsearch_filesystem_data_available_bytes', { ...l, mount: '/usr/share/elasticsearch/data', path: '/usr/share/elasticsearch/data/nodes/0' }, s.diskFree),
      gauge('elasticsearch_filesystem_data_size_bytes', { ...l, mount: '/usr/share/elasticsearch/data', path: '/usr/share/elasticsearch/data/nodes/0' }, 1e10),
      gauge('elasticsearch_jvm_memory_used_bytes', { ...l, area: 'heap' }, s.heapUsed), gauge('elasticsearch_jvm_memory_max_bytes', { ...l, area: 'heap' }, 8e9),
      gauge('elasticsearch_process_cpu_percent', l, s.cpu),
    ];
  };
  const good = node({ queryMs: 1, diskFree: 9e9, heapUsed: 1e9, cpu: 10 });
  return {
    healthy: [...health('green', nodes), ...good],
    broken: [
      { name: 'red, nodes gone, slow, full', series: [...health('red', 0), ...node({ queryMs: 10_000, diskFree: 1e8, heapUsed: 7.9e9, cpu: 99 })],
        firing: {
          ElasticsearchLatencyMeanHigh: [{}], ElasticsearchAvailabilityLow: [{}], ElasticsearchDiskHeadroomLow: [{}],
          ElasticsearchHeapHeadroomLow: [{}], ElasticsearchCpuHeadroomLow: [{}], ElasticsearchClusterRed: [{}],
          ...burn(rule, 'Elasticsearch', 'availability'),
        } },
      { name: 'yellow', series: [...health('yellow', nodes), ...good], firing: { ElasticsearchClusterYellow: [{}] } },
      { name: 'no health from the exporter', series: good, firing: { ElasticsearchExporterDown: [{ cluster }] } },
    ],
  };
}

/** JanusGraph: our jmx_exporter series; replicas from kube-state-metrics. */
export function janusGraphFixture(rule: KubeObject, objects: readonly KubeObject[]): AlertFixture {
  const namespace = matcherValue(rule, 'namespace');
  const service = matcherValue(rule, 'service');
  const deployment = matcherValue(rule, 'deployment');
  const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === matcherValue(rule, 'horizontalpodautoscaler'));
  if (!hpa) throw new Error(`no HorizontalPodAutoscaler beside PrometheusRule ${rule.metadata.name}`);
  const max = hpa.spec.maxReplicas as number;
  const series = (s: { p99Ms: number; errors: number; available: number; heap: number; replicas: number }) => {
    const l = { namespace, service, pod: `${service}-0` };
    return [
      gauge('gremlin_server_op_p99_milliseconds', { ...l, op: 'eval' }, s.p99Ms),
      counter('gremlin_server_errors_total', l, s.errors), counter('gremlin_server_op_total', { ...l, op: 'eval' }, 100),
      gauge('jvm_memory_heap_used_bytes', l, s.heap * 1e9), gauge('jvm_memory_heap_max_bytes', l, 1e9),
      gauge('kube_deployment_status_replicas_available', { namespace, deployment }, s.available),
      gauge('kube_deployment_spec_replicas', { namespace, deployment }, 3),
      gauge('kube_horizontalpodautoscaler_status_current_replicas', { namespace, horizontalpodautoscaler: hpa.metadata.name }, s.replicas),
    ];
  };
  return {
    healthy: series({ p99Ms: 1, errors: 0, available: 3, heap: 0.1, replicas: Math.max(1, max - 1) }),
    broken: [{
      name: 'slow, failing, unavailable, at max replicas',
      series: series({ p99Ms: 10_000, errors: 100, available: 0, heap: 0.99, replicas: max }),
      firing: {
        JanusGraphLatencyP99High: [{}], JanusGraphErrorRateHigh: [{}], JanusGraphAvailabilityLow: [{}], JanusGraphHeapHeadroomLow: [{}],
        JanusGraphAtMaxReplicas: [{}],
        ...burn(rule, 'JanusGraph', 'requests', 'availability'),
      },
    }],
  };
}

/** The fixture for a synthesized PrometheusRule, chosen by the catalogs it was checked against. */
export function fixtureFor(rule: KubeObject, objects: readonly KubeObject[]): AlertFixture {
  const catalogs = rule.metadata.annotations?.['monitoring.platform/metric-catalogs'] ?? '';
  if (catalogs.includes('memcached_exporter@')) return evcacheFixture(rule, objects);
  if (catalogs.includes('redis_exporter@')) return dynomiteFixture(rule, objects);
  if (catalogs.includes('elasticsearch_exporter@')) return elasticsearchFixture(rule, objects);
  if (catalogs.includes('janusgraph-jmx@')) return janusGraphFixture(rule, objects);
  if (catalogs.includes('k8ssandra-mcac@') && catalogs.includes('kubelet')) return cassandraFixture(rule, objects);
  if (catalogs.includes('k8ssandra-mcac@')) return eventStoreFixture(rule);
  throw new Error(`no alert fixture for PrometheusRule ${rule.metadata.name} (catalogs: ${catalogs || 'none'})`);
}
