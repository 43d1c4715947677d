import { type MetricCatalog, SERVICE_MONITOR_TARGET_LABELS } from './types';

const SRC = 'oliver006/redis_exporter v1.62.0';
/** Debian's prometheus-redis-exporter 1.45 against redis-server 7.0.15, scraped in test/monitoring/exporter-scrape.test.ts. */
const SCRAPE = 'same name, type and labels in a scrape of Debian\'s redis_exporter 1.45 against redis-server 7.0.15';

/** redis_exporter as pinned in the Dynomite construct (`oliver006/redis_exporter:v1.62.0`). */
export const REDIS_EXPORTER_V1_62_0: MetricCatalog = {
  id: 'redis_exporter@v1.62.0',
  image: 'oliver006/redis_exporter',
  version: 'v1.62.0',
  source: `${SRC} (exporter/exporter.go metric maps, exporter/info.go)`,
  targetLabels: SERVICE_MONITOR_TARGET_LABELS,
  metrics: [
    { name: 'redis_up', type: 'gauge', labels: [], provenance: `${SRC} exporter/exporter.go "up"; ${SCRAPE}`, scraped: true },
    { name: 'redis_memory_used_bytes', type: 'gauge', labels: [], provenance: `${SRC} exporter/exporter.go "used_memory": "memory_used_bytes"; ${SCRAPE}`, scraped: true },
    { name: 'redis_memory_max_bytes', type: 'gauge', labels: [], provenance: `${SRC} exporter/exporter.go "maxmemory": "memory_max_bytes"; ${SCRAPE}`, scraped: true },
    { name: 'redis_evicted_keys_total', type: 'counter', labels: [], provenance: `${SRC} exporter/exporter.go "evicted_keys": "evicted_keys_total"; ${SCRAPE}`, scraped: true },
    { name: 'redis_rejected_connections_total', type: 'counter', labels: [], provenance: `${SRC} exporter/exporter.go "rejected_connections": "rejected_connections_total"; ${SCRAPE}`, scraped: true },
    { name: 'redis_aof_last_write_status', type: 'gauge', labels: [], provenance: `${SRC} exporter/exporter.go "aof_last_write_status" (1 = ok); ${SCRAPE}`, scraped: true },
    { name: 'redis_connected_clients', type: 'gauge', labels: [], provenance: `${SRC} exporter/exporter.go "connected_clients"; ${SCRAPE}`, scraped: true },
    { name: 'redis_commands_total', type: 'counter', labels: ['cmd'], provenance: `${SRC} exporter/exporter.go "commands_total" lbls cmd; ${SCRAPE}`, scraped: true },
    { name: 'redis_commands_duration_seconds_total', type: 'counter', labels: ['cmd'], provenance: `${SRC} exporter/exporter.go "commands_duration_seconds_total" lbls cmd; ${SCRAPE}`, scraped: true },
    { name: 'redis_latency_percentiles_usec', type: 'summary', labels: ['cmd', 'quantile'],
      provenance: `${SRC} exporter/info.go registerConstSummary("latency_percentiles_usec", cmd) from INFO latencystats; quantile values "50", "99", "99.9" as scraped; ${SCRAPE}`, scraped: true },
    { name: 'redis_latency_percentiles_usec_count', type: 'summary', labels: ['cmd'], provenance: `${SRC} exporter/info.go (summary count); ${SCRAPE}`, scraped: true },
    { name: 'redis_latency_percentiles_usec_sum', type: 'summary', labels: ['cmd'], provenance: `${SRC} exporter/info.go (summary sum); ${SCRAPE}`, scraped: true },
    { name: 'redis_errors_total', type: 'counter', labels: ['err'], provenance: `${SRC} exporter/exporter.go "errors_total" lbls err (INFO errorstats; absent until the first error)` },
  ],
};
