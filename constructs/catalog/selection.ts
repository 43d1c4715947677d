import type { Consistency, DataModel, Requirements, Store } from './model';

/**
 * The requirement → store matrix, from the polyglot-persistence talk: what each store serves,
 * the lowest p99 latency it can promise, and the read consistency it offers.
 */
export interface StoreCapability {
  readonly store: Store;
  readonly title: string;
  readonly dataModels: readonly DataModel[];
  /** The lowest p99 latency the store can be asked for, in ms. */
  readonly minLatencyP99Ms: number;
  readonly consistencies: readonly Consistency[];
}

export const STORE_CAPABILITIES: Readonly<Record<Store, StoreCapability>> = {
  // memcached in RAM, one full copy per zone, clients read their own zone: sub-millisecond.
  evcache: { store: 'evcache', title: 'EVCache', dataModels: ['key-value-cache'], minLatencyP99Ms: 0.2, consistencies: ['eventual'] },
  // Near-real-time search: a refresh interval between a write and a search that sees it.
  elasticsearch: { store: 'elasticsearch', title: 'Elasticsearch', dataModels: ['search'], minLatencyP99Ms: 10, consistencies: ['eventual'] },
  // Tunable consistency per request; reads go to disk (SSTables) under quorum: milliseconds, not less.
  cassandra: { store: 'cassandra', title: 'Cassandra', dataModels: ['time-series', 'event-store'], minLatencyP99Ms: 2,
    consistencies: ['eventual', 'regional', 'global'] },
  // One writer region; traversals touch many vertices.
  graph: { store: 'graph', title: 'graph database (Neptune / JanusGraph)', dataModels: ['graph'], minLatencyP99Ms: 10,
    consistencies: ['eventual', 'regional'] },
  // Redis behind the Dynomite proxy, DC_QUORUM across the racks of a region.
  dynomite: { store: 'dynomite', title: 'Dynomite (Redis)', dataModels: ['queue'], minLatencyP99Ms: 1, consistencies: ['eventual', 'regional'] },
};

/** The store the matrix picks per data model. */
export const DEFAULT_STORE: Readonly<Record<DataModel, Store>> = {
  'key-value-cache': 'evcache',
  'search': 'elasticsearch',
  'time-series': 'cassandra',
  'graph': 'graph',
  'queue': 'dynomite',
  'event-store': 'cassandra',
};

/** Why a store is a bad fit for a data model it does not serve, where the talk says more than "it does not". */
const MISFIT: Partial<Record<`${Store}/${DataModel}`, string>> = {
  'cassandra/queue': 'a queue on Cassandra deletes every message it delivers, and the tombstones make each poll scan more (the classic anti-pattern); delayed queues with priorities run on Dynomite',
  'evcache/time-series': 'EVCache is a cache: data lives in RAM only and is lost on a restart',
  'evcache/event-store': 'EVCache is a cache: data lives in RAM only and is lost on a restart',
  'elasticsearch/event-store': 'an event store needs conditional appends, which Elasticsearch does not offer',
};

/** A data-model rule: the store must serve the data model. */
export function dataModelProblem(req: Requirements, store: Store): string | undefined {
  const c = STORE_CAPABILITIES[store];
  if (c.dataModels.includes(req.dataModel)) return undefined;
  return MISFIT[`${store}/${req.dataModel}`]
    ?? `${c.title} serves ${c.dataModels.join(', ')}, not ${req.dataModel} (the matrix picks ${STORE_CAPABILITIES[DEFAULT_STORE[req.dataModel]].title})`;
}

/** A latency rule: the store must be able to meet the p99 target. */
export function latencyProblem(req: Requirements, store: Store): string | undefined {
  const c = STORE_CAPABILITIES[store];
  if (req.latencyP99Ms >= c.minLatencyP99Ms) return undefined;
  const sub = req.latencyP99Ms < 1 ? 'sub-millisecond ' : '';
  return `${c.title} cannot promise a ${sub}p99 of ${req.latencyP99Ms} ms (its floor is ${c.minLatencyP99Ms} ms)` +
    (req.latencyP99Ms < 1 ? '; only EVCache (memcached in RAM, local-zone reads) serves sub-millisecond key-value access' : '');
}

/** A consistency rule: the store must offer the read consistency asked for. */
export function consistencyProblem(req: Requirements, store: Store): string | undefined {
  const c = STORE_CAPABILITIES[store];
  if (c.consistencies.includes(req.consistency)) return undefined;
  return `${c.title} offers ${c.consistencies.join(', ')} consistency, not ${req.consistency}`;
}

/** Every reason `store` does not meet `req`; empty when it does. */
export function storeProblems(req: Requirements, store: Store): string[] {
  return [dataModelProblem(req, store), latencyProblem(req, store), consistencyProblem(req, store)]
    .filter((p): p is string => p !== undefined);
}

/** The store of a request and why: named by the owner, or chosen by the matrix. */
export interface StoreSelection {
  readonly store: Store;
  /** Whether the matrix chose the store (the entry named none). */
  readonly chosen: boolean;
  readonly reason: string;
}

/** Why the matrix's store fits the requirements, in the talk's words. */
export function selectionReason(req: Requirements, store: Store): string {
  const multi = req.replication === 'multi-region' ? ' and cross-region replication' : '';
  switch (store) {
    case 'evcache':
      return `${req.latencyP99Ms <= 1 ? 'sub-millisecond' : `p99 ${req.latencyP99Ms} ms`} key-value access${multi}: EVCache ` +
        '(memcached in RAM, a full copy per zone, clients read their local zone)';
    case 'elasticsearch':
      return `search, ad-hoc queries and dashboards${multi}: Elasticsearch (inverted indices, aggregations, Kibana)`;
    case 'cassandra':
      if (req.dataModel === 'event-store') return `append-only event store${multi}: Cassandra (conditional appends, per-operation consistency)`;
      return `time series${req.writesPerSecond >= req.readsPerSecond ? ' with heavy writes' : ''}${multi}` +
        `${req.datasetGiB >= 100 ? ', large data' : ''}: Cassandra (log-structured writes, multi-directional replication)`;
    case 'graph':
      return `relationships${multi}: a graph database (Neptune on AWS, JanusGraph on Kubernetes)`;
    case 'dynomite':
      return `distributed queue${req.delayedDelivery ? ' with delayed delivery' : ''}${req.priorities ? ' and priorities within a shard' : ''}${multi}: ` +
        'Dynomite over Redis (dyno-queues: a sorted set per shard)';
  }
}

/**
 * Picks the store for a request, or checks the one it names. Returns the selection, or the
 * reasons the named (or, when none is named, the matrix's) store does not meet the requirements.
 */
export function selectStore(req: Requirements, named?: Store): { selection?: StoreSelection; problems: string[] } {
  const store = named ?? DEFAULT_STORE[req.dataModel];
  const problems = storeProblems(req, store);
  if (problems.length > 0) return { problems };
  const reason = named
    ? `named by the entry; it meets the requirements (${selectionReason(req, store)})`
    : `chosen by the store matrix: ${selectionReason(req, store)}`;
  return { selection: { store, chosen: named === undefined, reason }, problems: [] };
}

/**
 * Problems of a request no store can meet, whatever the store: contradictions between fields.
 * Paths are relative to the entry (`requirements.latencyP99Ms`).
 */
export function requestProblems(req: Requirements, regions: readonly string[], slaLatencyP99Ms: number): Array<{ path: string; reason: string }> {
  const out: Array<{ path: string; reason: string }> = [];
  if (req.replication === 'single-region' && regions.length !== 1) {
    out.push({ path: 'regions', reason: `a single-region service must list exactly one region, got ${regions.length}` });
  }
  if (req.replication === 'multi-region' && regions.length < 2) {
    out.push({ path: 'requirements.replication', reason: `multi-region replication needs at least two regions, got ${regions.length}` });
  }
  if (req.consistency === 'global' && req.replication === 'multi-region' && req.latencyP99Ms < CROSS_REGION_ROUND_TRIP_MS) {
    out.push({ path: 'requirements.consistency', reason: `global consistency across regions costs a cross-region round trip (~${CROSS_REGION_ROUND_TRIP_MS} ms) per request, ` +
      `which a p99 target of ${req.latencyP99Ms} ms cannot absorb` });
  }
  if (req.readsPerSecond === 0 && req.writesPerSecond === 0) {
    out.push({ path: 'requirements.readsPerSecond', reason: 'a service with neither reads nor writes needs no store' });
  }
  if (req.dataModel !== 'queue') {
    for (const f of ['priorities', 'delayedDelivery'] as const) {
      if (req[f]) out.push({ path: `requirements.${f}`, reason: `applies to the queue data model only, got dataModel '${req.dataModel}'` });
    }
  }
  if (slaLatencyP99Ms > req.latencyP99Ms) {
    out.push({ path: 'sla.latencyP99Ms', reason: `the alarm threshold (${slaLatencyP99Ms} ms) must not be looser than the requirement ` +
      `requirements.latencyP99Ms (${req.latencyP99Ms} ms): the alarm would fire only after the requirement is broken` });
  }
  return out;
}

/** A round trip between the US and Europe, the floor of any request that needs every region. */
export const CROSS_REGION_ROUND_TRIP_MS = 70;
