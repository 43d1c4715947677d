import { type MetricCatalog, SERVICE_MONITOR_TARGET_LABELS } from './types';

const SRC = 'prometheus-community/elasticsearch_exporter v1.9.0';
const NODE = ['cluster', 'host', 'name', 'es_master_node', 'es_data_node', 'es_ingest_node', 'es_client_node'];
const NODES = `${SRC} collector/nodes.go (defaultNodeLabels)`;

/**
 * elasticsearch_exporter as pinned in ElasticsearchMonitoring. There is no
 * `elasticsearch_cluster_health_up` at this version (removed in v1.7.0); health is a gauge per color.
 */
export const ELASTICSEARCH_EXPORTER_V1_9_0: MetricCatalog = {
  id: 'elasticsearch_exporter@v1.9.0',
  image: 'quay.io/prometheuscommunity/elasticsearch-exporter',
  version: 'v1.9.0',
  source: `${SRC} collector/*.go`,
  targetLabels: SERVICE_MONITOR_TARGET_LABELS,
  metrics: [
    { name: 'elasticsearch_cluster_health_status', type: 'gauge', labels: ['cluster', 'color'],
      provenance: `${SRC} collector/cluster_health.go statusMetric labels cluster, color (1 for the current color of green/yellow/red; no series when the health call fails)` },
    { name: 'elasticsearch_cluster_health_number_of_nodes', type: 'gauge', labels: ['cluster'], provenance: `${SRC} collector/cluster_health.go "number_of_nodes" defaultClusterHealthLabels` },
    { name: 'elasticsearch_cluster_health_number_of_data_nodes', type: 'gauge', labels: ['cluster'], provenance: `${SRC} collector/cluster_health.go "number_of_data_nodes"` },
    { name: 'elasticsearch_cluster_health_unassigned_shards', type: 'gauge', labels: ['cluster'], provenance: `${SRC} collector/cluster_health.go "unassigned_shards"` },
    { name: 'elasticsearch_indices_search_query_time_seconds', type: 'counter', labels: NODE, provenance: `${NODES} indices "search_query_time_seconds" (a total: no percentiles)` },
    { name: 'elasticsearch_indices_search_query_total', type: 'counter', labels: NODE, provenance: `${NODES} indices "search_query_total"` },
    { name: 'elasticsearch_filesystem_data_available_bytes', type: 'gauge', labels: [...NODE, 'mount', 'path'], provenance: `${SRC} collector/nodes.go filesystem_data "available_bytes" defaultFilesystemDataLabels` },
    { name: 'elasticsearch_filesystem_data_size_bytes', type: 'gauge', labels: [...NODE, 'mount', 'path'], provenance: `${SRC} collector/nodes.go filesystem_data "size_bytes" defaultFilesystemDataLabels` },
    { name: 'elasticsearch_jvm_memory_used_bytes', type: 'gauge', labels: [...NODE, 'area'], provenance: `${NODES} jvm_memory "used_bytes" + area (heap, non-heap)` },
    { name: 'elasticsearch_jvm_memory_max_bytes', type: 'gauge', labels: [...NODE, 'area'], provenance: `${NODES} jvm_memory "max_bytes" + area (heap)` },
    { name: 'elasticsearch_process_cpu_percent', type: 'gauge', labels: NODE, provenance: `${NODES} process "cpu_percent"` },
  ],
};
