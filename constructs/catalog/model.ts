import type { ServiceLevelObjectives } from '../platform/sla';

/** What a service stores, as its catalog entry declares it (`requirements.dataModel`). */
export const DATA_MODELS = ['key-value-cache', 'search', 'time-series', 'graph', 'queue', 'event-store'] as const;
export type DataModel = typeof DATA_MODELS[number];

/** Stores the platform runs (`store`). `graph` is Neptune on AWS and JanusGraph on Kubernetes. */
export const STORES = ['evcache', 'elasticsearch', 'cassandra', 'graph', 'dynomite'] as const;
export type Store = typeof STORES[number];

/** `requirements.replication`. */
export const REPLICATIONS = ['single-region', 'multi-region'] as const;
export type Replication = typeof REPLICATIONS[number];

/**
 * `requirements.consistency`: what a read must see.
 * - `eventual`: eventually the latest write (caches, search indices, asynchronous replicas);
 * - `regional`: the latest write acknowledged in the reader's region (quorum in the region);
 * - `global`: the latest write anywhere (a quorum or a leader across regions: a cross-region round trip per request).
 */
export const CONSISTENCIES = ['eventual', 'regional', 'global'] as const;
export type Consistency = typeof CONSISTENCIES[number];

/** What the service needs of its store; the store matrix (`selection.ts`) picks or checks the store from it. */
export interface Requirements {
  readonly dataModel: DataModel;
  /** p99 latency the service needs from the store, in milliseconds. */
  readonly latencyP99Ms: number;
  /** Peak reads per second served by one region. */
  readonly readsPerSecond: number;
  /** Peak writes per second, all regions together. */
  readonly writesPerSecond: number;
  /** Average item size, key included, in bytes. @default 1024 */
  readonly itemSizeBytes?: number;
  readonly replication: Replication;
  readonly consistency: Consistency;
  /** Dataset today (one copy), in GiB. */
  readonly datasetGiB: number;
  /** Monthly growth of the dataset, in percent. */
  readonly monthlyGrowthPercent: number;
  /** Items expire after this many days. @default - kept until deleted */
  readonly retentionDays?: number;
  /** The queue must deliver by priority within a shard (queues only). @default false */
  readonly priorities?: boolean;
  /** Delivery at a time in the future (queues only). @default false */
  readonly delayedDelivery?: boolean;
}

/**
 * One file of the catalog, `services/<service>.yaml`, after schema validation. The file name is
 * the service name: it prefixes stack and chart names.
 */
export interface CatalogEntry {
  /** kebab-case, from the file name. */
  readonly service: string;
  /** The file the entry came from, relative to the working directory where possible (for messages). */
  readonly file: string;
  readonly description?: string;
  /** Team that owns the service (gets the alarms, approves changes). */
  readonly owner: string;
  /** Regions the service runs in, in order. */
  readonly regions: readonly string[];
  readonly requirements: Requirements;
  /** Alarm thresholds, on AWS and on Kubernetes. */
  readonly sla: ServiceLevelObjectives;
  /** The store the owner asks for. @default - the store matrix chooses */
  readonly store?: Store;
  /** The store's settings per environment (`prod: {...}`), in the template's own schema. */
  readonly environments: Readonly<Record<string, unknown>>;
}

/** A use-case implementation the catalog can instantiate: the store + data model it serves and its settings schema. */
export interface ServiceTemplate {
  /** The data model it builds, e.g. `time-series`: names the template, never a service. */
  readonly name: string;
  /**
   * The catalog service whose file is this template's worked example (`services/<exemplar>.yaml`):
   * `npm run new-service` starts a new entry from its settings.
   */
  readonly exemplar: string;
  readonly store: Store;
  readonly dataModel: DataModel;
  /** JSON Schema (draft-07) of one environment's settings in YAML form; `additionalProperties: false` throughout. */
  readonly settingsSchema: object;
}

/** How a store replicates between regions, for the inventory and the pictures. */
export enum ReplicationMode {
  /** Every region accepts writes and replicates to every other (Cassandra, Dynomite). */
  MULTI_DIRECTIONAL = 'multi-directional',
  /** One region writes; the others follow it (Elasticsearch CCR, Neptune global database). */
  LEADER_FOLLOWER = 'leader-follower',
  /** The client writes every region, best effort (EVCache). */
  CLIENT_DRIVEN = 'client-driven',
}

/** Where a cluster runs, for the inventory and the topology picture. */
export interface ClusterPlacement {
  readonly region: string;
  readonly zones: readonly string[];
  readonly nodesPerZone: number;
  readonly replicationFactor: number;
}

/** A cluster's shape: placements, and how its regions replicate. */
export interface ClusterShape {
  readonly placements: readonly ClusterPlacement[];
  readonly replication: ReplicationMode;
  /** The writing region when `replication` is leader-follower. */
  readonly leaderRegion?: string;
}
