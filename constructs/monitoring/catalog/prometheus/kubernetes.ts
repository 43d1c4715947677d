import { type MetricCatalog, SERVICE_MONITOR_TARGET_LABELS } from './types';

/**
 * Series kube-prometheus-stack scrapes from the cluster itself. kube-state-metrics labels name the
 * object (`namespace`, `pod`, `deployment`); Prometheus's target labels on them point at
 * kube-state-metrics, so they are not listed as target labels.
 */
const KSM = 'kubernetes/kube-state-metrics docs/metrics/workload';
export const KUBE_STATE_METRICS_V2: MetricCatalog = {
  id: 'kube-state-metrics@v2',
  version: 'v2',
  source: `${KSM}/*.md (metric tables, STABLE metrics)`,
  targetLabels: [],
  metrics: [
    { name: 'kube_pod_status_ready', type: 'gauge', labels: ['namespace', 'pod', 'uid', 'condition'], provenance: `${KSM}/pod-metrics.md: condition=true|false|unknown` },
    { name: 'kube_deployment_status_replicas_available', type: 'gauge', labels: ['namespace', 'deployment'], provenance: `${KSM}/deployment-metrics.md` },
    { name: 'kube_deployment_spec_replicas', type: 'gauge', labels: ['namespace', 'deployment'], provenance: `${KSM}/deployment-metrics.md` },
    { name: 'kube_horizontalpodautoscaler_status_current_replicas', type: 'gauge', labels: ['namespace', 'horizontalpodautoscaler'], provenance: `${KSM}/horizontalpodautoscaler-metrics.md` },
  ],
};

const KUBELET = 'kubernetes/kubernetes pkg/kubelet/metrics/metrics.go (subsystem kubelet, VolumeStats*Key) and pkg/kubelet/metrics/collectors/volume_stats.go';
export const KUBELET_VOLUME_STATS: MetricCatalog = {
  id: 'kubelet',
  version: 'v1',
  source: KUBELET,
  targetLabels: [],
  metrics: [
    { name: 'kubelet_volume_stats_available_bytes', type: 'gauge', labels: ['namespace', 'persistentvolumeclaim'], provenance: `${KUBELET}: "volume_stats_available_bytes" labels namespace, persistentvolumeclaim` },
    { name: 'kubelet_volume_stats_capacity_bytes', type: 'gauge', labels: ['namespace', 'persistentvolumeclaim'], provenance: `${KUBELET}: "volume_stats_capacity_bytes" labels namespace, persistentvolumeclaim` },
  ],
};

const CADVISOR = 'google/cadvisor metrics/prometheus.go container_memory_working_set_bytes, with the kubelet\'s /metrics/cadvisor labels namespace, pod, container';
export const CADVISOR_CONTAINER: MetricCatalog = {
  id: 'cadvisor',
  version: 'v1',
  source: CADVISOR,
  targetLabels: [],
  metrics: [
    { name: 'container_memory_working_set_bytes', type: 'gauge', labels: ['namespace', 'pod', 'container', 'id', 'image', 'name'], provenance: CADVISOR },
  ],
};

/** Prometheus's own per-target series. */
export const PROMETHEUS_TARGETS: MetricCatalog = {
  id: 'prometheus-scrape',
  version: 'v2',
  source: 'Prometheus docs, Jobs and instances: "Automatically generated labels and time series" (up)',
  targetLabels: SERVICE_MONITOR_TARGET_LABELS,
  metrics: [
    { name: 'up', type: 'gauge', labels: [], provenance: 'Prometheus: up{job, instance} is 1 when the scrape succeeded' },
  ],
};
