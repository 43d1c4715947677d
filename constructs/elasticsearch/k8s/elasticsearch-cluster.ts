import {
  Elasticsearch as ElasticsearchResource,
  type ElasticsearchSpecNodeSetsPodTemplate,
  type ElasticsearchSpecNodeSetsVolumeClaimTemplates,
  ElasticsearchSpecNodeSetsPodTemplateSpecContainersResourcesLimits as Limits,
  ElasticsearchSpecNodeSetsPodTemplateSpecContainersResourcesRequests as Requests,
  ElasticsearchSpecNodeSetsVolumeClaimTemplatesSpecResourcesRequests as StorageRequests,
  ElasticsearchSpecPodDisruptionBudgetSpecMaxUnavailable as PdbMaxUnavailable,
  ElasticsearchSpecVolumeClaimDeletePolicy as VolumeClaimDeletePolicy,
} from '../../../imports/elasticsearch.k8s.elastic.co';
import { Construct } from 'constructs';
import { type IPublishedStore, type PublishedStore, publishedPlacement } from '../../catalog/inventory';
import type { MetricCatalog } from '../../monitoring/catalog/prometheus/types';
import type { Environment } from '../../platform/config';
import { Problems, show } from '../../platform/errors';
import { limitProblems } from '../../platform/limits';
import { ELASTICSEARCH_LIMITS } from '../limits';
import { StoreNetworkPolicy } from '../../platform/k8s/network-policy';
import { RUNTIME_DEFAULT_SECCOMP } from '../../platform/k8s/security-context';
import { type RegionPlacement, type ResolvedPlacement, resolveTopology } from '../../platform/topology';
import { ES_NAME, masterNodeProblems, replicaProblems, zoneAwarenessProblems } from '../validate';
import { ElasticStackVersion } from '../version';

export const ES_HTTP_PORT = 9200;
export const ES_TRANSPORT_PORT = 9300;
const ZONE_LABEL = 'topology.kubernetes.io/zone';
const DNS_LABEL = ES_NAME;

/** A remote cluster this one follows (cross-cluster replication) or searches. */
export interface RemoteClusterProps {
  /** Alias of the remote cluster in this one (`cluster.remote.<alias>`). */
  readonly alias: string;
  /**
   * `host:port` of the remote cluster's transport endpoint (its `transportHostname` and 9300),
   * reached in proxy mode: one address, whatever the remote's node count.
   */
  readonly proxyAddress: string;
}

/** Exposure of the transport port to the other regions' clusters. */
export interface TransportExposureProps {
  /**
   * DNS name of the transport Service's internal load balancer; published by external-dns and
   * added to the transport certificate's SANs. Other regions connect to `<hostname>:9300`.
   */
  readonly hostname: string;
  /**
   * ConfigMap (key `ca.crt`) with the other regions' transport CAs, which this cluster trusts.
   * Copy each region's `<name>-es-transport-certs-public` CA into it (see the README).
   */
  readonly trustedCaConfigMapName: string;
}

export interface ElasticsearchClusterProps {
  readonly environment: Environment;
  /** Region whose Kubernetes cluster this Elasticsearch runs in. */
  readonly region: string;
  /** `metadata.name` of the Elasticsearch; prefixes the Services and Secrets ECK creates. */
  readonly name: string;
  readonly namespace: string;
  /**
   * Placement: the entry for `region` gives the zones, the data nodes per zone and the copies
   * of each shard (`replicationFactor` = 1 primary + replicas, at most one per zone).
   */
  readonly placement: RegionPlacement;
  /** @default ElasticStackVersion.V8_19 */
  readonly version?: ElasticStackVersion;
  /**
   * Dedicated master nodes, spread over the zones; odd and at least 3.
   *
   * @default 3
   */
  readonly masterNodes?: number;
  /** Data volume per data node, in GiB. */
  readonly storageGiB: number;
  /**
   * Volume per master node, in GiB (cluster state only).
   *
   * @default 10
   */
  readonly masterStorageGiB?: number;
  /** CPU request per data node, in millicores. */
  readonly cpuMillis: number;
  /** Memory request = limit per data node, in MiB; Elasticsearch sizes its heap to half of it. */
  readonly memoryMiB: number;
  /**
   * Memory request = limit per master node, in MiB.
   *
   * @default 4096
   */
  readonly masterMemoryMiB?: number;
  /**
   * Namespaces whose pods may call the HTTP API (9200).
   *
   * @default - the cluster's own namespace
   */
  readonly clientNamespaces?: string[];
  /**
   * Namespace of the ECK operator, which calls the HTTP API.
   *
   * @default 'elastic-system'
   */
  readonly operatorNamespace?: string;
  /**
   * Expose the transport port to other regions (needed on a leader and on followers).
   *
   * @default - transport stays inside the Kubernetes cluster
   */
  readonly transport?: TransportExposureProps;
  /**
   * Remote clusters (e.g. the leader on a follower).
   *
   * @default - none
   */
  readonly remoteClusters?: RemoteClusterProps[];
}

/**
 * An Elasticsearch cluster run by ECK in one region's Kubernetes cluster: dedicated master and
 * data nodeSets with zone awareness (ECK 3.4+: topology spread over the zones, `node.attr.zone`
 * from the zone label, allocation awareness), volumeClaimTemplates on the region's storage
 * class, a PodDisruptionBudget of one pod, TLS on HTTP and transport, and NetworkPolicies.
 *
 * Other constructs build on it by reference (e.g. JanusGraph's index backend): `httpServiceName`,
 * `httpPort`, `namespace`, `elasticUserSecretName`, `caSecretName`.
 *
 * @see https://www.elastic.co/docs/deploy-manage/deploy/cloud-on-k8s
 */
export class ElasticsearchCluster extends Construct implements IPublishedStore {
  public readonly name: string;
  public readonly namespace: string;
  public readonly region: string;
  public readonly placement: ResolvedPlacement;
  public readonly version: ElasticStackVersion;
  /** The HTTP Service ECK creates: `<name>-es-http`. */
  public readonly httpServiceName: string;
  /** Fully qualified host of the HTTP Service inside the cluster. */
  public readonly httpHost: string;
  public readonly httpPort = ES_HTTP_PORT;
  public readonly transportPort = ES_TRANSPORT_PORT;
  /** Secret with the `elastic` superuser's password under key `elastic`: `<name>-es-elastic-user`. */
  public readonly elasticUserSecretName: string;
  /** Secret with the HTTP CA under key `ca.crt`: `<name>-es-http-certs-public`. */
  public readonly caSecretName: string;
  /** Labels ECK puts on every pod of the cluster. */
  public readonly podLabels: Record<string, string>;
  public readonly masterNodes: number;
  /** Data nodes (dataNodesPerZone × zones). */
  public readonly dataNodes: number;
  public readonly resource: ElasticsearchResource;
  /** Catalogs of the exporters that scrape it (`ElasticsearchMonitoring` adds its own). */
  private readonly metrics: MetricCatalog[] = [];

  constructor(scope: Construct, id: string, props: ElasticsearchClusterProps) {
    super(scope, id);
    const env = props.environment;
    const p = new Problems();
    p.check(props.placement.region === props.region,
      () => `\`placement.region\` must be the cluster's region ${show(props.region)}, got ${show(props.placement.region)}`);
    p.throwIfAny(this);
    const topology = resolveTopology(this, env, { regions: [props.placement] }, 'placement');
    const placement = topology.placements[0];
    const masterNodes = props.masterNodes ?? 3;
    const masterStorageGiB = props.masterStorageGiB ?? 10;
    const masterMemoryMiB = props.masterMemoryMiB ?? 4096;
    p.check(DNS_LABEL.test(props.name), () => `\`name\` must be a DNS label of at most 36 characters, got ${show(props.name)}`);
    p.check(DNS_LABEL.test(props.namespace), () => `\`namespace\` must be a DNS label, got ${show(props.namespace)}`);
    p.merge(masterNodeProblems(masterNodes));
    p.merge(zoneAwarenessProblems(placement.region, placement.zones, 'placement.zones', env.production ? 2 : 1, placement.region.availabilityZones.length));
    p.merge(replicaProblems(placement.replicationFactor, placement.zones.length, 'placement.replicationFactor'));
    p.merge(limitProblems('storageGiB', props.storageGiB, ELASTICSEARCH_LIMITS.storageGiB));
    p.check(Number.isInteger(masterStorageGiB) && masterStorageGiB >= 1, () => `\`masterStorageGiB\` must be a positive integer, got ${show(masterStorageGiB)}`);
    p.merge(limitProblems('cpuMillis', props.cpuMillis, ELASTICSEARCH_LIMITS.cpuMillis));
    p.merge(limitProblems('memoryMiB', props.memoryMiB, ELASTICSEARCH_LIMITS.memoryMiB));
    p.check(Number.isInteger(masterMemoryMiB) && masterMemoryMiB >= 2048, () => `\`masterMemoryMiB\` must be an integer >= 2048, got ${show(masterMemoryMiB)}`);
    (props.remoteClusters ?? []).forEach((r, i) => {
      p.check(/^[a-z][a-z0-9_-]*$/.test(r.alias), () => `\`remoteClusters[${i}].alias\` must be lowercase letters, digits, '_' or '-', got ${show(r.alias)}`);
      p.check(/^[a-z0-9.-]+:\d+$/.test(r.proxyAddress), () => `\`remoteClusters[${i}].proxyAddress\` must be host:port, got ${show(r.proxyAddress)}`);
    });
    p.check((props.remoteClusters ?? []).length === 0 || props.transport !== undefined,
      () => '`transport` must be given with `remoteClusters`: the remote\'s transport CA has to be trusted');
    p.throwIfAny(this);

    this.name = props.name;
    this.namespace = props.namespace;
    this.region = props.region;
    this.placement = placement;
    this.version = props.version ?? ElasticStackVersion.V8_19;
    this.httpServiceName = `${props.name}-es-http`;
    this.httpHost = `${this.httpServiceName}.${props.namespace}.svc.cluster.local`;
    this.elasticUserSecretName = `${props.name}-es-elastic-user`;
    this.caSecretName = `${props.name}-es-http-certs-public`;
    this.podLabels = { 'elasticsearch.k8s.elastic.co/cluster-name': props.name };
    this.masterNodes = masterNodes;
    this.dataNodes = placement.nodes;

    const zoneAwareness = { topologyKey: ZONE_LABEL, zones: [...placement.kubernetesZones] };
    const podTemplate = (memoryMiB: number, cpuMillis: number): ElasticsearchSpecNodeSetsPodTemplate => ({
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, ...RUNTIME_DEFAULT_SECCOMP },
        containers: [{
          name: 'elasticsearch',
          resources: {
            requests: { cpu: Requests.fromString(`${cpuMillis}m`), memory: Requests.fromString(`${memoryMiB}Mi`) },
            limits: { memory: Limits.fromString(`${memoryMiB}Mi`) },
          },
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        }],
      },
    });
    const volume = (storageGiB: number): ElasticsearchSpecNodeSetsVolumeClaimTemplates[] => [{
      metadata: { name: 'elasticsearch-data' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: placement.region.kubernetes.storageClass,
        resources: { requests: { storage: StorageRequests.fromString(`${storageGiB}Gi`) } },
      },
    }];
    const remote = Object.fromEntries((props.remoteClusters ?? []).flatMap((r) => [
      [`cluster.remote.${r.alias}.mode`, 'proxy'],
      [`cluster.remote.${r.alias}.proxy_address`, r.proxyAddress],
    ]));

    // Typed from the vendored CRD (imports/, npm run import-crds): a wrong field does not compile.
    this.resource = new ElasticsearchResource(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        version: this.version.version,
        // PVCs survive deleting the Elasticsearch; ECK removes one only after migrating its shards away on scale-down.
        volumeClaimDeletePolicy: VolumeClaimDeletePolicy.DELETE_ON_SCALEDOWN_ONLY,
        updateStrategy: { changeBudget: { maxSurge: 1, maxUnavailable: 1 } },
        podDisruptionBudget: {
          spec: { maxUnavailable: PdbMaxUnavailable.fromNumber(1), selector: { matchLabels: this.podLabels } },
        },
        transport: props.transport ? {
          service: {
            metadata: {
              annotations: {
                'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
                'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
                'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
                // Keep the peer pod's address as source, so the NetworkPolicy can admit other regions' pod CIDRs.
                'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=true',
                'external-dns.alpha.kubernetes.io/hostname': props.transport.hostname,
              },
            },
            spec: { type: 'LoadBalancer' },
          },
          tls: {
            subjectAltNames: [{ dns: props.transport.hostname }],
            certificateAuthorities: { configMapName: props.transport.trustedCaConfigMapName },
          },
        } : undefined,
        nodeSets: [
          {
            name: 'masters',
            count: masterNodes,
            zoneAwareness,
            config: { 'node.roles': ['master'] },
            podTemplate: podTemplate(masterMemoryMiB, 500),
            volumeClaimTemplates: volume(masterStorageGiB),
          },
          {
            name: 'data',
            count: placement.nodes,
            zoneAwareness,
            config: {
              'node.roles': ['data', 'ingest', 'remote_cluster_client', 'transform'],
              ...remote,
            },
            podTemplate: podTemplate(props.memoryMiB, props.cpuMillis),
            volumeClaimTemplates: volume(props.storageGiB),
          },
        ],
      },
    });

    const otherRegions = env.regions.filter((r) => r.region !== props.region).map((r) => r.kubernetes.podCidr);
    new StoreNetworkPolicy(this, 'NetworkPolicy', {
      name: props.name, namespace: props.namespace, podLabels: this.podLabels,
      rules: [
        // Clients, Kibana and the exporter (own namespace), and the ECK operator.
        { name: 'http', ports: [ES_HTTP_PORT], fromNamespaces: [...new Set([...(props.clientNamespaces ?? [props.namespace]), props.namespace, props.operatorNamespace ?? 'elastic-system'])] },
        // Nodes of this cluster across zones; with transport exposed, the other regions' clusters (CCR).
        { name: 'transport', ports: [ES_TRANSPORT_PORT], fromPodLabels: this.podLabels, ...(props.transport ? { fromCidrs: otherRegions } : {}) },
      ],
      // Following remote clusters (CCR, proxy mode): their internal transport load balancers, in the other regions' VPCs.
      egress: [{
        name: 'remote-clusters',
        ports: [...new Set((props.remoteClusters ?? []).map((r) => Number(/:(\d+)$/.exec(r.proxyAddress)?.[1] ?? ES_TRANSPORT_PORT)))],
        toCidrs: props.remoteClusters?.length ? env.regions.filter((r) => r.region !== props.region).map((r) => r.kubernetes.vpcCidr) : [],
      }],
    });
  }

  /** The ECK `-es-http` Service, the region's placement, and the catalogs of the exporters added with `addMetrics`. */
  public get published(): PublishedStore {
    return {
      endpoints: [{ dns: this.httpHost, ports: [this.httpPort], createdBy: `Elasticsearch/${this.name}` }],
      placement: publishedPlacement(this.placement),
      metrics: [...this.metrics],
    };
  }

  /** Records that `catalog`'s exporter scrapes this cluster (published in `metrics`). */
  public addMetrics(catalog: MetricCatalog): void {
    this.metrics.push(catalog);
  }
}
