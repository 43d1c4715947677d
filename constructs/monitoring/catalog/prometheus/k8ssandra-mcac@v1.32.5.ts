import { type MetricCatalog, SERVICE_MONITOR_TARGET_LABELS } from './types';

const RELABEL = 'k8ssandra-operator v1.32.5 pkg/telemetry/prom_cass_servicemonitor.go endpointStringLegacy metricRelabelings';
const DASH = 'used by MCAC v0.3.5 dashboards/grafana/generated-dashboards';
/**
 * Labels on every MCAC series: `cluster`, `dc`, `rack` from MCAC v0.3.5 config/collectd.conf.tmpl
 * (PreCache chain `add_topology_tags`), `mcac` (the Dropwizard name, kept by the relabelling), `kind`
 * (first relabel rule: meter or histogram).
 */
const COMMON = ['cluster', 'dc', 'rack', 'mcac', 'kind'];
const withCommon = (...l: string[]) => [...COMMON, ...l];

/**
 * MCAC series as Prometheus stores them after k8ssandra-operator's relabelling: the raw
 * `collectd_mcac_*` names with an `mcac="org.apache.cassandra.metrics..."` label become `mcac_*`
 * names. These exist only when the operator's own ServiceMonitor scrapes the pods
 * (`telemetry.prometheus.enabled: true`, see CassandraCluster). Timers end in `_bucket` (with `le`)
 * and `_total` (the count): the last relabel rule keeps the last matching suffix of the raw name
 * (`_micros_count_total` → `_total`), so there is no `_count`.
 */
export const K8SSANDRA_MCAC_V1_32_5: MetricCatalog = {
  id: 'k8ssandra-mcac@v1.32.5',
  version: 'v1.32.5',
  source: `${RELABEL}; names corroborated by MCAC v0.3.5 dashboards`,
  // The operator's ServiceMonitor adds targetLabels cassandra.datastax.com/cluster and /datacenter (sanitized).
  targetLabels: [...SERVICE_MONITOR_TARGET_LABELS, 'cassandra_datastax_com_cluster', 'cassandra_datastax_com_datacenter'],
  metrics: [
    { name: 'mcac_client_request_latency_bucket', type: 'histogram', labels: withCommon('request_type', 'le'),
      provenance: `${RELABEL}: client_request\\.(\\w+)\\.(\\w+)$ → mcac_client_request_$1, request_type=$2; _bucket_(\\d+) → le; ${DASH}; microseconds` },
    { name: 'mcac_client_request_latency_total', type: 'counter', labels: withCommon('request_type'),
      provenance: `${RELABEL} (suffix rule: _micros_count_total → _total); ${DASH} (requests per second)` },
    { name: 'mcac_client_request_failures_total', type: 'counter', labels: withCommon('request_type'), provenance: `${RELABEL}; ${DASH}` },
    { name: 'mcac_client_request_timeouts_total', type: 'counter', labels: withCommon('request_type'), provenance: `${RELABEL}; ${DASH}` },
    { name: 'mcac_client_request_unavailables_total', type: 'counter', labels: withCommon('request_type'), provenance: `${RELABEL}; ${DASH}` },
    { name: 'mcac_jvm_memory_used', type: 'gauge', labels: withCommon('memory_type'), provenance: `${RELABEL}: jvm\\.memory\\.(\\w+)\\.(\\w+) → mcac_jvm_memory_$2, memory_type=$1; ${DASH}` },
    { name: 'mcac_jvm_memory_max', type: 'gauge', labels: withCommon('memory_type'), provenance: `${RELABEL}; ${DASH}` },
    { name: 'mcac_table_pending_compactions', type: 'gauge', labels: withCommon('keyspace', 'table'),
      provenance: `${RELABEL}: table\\.(\\w+)\\.(\\w+)\\.(\\w+) → mcac_table_$1, keyspace=$2, table=$3; allowed by the operator's DefaultFilters (pkg/telemetry/cassandra_metrics_filters.go "allow:...Table.Pending", MCAC matches case-insensitively); ${DASH}` },
    { name: 'mcac_dropped_message_dropped_total', type: 'counter', labels: withCommon('message_type'),
      provenance: `${RELABEL}: dropped_message\\.(\\w+)\\.(\\w+) → mcac_dropped_message_$1, message_type=$2; ${DASH}` },
    { name: 'mcac_table_coordinator_read_latency_bucket', type: 'histogram', labels: withCommon('keyspace', 'table', 'le'),
      provenance: `${RELABEL}; allowed by DefaultFilters "allow:...table.coordinator"; ${DASH}; microseconds` },
    { name: 'mcac_table_coordinator_write_latency_bucket', type: 'histogram', labels: withCommon('keyspace', 'table', 'le'),
      provenance: `${RELABEL}; Cassandra TableMetrics createTableTimer("CoordinatorWriteLatency") (apache/cassandra src/java/org/apache/cassandra/metrics/TableMetrics.java, 4.x); allowed by "allow:...table.coordinator"; microseconds` },
  ],
};
