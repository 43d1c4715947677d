import type { IConstruct } from 'constructs';
import { type CapacityCheck, type CapacityReport, plannerSizes } from '../capacity/report';
import type { MetricCatalog } from '../monitoring/catalog/prometheus/types';
import type { Environment } from '../platform/config';
import type { OutputFile } from '../platform/output-file';
import type { ServiceLevelObjectives } from '../platform/sla';
import type { ResolvedPlacement } from '../platform/topology';
import type { CatalogEntry, ClusterPlacement, ClusterShape, Store } from './model';

/**
 * Cluster metadata: one record per cluster (a catalog service in one environment, on one flavor),
 * built from the objects that synthesize (the entry, the template's shape of the settings, the
 * stacks' outputs and parameters, the charts' Services), never retyped. The same record is
 * published beside the cluster (an SSM parameter per region on AWS, a ConfigMap per namespace on
 * Kubernetes) and listed in `cdk.out/inventory.json`.
 */

/** Where the cluster runs. */
export type Flavor = 'aws' | 'kubernetes';
export const FLAVORS: readonly Flavor[] = ['aws', 'kubernetes'];

/** A Kubernetes Service of the cluster, as clients in the same Kubernetes cluster reach it. */
export interface ServiceEndpoint {
  /** `<name>.<namespace>.svc.cluster.local`. */
  readonly dns: string;
  /** Service ports, in the Service's order. */
  readonly ports: readonly number[];
  /**
   * `<Kind>/<name>` of the custom resource whose operator creates this Service (it is not in the
   * manifest: K8ssandra's datacenter Service, ECK's HTTP Services).
   *
   * @default - the Service is in the manifest
   */
  readonly createdBy?: string;
}

/**
 * What a store construct publishes about itself in its region, so that cluster metadata, benchmarks
 * and tools read it from the construct instead of walking the construct tree and guessing.
 */
export interface PublishedStore {
  /**
   * The Services its clients connect to, with their client ports: those in the manifest and those
   * an operator creates from the construct's custom resource (`createdBy`).
   */
  readonly endpoints: readonly ServiceEndpoint[];
  /**
   * Where it runs in its region (zones, nodes per zone, replication factor).
   *
   * @default - no placement of its own (Kibana: a UI over the cluster it serves)
   */
  readonly placement?: ClusterPlacement;
  /**
   * The metric catalogs (`constructs/monitoring/catalog/`) its alerts and dashboards are checked
   * against: the exporters and scrape sources it is monitored with. Empty when nothing scrapes it.
   */
  readonly metrics: readonly MetricCatalog[];
}

/** A store construct (the Kubernetes flavor's clusters, datacenters and servers) that publishes `PublishedStore`. */
export interface IPublishedStore extends IConstruct {
  readonly published: PublishedStore;
}

/** A resolved placement as the catalog lists it (AWS zone names). */
export function publishedPlacement(placement: ResolvedPlacement): ClusterPlacement {
  return {
    region: placement.region.region,
    zones: [...placement.zones],
    nodesPerZone: placement.nodesPerZone,
    replicationFactor: placement.replicationFactor,
  };
}

/** `<name>.<namespace>.svc.cluster.local`: a Service as clients in the same Kubernetes cluster reach it. */
export function serviceDns(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}

/** What a client of one region reads to connect: names, never values (no secrets). */
export interface RegionEndpoints {
  readonly region: string;
  /** AWS: the region's stack. */
  readonly stack?: string;
  /** AWS: the stack's CloudFormation output names (`aws cloudformation describe-stacks`). */
  readonly outputs?: readonly string[];
  /**
   * AWS: names of the SSM parameters the stores publish in the stack; `<path>/*` for several that
   * one construct publishes under one path (GetParametersByPath, recursive).
   */
  readonly parameters?: readonly string[];
  /** Kubernetes: the region's chart (and manifest file, `<chart>.k8s.yaml`). */
  readonly chart?: string;
  /** Kubernetes: the chart's Services. */
  readonly services?: readonly ServiceEndpoint[];
}

/** Where the record itself is published in one region. */
export interface MetadataLocation {
  readonly region: string;
  /** AWS: the SSM parameter holding this record. */
  readonly parameter?: string;
  /** Kubernetes: `<namespace>/<name>` of the ConfigMap holding this record. */
  readonly configMap?: string;
}

/** Size of the cluster in one region, from the template's shape. */
export interface RegionCapacity {
  readonly zones: number;
  readonly nodesPerZone: number;
  /** zones × nodesPerZone. */
  readonly nodes: number;
  readonly replicationFactor: number;
}

/** One cluster: a service's store in one environment, on one flavor. */
export interface ClusterRecord {
  readonly service: string;
  readonly owner: string;
  readonly store: Store;
  readonly flavor: Flavor;
  readonly environment: string;
  /** How regions replicate (`ReplicationMode`). */
  readonly replication: string;
  /** The writing region, for leader-follower replication. */
  readonly leaderRegion?: string;
  readonly regions: readonly string[];
  /** Zones per region. */
  readonly zones: Readonly<Record<string, readonly string[]>>;
  readonly endpoints: readonly RegionEndpoints[];
  readonly metadata: readonly MetadataLocation[];
  readonly sla: ServiceLevelObjectives;
  readonly capacity: Readonly<Record<string, RegionCapacity>>;
}

/** The inventory: every cluster of the synth, sorted by service, flavor and environment. */
export interface Inventory {
  readonly clusters: readonly ClusterRecord[];
}

/** What a record is made of, before the flavor adds endpoints and metadata locations. */
export interface ClusterSource {
  readonly entry: CatalogEntry;
  readonly store: Store;
  readonly environment: Environment;
  readonly shape: ClusterShape;
}

/** The record of `source` on `flavor`, with the flavor's endpoints and metadata locations. */
export function clusterRecord(source: ClusterSource, flavor: Flavor, endpoints: readonly RegionEndpoints[],
  metadata: readonly MetadataLocation[]): ClusterRecord {
  const { entry, shape } = source;
  return {
    service: entry.service,
    owner: entry.owner,
    store: source.store,
    flavor,
    environment: source.environment.name,
    replication: shape.replication,
    ...(shape.leaderRegion === undefined ? {} : { leaderRegion: shape.leaderRegion }),
    regions: shape.placements.map((p) => p.region),
    zones: Object.fromEntries(shape.placements.map((p) => [p.region, [...p.zones]])),
    endpoints,
    metadata,
    sla: { ...entry.sla },
    capacity: Object.fromEntries(shape.placements.map((p) => [p.region, {
      zones: p.zones.length, nodesPerZone: p.nodesPerZone, nodes: p.zones.length * p.nodesPerZone, replicationFactor: p.replicationFactor,
    }])),
  };
}

/** `/platform/<env>/clusters/<service>/<store>`: the default SSM parameter of a record. */
export function metadataParameterName(record: Pick<ClusterRecord, 'environment' | 'service' | 'store'>): string {
  return `/platform/${record.environment}/clusters/${record.service}/${record.store}`;
}

/** The default ConfigMap name of the records of a namespace. */
export const METADATA_CONFIG_MAP = 'platform-cluster-metadata';

const CLUSTER_METADATA = Symbol.for('polyglot-persistence.catalog.ClusterMetadata');

/** A construct publishing a cluster record (the flavors' `ClusterMetadata*` constructs). */
export interface IClusterMetadata extends IConstruct {
  readonly record: ClusterRecord;
}

/** Marks `construct` as publishing `record`, so `inventoryOf` finds it. */
export function markClusterMetadata(construct: IClusterMetadata): void {
  Object.defineProperty(construct, CLUSTER_METADATA, { value: true });
}

export function isClusterMetadata(x: unknown): x is IClusterMetadata {
  return typeof x === 'object' && x !== null && CLUSTER_METADATA in x;
}

/**
 * The inventory of the apps `roots` (the CDK app, the cdk8s app): every record their metadata
 * constructs publish, once per cluster, sorted by service, flavor and environment.
 */
export function inventoryOf(...roots: readonly IConstruct[]): Inventory {
  const byKey = new Map<string, ClusterRecord>();
  for (const root of roots) {
    for (const c of root.node.findAll()) {
      if (isClusterMetadata(c)) addRecord(byKey, c.record, c.node.path);
    }
  }
  return { clusters: [...byKey.keys()].sort().map((k) => byKey.get(k)!) };
}

/**
 * One inventory from several, e.g. the CDK app's, taken before the app is released to save
 * memory, and the cdk8s apps'. Same rules as `inventoryOf`.
 */
export function mergeInventories(...parts: readonly Inventory[]): Inventory {
  const byKey = new Map<string, ClusterRecord>();
  for (const part of parts) for (const r of part.clusters) addRecord(byKey, r, 'merged inventories');
  return { clusters: [...byKey.keys()].sort().map((k) => byKey.get(k)!) };
}

function addRecord(byKey: Map<string, ClusterRecord>, r: ClusterRecord, at: string): void {
  const key = `${r.service}\u0000${r.flavor}\u0000${r.environment}`;
  const seen = byKey.get(key);
  if (seen && JSON.stringify(seen) !== JSON.stringify(r)) {
    throw new Error(`cluster metadata: two different records for ${r.service} (${r.flavor}, ${r.environment}), at ${at}`);
  }
  byKey.set(key, r);
}

/** The capacity planner's sizes of one cluster, beside its configured `capacity`. */
export interface PlannerFigures {
  /** The report they come from, relative to cdk.out: `capacity/<service>.json`. */
  readonly report: string;
  /** The report's checks (required vs configured) of the record's flavor; empty when the file sets no size the planner checks. */
  readonly sizes: readonly CapacityCheck[];
}

/** A record of `cdk.out/inventory.json`: the published record plus the planner's figures. */
export interface InventoryRecord extends ClusterRecord {
  /** @default - the service has no capacity report in the record's environment */
  readonly planner?: PlannerFigures;
}

/**
 * `inventory` with each record's planner figures, from the capacity reports synth writes to
 * `cdk.out/capacity/<service>.json` (`reportsByService`: the reports of each service, one per
 * environment). Only for `inventory.json`: the published records (SSM parameters, ConfigMaps)
 * stay as they are.
 */
export function withPlannerFigures(inventory: Inventory, reportsByService: Readonly<Record<string, readonly CapacityReport[]>>): { readonly clusters: readonly InventoryRecord[] } {
  return {
    clusters: inventory.clusters.map((r) => {
      const report = reportsByService[r.service]?.find((x) => x.environment === r.environment);
      return report ? { ...r, planner: { report: `capacity/${r.service}.json`, sizes: plannerSizes(report, r.flavor) } } : r;
    }),
  };
}

/** `inventory` as `inventory.json`, relative to the CloudFormation output folder (`cdk.out/`). */
export function inventoryFile(inventory: { readonly clusters: readonly InventoryRecord[] }): OutputFile {
  return { path: 'inventory.json', content: `${JSON.stringify(inventory, null, 2)}\n` };
}
