import { type MetricCatalog, SERVICE_MONITOR_TARGET_LABELS } from './types';

const SRC = 'prometheus/memcached_exporter v0.15.3 pkg/exporter/exporter.go (New: prometheus.NewDesc)';

/** memcached_exporter as pinned in the EVCache construct (`quay.io/prometheus/memcached-exporter:v0.15.3`). */
export const MEMCACHED_EXPORTER_V0_15_3: MetricCatalog = {
  id: 'memcached_exporter@v0.15.3',
  image: 'quay.io/prometheus/memcached-exporter',
  version: 'v0.15.3',
  source: SRC,
  targetLabels: SERVICE_MONITOR_TARGET_LABELS,
  metrics: [
    { name: 'memcached_up', type: 'gauge', labels: [], provenance: `${SRC} "up"` },
    { name: 'memcached_commands_total', type: 'counter', labels: ['command', 'status'], provenance: `${SRC} "commands_total" labels command, status` },
    { name: 'memcached_items_evicted_total', type: 'counter', labels: [], provenance: `${SRC} "items_evicted_total"` },
    { name: 'memcached_current_connections', type: 'gauge', labels: [], provenance: `${SRC} "current_connections"` },
    { name: 'memcached_max_connections', type: 'gauge', labels: [], provenance: `${SRC} "max_connections"` },
    { name: 'memcached_connections_listener_disabled_total', type: 'counter', labels: [], provenance: `${SRC} "connections_listener_disabled_total"` },
    { name: 'memcached_current_bytes', type: 'gauge', labels: [], provenance: `${SRC} "current_bytes"` },
    { name: 'memcached_limit_bytes', type: 'gauge', labels: [], provenance: `${SRC} "limit_bytes"` },
  ],
};
