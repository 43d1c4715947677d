import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { CassandraCluster, CassandraDatacenter } from '../../cassandra/k8s/cassandra-cluster';
import { CQL_IDENTIFIER } from '../../cassandra/schema';
import type { ElasticsearchCluster } from '../../elasticsearch/k8s/elasticsearch-cluster';
import { type IPublishedStore, type PublishedStore, publishedPlacement } from '../../catalog/inventory';
import { JANUSGRAPH_JMX_V1_1_0, KUBE_STATE_METRICS_V2, catalogForImage } from '../../monitoring/catalog/prometheus';
import { ServiceMonitor, SlaPrometheusRule } from '../../monitoring/k8s/prometheus';
import { dashboardSidecar } from '../../monitoring/k8s/grafana-dashboard';
import type { Environment } from '../../platform/config';
import { Problems, show } from '../../platform/errors';
import { StoreNetworkPolicy } from '../../platform/k8s/network-policy';
import { type ServiceLevelObjectives, maxUtilizationPercent, slaProblems } from '../../platform/sla';
import { limitProblems } from '../../platform/limits';
import { GRAPH_LIMITS } from '../limits';

export const GREMLIN_PORT = 8182;
/** jmx_exporter's HTTP port in the sidecar. */
export const JMX_EXPORTER_PORT = 9404;
const JMX_PORT = 9010;
const ZONE_LABEL = 'topology.kubernetes.io/zone';
const DNS_LABEL = /^[a-z]([-a-z0-9]{0,40}[a-z0-9])?$/;
const TRUSTSTORE = '/var/run/janusgraph/truststore/truststore.p12';

/** Gremlin Server's own TLS, by reference to Secrets (e.g. a cert-manager Certificate with a PKCS#12 keystore). */
export interface GremlinTlsProps {
  /** Secret with the server keystore under `keystore.p12`. */
  readonly keystoreSecretName: string;
  /**
   * Secret with the keystore password under `password`. The pod's truststore of the Cassandra
   * and Elasticsearch CAs, built at start, is protected with the same password.
   */
  readonly keystorePasswordSecretName: string;
}

export interface JanusGraphServerProps {
  readonly environment: Environment;
  /** Region whose Kubernetes cluster this server runs in. */
  readonly region: string;
  /** Deployment, Service and PodDisruptionBudget name. */
  readonly name: string;
  readonly namespace: string;
  /** The storage backend: the server uses this cluster's datacenter in `region`. */
  readonly cassandra: CassandraCluster;
  /** The index backend: an Elasticsearch of the same region. */
  readonly elasticsearch: ElasticsearchCluster;
  /** The graph's own keyspace; JanusGraph creates it with NetworkTopologyStrategy and the cluster's replication. */
  readonly keyspace: string;
  /**
   * Prefix of the Elasticsearch indices of the graph's mixed indexes.
   *
   * @default - the keyspace name
   */
  readonly indexName?: string;
  /**
   * Regions the graph is served from. The Cassandra cluster must have a datacenter in each: the
   * keyspace replicates to every datacenter of the cluster.
   *
   * @default - `region` only
   */
  readonly graphRegions?: string[];
  /**
   * Reject writes (`storage.read-only`): for a region whose index is a read-only follower.
   *
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Secret with the Cassandra role's `username` and `password`.
   *
   * @default - the cluster's superuser Secret; create a dedicated role for production
   */
  readonly cassandraCredentialsSecretName?: string;
  readonly tls: GremlinTlsProps;
  /** Namespaces whose pods may open Gremlin connections. */
  readonly clientNamespaces: string[];
  /** Servers at least, spread over the region's zones. */
  readonly minReplicas: number;
  /** Servers at most, reached by the HorizontalPodAutoscaler on CPU. */
  readonly maxReplicas: number;
  /** CPU request per server, in millicores. */
  readonly cpuMillis: number;
  /** Memory request = limit per server, in MiB. */
  readonly memoryMiB: number;
  /**
   * JVM heap, in MiB; at most 75% of `memoryMiB`.
   *
   * @default - half of `memoryMiB`
   */
  readonly heapMiB?: number;
  readonly sla: ServiceLevelObjectives;
  /** @default 'janusgraph/janusgraph:1.1.0' */
  readonly image?: string;
  /**
   * jmx_exporter image; its tag must have a metric catalog (constructs/monitoring/catalog/prometheus/),
   * or construction throws.
   *
   * @default 'bitnami/jmx-exporter:1.1.0'
   */
  readonly jmxExporterImage?: string;
}

/**
 * JanusGraph Server (Gremlin, 8182) in one region: storage on the region's datacenter of a
 * Cassandra cluster (CQL over TLS, LOCAL_QUORUM, its own keyspace replicated with
 * NetworkTopologyStrategy to every datacenter), mixed indexes on the region's Elasticsearch
 * (HTTPS with the ECK CA). Configured through the image's `janusgraph.*`/`gremlinserver.*`
 * environment overrides on the `cql-es` template; credentials come from Secrets by reference.
 * A Deployment spread over the zones, readiness on the Gremlin port, a PodDisruptionBudget, a
 * HorizontalPodAutoscaler on CPU at the SLA's headroom, JMX metrics through a jmx_exporter
 * sidecar with a ServiceMonitor and a PrometheusRule from the SLA.
 */
export class JanusGraphServer extends Construct implements IPublishedStore {
  public readonly name: string;
  public readonly namespace: string;
  public readonly serviceName: string;
  public readonly serviceHost: string;
  public readonly port = GREMLIN_PORT;
  public readonly podLabels: Record<string, string>;
  /** Gremlin Server's TLS Secrets (by reference), e.g. for a client or benchmark that must trust it. */
  public readonly tls: GremlinTlsProps;
  public readonly datacenter: CassandraDatacenter;
  /** The JanusGraph properties set through the environment, e.g. `storage.hostname`. */
  public readonly properties: Readonly<Record<string, string>>;
  public readonly rule: SlaPrometheusRule;
  /** The Gremlin Service, the placement of the Cassandra datacenter it stores in, and the JMX exporter's catalog. */
  public readonly published: PublishedStore;

  constructor(scope: Construct, id: string, props: JanusGraphServerProps) {
    super(scope, id);
    const env = props.environment;
    const { cassandra, elasticsearch: es } = props;
    const graphRegions = props.graphRegions ?? [props.region];
    const heapMiB = props.heapMiB ?? Math.floor(props.memoryMiB / 2);
    const p = new Problems();
    p.check(DNS_LABEL.test(props.name), () => `\`name\` must be a DNS label of at most 42 characters, got ${show(props.name)}`);
    p.check(DNS_LABEL.test(props.namespace), () => `\`namespace\` must be a DNS label, got ${show(props.namespace)}`);
    p.check(env.regions.some((r) => r.region === props.region),
      () => `\`region\` must be one of environment '${env.name}' regions (${env.regions.map((r) => r.region).join(', ')}), got ${show(props.region)}`);
    p.check(CQL_IDENTIFIER.test(props.keyspace), () => `\`keyspace\` must match ${CQL_IDENTIFIER}, got ${show(props.keyspace)}`);
    p.check(props.indexName === undefined || /^[a-z][a-z0-9_]{0,99}$/.test(props.indexName),
      () => `\`indexName\` must be lowercase letters, digits and '_', got ${show(props.indexName)}`);
    p.check(graphRegions.includes(props.region), () => `\`graphRegions\` must include \`region\` ${show(props.region)}, got ${show(graphRegions)}`);
    const dcs = cassandra.datacenters.map((d) => d.name);
    const missing = graphRegions.filter((r) => !dcs.includes(r));
    p.check(missing.length === 0,
      () => `\`cassandra\` cluster '${cassandra.clusterName}' must have a datacenter in every graph region (${graphRegions.join(', ')}) so the graph keyspace replicates there; it has ${dcs.join(', ')}, missing ${missing.join(', ')}`);
    p.check(es.region === props.region,
      () => `\`elasticsearch\` must run in the server's region ${show(props.region)}, got '${es.name}' in ${show(es.region)}`);
    p.check(props.clientNamespaces.length > 0, () => '`clientNamespaces` must list at least one namespace, got []');
    p.merge(limitProblems('minReplicas', props.minReplicas, GRAPH_LIMITS.minReplicas));
    if (env.production) {
      p.check(props.minReplicas >= 2, () => `\`minReplicas\` must be >= 2 in production environment '${env.name}' (a disruption must leave a server), got ${show(props.minReplicas)}`);
    }
    p.check(Number.isInteger(props.maxReplicas) && props.maxReplicas >= props.minReplicas,
      () => `\`maxReplicas\` must be an integer >= \`minReplicas\` (${props.minReplicas}), got ${show(props.maxReplicas)}`);
    p.merge(limitProblems('cpuMillis', props.cpuMillis, GRAPH_LIMITS.cpuMillis));
    p.merge(limitProblems('memoryMiB', props.memoryMiB, GRAPH_LIMITS.memoryMiB));
    p.check(Number.isInteger(heapMiB) && heapMiB >= 512 && heapMiB <= props.memoryMiB * 0.75,
      () => `\`heapMiB\` must be an integer from 512 to 75% of \`memoryMiB\` (${Math.floor(props.memoryMiB * 0.75)}), got ${show(heapMiB)}`);
    p.merge(slaProblems(props.sla));
    p.throwIfAny(this);

    const dc = cassandra.datacenter(props.region);
    const zones = env.region(props.region).kubernetes.zones;
    this.name = props.name;
    this.namespace = props.namespace;
    this.datacenter = dc;
    this.serviceName = props.name;
    this.serviceHost = `${props.name}.${props.namespace}.svc.cluster.local`;
    this.podLabels = { 'app.kubernetes.io/name': 'janusgraph', 'app.kubernetes.io/instance': props.name };
    this.tls = props.tls;
    const labels = this.podLabels;

    // storage.cql.replication-strategy-options is a flat list: dc1,rf1,dc2,rf2.
    const replication = Object.entries(cassandra.replication).flatMap(([d, rf]) => [d, String(rf)]).join(',');
    this.properties = {
      'storage.backend': 'cql',
      'storage.hostname': dc.serviceHost,
      'storage.port': String(dc.cqlPort),
      'storage.username': '$(CASSANDRA_USERNAME)',
      'storage.password': '$(CASSANDRA_PASSWORD)',
      'storage.read-only': String(props.readOnly ?? false),
      'storage.cql.keyspace': props.keyspace,
      'storage.cql.local-datacenter': dc.name,
      'storage.cql.replication-strategy-class': 'NetworkTopologyStrategy',
      'storage.cql.replication-strategy-options': replication,
      'storage.cql.read-consistency-level': 'LOCAL_QUORUM',
      'storage.cql.write-consistency-level': 'LOCAL_QUORUM',
      'storage.cql.ssl.enabled': 'true',
      'storage.cql.ssl.truststore.location': TRUSTSTORE,
      'storage.cql.ssl.truststore.password': '$(TRUSTSTORE_PASSWORD)',
      'index.search.backend': 'elasticsearch',
      'index.search.hostname': es.httpHost,
      'index.search.port': String(es.httpPort),
      'index.search.index-name': props.indexName ?? props.keyspace,
      'index.search.elasticsearch.http.auth.type': 'basic',
      'index.search.elasticsearch.http.auth.basic.username': 'elastic',
      'index.search.elasticsearch.http.auth.basic.password': '$(ELASTIC_PASSWORD)',
      'index.search.elasticsearch.ssl.enabled': 'true',
      'index.search.elasticsearch.ssl.truststore.location': TRUSTSTORE,
      'index.search.elasticsearch.ssl.truststore.password': '$(TRUSTSTORE_PASSWORD)',
      'metrics.enabled': 'true',
      'metrics.jmx.enabled': 'true',
    };
    const gremlinServer: Record<string, string> = {
      'ssl.enabled': 'true',
      'ssl.keyStore': '/var/run/janusgraph/server-tls/keystore.p12',
      'ssl.keyStoreType': 'PKCS12',
      'ssl.keyStorePassword': '$(GREMLIN_KEYSTORE_PASSWORD)',
      'metrics.jmxReporter.enabled': 'true',
    };
    const secretEnv = (name: string, secret: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
    const credentials = props.cassandraCredentialsSecretName ?? cassandra.superuserSecretName;
    const env_: k8s.EnvVar[] = [
      // Secrets first: the overrides below refer to them as $(NAME).
      secretEnv('CASSANDRA_USERNAME', credentials, 'username'),
      secretEnv('CASSANDRA_PASSWORD', credentials, 'password'),
      secretEnv('ELASTIC_PASSWORD', es.elasticUserSecretName, 'elastic'),
      secretEnv('GREMLIN_KEYSTORE_PASSWORD', props.tls.keystorePasswordSecretName, 'password'),
      secretEnv('TRUSTSTORE_PASSWORD', props.tls.keystorePasswordSecretName, 'password'),
      { name: 'JANUS_PROPS_TEMPLATE', value: 'cql-es' },
      { name: 'JAVA_OPTIONS', value: [
        `-Xms${heapMiB}m`, `-Xmx${heapMiB}m`,
        // JMX for the sidecar only: loopback, not in any NetworkPolicy.
        `-Dcom.sun.management.jmxremote.port=${JMX_PORT}`, `-Dcom.sun.management.jmxremote.rmi.port=${JMX_PORT}`,
        '-Dcom.sun.management.jmxremote.host=127.0.0.1', '-Djava.rmi.server.hostname=127.0.0.1',
        '-Dcom.sun.management.jmxremote.authenticate=false', '-Dcom.sun.management.jmxremote.ssl=false',
      ].join(' ') },
      ...Object.entries(this.properties).map(([k, v]) => ({ name: `janusgraph.${k}`, value: v })),
      ...Object.entries(gremlinServer).map(([k, v]) => ({ name: `gremlinserver.${k}`, value: v })),
    ];

    const image = props.image ?? 'janusgraph/janusgraph:1.1.0';
    const jmxExporterImage = props.jmxExporterImage ?? `${JANUSGRAPH_JMX_V1_1_0.image}:${JANUSGRAPH_JMX_V1_1_0.version}`;
    const q = (s: string) => k8s.Quantity.fromString(s);
    const dropAll = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
    new k8s.KubeConfigMap(this, 'JmxExporterConfig', {
      metadata: { name: `${props.name}-jmx-exporter`, namespace: props.namespace, labels },
      data: { 'config.yaml': jmxExporterConfig() },
    });
    new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        // The HorizontalPodAutoscaler owns the replica count; this is the count on creation.
        replicas: props.minReplicas,
        selector: { matchLabels: labels },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } },
            topologySpreadConstraints: [{
              maxSkew: 1, topologyKey: ZONE_LABEL, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: labels },
            }],
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{
              matchExpressions: [{ key: ZONE_LABEL, operator: 'In', values: [...zones] }],
            }] } } },
            initContainers: [{
              // Java reads PKCS#12, not PEM: import the Cassandra and Elasticsearch CAs into one truststore.
              name: 'truststore',
              image,
              command: ['sh', '-ec', [
                `keytool -importcert -noprompt -alias cassandra-ca -file /var/run/ca/cassandra/ca.crt -keystore ${TRUSTSTORE} -storetype PKCS12 -storepass "$TRUSTSTORE_PASSWORD"`,
                `keytool -importcert -noprompt -alias elasticsearch-ca -file /var/run/ca/elasticsearch/ca.crt -keystore ${TRUSTSTORE} -storetype PKCS12 -storepass "$TRUSTSTORE_PASSWORD"`,
              ].join('\n')],
              env: [secretEnv('TRUSTSTORE_PASSWORD', props.tls.keystorePasswordSecretName, 'password')],
              resources: { requests: { cpu: q('100m'), memory: q('256Mi') }, limits: { memory: q('256Mi') } },
              securityContext: { ...dropAll, readOnlyRootFilesystem: true },
              volumeMounts: [
                { name: 'cassandra-ca', mountPath: '/var/run/ca/cassandra', readOnly: true },
                { name: 'elasticsearch-ca', mountPath: '/var/run/ca/elasticsearch', readOnly: true },
                { name: 'truststore', mountPath: '/var/run/janusgraph/truststore' },
              ],
            }],
            containers: [
              {
                name: 'janusgraph',
                image,
                env: env_,
                ports: [{ name: 'gremlin', containerPort: GREMLIN_PORT }],
                // Gremlin Server binds 8182 once the graph is open, i.e. storage and index are reachable.
                startupProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(GREMLIN_PORT) }, periodSeconds: 10, failureThreshold: 30 },
                readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(GREMLIN_PORT) }, periodSeconds: 10, failureThreshold: 3 },
                livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(GREMLIN_PORT) }, periodSeconds: 20, failureThreshold: 6 },
                resources: {
                  requests: { cpu: q(`${props.cpuMillis}m`), memory: q(`${props.memoryMiB}Mi`) },
                  limits: { memory: q(`${props.memoryMiB}Mi`) },
                },
                // The entrypoint renders its properties into the image's config directory.
                securityContext: { ...dropAll, readOnlyRootFilesystem: false },
                volumeMounts: [
                  { name: 'truststore', mountPath: '/var/run/janusgraph/truststore', readOnly: true },
                  { name: 'server-tls', mountPath: '/var/run/janusgraph/server-tls', readOnly: true },
                ],
              },
              {
                name: 'jmx-exporter',
                image: jmxExporterImage,
                args: [String(JMX_EXPORTER_PORT), '/etc/jmx-exporter/config.yaml'],
                ports: [{ name: 'metrics', containerPort: JMX_EXPORTER_PORT }],
                readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(JMX_EXPORTER_PORT) } },
                resources: { requests: { cpu: q('50m'), memory: q('128Mi') }, limits: { memory: q('128Mi') } },
                securityContext: { ...dropAll, readOnlyRootFilesystem: true },
                volumeMounts: [{ name: 'jmx-exporter-config', mountPath: '/etc/jmx-exporter', readOnly: true }],
              },
            ],
            volumes: [
              { name: 'cassandra-ca', secret: { secretName: cassandra.tls.caCertSecretName, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { name: 'elasticsearch-ca', secret: { secretName: es.caSecretName, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { name: 'server-tls', secret: { secretName: props.tls.keystoreSecretName, items: [{ key: 'keystore.p12', path: 'keystore.p12' }] } },
              { name: 'truststore', emptyDir: { medium: 'Memory', sizeLimit: q('1Mi') } },
              { name: 'jmx-exporter-config', configMap: { name: `${props.name}-jmx-exporter` } },
            ],
          },
        },
      },
    });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        selector: labels,
        ports: [
          { name: 'gremlin', port: GREMLIN_PORT, targetPort: k8s.IntOrString.fromString('gremlin') },
          { name: 'metrics', port: JMX_EXPORTER_PORT, targetPort: k8s.IntOrString.fromString('metrics') },
        ],
      },
    });
    new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: labels } },
    });
    const cpuTarget = maxUtilizationPercent(props.sla);
    new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.name },
        minReplicas: props.minReplicas,
        maxReplicas: props.maxReplicas,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpuTarget } } }],
        // A Gremlin server drains its sessions slowly: scale in gently.
        behavior: { scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Pods', value: 1, periodSeconds: 300 }] } },
      },
    });
    new StoreNetworkPolicy(this, 'NetworkPolicy', {
      name: props.name, namespace: props.namespace, podLabels: labels,
      rules: [
        { name: 'gremlin', ports: [GREMLIN_PORT], fromNamespaces: [...new Set(props.clientNamespaces)] },
        { name: 'metrics', ports: [JMX_EXPORTER_PORT], fromNamespaces: [env.monitoringNamespace] },
      ],
    });
    new ServiceMonitor(this, 'ServiceMonitor', {
      name: props.name, namespace: props.namespace, release: env.prometheusRelease, selector: labels, port: 'metrics',
    });
    const m = `namespace="${props.namespace}",service="${props.name}"`;
    const d = `namespace="${props.namespace}",deployment="${props.name}"`;
    const catalogs = [catalogForImage(this.node.path, jmxExporterImage, 'jmxExporterImage'), KUBE_STATE_METRICS_V2];
    this.published = {
      endpoints: [{ dns: this.serviceHost, ports: [GREMLIN_PORT] }],
      placement: publishedPlacement(this.datacenter.placement),
      metrics: catalogs,
    };
    this.rule = new SlaPrometheusRule(this, 'Rules', {
      name: props.name, namespace: props.namespace, release: env.prometheusRelease,
      alertPrefix: 'JanusGraph',
      sla: props.sla,
      catalogs,
      runbookBaseUrl: env.runbookBaseUrl,
      runbookPage: 'k8s-janusgraph',
      dashboard: { title: `JanusGraph ${props.name}`, sidecar: dashboardSidecar(env) },
      expressions: {
        // Dropwizard timers report milliseconds.
        latencyP99Seconds: `max(gremlin_server_op_p99_milliseconds{${m}}) / 1000`,
        errorRatio: (w) => `sum(rate(gremlin_server_errors_total{${m}}[${w}])) / clamp_min(sum(rate(gremlin_server_op_total{${m}}[${w}])), 1e-9)`,
        availabilityRatio: `sum(kube_deployment_status_replicas_available{${d}}) / sum(kube_deployment_spec_replicas{${d}})`,
        utilizationRatio: {
          heap: `max(jvm_memory_heap_used_bytes{${m}} / jvm_memory_heap_max_bytes{${m}})`,
        },
      },
      extraAlerts: [
        { alert: 'JanusGraphAtMaxReplicas', severity: 'warning',
          expr: `max(kube_horizontalpodautoscaler_status_current_replicas{namespace="${props.namespace}",horizontalpodautoscaler="${props.name}"}) >= ${props.maxReplicas}`,
          summary: 'the autoscaler is at maxReplicas: no headroom left' },
      ],
    });
  }
}

/** jmx_exporter rules: Gremlin Server's Dropwizard metrics (JMX domain `metrics`) and the heap. */
function jmxExporterConfig(): string {
  return [
    `hostPort: 127.0.0.1:${JMX_PORT}`,
    'lowercaseOutputName: true',
    'rules:',
    '  - pattern: \'metrics<name=org.apache.tinkerpop.gremlin.server.GremlinServer.op.(\\w+)><>99thPercentile\'',
    '    name: gremlin_server_op_p99_milliseconds',
    '    labels: { op: "$1" }',
    '    type: GAUGE',
    '  - pattern: \'metrics<name=org.apache.tinkerpop.gremlin.server.GremlinServer.op.(\\w+)><>Count\'',
    '    name: gremlin_server_op_total',
    '    labels: { op: "$1" }',
    '    type: COUNTER',
    '  - pattern: \'metrics<name=org.apache.tinkerpop.gremlin.server.GremlinServer.errors><>Count\'',
    '    name: gremlin_server_errors_total',
    '    type: COUNTER',
    '  - pattern: \'java.lang<type=Memory><HeapMemoryUsage>(used|max)\'',
    '    name: jvm_memory_heap_$1_bytes',
    '    type: GAUGE',
    '',
  ].join('\n');
}
