import type { Requirements, Store } from '../../constructs/catalog/model';
import {
  DEFAULT_STORE, consistencyProblem, dataModelProblem, latencyProblem, requestProblems, selectStore, storeProblems,
} from '../../constructs/catalog/selection';

const req = (overrides: Partial<Requirements> = {}): Requirements => ({
  dataModel: 'time-series', latencyP99Ms: 20, readsPerSecond: 4000, writesPerSecond: 6000, replication: 'multi-region',
  consistency: 'regional', datasetGiB: 400, monthlyGrowthPercent: 3, ...overrides,
});

describe('the matrix chooses a store per data model (no store named)', () => {
  test.each<[Requirements['dataModel'], Store, Partial<Requirements>, RegExp]>([
    ['key-value-cache', 'evcache', { latencyP99Ms: 0.5, consistency: 'eventual' }, /^chosen by the store matrix: sub-millisecond key-value access and cross-region replication: EVCache/],
    ['search', 'elasticsearch', { latencyP99Ms: 200, consistency: 'eventual' }, /search, ad-hoc queries and dashboards .*Elasticsearch/],
    ['time-series', 'cassandra', {}, /time series with heavy writes and cross-region replication, large data: Cassandra/],
    ['graph', 'graph', { latencyP99Ms: 50 }, /relationships .*graph database/],
    ['queue', 'dynomite', { latencyP99Ms: 5, priorities: true, delayedDelivery: true }, /queue with delayed delivery and priorities within a shard .*Dynomite/],
    ['event-store', 'cassandra', { latencyP99Ms: 50 }, /append-only event store .*Cassandra/],
  ])('%s → %s', (dataModel, store, overrides, reason) => {
    const { selection, problems } = selectStore(req({ dataModel, ...overrides }));
    expect(problems).toEqual([]);
    expect(selection).toEqual({ store, chosen: true, reason: expect.stringMatching(reason) });
    expect(DEFAULT_STORE[dataModel]).toBe(store);
  });

  test('time series with more reads than writes: no "heavy writes" claim', () => {
    expect(selectStore(req({ readsPerSecond: 10, writesPerSecond: 1 })).selection?.reason).not.toContain('heavy writes');
  });
});

describe('a named store', () => {
  test('that meets the requirements is kept, and the report says so', () => {
    expect(selectStore(req(), 'cassandra').selection).toEqual({ store: 'cassandra', chosen: false, reason: expect.stringMatching(/^named by the entry; it meets the requirements/) });
  });

  test('a queue on Cassandra fails with the tombstone reason', () => {
    const { selection, problems } = selectStore(req({ dataModel: 'queue', latencyP99Ms: 5 }), 'cassandra');
    expect(selection).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(/^a queue on Cassandra deletes every message .*tombstones/)]);
  });

  test('sub-millisecond latency on Cassandra fails with the latency reason', () => {
    expect(selectStore(req({ latencyP99Ms: 0.5 }), 'cassandra').problems).toEqual([
      'Cassandra cannot promise a sub-millisecond p99 of 0.5 ms (its floor is 2 ms); only EVCache (memcached in RAM, local-zone reads) serves sub-millisecond key-value access',
    ]);
  });
});

describe('rules, one by one', () => {
  test('data model: a store serving it passes; another fails naming the matrix choice', () => {
    expect(dataModelProblem(req(), 'cassandra')).toBeUndefined();
    expect(dataModelProblem(req({ dataModel: 'graph' }), 'elasticsearch')).toBe('Elasticsearch serves search, not graph (the matrix picks graph database (Neptune / JanusGraph))');
  });

  test('data model: a cache cannot be a time-series store', () => {
    expect(dataModelProblem(req(), 'evcache')).toMatch(/EVCache is a cache: data lives in RAM only/);
  });

  test('latency: at the floor passes, below fails', () => {
    expect(latencyProblem(req({ latencyP99Ms: 2 }), 'cassandra')).toBeUndefined();
    expect(latencyProblem(req({ latencyP99Ms: 1.5 }), 'cassandra')).toBe('Cassandra cannot promise a p99 of 1.5 ms (its floor is 2 ms)');
  });

  test('consistency: offered passes, not offered fails', () => {
    expect(consistencyProblem(req({ consistency: 'global' }), 'cassandra')).toBeUndefined();
    expect(consistencyProblem(req({ dataModel: 'key-value-cache', consistency: 'regional' }), 'evcache')).toBe('EVCache offers eventual consistency, not regional');
  });

  test('storeProblems lists every failed rule', () => {
    expect(storeProblems(req({ dataModel: 'key-value-cache', latencyP99Ms: 0.1, consistency: 'global' }), 'evcache')).toHaveLength(2);
  });
});

describe('requestProblems (contradictions no store can meet)', () => {
  test('a consistent request has none', () => {
    expect(requestProblems(req(), ['us-east-1', 'us-west-2'], 20)).toEqual([]);
  });

  test('global consistency at the round trip is possible', () => {
    expect(requestProblems(req({ consistency: 'global', latencyP99Ms: 70 }), ['us-east-1', 'eu-west-1'], 70)).toEqual([]);
  });

  test('global consistency in a single region is not limited by the round trip', () => {
    expect(requestProblems(req({ consistency: 'global', replication: 'single-region' }), ['us-east-1'], 20)).toEqual([]);
  });

  test('delayed delivery outside a queue', () => {
    expect(requestProblems(req({ delayedDelivery: true }), ['us-east-1', 'us-west-2'], 20).map((p) => p.path)).toEqual(['requirements.delayedDelivery']);
  });
});
