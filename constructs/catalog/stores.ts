import { TableCapacity } from '../cassandra/aws/table-capacity';
import type { CassandraClusterProps } from '../cassandra/k8s/cassandra-cluster';
import { CASSANDRA_LIMITS as L } from '../cassandra/limits';
import type { Environment } from '../platform/config';
import { type StoreTopology, placementZones } from '../platform/topology';
import { plannedFigure } from '../capacity/service';
import { type CatalogEntry, type ClusterShape, type ReplicationMode, type Store } from './model';
import { type Static, type TUnsafe, Type } from '@sinclair/typebox';
import { TOPOLOGY_LIMITS } from '../platform/limits';
import { t } from './typed-schema';

/**
 * YAML forms shared by several templates: store-level, no use case in here. Each template's
 * mapping (in `lib/<use-case>.ts`) turns its YAML into its typed Settings with these.
 */

/** The static instances of an enum-like class (`CacheNodeType.R7G_LARGE`, ...), by a string field. */
export function enumMembers<T extends object>(cls: object, key: keyof T): Map<string, T> {
  const isInstance = (v: unknown): v is T => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === (cls as { prototype: object }).prototype;
  return new Map(Object.values(cls).filter(isInstance).map((v) => [String(v[key]), v]));
}

/** A schema accepting the names of an enum-like class's static instances. */
export function enumSchema(members: Map<string, unknown>): TUnsafe<string> {
  return t.enum([...members.keys()].sort());
}

/** The member named `name` (schema-validated before, so it exists). */
export function member<T>(members: Map<string, T>, name: string): T {
  const m = members.get(name);
  if (!m) throw new Error(`unknown value '${name}' (allowed: ${[...members.keys()].join(', ')})`);
  return m;
}

/** One topology over the entry's regions: the same nodes per zone and replication factor in each, every configured zone. */
export function topologyOver(regions: readonly string[], nodesPerZone: number, replicationFactor: number): StoreTopology {
  return { regions: regions.map((region) => ({ region, nodesPerZone, replicationFactor })) };
}

/**
 * The shape of a topology in an environment (zones default to every configured zone of the region,
 * as the constructs resolve them: `placementZones`). A region the environment lacks is an error
 * naming `topology.regions[i].region`.
 */
export function shapeOf(env: Environment, topology: StoreTopology, replication: ReplicationMode, leaderRegion?: string): ClusterShape {
  return {
    placements: topology.regions.map((r, i) => ({
      region: r.region,
      zones: placementZones(env, r, `topology.regions[${i}]`).zones,
      nodesPerZone: r.nodesPerZone,
      replicationFactor: r.replicationFactor,
    })),
    replication,
    leaderRegion,
  };
}

/**
 * The YAML of a self-managed Cassandra cluster (K8ssandra): `CassandraClusterProps` with the topology
 * flattened, without the namespace (a template that takes it from here adds `namespace: t.namespace()`).
 * Numeric limits come from `CASSANDRA_LIMITS` and `TOPOLOGY_LIMITS`, which `CassandraCluster` also checks.
 */
export const CASSANDRA_CLUSTER_PROPERTIES = {
  clusterName: t.claimedName('cluster name'),
  replicationFactor: t.limit(TOPOLOGY_LIMITS.replicationFactor),
  cpuMillis: t.limit(L.cpuMillis),
  memoryGiB: t.limit(L.memoryGiB),
  heapGiB: t.limit(L.heapGiB),
  tls: t.object({ keystoreSecretName: t.name(), truststoreSecretName: t.name(), caCertSecretName: t.name() }),
  backups: t.object({
    bucketName: t.bucketName(), bucketRegion: t.region(),
    schedule: Type.Optional(t.string()), retentionDays: Type.Optional(t.limit(L.backupRetentionDays)),
  }),
  /** @default - the capacity planner's figure, where the template has a workload */
  nodesPerZone: Type.Optional(t.limit(TOPOLOGY_LIMITS.nodesPerZone)),
  /** @default - the capacity planner's figure, where the template has a workload */
  storageGiB: Type.Optional(t.limit(L.storageGiB)),
  repairs: Type.Optional(t.boolean()),
};
export const CASSANDRA_CLUSTER_SCHEMA = t.object(CASSANDRA_CLUSTER_PROPERTIES);
export type CassandraClusterYaml = Static<typeof CASSANDRA_CLUSTER_SCHEMA>;

/** Nodes per zone and volume size of a Cassandra cluster. */
export interface CassandraSizes {
  readonly nodesPerZone: number;
  readonly storageGiB: number;
}

/**
 * The CassandraCluster props a catalog entry's `cassandra:` block gives, over the entry's regions
 * (the environment and the namespace come from the use case). `sizes` are the capacity planner's
 * where the template has a workload; otherwise the file's, which its schema then requires.
 */
export function cassandraClusterProps(regions: readonly string[], c: CassandraClusterYaml,
  sizes: CassandraSizes = requiredSizes(c)): Omit<CassandraClusterProps, 'environment' | 'namespace'> {
  return {
    clusterName: c.clusterName,
    topology: topologyOver(regions, sizes.nodesPerZone, c.replicationFactor),
    storageGiB: sizes.storageGiB,
    cpuMillis: c.cpuMillis,
    memoryGiB: c.memoryGiB,
    heapGiB: c.heapGiB,
    ...(c.repairs === undefined ? {} : { repairs: c.repairs }),
    tls: c.tls,
    backups: c.backups,
  };
}

/**
 * The sizes of a Cassandra block at `environments.<env>.<prefix>`: the file's, or, where it omits
 * them, the capacity planner's figures for the entry's requirements (the report's checks on
 * `<prefix>.nodesPerZone` and `<prefix>.storageGiB`; the volume over the nodes the topology runs).
 */
export function plannedCassandraSizes(entry: CatalogEntry, env: Environment, store: Store, prefix: string, c: CassandraClusterYaml,
  replication: ReplicationMode, leaderRegion?: string): CassandraSizes {
  const planned = (nodes: number, field: string) => plannedFigure({
    entry, store, environment: env.name,
    shape: shapeOf(env, topologyOver(entry.regions, nodes, c.replicationFactor), replication, leaderRegion),
  }, `${prefix}.${field}`);
  const nodesPerZone = c.nodesPerZone ?? planned(1, 'nodesPerZone');
  return { nodesPerZone, storageGiB: c.storageGiB ?? planned(nodesPerZone, 'storageGiB') };
}

function requiredSizes(c: CassandraClusterYaml): CassandraSizes {
  if (c.nodesPerZone === undefined || c.storageGiB === undefined) {
    throw new Error(`cassandra cluster '${c.clusterName}': nodesPerZone and storageGiB are required where no capacity planner supplies them`);
  }
  return { nodesPerZone: c.nodesPerZone, storageGiB: c.storageGiB };
}

/** A keyspace name as the templates take it (the pattern carried over from the hand-built schemas, not verified against Keyspaces' docs). */
export const KEYSPACE_NAME = { pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,47}$', description: 'a keyspace name: a letter, then up to 47 letters, digits or \'_\'' } as const;

/** Schema of the key-value capacity of a Keyspaces table: `on-demand` or `{ provisioned: { readCapacityUnits, writeCapacityUnits } }`. */
export const TABLE_CAPACITY_SCHEMA = t.oneOf(
  t.enum(['on-demand'] as const),
  t.object({ provisioned: t.object({ readCapacityUnits: t.limit(L.capacityUnits), writeCapacityUnits: t.limit(L.capacityUnits) }) }),
);
export type TableCapacityYaml = Static<typeof TABLE_CAPACITY_SCHEMA>;

/** `on-demand` / `{ provisioned: {...} }` → the Keyspaces capacity mode. */
export function tableCapacityOf(y: TableCapacityYaml): TableCapacity {
  return y === 'on-demand' ? TableCapacity.onDemand()
    : TableCapacity.provisioned(y.provisioned.readCapacityUnits, y.provisioned.writeCapacityUnits);
}
