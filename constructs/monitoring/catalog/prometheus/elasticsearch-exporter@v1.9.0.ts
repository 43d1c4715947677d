import { type MetricCatalog, SERVICE_MONITOR_TARGET_LABELS } from './types';

/**
 * Read in the exporter's source at the tag (`git show v1.9.0:collector/<file>` of
 * github.com/prometheus-community/elasticsearch_exporter; the tag is commit 4301b8d6). Names are
 * `prometheus.BuildFQName(namespace, subsystem, name)` with `namespace = "elasticsearch"`
 * (collector/collector.go:33). No scrape test: see ../README.md.
 */
const SRC = 'prometheus-community/elasticsearch_exporter v1.9.0 (commit 4301b8d65587ace76803247a7329b5aaba27a574)';
const NODE = ['cluster', 'host', 'name', 'es_master_node', 'es_data_node', 'es_ingest_node', 'es_client_node'];
const NODES = `${SRC} collector/nodes.go`;
const HEALTH = `${SRC} collector/cluster_health.go`;

/**
 * elasticsearch_exporter as pinned in ElasticsearchMonitoring. There is no
 * `elasticsearch_cluster_health_up` at this version (collector/cluster_health.go has its
 * `subsystem, "up"` descriptor at v1.6.0 and not at v1.7.0); health is a gauge per color.
 */
export const ELASTICSEARCH_EXPORTER_V1_9_0: MetricCatalog = {
  id: 'elasticsearch_exporter@v1.9.0',
  image: 'quay.io/prometheuscommunity/elasticsearch-exporter',
  version: 'v1.9.0',
  source: `${SRC} collector/*.go`,
  targetLabels: SERVICE_MONITOR_TARGET_LABELS,
  metrics: [
    { name: 'elasticsearch_cluster_health_status', type: 'gauge', labels: ['cluster', 'color'],
      provenance: `${HEALTH}:191 BuildFQName(namespace, subsystem, "status") labels cluster, color; Collect emits one series per color of green/yellow/red (1 for the current one) and returns without any series when the health call fails` },
    { name: 'elasticsearch_cluster_health_number_of_nodes', type: 'gauge', labels: ['cluster'], provenance: `${HEALTH}:146 "number_of_nodes", defaultClusterHealthLabels = [cluster] (:30)` },
    { name: 'elasticsearch_cluster_health_number_of_data_nodes', type: 'gauge', labels: ['cluster'], provenance: `${HEALTH}:113 "number_of_data_nodes", defaultClusterHealthLabels` },
    { name: 'elasticsearch_cluster_health_unassigned_shards', type: 'gauge', labels: ['cluster'], provenance: `${HEALTH}:179 "unassigned_shards", defaultClusterHealthLabels` },
    { name: 'elasticsearch_indices_search_query_time_seconds', type: 'counter', labels: NODE, provenance: `${NODES}:630 BuildFQName(namespace, "indices", "search_query_time_seconds"), CounterValue, defaultNodeLabels (:81) (a total: no percentiles)` },
    { name: 'elasticsearch_indices_search_query_total', type: 'counter', labels: NODE, provenance: `${NODES}:642 "indices", "search_query_total", CounterValue, defaultNodeLabels` },
    { name: 'elasticsearch_filesystem_data_available_bytes', type: 'gauge', labels: [...NODE, 'mount', 'path'], provenance: `${NODES}:1731 "filesystem_data", "available_bytes", defaultFilesystemDataLabels = defaultNodeLabels + mount, path (:86)` },
    { name: 'elasticsearch_filesystem_data_size_bytes', type: 'gauge', labels: [...NODE, 'mount', 'path'], provenance: `${NODES}:1755 "filesystem_data", "size_bytes", defaultFilesystemDataLabels` },
    { name: 'elasticsearch_jvm_memory_used_bytes', type: 'gauge', labels: [...NODE, 'area'], provenance: `${NODES}:1113 and :1127 "jvm_memory", "used_bytes", defaultNodeLabels + area (heap, non-heap)` },
    { name: 'elasticsearch_jvm_memory_max_bytes', type: 'gauge', labels: [...NODE, 'area'], provenance: `${NODES}:1141 "jvm_memory", "max_bytes", defaultNodeLabels + area (heap only)` },
    { name: 'elasticsearch_process_cpu_percent', type: 'gauge', labels: NODE, provenance: `${NODES}:1393 "process", "cpu_percent", defaultNodeLabels` },
  ],
};
