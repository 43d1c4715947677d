import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { type IPublishedStore, type PublishedStore, publishedPlacement, serviceDns } from '../../catalog/inventory';
import { CADVISOR_CONTAINER, MEMCACHED_EXPORTER_V0_15_3, catalogForImage } from '../../monitoring/catalog/prometheus';
import { type PrometheusAlert, ServiceMonitor, SlaPrometheusRule } from '../../monitoring/k8s/prometheus';
import { dashboardSidecar } from '../../monitoring/k8s/grafana-dashboard';
import type { Environment } from '../../platform/config';
import { Problems, show } from '../../platform/errors';
import { StoreNetworkPolicy } from '../../platform/k8s/network-policy';
import type { ServiceLevelObjectives } from '../../platform/sla';
import type { ResolvedPlacement, StoreTopology } from '../../platform/topology';
import {
  type EvcacheHealthThresholds, type EvcacheReplicationProps, MEMCACHED_PORT, type ResolvedReplication, type ServerGroupEndpoints,
  resolveHealth,
} from '../model';
import {
  cacheNameProblems, healthProblems, memoryProblems, resolveEvcachePlacement, resolveReplication, versionProblems,
} from '../validate-evcache';
import { MemcachedVersion } from '../version';

/** memcached_exporter's standard port. */
export const EXPORTER_PORT = 9150;
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** uid/gid of the `memcache` user in the official memcached image. */
export const MEMCACHED_UID = 11211;
/** uid of `nobody`, the user of the memcached_exporter image. */
export const EXPORTER_UID = 65534;
export const DEFAULT_EXPORTER_IMAGE = `${MEMCACHED_EXPORTER_V0_15_3.image}:${MEMCACHED_EXPORTER_V0_15_3.version}`;

/** Server TLS, by reference to a Secret that cert-manager (or you) create; never inlined. */
export interface EvcacheTlsProps {
  /**
   * A `kubernetes.io/tls` Secret with `tls.crt`, `tls.key` and `ca.crt`, whose certificate
   * carries `certificateDnsNames` of the construct.
   */
  readonly secretName: string;
}

export interface EvcacheKubernetesClusterProps {
  readonly environment: Environment;
  /** Region whose Kubernetes cluster these objects are applied to. */
  readonly region: string;
  /** Name of the EVCache app; server groups are `<cacheName>-<zone>`. */
  readonly cacheName: string;
  readonly namespace: string;
  /**
   * Regions, zones and pods. This construct builds the placement of `region`: one StatefulSet
   * (server group) per zone with `nodesPerZone` pods. `replicationFactor` must equal the number
   * of zones (one full copy per zone).
   */
  readonly topology: StoreTopology;
  /** Container memory, request = limit, in MiB. */
  readonly memoryMiB: number;
  /**
   * Item memory (`memcached -m`), in MiB. Must leave room below `memoryMiB` for connection
   * buffers and the hash table (see `requiredOverheadMiB`).
   */
  readonly cacheMemoryMiB: number;
  /** CPU request, in millicores (no CPU limit: CFS throttling breaks sub-millisecond latency). */
  readonly cpuMillis: number;
  /**
   * Connection limit per pod (`memcached -c`).
   *
   * @default 4096
   */
  readonly maxConnections?: number;
  /**
   * Worker threads (`memcached -t`).
   *
   * @default 4
   */
  readonly threads?: number;
  /**
   * Largest item, in KiB (`memcached -I`), 1024 to 131072 and at most half of `cacheMemoryMiB`.
   *
   * @default 1024
   */
  readonly maxItemSizeKiB?: number;
  /** @default MemcachedVersion.V1_6_22 */
  readonly version?: MemcachedVersion;
  /**
   * memcached image.
   *
   * @default - `memcached:<version>`, the official image (built with TLS, runs as uid 11211)
   */
  readonly image?: string;
  /**
   * memcached_exporter image; its tag must have a metric catalog (constructs/monitoring/catalog/prometheus/),
   * or construction throws.
   *
   * @default DEFAULT_EXPORTER_IMAGE
   */
  readonly exporterImage?: string;
  readonly tls: EvcacheTlsProps;
  /**
   * Namespaces whose pods may connect to memcached.
   *
   * @default - the cache's own namespace
   */
  readonly clientNamespaces?: string[];
  readonly sla: ServiceLevelObjectives;
  /** @default - the defaults of `EvcacheHealthThresholds` */
  readonly health?: EvcacheHealthThresholds;
  /**
   * Cross-region replication. The queues are SQS queues provisioned by the AWS flavor's
   * `EvcacheCluster` in each region; this construct publishes their URLs to clients.
   *
   * @default - no replication
   */
  readonly replication?: EvcacheReplicationProps;
}

/** One zone's server group on Kubernetes. */
export interface KubernetesServerGroup {
  /** Kubernetes zone label value. */
  readonly zone: string;
  /** StatefulSet and headless Service name, `<cacheName>-<zone>`. */
  readonly name: string;
  /** `host:port` of every pod, in ordinal order (the Ketama ring of the zone). */
  readonly endpoints: readonly string[];
  /** Labels of the group's pods (the StatefulSet's selector). */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly statefulSet: k8s.KubeStatefulSet;
}

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** StatefulSet names longer than this break the `controller-revision-hash` label. */
const MAX_STATEFULSET_NAME = 52;

/**
 * EVCache in one region's Kubernetes cluster: a memcached StatefulSet per zone, pinned to its
 * zone by node affinity, each pod on its own host (hard anti-affinity), each zone a full copy of
 * the data. Clients find the pods through a headless Service per zone and the zone → endpoints
 * map in a ConfigMap. TLS in transit (`-Z`), non-root, read-only root file system; a
 * memcached_exporter sidecar feeds a ServiceMonitor and a PrometheusRule with the SLA's
 * thresholds; a PodDisruptionBudget per zone; NetworkPolicies admitting clients and Prometheus.
 */
export class EvcacheKubernetesCluster extends Construct implements IPublishedStore {
  public readonly cacheName: string;
  public readonly namespace: string;
  public readonly placement: ResolvedPlacement;
  public readonly serverGroups: readonly KubernetesServerGroup[];
  /** Name of the ConfigMap holding the zone → endpoints map. */
  public readonly metadataConfigMapName: string;
  /** DNS names the TLS certificate must carry: each headless Service and its pods. */
  public readonly certificateDnsNames: readonly string[];
  /** The Secret holding the server certificate (`tls.crt`, `tls.key`, `ca.crt`), by reference. */
  public readonly tlsSecretName: string;
  public readonly replication?: ResolvedReplication;
  public readonly rule: SlaPrometheusRule;
  /** One headless Service per zone's server group (memcached port), the placement and the exporter's catalog. */
  public readonly published: PublishedStore;

  constructor(scope: Construct, id: string, props: EvcacheKubernetesClusterProps) {
    super(scope, id);
    const env = props.environment;
    const ns = props.namespace;
    const version = props.version ?? MemcachedVersion.V1_6_22;
    const maxConnections = props.maxConnections ?? 4096;
    const threads = props.threads ?? 4;
    const maxItemSizeKiB = props.maxItemSizeKiB ?? 1024;

    const p = new Problems();
    p.merge(cacheNameProblems(props.cacheName));
    p.check(DNS_LABEL.test(ns) && ns.length <= 63, () => `\`namespace\` must be a DNS label, got ${show(ns)}`);
    p.merge(versionProblems(version));
    p.merge(memoryProblems(props.memoryMiB, props.cacheMemoryMiB, maxConnections));
    p.merge(healthProblems(props.health));
    p.check(Number.isInteger(props.cpuMillis) && props.cpuMillis >= 100, () => `\`cpuMillis\` must be an integer >= 100, got ${show(props.cpuMillis)}`);
    p.check(Number.isInteger(threads) && threads >= 1 && threads <= 64, () => `\`threads\` must be an integer from 1 to 64, got ${show(threads)}`);
    p.check(Number.isInteger(maxItemSizeKiB) && maxItemSizeKiB >= 1024 && maxItemSizeKiB <= 131072
      && maxItemSizeKiB <= props.cacheMemoryMiB * 1024 / 2,
    () => `\`maxItemSizeKiB\` must be an integer from 1024 to min(131072, cacheMemoryMiB × 512 = ${props.cacheMemoryMiB * 512}), got ${show(maxItemSizeKiB)}`);
    p.check(props.tls.secretName.length > 0, () => '`tls.secretName` must not be empty');
    p.throwIfAny(this);
    const placement = resolveEvcachePlacement(this, env, props.topology, props.region);
    const names = placement.kubernetesZones.map((z) => `${props.cacheName}-${z}`);
    names.forEach((n, i) => p.check(DNS_LABEL.test(n) && n.length <= MAX_STATEFULSET_NAME,
      () => `\`cacheName\` and zone ${show(placement.kubernetesZones[i])} make the StatefulSet name ${show(n)}, which must be a DNS label of at most ${MAX_STATEFULSET_NAME} characters`));
    p.throwIfAny(this);

    this.cacheName = props.cacheName;
    this.namespace = ns;
    this.placement = placement;
    this.metadataConfigMapName = `${props.cacheName}-evcache-topology`;
    if (props.replication) {
      this.replication = resolveReplication(this, env, props.region, props.topology.regions.map((r) => r.region), props.cacheName, props.replication);
    }

    const cacheLabels = { 'app.kubernetes.io/name': 'evcache', 'app.kubernetes.io/part-of': props.cacheName };
    const image = props.image ?? `memcached:${version.version}`;
    const exporterImage = props.exporterImage ?? DEFAULT_EXPORTER_IMAGE;
    const q = (s: string) => k8s.Quantity.fromString(s);

    this.tlsSecretName = props.tls.secretName;
    this.certificateDnsNames = names.flatMap((n) => [`${n}.${ns}.svc.cluster.local`, `*.${n}.${ns}.svc.cluster.local`]);
    this.serverGroups = placement.kubernetesZones.map((zone, i) => {
      const name = names[i];
      const group = new Construct(this, zone);
      const labels = { ...cacheLabels, 'app.kubernetes.io/instance': name };
      const host = `${name}.${ns}.svc.cluster.local`;
      const statefulSet = new k8s.KubeStatefulSet(group, 'Resource', {
        metadata: { name, namespace: ns, labels },
        spec: {
          serviceName: name,
          replicas: placement.nodesPerZone,
          // Cache pods are independent: start and replace them together, not one by one.
          podManagementPolicy: 'Parallel',
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
          // No volumes today (memcached keeps items in RAM); should a volume be added, keep its data.
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
          minReadySeconds: 10,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              automountServiceAccountToken: false,
              enableServiceLinks: false,
              terminationGracePeriodSeconds: 30,
              securityContext: {
                runAsNonRoot: true, runAsUser: MEMCACHED_UID, runAsGroup: MEMCACHED_UID, fsGroup: MEMCACHED_UID,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              affinity: {
                nodeAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE_LABEL, operator: 'In', values: [zone] }] }],
                  },
                },
                podAntiAffinity: {
                  // Two memcached pods of this cache never share a host: losing a node loses one shard.
                  requiredDuringSchedulingIgnoredDuringExecution: [{
                    labelSelector: { matchLabels: cacheLabels }, topologyKey: 'kubernetes.io/hostname',
                  }],
                },
              },
              containers: [
                {
                  name: 'memcached',
                  image,
                  command: ['memcached'],
                  args: [
                    '--port', String(MEMCACHED_PORT), '--udp-port', '0',
                    '--memory-limit', String(props.cacheMemoryMiB),
                    '--conn-limit', String(maxConnections),
                    '--threads', String(threads),
                    '--max-item-size', `${maxItemSizeKiB}k`,
                    '--enable-ssl', '--extended', 'ssl_chain_cert=/tls/tls.crt,ssl_key=/tls/tls.key',
                  ],
                  ports: [{ name: 'memcached', containerPort: MEMCACHED_PORT, protocol: 'TCP' }],
                  resources: {
                    requests: { cpu: q(`${props.cpuMillis}m`), memory: q(`${props.memoryMiB}Mi`) },
                    limits: { memory: q(`${props.memoryMiB}Mi`) },
                  },
                  readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(MEMCACHED_PORT) }, periodSeconds: 5, failureThreshold: 2 },
                  livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(MEMCACHED_PORT) }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 6 },
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                  volumeMounts: [{ name: 'tls', mountPath: '/tls', readOnly: true }],
                },
                {
                  name: 'exporter',
                  image: exporterImage,
                  args: [
                    `--memcached.address=localhost:${MEMCACHED_PORT}`,
                    `--web.listen-address=:${EXPORTER_PORT}`,
                    '--memcached.tls.enable',
                    '--memcached.tls.ca-file=/tls/ca.crt',
                    `--memcached.tls.server-name=${host}`,
                  ],
                  ports: [{ name: 'metrics', containerPort: EXPORTER_PORT, protocol: 'TCP' }],
                  resources: { requests: { cpu: q('50m'), memory: q('64Mi') }, limits: { memory: q('64Mi') } },
                  securityContext: {
                    runAsUser: EXPORTER_UID, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
                  },
                  volumeMounts: [{ name: 'tls', mountPath: '/tls', readOnly: true }],
                },
              ],
              volumes: [{ name: 'tls', secret: { secretName: props.tls.secretName, defaultMode: 0o440 } }],
            },
          },
        },
      });
      new k8s.KubeService(group, 'Service', {
        metadata: { name, namespace: ns, labels },
        spec: {
          clusterIp: 'None',
          publishNotReadyAddresses: false,
          selector: labels,
          ports: [
            { name: 'memcached', port: MEMCACHED_PORT, targetPort: k8s.IntOrString.fromString('memcached'), protocol: 'TCP' },
            { name: 'metrics', port: EXPORTER_PORT, targetPort: k8s.IntOrString.fromString('metrics'), protocol: 'TCP' },
          ],
        },
      });
      new k8s.KubePodDisruptionBudget(group, 'DisruptionBudget', {
        metadata: { name, namespace: ns, labels },
        // One pod of a zone at a time; the other zones keep full copies meanwhile.
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: labels } },
      });
      const endpoints = Array.from({ length: placement.nodesPerZone }, (_, j) => `${name}-${j}.${host}:${MEMCACHED_PORT}`);
      return { zone, name, endpoints, podLabels: labels, statefulSet };
    });

    const endpointMap: ServerGroupEndpoints = Object.fromEntries(this.serverGroups.map((g) => [g.zone, [...g.endpoints]]));
    const r = this.replication;
    new k8s.KubeConfigMap(this, 'Metadata', {
      metadata: { name: this.metadataConfigMapName, namespace: ns, labels: cacheLabels },
      data: {
        'topology.json': JSON.stringify({
          cacheName: props.cacheName,
          region: props.region,
          port: MEMCACHED_PORT,
          tls: true,
          serverGroups: endpointMap,
          replication: r ? { inboundQueueUrl: r.inbound.queueUrl, targetQueueUrls: Object.fromEntries(r.targets.map((t) => [t.region, t.queueUrl])) } : null,
        }, null, 2) + '\n',
        // One key per zone, for clients that take their local zone's servers from an env var.
        ...Object.fromEntries(this.serverGroups.map((g) => [`servers.${g.zone}`, g.endpoints.join(',')])),
      },
    });

    new StoreNetworkPolicy(this, 'NetworkPolicy', {
      name: props.cacheName, namespace: ns, podLabels: cacheLabels,
      // memcached servers never talk to each other (clients write every zone), so no peer rule.
      rules: [
        { name: 'clients', ports: [MEMCACHED_PORT], fromNamespaces: props.clientNamespaces ?? [ns] },
        { name: 'metrics', ports: [EXPORTER_PORT], fromNamespaces: [env.monitoringNamespace] },
      ],
    });
    new ServiceMonitor(this, 'ServiceMonitor', {
      name: props.cacheName, namespace: ns, release: env.prometheusRelease, selector: cacheLabels, port: 'metrics',
    });

    const h = resolveHealth(props.health);
    const sel = `namespace="${ns}",service=~"${props.cacheName}-.*"`;
    const perGroup = 'sum by (service)';
    const extraAlerts: PrometheusAlert[] = [
      { alert: 'EvcacheHitRatioLow',
        expr: `${perGroup} (rate(memcached_commands_total{${sel},command="get",status="hit"}[5m])) / ${perGroup} (rate(memcached_commands_total{${sel},command="get"}[5m])) < ${h.minHitRatioPercent / 100}`,
        summary: `a server group's hit ratio is below ${h.minHitRatioPercent}%` },
      { alert: 'EvcacheEvictionsHigh',
        expr: `${perGroup} (rate(memcached_items_evicted_total{${sel}}[5m])) * 60 > ${h.maxEvictionsPerMinute}`,
        summary: `a server group evicts more than ${h.maxEvictionsPerMinute} items per minute: the working set no longer fits` },
      { alert: 'EvcacheConnectionsRefused',
        expr: `sum by (pod) (rate(memcached_connections_listener_disabled_total{${sel}}[5m])) > 0`,
        summary: 'a memcached pod reached its connection limit and stopped accepting connections' },
    ];
    const catalogs = [catalogForImage(this.node.path, exporterImage, 'exporterImage'), CADVISOR_CONTAINER];
    this.published = {
      endpoints: this.serverGroups.map((g) => ({ dns: serviceDns(g.name, ns), ports: [MEMCACHED_PORT] })),
      placement: publishedPlacement(placement),
      metrics: catalogs,
    };
    this.rule = new SlaPrometheusRule(this, 'Rules', {
      name: props.cacheName, namespace: ns, release: env.prometheusRelease,
      alertPrefix: 'Evcache',
      sla: props.sla,
      catalogs,
      runbookBaseUrl: env.runbookBaseUrl,
      runbookPage: 'k8s-evcache',
      dashboard: { title: `EVCache ${props.cacheName}`, sidecar: dashboardSidecar(env) },
      // memcached_exporter exports no latency and no error counter: those are the client's to report.
      expressions: {
        availabilityRatio: `sum(memcached_up{${sel}}) / ${placement.nodes}`,
        utilizationRatio: {
          connections: `max(memcached_current_connections{${sel}} / memcached_max_connections{${sel}})`,
          memory: `max(container_memory_working_set_bytes{namespace="${ns}",container="memcached",pod=~"${props.cacheName}-.*"}) / ${props.memoryMiB * 1024 * 1024}`,
        },
      },
      extraAlerts,
    });
  }

  /** The server group of Kubernetes zone `zone`. Throws when the cache has none there. */
  public serverGroup(zone: string): KubernetesServerGroup {
    const g = this.serverGroups.find((s) => s.zone === zone);
    if (!g) throw new Error(`${this.node.path}: EVCache '${this.cacheName}' has no server group in ${show(zone)}; it has ${this.serverGroups.map((s) => s.zone).join(', ')}`);
    return g;
  }
}
