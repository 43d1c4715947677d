import { type MetricCatalog, SERVICE_MONITOR_TARGET_LABELS } from './types';

const RULES = 'our jmx_exporter rules (constructs/graph/k8s/janusgraph-server.ts jmxExporterConfig) name these series';
const TP = 'apache/tinkerpop gremlin-server: MetricManager.INSTANCE.getTimer(name(GremlinServer.class, "op", "eval")) and getMeter(name(GremlinServer.class, "errors"))';

/**
 * JanusGraph 1.1.0's Gremlin Server through the jmx_exporter sidecar (`bitnami/jmx-exporter:1.1.0`).
 * The series names are ours (set by the rules); the MBeans they read are TinkerPop's Dropwizard metrics.
 * Not scraped here: there is no JanusGraph or jmx_exporter package in Debian.
 */
export const JANUSGRAPH_JMX_V1_1_0: MetricCatalog = {
  id: 'janusgraph-jmx@v1.1.0',
  image: 'bitnami/jmx-exporter',
  version: '1.1.0',
  source: `${RULES}; ${TP}`,
  targetLabels: SERVICE_MONITOR_TARGET_LABELS,
  metrics: [
    { name: 'gremlin_server_op_p99_milliseconds', type: 'gauge', labels: ['op'], provenance: `${RULES} (Timer 99thPercentile, ms); ${TP}` },
    { name: 'gremlin_server_op_total', type: 'counter', labels: ['op'], provenance: `${RULES} (Timer Count); ${TP}` },
    { name: 'gremlin_server_errors_total', type: 'counter', labels: [], provenance: `${RULES} (Meter Count); ${TP}` },
    { name: 'jvm_memory_heap_used_bytes', type: 'gauge', labels: [], provenance: `${RULES} (java.lang:type=Memory HeapMemoryUsage.used)` },
    { name: 'jvm_memory_heap_max_bytes', type: 'gauge', labels: [], provenance: `${RULES} (java.lang:type=Memory HeapMemoryUsage.max)` },
  ],
};
