import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ELASTICSEARCH_EXPORTER_V1_9_0, catalogForImage } from '../../monitoring/catalog/prometheus';
import { ServiceMonitor, SlaPrometheusRule } from '../../monitoring/k8s/prometheus';
import { dashboardSidecar } from '../../monitoring/k8s/grafana-dashboard';
import type { Environment } from '../../platform/config';
import { StoreNetworkPolicy } from '../../platform/k8s/network-policy';
import type { ServiceLevelObjectives } from '../../platform/sla';
import type { ElasticsearchCluster } from './elasticsearch-cluster';

export const EXPORTER_PORT = 9114;
const EXPORTER_PORT_NAME = 'metrics';

export interface ElasticsearchMonitoringProps {
  readonly cluster: ElasticsearchCluster;
  readonly environment: Environment;
  readonly sla: ServiceLevelObjectives;
  /**
   * elasticsearch_exporter image.
   *
   * Its tag must have a metric catalog (constructs/monitoring/catalog/prometheus/).
   *
   * @default 'quay.io/prometheuscommunity/elasticsearch-exporter:v1.9.0'
   */
  readonly image?: string;
}

/**
 * Prometheus monitoring of an ECK Elasticsearch: an elasticsearch_exporter Deployment (9114)
 * reading the cluster over HTTPS with the `elastic` user and the HTTP CA from ECK's Secrets, its
 * Service and ServiceMonitor, and a PrometheusRule with the SLA alerts (same thresholds as the
 * CloudWatch alarms) plus cluster health alerts.
 */
export class ElasticsearchMonitoring extends Construct {
  public readonly rule: SlaPrometheusRule;
  public readonly exporterName: string;

  constructor(scope: Construct, id: string, props: ElasticsearchMonitoringProps) {
    super(scope, id);
    const { cluster: c, environment: env } = props;
    const name = `${c.name}-exporter`;
    this.exporterName = name;
    const labels = { 'app.kubernetes.io/name': 'elasticsearch-exporter', 'app.kubernetes.io/instance': name };
    const image = props.image ?? `${ELASTICSEARCH_EXPORTER_V1_9_0.image}:${ELASTICSEARCH_EXPORTER_V1_9_0.version}`;
    const catalog = catalogForImage(this.node.path, image, 'image');
    c.addMetrics(catalog);

    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name, namespace: c.namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'exporter',
              image,
              args: [
                `--es.uri=https://${c.httpServiceName}:${c.httpPort}`,
                '--es.ca=/etc/elasticsearch-ca/ca.crt',
                '--es.all', '--es.indices', '--es.shards',
                `--web.listen-address=:${EXPORTER_PORT}`,
              ],
              env: [
                { name: 'ES_USERNAME', value: 'elastic' },
                { name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: c.elasticUserSecretName, key: 'elastic' } } },
              ],
              ports: [{ name: EXPORTER_PORT_NAME, containerPort: EXPORTER_PORT }],
              readinessProbe: { httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(EXPORTER_PORT) } },
              resources: {
                requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') },
                limits: { memory: k8s.Quantity.fromString('128Mi') },
              },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'ca', mountPath: '/etc/elasticsearch-ca', readOnly: true }],
            }],
            volumes: [{ name: 'ca', secret: { secretName: c.caSecretName } }],
          },
        },
      },
    });
    new k8s.KubeService(this, 'Service', {
      metadata: { name, namespace: c.namespace, labels },
      spec: { selector: labels, ports: [{ name: EXPORTER_PORT_NAME, port: EXPORTER_PORT, targetPort: k8s.IntOrString.fromNumber(EXPORTER_PORT) }] },
    });
    new StoreNetworkPolicy(this, 'NetworkPolicy', {
      name, namespace: c.namespace, podLabels: labels,
      rules: [{ name: 'metrics', ports: [EXPORTER_PORT], fromNamespaces: [env.monitoringNamespace] }],
    });
    new ServiceMonitor(this, 'ServiceMonitor', {
      name, namespace: c.namespace, release: env.prometheusRelease, selector: labels, port: EXPORTER_PORT_NAME,
    });

    const m = `cluster="${c.name}"`;
    const expected = c.masterNodes + c.dataNodes;
    this.rule = new SlaPrometheusRule(this, 'Rules', {
      name, namespace: c.namespace, release: env.prometheusRelease,
      alertPrefix: 'Elasticsearch',
      sla: props.sla,
      catalogs: [catalog],
      runbookBaseUrl: env.runbookBaseUrl,
      runbookPage: 'k8s-elasticsearch',
      dashboard: { title: `Elasticsearch ${c.name}`, sidecar: dashboardSidecar(env) },
      expressions: {
        // The exporter has query time and count totals per node, no percentiles: the busiest
        // node's mean over 5 minutes (catalog: elasticsearch_exporter collector/nodes.go).
        latencyMeanSeconds: `max(rate(elasticsearch_indices_search_query_time_seconds{${m}}[5m]) / clamp_min(rate(elasticsearch_indices_search_query_total{${m}}[5m]), 1e-9))`,
        availabilityRatio: `max(elasticsearch_cluster_health_number_of_nodes{${m}}) / ${expected}`,
        utilizationRatio: {
          disk: `max(1 - elasticsearch_filesystem_data_available_bytes{${m}} / elasticsearch_filesystem_data_size_bytes{${m}})`,
          heap: `max(elasticsearch_jvm_memory_used_bytes{${m},area="heap"} / elasticsearch_jvm_memory_max_bytes{${m},area="heap"})`,
          cpu: `max(elasticsearch_process_cpu_percent{${m}}) / 100`,
        },
      },
      extraAlerts: [
        { alert: 'ElasticsearchClusterRed', expr: `max(elasticsearch_cluster_health_status{${m},color="red"}) == 1`,
          summary: 'cluster status red: a primary shard is unassigned, some data cannot be searched or written' },
        { alert: 'ElasticsearchClusterYellow', expr: `max(elasticsearch_cluster_health_status{${m},color="yellow"}) == 1`, severity: 'warning',
          summary: 'cluster status yellow: replicas are unassigned, one more failure loses availability' },
        // v1.9.0 has no elasticsearch_cluster_health_up (removed in v1.7.0); the health collector
        // emits nothing when it cannot read _cluster/health, so no status series means no health.
        { alert: 'ElasticsearchExporterDown', expr: `absent(elasticsearch_cluster_health_status{${m}})`,
          summary: 'no cluster health: the exporter is down or cannot reach Elasticsearch' },
      ],
    });
  }
}
