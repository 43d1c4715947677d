import { Construct } from 'constructs';
import { type IPublishedStore, type PublishedStore, publishedPlacement } from '../../catalog/inventory';
import { MedusaBackupSchedule, MedusaBackupScheduleSpecBackupSpecBackupType, MedusaBackupScheduleSpecOperationType } from '../../../imports/medusa.k8ssandra.io';
import { K8SSANDRA_MCAC_V1_32_5, KUBELET_VOLUME_STATS } from '../../monitoring/catalog/prometheus';
import { SlaPrometheusRule } from '../../monitoring/k8s/prometheus';
import { dashboardSidecar } from '../../monitoring/k8s/grafana-dashboard';
import type { RegionMaintenanceWindow } from '../../maintenance/windows';
import type { Environment } from '../../platform/config';
import { Problems, show } from '../../platform/errors';
import { StoreNetworkPolicy, awsEndpointsEgress } from '../../platform/k8s/network-policy';
import type { ServiceLevelObjectives } from '../../platform/sla';
import {
  CQL_PORT, type CassandraCluster, type CassandraDatacenter, INTERNODE_PORT, INTERNODE_TLS_PORT, MANAGEMENT_API_PORT, MCAC_METRICS_PORT,
  MEDUSA_PORT, JMX_PORT, REAPER_REST_PORT, reaperPodLabels,
} from './cassandra-cluster';

export interface CassandraDatacenterOperationsProps {
  readonly cluster: CassandraCluster;
  readonly environment: Environment;
  /**
   * Namespaces whose pods may open CQL connections.
   *
   * @default - the cluster's own namespace
   */
  readonly clientNamespaces?: string[];
  /**
   * Namespace of the k8ssandra-operator (it calls the management API and Medusa).
   *
   * @default 'k8ssandra-operator'
   */
  readonly operatorNamespace?: string;
  /** Region (= datacenter) whose Kubernetes cluster these objects are applied to. */
  readonly region: string;
  readonly sla: ServiceLevelObjectives;
  /**
   * The region's staggered backup/maintenance window (`staggerMaintenanceWindows`): Medusa
   * backs up at its `backupCron` and purges at its `afterBackupCron` (UTC), so datacenters of
   * different regions never back up at the same time. Cannot be combined with
   * `cluster.backups.schedule`.
   *
   * @default - backups at `cluster.backups.schedule` (default '0 2 * * *'), purges at '0 5 * * *'
   */
  readonly maintenanceWindow?: RegionMaintenanceWindow;
}

/**
 * What each datacenter's own Kubernetes cluster needs beside the K8ssandraCluster: the Medusa
 * backup and purge schedules (they name a local CassandraDatacenter) and the PrometheusRule of the
 * region's Prometheus (the operator creates the ServiceMonitor, see CassandraCluster telemetry).
 */
export class CassandraDatacenterOperations extends Construct implements IPublishedStore {
  public readonly rule: SlaPrometheusRule;
  /** The datacenter's CQL Service (cass-operator's), placement and the MCAC catalog its alerts read. */
  public readonly published: PublishedStore;
  /** The datacenter of the region (its CQL Service, created by cass-operator, is `datacenter.serviceHost`). */
  public readonly datacenter: CassandraDatacenter;

  constructor(scope: Construct, id: string, props: CassandraDatacenterOperationsProps) {
    super(scope, id);
    const { cluster } = props;
    const dc = cluster.datacenter(props.region);
    this.datacenter = dc;
    const ns = cluster.namespace;
    const name = `${cluster.clusterName}-${dc.name}`;
    const window = props.maintenanceWindow;
    const p = new Problems();
    if (window) {
      p.check(window.region === props.region,
        () => `\`maintenanceWindow.region\` must be the datacenter's region ${show(props.region)}, got ${show(window.region)}`);
      p.check(cluster.backups.schedule === undefined,
        () => `\`maintenanceWindow\` and \`cluster.backups.schedule\` (${show(cluster.backups.schedule)}) both set the backup time: give one`);
    }
    p.throwIfAny(this);

    // Typed from the vendored CRD (imports/, npm run import-crds): a wrong field does not compile.
    new MedusaBackupSchedule(this, 'BackupSchedule', {
      metadata: { name: `${name}-backup`, namespace: ns },
      spec: {
        cronSchedule: window?.backupCron ?? cluster.backups.schedule ?? '0 2 * * *',
        concurrencyPolicy: 'Forbid',
        backupSpec: { cassandraDatacenter: dc.name, backupType: MedusaBackupScheduleSpecBackupSpecBackupType.DIFFERENTIAL },
      },
    });
    new MedusaBackupSchedule(this, 'PurgeSchedule', {
      metadata: { name: `${name}-purge`, namespace: ns },
      spec: {
        cronSchedule: window?.afterBackupCron ?? '0 5 * * *',
        concurrencyPolicy: 'Forbid',
        operationType: MedusaBackupScheduleSpecOperationType.PURGE,
        backupSpec: { cassandraDatacenter: dc.name },
      },
    });

    const env = props.environment;
    const clusterPods = { 'cassandra.datastax.com/cluster': cluster.clusterName };
    const selector = { ...clusterPods, 'cassandra.datastax.com/datacenter': dc.name };
    const operatorNamespace = props.operatorNamespace ?? 'k8ssandra-operator';
    const here = env.regions.find((r) => r.region === dc.name)!;
    const controlPlane = env.regions.find((r) => r.region === env.primaryRegion);
    const otherDcPodCidrs = env.regions.filter((r) => r.region !== dc.name && cluster.topology.placement(r.region)).map((r) => r.kubernetes.podCidr);
    const reaper = reaperPodLabels(cluster.clusterName, ns);
    new StoreNetworkPolicy(this, 'NetworkPolicy', {
      name, namespace: ns, podLabels: selector,
      rules: [
        { name: 'cql', ports: [CQL_PORT], fromNamespaces: props.clientNamespaces ?? [ns] },
        // Gossip and streaming between every node of the cluster: other zones here, other regions by pod CIDR.
        { name: 'internode', ports: [INTERNODE_PORT, INTERNODE_TLS_PORT], fromPodLabels: clusterPods, fromCidrs: otherDcPodCidrs },
        { name: 'operator', ports: [MANAGEMENT_API_PORT, MEDUSA_PORT], fromNamespaces: [operatorNamespace, ns] },
        // The K8ssandraCluster controller runs only in the control plane (k8ssandra-operator main.go isControlPlane)
        // and calls remote DCs' management API by pod IP (controllers/k8ssandra/schemas.go; cass-operator httphelper BuildPodHostFromPod).
        ...(controlPlane && controlPlane.region !== dc.name
          ? [{ name: 'control-plane', ports: [MANAGEMENT_API_PORT], fromCidrs: [controlPlane.kubernetes.podCidr] }] : []),
        // Reaper repairs over JMX and keeps its state in the cluster (CQL, its REAPER_CASS_CONTACT_POINTS).
        // PER_DC with several DCs is datacenterAvailability EACH (pkg/reaper/resource.go): each DC's Reaper reaches only its DC.
        { name: 'reaper', ports: [JMX_PORT, CQL_PORT], fromPodLabels: reaper },
        { name: 'metrics', ports: [MCAC_METRICS_PORT], fromNamespaces: [env.monitoringNamespace] },
      ],
      egress: [
        { name: 'peers', ports: [INTERNODE_PORT, INTERNODE_TLS_PORT], toCidrs: otherDcPodCidrs },
        // The Medusa sidecar: S3 (backups), KMS (the bucket's key) and STS (IRSA), through the VPC's interface endpoints.
        awsEndpointsEgress(here.kubernetes.vpcCidr),
      ],
    });
    if (cluster.repairs) {
      // The operator registers the cluster with Reaper through its REST port.
      new StoreNetworkPolicy(this, 'ReaperNetworkPolicy', {
        name: `${name}-reaper`, namespace: ns, podLabels: reaper,
        rules: [{ name: 'operator', ports: [REAPER_REST_PORT], fromNamespaces: [operatorNamespace] }],
      });
    }
    // The operator's ServiceMonitor scrapes MCAC (CassandraCluster telemetry); names after its relabelling.
    // MCAC metric names; latencies are in microseconds.
    const m = `cluster="${cluster.clusterName}",dc="${dc.name}"`;
    // Timers count requests in `_total` (no `_count` after the relabelling).
    const requests = (w: string) => `sum(rate(mcac_client_request_latency_total{${m}}[${w}]))`;
    const failures = (w: string) => ['failures', 'timeouts', 'unavailables'].map((f) => `sum(rate(mcac_client_request_${f}_total{${m}}[${w}]))`).join(' + ');
    const catalogs = [K8SSANDRA_MCAC_V1_32_5, KUBELET_VOLUME_STATS];
    this.published = {
      endpoints: [{ dns: dc.serviceHost, ports: [dc.cqlPort], createdBy: `CassandraDatacenter/${dc.name}` }],
      placement: publishedPlacement(dc.placement),
      metrics: catalogs,
    };
    this.rule = new SlaPrometheusRule(this, 'Rules', {
      name, namespace: ns, release: env.prometheusRelease,
      alertPrefix: 'Cassandra',
      sla: props.sla,
      catalogs,
      runbookBaseUrl: env.runbookBaseUrl,
      runbookPage: 'k8s-cassandra',
      dashboard: { title: `Cassandra ${cluster.clusterName} ${dc.name}`, sidecar: dashboardSidecar(env) },
      expressions: {
        latencyP99Seconds: `histogram_quantile(0.99, sum by (le, request_type) (rate(mcac_client_request_latency_bucket{${m},request_type=~"read|write"}[5m]))) / 1e6`,
        errorRatio: (w) => `(${failures(w)}) / clamp_min(${requests(w)}, 1e-9)`,
        // One heap series per node that Prometheus still scrapes: a node whose JVM is gone stops reporting.
        availabilityRatio: `count(mcac_jvm_memory_used{${m},memory_type="heap"}) / ${dc.placement.nodes}`,
        utilizationRatio: {
          disk: `max(1 - kubelet_volume_stats_available_bytes{namespace="${ns}",persistentvolumeclaim=~"server-data-${name}-.*"} / kubelet_volume_stats_capacity_bytes{namespace="${ns}",persistentvolumeclaim=~"server-data-${name}-.*"})`,
          heap: `max(mcac_jvm_memory_used{${m},memory_type="heap"} / mcac_jvm_memory_max{${m},memory_type="heap"})`,
        },
      },
      extraAlerts: [
        { alert: 'CassandraPendingCompactionsHigh', expr: `max(mcac_table_pending_compactions{${m}}) > 100`, severity: 'warning',
          summary: 'compactions are falling behind writes' },
        { alert: 'CassandraDroppedMessages', expr: `sum(rate(mcac_dropped_message_dropped_total{${m}}[5m])) > 0`,
          summary: 'nodes drop messages: overloaded or partitioned' },
      ],
    });
  }
}
