import {
  K8ssandraCluster as K8ssandraClusterResource,
  type K8SsandraClusterSpecCassandraClientEncryptionStores,
  type K8SsandraClusterSpecCassandraDatacenters,
  type K8SsandraClusterSpecCassandraDatacentersRacks,
  type K8SsandraClusterSpecCassandraServerEncryptionStores,
  K8SsandraClusterSpecCassandraConfigJvmOptionsHeapSize as HeapSize,
  K8SsandraClusterSpecCassandraDatacentersStorageConfigCassandraDataVolumeClaimSpecResourcesRequests as StorageRequests,
  K8SsandraClusterSpecCassandraResourcesLimits as Limits,
  K8SsandraClusterSpecCassandraResourcesRequests as Requests,
  K8SsandraClusterSpecMedusaStoragePropertiesCredentialsType as MedusaCredentialsType,
  K8SsandraClusterSpecMedusaStoragePropertiesStorageProvider as MedusaStorageProvider,
  K8SsandraClusterSpecReaperAutoSchedulingRepairType as RepairType,
  K8SsandraClusterSpecReaperDeploymentMode as ReaperDeploymentMode,
} from '../../../imports/k8ssandra.io';
import { Construct } from 'constructs';
import type { Environment } from '../../platform/config';
import { Problems, show } from '../../platform/errors';
import type { PodSecurityException } from '../../platform/k8s/namespace';
import { RUNTIME_DEFAULT_SECCOMP, restrictedContainerSecurityContext } from '../../platform/k8s/security-context';
import { type ResolvedPlacement, type ResolvedTopology, type StoreTopology, resolveTopology } from '../../platform/topology';
import { CassandraVersion } from '../version';
import { limitProblems, withinLimit } from '../../platform/limits';
import { CASSANDRA_LIMITS } from '../limits';

/** TLS material, by reference to Secrets that cert-manager (or you) create; never inlined. */
export interface CassandraTlsProps {
  /** Secret holding the JKS keystore under `keystore.jks`. */
  readonly keystoreSecretName: string;
  /** Secret holding the JKS truststore under `truststore.jks`. */
  readonly truststoreSecretName: string;
  /** Secret holding the PEM CA certificate under `ca.crt`, for cqlsh-based jobs. */
  readonly caCertSecretName: string;
}

/** Medusa backups to S3 with the pods' IAM role (IRSA / Pod Identity); no keys in manifests. */
export interface CassandraBackupProps {
  readonly bucketName: string;
  readonly bucketRegion: string;
  /** @default '0 2 * * *' (02:00 daily, cluster time) */
  readonly schedule?: string;
  /** @default 14 */
  readonly retentionDays?: number;
}

export interface CassandraClusterProps {
  readonly environment: Environment;
  /** `metadata.name` of the K8ssandraCluster; prefixes every Service cass-operator creates. */
  readonly clusterName: string;
  readonly namespace: string;
  /**
   * One datacenter per region (named after the region), one rack per zone. `nodesPerZone`
   * is the rack size; `replicationFactor` is the per-DC replication of the keyspaces.
   */
  readonly topology: StoreTopology;
  /** @default CassandraVersion.V4_1 */
  readonly version?: CassandraVersion;
  /** Data volume per node, in GiB. */
  readonly storageGiB: number;
  /** CPU request per node, in millicores (no CPU limit: throttling a JVM hurts p99). */
  readonly cpuMillis: number;
  /** Memory request = limit per node, in GiB. */
  readonly memoryGiB: number;
  /** JVM heap per node, in GiB; at most half the memory and at most 31 (compressed oops). */
  readonly heapGiB: number;
  readonly tls: CassandraTlsProps;
  readonly backups: CassandraBackupProps;
  /**
   * Reaper repairs on an automatic schedule.
   *
   * @default true
   */
  readonly repairs?: boolean;
}

/**
 * Why a namespace running a K8ssandraCluster enforces `baseline`, not `restricted`: the operator
 * builds the Cassandra pods and `restricted` needs every container to drop ALL capabilities.
 */
export const K8SSANDRA_POD_SECURITY_EXCEPTION: PodSecurityException = {
  reason: 'cass-operator v1.31 gives its cassandra, server-system-logger and server-config-init containers no '
    + 'capabilities.drop (pkg/reconciliation/construct_podtemplatespec.go securityContext() sets only readOnlyRootFilesystem '
    + 'and allowPrivilegeEscalation, and only with readOnlyRootFilesystem); restricted requires drop ALL on every container '
    + 'and would reject every Cassandra pod. Medusa and Reaper run restricted-compliant (K8ssandraCluster spec).',
};

/** A datacenter of the cluster, what clients in that region connect to. */
export interface CassandraDatacenter {
  /** Datacenter name (the region): the driver's `local-datacenter`. */
  readonly name: string;
  readonly placement: ResolvedPlacement;
  /** The CQL Service cass-operator creates: `<cluster>-<dc>-service`. */
  readonly serviceName: string;
  /** Fully qualified CQL host inside the DC's Kubernetes cluster. */
  readonly serviceHost: string;
  readonly cqlPort: number;
}

const DNS_LABEL = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;
const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const CQL_PORT = 9042;
export const INTERNODE_PORT = 7000;
export const INTERNODE_TLS_PORT = 7001;
/** cass-operator's management API sidecar. */
export const MANAGEMENT_API_PORT = 8080;
/** Medusa's gRPC sidecar, called by the operator for backups. */
export const MEDUSA_PORT = 50051;
/** MCAC's Prometheus endpoint, served on every Cassandra pod. */
export const MCAC_METRICS_PORT = 9103;
export const MCAC_METRICS_PORT_NAME = 'prometheus';
/**
 * JMX, how Reaper (without `httpManagement`) runs repairs. cass-operator v1.31 declares it on
 * every Cassandra container (`namedPort("jmx", 7199)`, apis/cassandra/v1beta1/cassandradatacenter_types.go).
 */
export const JMX_PORT = 7199;
/**
 * Reaper's REST port, which the k8ssandra-operator calls to register clusters
 * (k8ssandra-operator 1.32 pkg/reaper/manager.go: `%s://%s:8080`; deployment.go containerPort `app` 8080).
 */
export const REAPER_REST_PORT = 8080;

/**
 * Labels of the Reaper pods k8ssandra-operator 1.32 creates for a K8ssandraCluster (pkg/reaper/labels.go
 * `commonLabels` + `getConstantLabels`, which copies the cluster name/namespace labels that
 * pkg/labels/labels.go `CleanedUpByLabels` puts on the Reaper resource).
 */
export function reaperPodLabels(clusterName: string, namespace: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'k8ssandra-operator',
    'app.kubernetes.io/part-of': 'k8ssandra',
    'app.kubernetes.io/component': 'reaper',
    'app.kubernetes.io/managed-by': 'k8ssandra-operator',
    'k8ssandra.io/cluster-name': clusterName,
    'k8ssandra.io/cluster-namespace': namespace,
  };
}

/**
 * A multi-region Apache Cassandra cluster run by the K8ssandra operator: one K8ssandraCluster,
 * created in the control-plane cluster (the environment's primary region), with one datacenter
 * per region placed through `k8sContext` and one rack per zone pinned by node affinity.
 *
 * @see https://docs.k8ssandra.io/reference/crd/k8ssandra-operator-crds-latest/
 */
export class CassandraCluster extends Construct {
  public readonly clusterName: string;
  public readonly namespace: string;
  public readonly topology: ResolvedTopology;
  public readonly datacenters: readonly CassandraDatacenter[];
  public readonly version: CassandraVersion;
  public readonly tls: CassandraTlsProps;
  public readonly backups: CassandraBackupProps;
  /** Whether Reaper runs (and repairs on a schedule). */
  public readonly repairs: boolean;
  /** Secret with the superuser credentials, generated by the operator. */
  public readonly superuserSecretName: string;
  public readonly resource: K8ssandraClusterResource;

  constructor(scope: Construct, id: string, props: CassandraClusterProps) {
    super(scope, id);
    const topology = resolveTopology(this, props.environment, props.topology);
    const p = new Problems();
    p.check(DNS_LABEL.test(props.clusterName), () => `\`clusterName\` must be a DNS label of at most 40 characters, got ${show(props.clusterName)}`);
    p.check(DNS_LABEL.test(props.namespace), () => `\`namespace\` must be a DNS label, got ${show(props.namespace)}`);
    p.merge(limitProblems('storageGiB', props.storageGiB, CASSANDRA_LIMITS.storageGiB));
    p.merge(limitProblems('cpuMillis', props.cpuMillis, CASSANDRA_LIMITS.cpuMillis));
    p.merge(limitProblems('memoryGiB', props.memoryGiB, CASSANDRA_LIMITS.memoryGiB));
    // The table's 1..31, and (cross-field) at most half the memory.
    p.check(withinLimit(props.heapGiB, CASSANDRA_LIMITS.heapGiB) && props.heapGiB * 2 <= props.memoryGiB,
      () => `\`heapGiB\` must be an integer from 1 to min(31, memoryGiB / 2 = ${props.memoryGiB / 2}), got ${show(props.heapGiB)}`);
    if (props.environment.production) {
      topology.placements.forEach((pl, i) => p.check(pl.replicationFactor >= 3,
        () => `\`topology.regions[${i}].replicationFactor\` must be >= 3 in production (LOCAL_QUORUM must survive losing a node), got ${pl.replicationFactor}`));
    }
    const retentionDays = props.backups.retentionDays ?? 14;
    p.check(withinLimit(retentionDays, CASSANDRA_LIMITS.backupRetentionDays),
      () => `\`backups.retentionDays\` must be >= 1, got ${show(props.backups.retentionDays)}${Number.isInteger(retentionDays) ? '' : ' (whole days)'}`);
    p.throwIfAny(this);

    this.clusterName = props.clusterName;
    this.namespace = props.namespace;
    this.topology = topology;
    this.version = props.version ?? CassandraVersion.V4_1;
    this.tls = props.tls;
    this.backups = props.backups;
    this.repairs = props.repairs ?? true;
    this.superuserSecretName = `${props.clusterName}-superuser`;
    this.datacenters = topology.placements.map((pl) => {
      const name = pl.region.region;
      const serviceName = `${props.clusterName}-${name}-service`;
      return { name, placement: pl, serviceName, serviceHost: `${serviceName}.${props.namespace}.svc.cluster.local`, cqlPort: CQL_PORT };
    });

    const primary = props.environment.primaryRegion;
    // Typed from the vendored CRD (imports/, npm run import-crds): a wrong field does not compile.
    this.resource = new K8ssandraClusterResource(this, 'Resource', {
      metadata: { name: props.clusterName, namespace: props.namespace },
      spec: {
        auth: true,
        cassandra: {
          serverVersion: this.version.version,
          resources: {
            requests: { cpu: Requests.fromString(`${props.cpuMillis}m`), memory: Requests.fromString(`${props.memoryGiB}Gi`) },
            limits: { memory: Limits.fromString(`${props.memoryGiB}Gi`) },
          },
          config: {
            jvmOptions: { heapSize: HeapSize.fromString(`${props.heapGiB}Gi`) },
            cassandraYaml: {
              server_encryption_options: { internode_encryption: 'all' },
              client_encryption_options: { enabled: true, optional: false },
            },
          },
          serverEncryptionStores: encryptionStores(props.tls),
          clientEncryptionStores: encryptionStores(props.tls),
          podSecurityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, ...RUNTIME_DEFAULT_SECCOMP },
          // The operator's ServiceMonitor (one per DC, in the DC's cluster) carries the ~60
          // metricRelabelings that turn MCAC's raw collectd_mcac_* series into the mcac_* names our
          // alerts read (k8ssandra-operator v1.32.5 pkg/telemetry/prom_cass_servicemonitor.go);
          // commonLabels gives it the release label kube-prometheus-stack selects by.
          telemetry: { mcac: { enabled: true }, prometheus: { enabled: true, commonLabels: { release: props.environment.prometheusRelease } } },
          datacenters: this.datacenters.map((dc): K8SsandraClusterSpecCassandraDatacenters => ({
            // Lets a larger `storageGiB` (the capacity planner's) expand the PVCs when the StorageClass
            // allows expansion; without it cass-operator rejects any storageConfig change of an existing
            // datacenter (cass-operator v1.22.0 CHANGELOG, #263: opt-in by this annotation).
            metadata: { name: dc.name, annotations: { 'cassandra.datastax.com/allow-storage-changes': 'true' } },
            // The primary region hosts the control plane: its DC is local, others go through ClientConfigs.
            // `k8SContext` is how cdk8s import spells the CRD's `k8sContext` (it emits `k8sContext`).
            k8SContext: dc.name === primary ? undefined : dc.placement.region.kubernetes.context,
            size: dc.placement.nodes,
            storageConfig: {
              cassandraDataVolumeClaimSpec: {
                storageClassName: dc.placement.region.kubernetes.storageClass,
                accessModes: ['ReadWriteOnce'],
                resources: { requests: { storage: StorageRequests.fromString(`${props.storageGiB}Gi`) } },
              },
            },
            racks: dc.placement.kubernetesZones.map((zone): K8SsandraClusterSpecCassandraDatacentersRacks => ({
              name: zone,
              nodeAffinityLabels: { [ZONE_LABEL]: zone },
            })),
          })),
        },
        reaper: this.repairs ? {
          deploymentMode: ReaperDeploymentMode.PER_UNDERSCORE_DC, autoScheduling: { enabled: true, repairType: RepairType.ADAPTIVE },
          // The operator's defaults (pkg/reaper/deployment.go: uid 1000, read-only root, drop ALL) plus
          // the seccomp profile `restricted` requires, which those defaults lack.
          podSecurityContext: { runAsNonRoot: true, fsGroup: 1000, ...RUNTIME_DEFAULT_SECCOMP },
          securityContext: { ...restrictedContainerSecurityContext(1000), readOnlyRootFilesystem: true },
          initContainerSecurityContext: { ...restrictedContainerSecurityContext(1000), readOnlyRootFilesystem: true },
        } : undefined,
        medusa: {
          // As the operator's own e2e fixture runs Medusa (test/testdata/fixtures/single-dc-encryption-medusa):
          // the cassandra user (999, it reads the data volume), read-only root, no capabilities.
          securityContext: { ...restrictedContainerSecurityContext(999), readOnlyRootFilesystem: true },
          storageProperties: {
            storageProvider: MedusaStorageProvider.S3,
            credentialsType: MedusaCredentialsType.ROLE_HYPHEN_BASED,
            bucketName: props.backups.bucketName,
            region: props.backups.bucketRegion,
            prefix: props.clusterName,
            secure: true,
            maxBackupAge: props.backups.retentionDays ?? 14,
          },
        },
      },
    });
  }

  /** The datacenter of `region`. Throws when the cluster has none there. */
  public datacenter(region: string): CassandraDatacenter {
    const dc = this.datacenters.find((d) => d.name === region);
    if (!dc) throw new Error(`${this.node.path}: Cassandra cluster '${this.clusterName}' has no datacenter in ${show(region)}; it has ${this.datacenters.map((d) => d.name).join(', ')}`);
    return dc;
  }

  /** NetworkTopologyStrategy replication: datacenter name → replication factor. */
  public get replication(): Record<string, number> {
    return Object.fromEntries(this.datacenters.map((dc) => [dc.name, dc.placement.replicationFactor]));
  }
}

function encryptionStores(tls: CassandraTlsProps): K8SsandraClusterSpecCassandraServerEncryptionStores & K8SsandraClusterSpecCassandraClientEncryptionStores {
  return {
    keystoreSecretRef: { name: tls.keystoreSecretName, key: 'keystore.jks' },
    truststoreSecretRef: { name: tls.truststoreSecretName, key: 'truststore.jks' },
  };
}
