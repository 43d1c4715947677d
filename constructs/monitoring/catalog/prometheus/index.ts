import { ELASTICSEARCH_EXPORTER_V1_9_0 } from './elasticsearch-exporter@v1.9.0';
import { JANUSGRAPH_JMX_V1_1_0 } from './janusgraph-jmx@v1.1.0';
import { K8SSANDRA_MCAC_V1_32_5 } from './k8ssandra-mcac@v1.32.5';
import { CADVISOR_CONTAINER, KUBE_STATE_METRICS_V2, KUBELET_VOLUME_STATS, PROMETHEUS_TARGETS } from './kubernetes';
import { MEMCACHED_EXPORTER_V0_15_3 } from './memcached-exporter@v0.15.3';
import { REDIS_EXPORTER_V1_62_0 } from './redis-exporter@v1.62.0';
import type { MetricCatalog } from './types';

export * from './types';
export {
  CADVISOR_CONTAINER, ELASTICSEARCH_EXPORTER_V1_9_0, JANUSGRAPH_JMX_V1_1_0, K8SSANDRA_MCAC_V1_32_5, KUBE_STATE_METRICS_V2,
  KUBELET_VOLUME_STATS, MEMCACHED_EXPORTER_V0_15_3, PROMETHEUS_TARGETS, REDIS_EXPORTER_V1_62_0,
};

/** Every catalog, by id. */
export const METRIC_CATALOGS: readonly MetricCatalog[] = [
  ELASTICSEARCH_EXPORTER_V1_9_0, JANUSGRAPH_JMX_V1_1_0, K8SSANDRA_MCAC_V1_32_5, MEMCACHED_EXPORTER_V0_15_3, REDIS_EXPORTER_V1_62_0,
  KUBE_STATE_METRICS_V2, KUBELET_VOLUME_STATS, CADVISOR_CONTAINER, PROMETHEUS_TARGETS,
];

/**
 * The catalog for an exporter image as the manifests pin it (`repo:tag`), or an Error naming the
 * construct path and the catalogs that exist: an exporter version nobody catalogued may have renamed
 * the series our alerts select.
 */
export function catalogForImage(path: string, image: string, field: string): MetricCatalog {
  const at = image.lastIndexOf(':');
  const repo = at > 0 ? image.slice(0, at) : image;
  const tag = at > 0 ? image.slice(at + 1) : '';
  const found = METRIC_CATALOGS.find((c) => c.image !== undefined && (repo === c.image || repo.endsWith(`/${c.image}`)) && tag === c.version);
  if (!found) {
    const known = METRIC_CATALOGS.filter((c) => c.image).map((c) => `${c.image}:${c.version}`).join(', ');
    throw new Error(`${path}: \`${field}\` ${JSON.stringify(image)} has no metric catalog, so its alerts cannot be checked; `
      + `catalogued images: ${known}. Add constructs/monitoring/catalog/prometheus/<exporter>@<version>.ts (see constructs/monitoring/k8s/README.md).`);
  }
  return found;
}
