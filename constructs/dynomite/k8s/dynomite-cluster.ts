import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { KUBELET_VOLUME_STATS, KUBE_STATE_METRICS_V2, REDIS_EXPORTER_V1_62_0, catalogForImage } from '../../monitoring/catalog/prometheus';
import { ServiceMonitor, SlaPrometheusRule } from '../../monitoring/k8s/prometheus';
import { dashboardSidecar } from '../../monitoring/k8s/grafana-dashboard';
import type { Environment } from '../../platform/config';
import { Problems, show } from '../../platform/errors';
import { StoreNetworkPolicy } from '../../platform/k8s/network-policy';
import { type ServiceLevelObjectives, slaProblems } from '../../platform/sla';
import { type ResolvedTopology, type StoreTopology, resolveTopology } from '../../platform/topology';
import { DynomiteConsistency, DynomiteEncryption, MaxMemoryPolicy, evictionPolicyProblem } from '../consistency';
import {
  DYNOMITE_CLIENT_PORT, DYNOMITE_PEER_PORT, DYNOMITE_STATS_PORT, type DynomiteDatacenter, type DynomiteRing, REDIS_EXPORTER_PORT,
  buildRing, dynomiteYaml, redisConf, ringProblems,
} from '../ring';

export interface DynomiteClusterProps {
  readonly environment: Environment;
  /** Region (= datacenter) whose Kubernetes cluster these objects are applied to. */
  readonly region: string;
  /** Prefix of every object name; with a rack name it names the rack's StatefulSet. */
  readonly clusterName: string;
  readonly namespace: string;
  /**
   * One datacenter per region, one rack per zone. Every rack holds the whole dataset, so
   * `replicationFactor` must equal the number of zones; `nodesPerZone` is the rack size.
   */
  readonly topology: StoreTopology;
  /**
   * Dynomite image with `dynomite` on the PATH and a POSIX shell. Netflix publishes no
   * maintained image: build one from https://github.com/Netflix/dynomite and push it to your registry.
   */
  readonly dynomiteImage: string;
  /** @default 'redis:7.2.5' */
  readonly redisImage?: string;
  /**
   * redis_exporter image; its tag must have a metric catalog (constructs/monitoring/catalog/prometheus/),
   * or construction throws.
   *
   * @default 'oliver006/redis_exporter:v1.62.0'
   */
  readonly exporterImage?: string;
  /** Persistent volume per node for Redis' append-only file, in GiB. */
  readonly storageGiB: number;
  /**
   * Memory limit of the Redis container, in MiB. Redis' `maxmemory` is 75% of it: the rest
   * covers the copy-on-write of AOF rewrites.
   */
  readonly redisMemoryMiB: number;
  /** CPU request of the Redis container, in millicores. @default 500 */
  readonly redisCpuMillis?: number;
  /** CPU request of the Dynomite container, in millicores. @default 500 */
  readonly dynomiteCpuMillis?: number;
  /** Memory request = limit of the Dynomite container, in MiB. @default 512 */
  readonly dynomiteMemoryMiB?: number;
  /**
   * Secret holding `dynomite.pem` (private key and certificate) that encrypts peer traffic.
   * Created by cert-manager or by hand; never inlined.
   */
  readonly tlsSecretName: string;
  /**
   * Which peer traffic Dynomite encrypts. Across regions it must be DATACENTER or ALL.
   *
   * @default DynomiteEncryption.ALL
   */
  readonly encryption?: DynomiteEncryption;
  /** @default DynomiteConsistency.DC_QUORUM */
  readonly readConsistency?: DynomiteConsistency;
  /**
   * DC_QUORUM or DC_SAFE_QUORUM: a queue write must survive the loss of the rack that took it.
   *
   * @default DynomiteConsistency.DC_QUORUM
   */
  readonly writeConsistency?: DynomiteConsistency;
  /**
   * Redis `maxmemory-policy`; only NOEVICTION is accepted (an eviction loses a message).
   *
   * @default MaxMemoryPolicy.NOEVICTION
   */
  readonly maxMemoryPolicy?: MaxMemoryPolicy;
  /**
   * Multi-Cluster Services DNS domain through which peers in other regions are reached:
   * `<pod>.<kube context>.<rack service>.<namespace>.svc.<domain>`.
   *
   * @see https://github.com/kubernetes/enhancements/tree/master/keps/sig-multicluster/1645-multi-cluster-services-api
   * @default 'clusterset.local'
   */
  readonly clusterSetDomain?: string;
  /**
   * Namespaces whose pods may connect to the client port.
   *
   * @default - the cluster's own namespace
   */
  readonly clientNamespaces?: string[];
  readonly sla: ServiceLevelObjectives;
}

const ZONE_LABEL = 'topology.kubernetes.io/zone';
const DNS_LABEL = /^[a-z]([-a-z0-9]{0,28}[a-z0-9])?$/;
const WRITE_LEVELS = [DynomiteConsistency.DC_QUORUM, DynomiteConsistency.DC_SAFE_QUORUM];
const PEM_DIR = '/etc/dynomite/tls';
const q = (s: string) => k8s.Quantity.fromString(s);

/**
 * One datacenter (region) of a Dynomite cluster over Redis: per rack (zone) a StatefulSet whose
 * pods run dynomite, redis (AOF, noeviction, localhost only) and redis_exporter, a headless
 * Service for stable per-pod peer names and a ConfigMap with each node's generated
 * dynomite.yml; a client Service, a PodDisruptionBudget, the network allows, and monitoring.
 * The ring (tokens, seeds) is computed from the whole topology, so every region's chart agrees.
 */
export class DynomiteCluster extends Construct {
  public readonly clusterName: string;
  public readonly namespace: string;
  public readonly topology: ResolvedTopology;
  public readonly ring: DynomiteRing;
  /** The datacenter this construct deploys. */
  public readonly datacenter: DynomiteDatacenter;
  public readonly readConsistency: DynomiteConsistency;
  public readonly writeConsistency: DynomiteConsistency;
  /** Client Service, `<cluster>.<namespace>.svc.cluster.local:8102`. */
  public readonly clientServiceHost: string;
  /** Labels of every pod of this datacenter. */
  public readonly podLabels: Record<string, string>;
  public readonly rule: SlaPrometheusRule;

  constructor(scope: Construct, id: string, props: DynomiteClusterProps) {
    super(scope, id);
    const env = props.environment;
    const topology = resolveTopology(this, env, props.topology);
    const p = new Problems();
    p.check(DNS_LABEL.test(props.clusterName), () => `\`clusterName\` must be a DNS label of at most 30 characters, got ${show(props.clusterName)}`);
    p.check(DNS_LABEL.test(props.namespace), () => `\`namespace\` must be a DNS label, got ${show(props.namespace)}`);
    p.merge(ringProblems(props.clusterName, topology));
    p.check(topology.placement(props.region) !== undefined,
      () => `\`region\` must be one of the topology's regions (${topology.regionNames.join(', ')}), got ${show(props.region)}`);
    p.check(Number.isInteger(props.storageGiB) && props.storageGiB > 0, () => `\`storageGiB\` must be a positive integer, got ${show(props.storageGiB)}`);
    p.check(Number.isInteger(props.redisMemoryMiB) && props.redisMemoryMiB >= 256,
      () => `\`redisMemoryMiB\` must be an integer >= 256, got ${show(props.redisMemoryMiB)}`);
    for (const [k, v] of [['redisCpuMillis', props.redisCpuMillis], ['dynomiteCpuMillis', props.dynomiteCpuMillis], ['dynomiteMemoryMiB', props.dynomiteMemoryMiB]] as const) {
      p.check(v === undefined || (Number.isInteger(v) && v > 0), () => `\`${k}\` must be a positive integer, got ${show(v)}`);
    }
    const policy = props.maxMemoryPolicy ?? MaxMemoryPolicy.NOEVICTION;
    const evictionProblem = evictionPolicyProblem(policy);
    if (evictionProblem) p.add(evictionProblem);
    const write = props.writeConsistency ?? DynomiteConsistency.DC_QUORUM;
    p.check(WRITE_LEVELS.includes(write),
      () => `\`writeConsistency\` must be DC_QUORUM or DC_SAFE_QUORUM (an acknowledged message must survive losing a rack), got '${write.level}'`);
    const encryption = props.encryption ?? DynomiteEncryption.ALL;
    if (topology.placements.length > 1) {
      p.check(encryption === DynomiteEncryption.DATACENTER || encryption === DynomiteEncryption.ALL,
        () => `\`encryption\` must be DATACENTER or ALL when the cluster spans regions (${topology.regionNames.join(', ')}): peer traffic crosses regions, got '${encryption.option}'`);
    }
    p.merge(slaProblems(props.sla));
    p.throwIfAny(this);

    this.clusterName = props.clusterName;
    this.namespace = props.namespace;
    this.topology = topology;
    this.ring = buildRing(props.clusterName, props.namespace, topology);
    this.datacenter = this.ring.datacenters.find((d) => d.name === props.region)!;
    this.readConsistency = props.readConsistency ?? DynomiteConsistency.DC_QUORUM;
    this.writeConsistency = write;
    this.clientServiceHost = `${props.clusterName}.${props.namespace}.svc.cluster.local`;
    const ns = props.namespace;
    const placement = topology.placement(props.region)!;
    const exporterImage = props.exporterImage ?? `${REDIS_EXPORTER_V1_62_0.image}:${REDIS_EXPORTER_V1_62_0.version}`;
    const clusterPods = { 'app.kubernetes.io/name': 'dynomite', 'app.kubernetes.io/instance': props.clusterName };
    this.podLabels = { ...clusterPods, 'dynomite.netflix.com/datacenter': props.region };
    const redisMaxMemoryMiB = Math.floor(props.redisMemoryMiB * 0.75);
    const yamlOptions = {
      clusterSetDomain: props.clusterSetDomain ?? 'clusterset.local',
      encryption,
      readConsistency: this.readConsistency,
      writeConsistency: this.writeConsistency,
      pemKeyFile: `${PEM_DIR}/dynomite.pem`,
    };

    for (const rack of this.datacenter.racks) {
      const labels = { ...this.podLabels, 'dynomite.netflix.com/rack': rack.name };
      const scopeOfRack = new Construct(this, rack.name);
      const configName = `${rack.serviceName}-config`;
      new k8s.KubeConfigMap(scopeOfRack, 'Config', {
        metadata: { name: configName, namespace: ns, labels },
        data: {
          ...Object.fromEntries(rack.nodes.map((n) => [`dynomite-${n.ordinal}.yml`, dynomiteYaml(this.ring, n, yamlOptions)])),
          'redis.conf': redisConf(redisMaxMemoryMiB, policy),
        },
      });
      new k8s.KubeService(scopeOfRack, 'Peers', {
        metadata: { name: rack.serviceName, namespace: ns, labels },
        spec: {
          clusterIp: 'None',
          // Peers must resolve each other before they are ready, or the ring never forms.
          publishNotReadyAddresses: true,
          selector: labels,
          ports: [
            { name: 'peer', port: DYNOMITE_PEER_PORT, targetPort: k8s.IntOrString.fromString('peer') },
            { name: 'client', port: DYNOMITE_CLIENT_PORT, targetPort: k8s.IntOrString.fromString('client') },
          ],
        },
      });
      new k8s.KubeStatefulSet(scopeOfRack, 'Resource', {
        metadata: { name: rack.serviceName, namespace: ns, labels },
        spec: {
          serviceName: rack.serviceName,
          replicas: placement.nodesPerZone,
          // Nodes own fixed tokens and find each other by name: no ordering needed.
          podManagementPolicy: 'Parallel',
          updateStrategy: { type: 'RollingUpdate' },
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
          selector: { matchLabels: labels },
          volumeClaimTemplates: [{
            metadata: { name: 'data', labels },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: placement.region.kubernetes.storageClass,
              resources: { requests: { storage: q(`${props.storageGiB}Gi`) } },
            },
          }],
          template: {
            metadata: { labels },
            spec: {
              automountServiceAccountToken: false,
              terminationGracePeriodSeconds: 60,
              securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } },
              affinity: {
                nodeAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE_LABEL, operator: 'In', values: [rack.name] }] }],
                  },
                },
              },
              topologySpreadConstraints: [{
                maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: labels },
              }],
              containers: [
                {
                  name: 'dynomite',
                  image: props.dynomiteImage,
                  // Each pod reads the dynomite.yml of its ordinal (the suffix of its hostname).
                  command: ['sh', '-c', 'exec dynomite -c "/etc/dynomite/dynomite-${HOSTNAME##*-}.yml"'],
                  ports: [
                    { name: 'client', containerPort: DYNOMITE_CLIENT_PORT },
                    { name: 'peer', containerPort: DYNOMITE_PEER_PORT },
                    { name: 'stats', containerPort: DYNOMITE_STATS_PORT },
                  ],
                  readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('client') }, periodSeconds: 10 },
                  livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('peer') }, initialDelaySeconds: 30, periodSeconds: 20 },
                  resources: {
                    requests: { cpu: q(`${props.dynomiteCpuMillis ?? 500}m`), memory: q(`${props.dynomiteMemoryMiB ?? 512}Mi`) },
                    limits: { memory: q(`${props.dynomiteMemoryMiB ?? 512}Mi`) },
                  },
                  securityContext: restricted(),
                  volumeMounts: [
                    { name: 'config', mountPath: '/etc/dynomite', readOnly: true },
                    { name: 'tls', mountPath: PEM_DIR, readOnly: true },
                  ],
                },
                {
                  name: 'redis',
                  image: props.redisImage ?? 'redis:7.2.5',
                  args: ['redis-server', '/etc/redis/redis.conf'],
                  readinessProbe: { exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 10 },
                  resources: {
                    requests: { cpu: q(`${props.redisCpuMillis ?? 500}m`), memory: q(`${props.redisMemoryMiB}Mi`) },
                    limits: { memory: q(`${props.redisMemoryMiB}Mi`) },
                  },
                  securityContext: restricted(),
                  volumeMounts: [
                    { name: 'data', mountPath: '/data' },
                    { name: 'config', mountPath: '/etc/redis/redis.conf', subPath: 'redis.conf', readOnly: true },
                  ],
                },
                {
                  name: 'redis-exporter',
                  image: exporterImage,
                  env: [{ name: 'REDIS_ADDR', value: 'redis://127.0.0.1:6379' }],
                  ports: [{ name: 'metrics', containerPort: REDIS_EXPORTER_PORT }],
                  resources: { requests: { cpu: q('50m'), memory: q('64Mi') }, limits: { memory: q('64Mi') } },
                  securityContext: restricted(),
                },
              ],
              volumes: [
                { name: 'config', configMap: { name: configName } },
                { name: 'tls', secret: { secretName: props.tlsSecretName, items: [{ key: 'dynomite.pem', path: 'dynomite.pem' }] } },
              ],
            },
          },
        },
      });
    }

    new k8s.KubeService(this, 'ClientService', {
      metadata: { name: props.clusterName, namespace: ns, labels: this.podLabels },
      spec: {
        selector: this.podLabels,
        ports: [{ name: 'client', port: DYNOMITE_CLIENT_PORT, targetPort: k8s.IntOrString.fromString('client') }],
      },
    });
    const metricsLabels = { ...this.podLabels, 'dynomite.netflix.com/metrics': 'true' };
    new k8s.KubeService(this, 'MetricsService', {
      metadata: { name: `${props.clusterName}-metrics`, namespace: ns, labels: metricsLabels },
      spec: {
        clusterIp: 'None',
        selector: this.podLabels,
        ports: [{ name: 'metrics', port: REDIS_EXPORTER_PORT, targetPort: k8s.IntOrString.fromString('metrics') }],
      },
    });
    // One node down at a time in the datacenter: DC_QUORUM survives one missing replica of a range, not two.
    new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata: { name: props.clusterName, namespace: ns, labels: this.podLabels },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: this.podLabels } },
    });

    new StoreNetworkPolicy(this, 'NetworkPolicy', {
      name: props.clusterName, namespace: ns, podLabels: this.podLabels,
      rules: [
        { name: 'clients', ports: [DYNOMITE_CLIENT_PORT], fromNamespaces: props.clientNamespaces ?? [ns] },
        // Replication: the other racks here by pod labels, the other regions by their pod CIDR.
        { name: 'peers', ports: [DYNOMITE_PEER_PORT], fromPodLabels: clusterPods,
          fromCidrs: env.regions.filter((r) => r.region !== props.region && topology.placement(r.region)).map((r) => r.kubernetes.podCidr) },
        { name: 'metrics', ports: [REDIS_EXPORTER_PORT], fromNamespaces: [env.monitoringNamespace] },
      ],
    });

    const name = `${props.clusterName}-${props.region}`;
    new ServiceMonitor(this, 'ServiceMonitor', {
      name, namespace: ns, release: env.prometheusRelease, selector: metricsLabels, port: 'metrics',
    });
    const pods = `namespace="${ns}",pod=~"${props.clusterName}-(${this.datacenter.racks.map((r) => r.name).join('|')})-[0-9]+"`;
    const ready = `sum(kube_pod_status_ready{${pods},condition="true"})`;
    this.rule = new SlaPrometheusRule(this, 'Rules', {
      name, namespace: ns, release: env.prometheusRelease,
      alertPrefix: 'Dynomite',
      sla: props.sla,
      catalogs: [catalogForImage(this.node.path, exporterImage, 'exporterImage'), KUBE_STATE_METRICS_V2, KUBELET_VOLUME_STATS],
      runbookBaseUrl: env.runbookBaseUrl,
      runbookPage: 'k8s-dynomite',
      dashboard: { title: `Dynomite ${props.clusterName} ${props.region}`, sidecar: dashboardSidecar(env) },
      expressions: {
        // Redis-side command latency (INFO latencystats), the part of a queue operation the store controls.
        latencyP99Seconds: `max(redis_latency_percentiles_usec{${pods},quantile="99"}) / 1e6`,
        availabilityRatio: `${ready} / ${placement.nodes}`,
        utilizationRatio: {
          memory: `max(redis_memory_used_bytes{${pods}} / redis_memory_max_bytes{${pods}})`,
          disk: `max(1 - kubelet_volume_stats_available_bytes{namespace="${ns}",persistentvolumeclaim=~"data-${props.clusterName}-.*"} / kubelet_volume_stats_capacity_bytes{namespace="${ns}",persistentvolumeclaim=~"data-${props.clusterName}-.*"})`,
        },
      },
      extraAlerts: [
        { alert: 'DynomitePeerDown', expr: `(${placement.nodes} - ${ready}) > 0`,
          summary: `a Dynomite node of ${props.region} is not ready: its token range has one replica fewer and writes need a quorum` },
        { alert: 'DynomiteRedisMemoryNearMax', expr: `max(redis_memory_used_bytes{${pods}} / redis_memory_max_bytes{${pods}}) > 0.9`,
          summary: 'Redis is above 90% of maxmemory; at 100% it rejects queue writes (noeviction)' },
        { alert: 'DynomiteRedisEvictions', expr: `sum(increase(redis_evicted_keys_total{${pods}}[5m])) > 0`,
          summary: 'Redis evicted keys: queue messages were lost (maxmemory-policy must be noeviction)' },
        { alert: 'DynomiteRedisAofWriteFailing', expr: `min(redis_aof_last_write_status{${pods}}) < 1`,
          summary: 'Redis cannot write its append-only file: acknowledged messages are not durable' },
      ],
    });
  }
}

function restricted(): k8s.SecurityContext {
  return { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };
}
