import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyRotationPolicy, CertificateSpecUsages } from '../../../imports/certificate-cert-manager.io';
import { type IPublishedStore, type PublishedStore, publishedPlacement } from '../../catalog/inventory';
import { KUBELET_VOLUME_STATS, KUBE_STATE_METRICS_V2, REDIS_EXPORTER_V1_62_0, catalogForImage } from '../../monitoring/catalog/prometheus';
import { ServiceMonitor, SlaPrometheusRule } from '../../monitoring/k8s/prometheus';
import { dashboardSidecar } from '../../monitoring/k8s/grafana-dashboard';
import type { Environment } from '../../platform/config';
import { Problems, show } from '../../platform/errors';
import { StoreNetworkPolicy } from '../../platform/k8s/network-policy';
import { dynomiteNetworkRules } from './network-rules';
import { type ServiceLevelObjectives, slaProblems } from '../../platform/sla';
import { type ResolvedTopology, type StoreTopology, resolveTopology } from '../../platform/topology';
import { DynomiteConsistency, DynomiteEncryption, MaxMemoryPolicy, evictionPolicyProblem } from '../consistency';
import {
  DYNOMITE_CLIENT_PORT, DYNOMITE_PEER_PORT, DYNOMITE_PEER_TLS_PORT, DYNOMITE_STATS_PORT, type DynomiteDatacenter, type DynomiteRing, FLORIDA_PORT,
  REDIS_EXPORTER_PORT, buildRing, dynomiteYaml, redisConf, ringProblems, seedsOf,
} from '../ring';
import { TUNNEL_SCRIPT, stunnelConf } from '../tunnel';
import { limitProblems } from '../../platform/limits';
import { DYNOMITE_LIMITS } from '../limits';

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
   * `kubernetes.io/tls` Secret (`tls.crt`, `tls.key`, `ca.crt`) of the peer tunnels' mutual TLS.
   * Every region's certificate must chain to the same CA (`ca.crt`). Created by the Certificate
   * of `peerIssuerName`, or by you; never inlined.
   */
  readonly tlsSecretName: string;
  /**
   * cert-manager ClusterIssuer that signs the peer certificate: a CA issuer backed by the same CA
   * in every region's cluster (the peers verify each other against `ca.crt`).
   *
   * @default - no Certificate: the Secret `tlsSecretName` is provided by you
   * @see https://cert-manager.io/docs/configuration/ca/
   */
  readonly peerIssuerName?: string;
  /**
   * Which peer traffic goes through the mutual-TLS tunnel (stunnel). Dynomite's own
   * `secure_server_option` is always `none`: it crashes with a 2048-bit key (VERIFIED.md).
   * Across regions it must be DATACENTER or ALL.
   *
   * @default DynomiteEncryption.ALL
   */
  readonly encryption?: DynomiteEncryption;
  /**
   * Image of the seed provider sidecar: Node.js with a POSIX shell (runs `florida-seeds.js`).
   * The default is the Node.js version the tests run the script with; mirror it and pin by digest.
   *
   * @default 'node:24.21.0-alpine'
   */
  readonly seedProviderImage?: string;
  /**
   * Image of the tunnel sidecar: stunnel 5 (`stunnel` on the PATH, tested with 5.68) and a POSIX shell.
   *
   * @default - `dynomiteImage` (build it with stunnel installed)
   */
  readonly tunnelImage?: string;
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
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const WRITE_LEVELS = [DynomiteConsistency.DC_QUORUM, DynomiteConsistency.DC_SAFE_QUORUM];
const TLS_DIR = '/etc/dynomite/tls';
const CONFIG_DIR = '/etc/dynomite';
/** The seed provider's source, shipped in the ConfigMap and run by the sidecar: read at use, not at import. */
const floridaSeedsJs = () => readFileSync(join(__dirname, '..', 'seed-provider', 'florida-seeds.js'), 'utf8');
/** Each pod reads the files of its ordinal (the suffix of its hostname). */
const ORDINAL = '${HOSTNAME##*-}';
const q = (s: string) => k8s.Quantity.fromString(s);

/**
 * One datacenter (region) of a Dynomite cluster over Redis: per rack (zone) a StatefulSet whose
 * pods run dynomite, redis (AOF, noeviction, localhost only) and redis_exporter, a headless
 * Service for stable per-pod peer names and a ConfigMap with each node's generated
 * dynomite.yml; a client Service, a PodDisruptionBudget, the network allows, and monitoring.
 * The ring (tokens, seeds) is computed from the whole topology, so every region's chart agrees.
 */
export class DynomiteCluster extends Construct implements IPublishedStore {
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
  /** The client Service, the region's placement and the redis_exporter catalog. */
  public readonly published: PublishedStore;

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
    p.merge(limitProblems('storageGiB', props.storageGiB, DYNOMITE_LIMITS.storageGiB));
    p.merge(limitProblems('redisMemoryMiB', props.redisMemoryMiB, DYNOMITE_LIMITS.redisMemoryMiB));
    for (const k of ['redisCpuMillis', 'dynomiteCpuMillis', 'dynomiteMemoryMiB'] as const) {
      const v = props[k];
      if (v !== undefined) p.merge(limitProblems(k, v, DYNOMITE_LIMITS[k]));
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
    p.check(props.peerIssuerName === undefined || DNS_SUBDOMAIN.test(props.peerIssuerName),
      () => `\`peerIssuerName\` must be the name of a ClusterIssuer (a DNS subdomain), got ${show(props.peerIssuerName)}`);
    p.check(props.peerIssuerName === undefined || encryption !== DynomiteEncryption.NONE,
      () => `\`peerIssuerName\` is set but \`encryption\` is NONE: no tunnel would use the certificate, got '${props.peerIssuerName}'`);
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
    const peerOptions = { clusterSetDomain: props.clusterSetDomain ?? 'clusterset.local', encryption };
    const yamlOptions = { ...peerOptions, readConsistency: this.readConsistency, writeConsistency: this.writeConsistency };
    const tunnelled = encryption !== DynomiteEncryption.NONE;

    for (const rack of this.datacenter.racks) {
      const labels = { ...this.podLabels, 'dynomite.netflix.com/rack': rack.name };
      const scopeOfRack = new Construct(this, rack.name);
      const configName = `${rack.serviceName}-config`;
      new k8s.KubeConfigMap(scopeOfRack, 'Config', {
        metadata: { name: configName, namespace: ns, labels },
        data: {
          ...Object.fromEntries(rack.nodes.flatMap((n) => [
            [`dynomite-${n.ordinal}.yml`, dynomiteYaml(n, yamlOptions)],
            [`seeds-${n.ordinal}.txt`, `${seedsOf(this.ring, n, peerOptions).join('\n')}\n`],
            ...(tunnelled ? [[`stunnel-${n.ordinal}.conf`, stunnelConf(this.ring, n, { ...peerOptions, tlsDir: TLS_DIR })]] : []),
          ])),
          'redis.conf': redisConf(redisMaxMemoryMiB, policy),
          'florida-seeds.js': floridaSeedsJs(),
          ...(tunnelled ? { 'tunnel.sh': TUNNEL_SCRIPT } : {}),
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
            ...(tunnelled ? [{ name: 'peer-tls', port: DYNOMITE_PEER_TLS_PORT, targetPort: k8s.IntOrString.fromString('peer-tls') }] : []),
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
                  command: ['sh', '-c', `exec dynomite -c "${CONFIG_DIR}/dynomite-${ORDINAL}.yml"`],
                  // Where dynomite's florida_provider asks for seeds (dyn_florida.c:45-58).
                  env: [{ name: 'DYNOMITE_FLORIDA_IP', value: '127.0.0.1' }, { name: 'DYNOMITE_FLORIDA_PORT', value: String(FLORIDA_PORT) }],
                  ports: [
                    { name: 'client', containerPort: DYNOMITE_CLIENT_PORT },
                    { name: 'peer', containerPort: DYNOMITE_PEER_PORT },
                    { name: 'stats', containerPort: DYNOMITE_STATS_PORT },
                  ],
                  readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('client') }, periodSeconds: 10 },
                  // The client port: with every peer tunnelled the peer port listens on 127.0.0.1 only.
                  livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('client') }, initialDelaySeconds: 30, periodSeconds: 20 },
                  resources: {
                    requests: { cpu: q(`${props.dynomiteCpuMillis ?? 500}m`), memory: q(`${props.dynomiteMemoryMiB ?? 512}Mi`) },
                    limits: { memory: q(`${props.dynomiteMemoryMiB ?? 512}Mi`) },
                  },
                  securityContext: restricted(),
                  volumeMounts: [{ name: 'config', mountPath: CONFIG_DIR, readOnly: true }],
                },
                {
                  name: 'seed-provider',
                  image: props.seedProviderImage ?? 'node:24.21.0-alpine',
                  command: ['sh', '-c', `exec node ${CONFIG_DIR}/florida-seeds.js "${CONFIG_DIR}/seeds-${ORDINAL}.txt" --listen 127.0.0.1:${FLORIDA_PORT}`],
                  resources: { requests: { cpu: q('20m'), memory: q('64Mi') }, limits: { memory: q('64Mi') } },
                  securityContext: restricted(),
                  volumeMounts: [{ name: 'config', mountPath: CONFIG_DIR, readOnly: true }],
                },
                ...(tunnelled ? [{
                  name: 'tunnel',
                  image: props.tunnelImage ?? props.dynomiteImage,
                  command: ['sh', '-c', `exec sh ${CONFIG_DIR}/tunnel.sh "${CONFIG_DIR}/stunnel-${ORDINAL}.conf" ${TLS_DIR}/tls.crt`],
                  ports: [{ name: 'peer-tls', containerPort: DYNOMITE_PEER_TLS_PORT }],
                  readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('peer-tls') }, periodSeconds: 10 },
                  resources: { requests: { cpu: q('100m'), memory: q('64Mi') }, limits: { memory: q('64Mi') } },
                  securityContext: restricted(),
                  volumeMounts: [
                    { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                    { name: 'tls', mountPath: TLS_DIR, readOnly: true },
                  ],
                }] : []),
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
                // The whole Secret, not subPath: the kubelet then updates renewed certificates in place.
                ...(tunnelled ? [{ name: 'tls', secret: { secretName: props.tlsSecretName, defaultMode: 0o440 } }] : []),
              ],
            },
          },
        },
      });
    }

    if (tunnelled && props.peerIssuerName !== undefined) {
      // One certificate per datacenter, for every pod name its peers dial (checkHost), here and
      // through multi-cluster DNS; used as server and client certificate (mutual TLS).
      const dnsNames = this.datacenter.racks.flatMap((r) => [
        `*.${r.serviceName}.${ns}.svc.cluster.local`,
        `*.${this.datacenter.clusterId}.${r.serviceName}.${ns}.svc.${peerOptions.clusterSetDomain}`,
      ]);
      // Typed from the vendored CRD (imports/, npm run import-crds): a wrong field does not compile.
      new Certificate(this, 'PeerCertificate', {
        metadata: { name: props.tlsSecretName, namespace: ns, labels: this.podLabels },
        spec: {
          secretName: props.tlsSecretName,
          issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: props.peerIssuerName },
          commonName: `${props.clusterName}.${props.region}`,
          dnsNames,
          usages: [CertificateSpecUsages.SERVER_AUTH, CertificateSpecUsages.CLIENT_AUTH],
          // A fresh key on every renewal; cert-manager renews at 2/3 of the lifetime by default.
          privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
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
      ...dynomiteNetworkRules({
        clientNamespaces: props.clientNamespaces ?? [ns], monitoringNamespace: env.monitoringNamespace, clusterPodLabels: clusterPods,
        otherDatacenterPodCidrs: env.regions.filter((r) => r.region !== props.region && topology.placement(r.region)).map((r) => r.kubernetes.podCidr),
        encryption,
      }),
    });

    const name = `${props.clusterName}-${props.region}`;
    new ServiceMonitor(this, 'ServiceMonitor', {
      name, namespace: ns, release: env.prometheusRelease, selector: metricsLabels, port: 'metrics',
    });
    const pods = `namespace="${ns}",pod=~"${props.clusterName}-(${this.datacenter.racks.map((r) => r.name).join('|')})-[0-9]+"`;
    const ready = `sum(kube_pod_status_ready{${pods},condition="true"})`;
    const catalogs = [catalogForImage(this.node.path, exporterImage, 'exporterImage'), KUBE_STATE_METRICS_V2, KUBELET_VOLUME_STATS];
    this.published = {
      endpoints: [{ dns: this.clientServiceHost, ports: [DYNOMITE_CLIENT_PORT] }],
      placement: publishedPlacement(placement),
      metrics: catalogs,
    };
    this.rule = new SlaPrometheusRule(this, 'Rules', {
      name, namespace: ns, release: env.prometheusRelease,
      alertPrefix: 'Dynomite',
      sla: props.sla,
      catalogs,
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
