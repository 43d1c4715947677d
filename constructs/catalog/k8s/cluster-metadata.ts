import { ApiObject, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct, type IConstruct } from 'constructs';
import { Problems, show } from '../../platform/errors';
import {
  type ClusterRecord, type ClusterSource, type IClusterMetadata, type IPublishedStore, type RegionEndpoints, type ServiceEndpoint,
  METADATA_CONFIG_MAP, clusterRecord, markClusterMetadata, serviceDns,
} from '../inventory';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A ConfigMap's data is limited to 1 MiB. */
const MAX_DATA_BYTES = 1024 * 1024;

export interface ClusterMetadataConfigMapProps {
  /**
   * The cluster's record (`clusterRecord`): flavor `kubernetes`, listing `region` and, in
   * `metadata`, this ConfigMap (`<namespace>/<name>`) for it.
   */
  readonly record: ClusterRecord;
  /** The region of the chart (a record lists every region of the cluster). */
  readonly region: string;
  /** Namespace of the ConfigMap: the store's namespace. */
  readonly namespace: string;
  /**
   * metadata.name of the ConfigMap: one per namespace.
   *
   * @default 'platform-cluster-metadata'
   */
  readonly name?: string;
}

/** (root, environment, region, namespace, name) already holding a ConfigMap: two in one namespace would overwrite each other. */
const taken = new WeakMap<IConstruct, Map<string, string>>();

/**
 * A cluster's metadata record as JSON in a ConfigMap of the store's namespace (key
 * `cluster.json`): service, owner, store, regions, zones, endpoints (Service DNS names), SLA and
 * capacity. Tools read it with `kubectl get configmap platform-cluster-metadata`; pods may mount
 * it. The inventory (`cdk.out/inventory.json`) lists the same record.
 */
export class ClusterMetadataConfigMap extends Construct implements IClusterMetadata {
  public readonly record: ClusterRecord;
  public readonly name: string;
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: ClusterMetadataConfigMapProps) {
    super(scope, id);
    const { record, region, namespace } = props;
    const name = props.name ?? METADATA_CONFIG_MAP;
    const json = `${JSON.stringify(record, null, 2)}\n`;
    const p = new Problems();
    p.check(record.flavor === 'kubernetes', () => `\`record.flavor\` must be 'kubernetes', got ${show(record.flavor)}`);
    p.check(record.regions.includes(region), () => `\`region\` must be one of \`record.regions\` ${show(record.regions)}, got ${show(region)}`);
    p.check(DNS_LABEL.test(namespace), () => `\`namespace\` must be a DNS label (lower-case letters, digits and '-', at most 63), got ${show(namespace)}`);
    p.check(DNS_SUBDOMAIN.test(name), () => `\`name\` must be a DNS subdomain (lower-case letters, digits, '-' and '.'), got ${show(name)}`);
    p.check(Buffer.byteLength(json) <= MAX_DATA_BYTES, () => `\`record\` must fit a ConfigMap (${MAX_DATA_BYTES} bytes), got ${Buffer.byteLength(json)}`);
    const location = `${namespace}/${name}`;
    p.check(record.metadata.some((m) => m.region === region && m.configMap === location),
      () => `\`record.metadata\` must list this ConfigMap ${show({ region, configMap: location })}, got ${show(record.metadata)}`);
    const key = `${record.environment}/${region}/${location}`;
    const byKey = taken.get(this.node.root) ?? new Map<string, string>();
    const other = byKey.get(key);
    p.check(other === undefined,
      () => `\`namespace\` ${show(namespace)} already holds ConfigMap ${show(name)} of ${show(other)} in ${record.environment} ${region}: give each service its own namespace`);
    p.throwIfAny(this);
    byKey.set(key, record.service);
    taken.set(this.node.root, byKey);

    this.record = record;
    this.name = name;
    this.namespace = namespace;
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: {
        name, namespace,
        labels: { 'app.kubernetes.io/part-of': record.service, 'app.kubernetes.io/managed-by': 'platform-catalog' },
      },
      data: { 'cluster.json': json },
    });
    markClusterMetadata(this);
  }
}

/**
 * The chart's Services as `<name>.<namespace>.svc.cluster.local` with their ports, in construct
 * order: those in the manifest, and the client Services the operators create from the custom
 * resources of the chart's `stores` (K8ssandra's CQL Service per datacenter, ECK's `-es-http` and
 * `-kb-http`, as each store publishes them), marked `createdBy`.
 */
export function kubernetesRegionEndpoints(chart: Chart, region: string, stores: readonly IPublishedStore[]): RegionEndpoints {
  const operatorCreated = new Map<IConstruct, readonly ServiceEndpoint[]>(
    stores.map((s) => [s, s.published.endpoints.filter((e) => e.createdBy !== undefined)]));
  const services: ServiceEndpoint[] = [];
  for (const c of chart.node.findAll()) {
    if (Chart.of(c) !== chart) continue;
    if (c instanceof ApiObject && c.kind === 'Service') {
      const ports = ((c.toJson().spec?.ports ?? []) as Array<{ port: number }>).map((x) => x.port);
      services.push({ dns: serviceDns(c.name, c.metadata.namespace ?? chart.namespace ?? 'default'), ports });
      continue;
    }
    services.push(...(operatorCreated.get(c) ?? []));
  }
  return { region, chart: chart.node.id, services };
}

/** A chart of the cluster in one region and the stores it holds (a use case's `BuiltChart`). */
export interface RegionChart {
  readonly region: string;
  readonly chart: Chart;
  readonly stores: readonly IPublishedStore[];
}

/**
 * Publishes the Kubernetes record of `source` in `charts` (the use case's charts of one
 * environment, one per region): one `ClusterMetadataConfigMap` in each chart's namespace.
 * Endpoints are each chart's Services, per region in the shape's order.
 */
export function addKubernetesClusterMetadata(source: ClusterSource, charts: readonly RegionChart[], name = METADATA_CONFIG_MAP): ClusterMetadataConfigMap[] {
  const regions = source.shape.placements.map((pl) => pl.region);
  const p = new Problems();
  for (const { chart, region } of charts) {
    p.check(regions.includes(region), () => `chart ${show(chart.node.id)} is in region ${show(region)}, outside the cluster's regions ${show(regions)}`);
    p.check(chart.namespace !== undefined, () => `chart ${show(chart.node.id)} must have a namespace (the store's)`);
  }
  p.throwIfAny(`${source.entry.file} (${source.environment.name}, kubernetes)`);
  const ordered = regions.flatMap((region) => charts.filter((x) => x.region === region));
  const endpoints = ordered.map(({ chart, region, stores }) => kubernetesRegionEndpoints(chart, region, stores));
  const record = clusterRecord(source, 'kubernetes', endpoints,
    ordered.map(({ chart, region }) => ({ region, configMap: `${chart.namespace}/${name}` })));
  return ordered.map(({ chart, region }) => new ClusterMetadataConfigMap(chart, 'ClusterMetadata', { record, region, namespace: chart.namespace!, name }));
}
