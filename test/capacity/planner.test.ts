import {
  GIB, type Workload, memcachedChunkBytes, memcachedSlabChunkSizes, planCassandra, planElasticsearch, planGraph, planKeyspaces,
  planMemcached, planRedis, projectDataset, resolveWorkload,
} from '../../constructs/capacity';

/** A flat workload (no growth) so the arithmetic in each test stays short. */
const base: Workload = {
  readsPerSecond: 10_000, writesPerSecond: 20_000, itemSizeBytes: 300, datasetGiB: 1000,
  monthlyGrowthPercent: 0, replicationFactor: 3, headroomPercent: 20,
};
const w = (overrides: Partial<Workload> = {}): Workload => ({ ...base, ...overrides });

describe('workload validation', () => {
  test.each<[keyof Workload, unknown, RegExp]>([
    ['readsPerSecond', -1, /`workload\.readsPerSecond` must be a finite number >= 0, got -1/],
    ['readsPerSecond', Number.NaN, /`workload\.readsPerSecond` must be a finite number >= 0, got null/],
    ['writesPerSecond', -5, /`workload\.writesPerSecond` must be a finite number >= 0, got -5/],
    ['itemSizeBytes', 0, /`workload\.itemSizeBytes` must be a positive integer, got 0/],
    ['itemSizeBytes', 10.5, /`workload\.itemSizeBytes` must be a positive integer, got 10\.5/],
    ['datasetGiB', -1, /`workload\.datasetGiB` must be a finite number >= 0, got -1/],
    ['monthlyGrowthPercent', -2, /`workload\.monthlyGrowthPercent` must be from 0 to 100 \(the planner sizes for growth, not shrinkage\), got -2/],
    ['monthlyGrowthPercent', 101, /`workload\.monthlyGrowthPercent` must be from 0 to 100/],
    ['retentionDays', 0, /`workload\.retentionDays` must be a positive integer, got 0/],
    ['planningHorizonMonths', 0, /`workload\.planningHorizonMonths` must be an integer from 1 to 60, got 0/],
    ['planningHorizonMonths', 61, /`workload\.planningHorizonMonths` must be an integer from 1 to 60, got 61/],
    ['replicationFactor', 0, /`workload\.replicationFactor` must be a positive integer, got 0/],
    ['headroomPercent', 100, /`workload\.headroomPercent` must be >= 0 and < 100, got 100/],
    ['headroomPercent', -1, /`workload\.headroomPercent` must be >= 0 and < 100, got -1/],
    ['averageToPeakPercent', 0, /`workload\.averageToPeakPercent` must be > 0 and <= 100, got 0/],
  ])('%s = %p is rejected with the field named', (field, value, message) => {
    expect(() => resolveWorkload({ ...base, [field]: value } as Workload)).toThrow(message);
  });

  test('every problem is reported at once, prefixed with the caller\'s field', () => {
    expect(() => resolveWorkload(w({ readsPerSecond: -1, replicationFactor: 0 }), 'settings.workload'))
      .toThrow(/capacity planner: 2 problems:\n {2}- `settings\.workload\.readsPerSecond`.*\n {2}- `settings\.workload\.replicationFactor`/);
  });

  test('every planner validates its workload', () => {
    const bad = w({ headroomPercent: 100 });
    for (const plan of [() => planCassandra(bad, { zones: 3 }), () => planKeyspaces(bad), () => planMemcached(bad, { zones: 3 }),
      () => planElasticsearch(bad, { zones: 3 }), () => planRedis(bad), () => planGraph(bad)]) {
      expect(plan).toThrow(/`workload\.headroomPercent`/);
    }
  });

  test('defaults: 12-month horizon, average at 50% of peak, no retention cap', () => {
    const r = resolveWorkload(base);
    expect([r.planningHorizonMonths, r.averageToPeakPercent, r.retentionDays]).toEqual([12, 50, undefined]);
  });
});

describe('dataset projection', () => {
  test('compounded growth: 100 GiB × 1.1^2 = 121 GiB over 2 months', () => {
    const p = projectDataset(w({ datasetGiB: 100, monthlyGrowthPercent: 10, planningHorizonMonths: 2 }));
    expect(p.grownGiB).toBeCloseTo(121, 9);
    expect(p.projectedGiB).toBeCloseTo(121, 9);
    expect(p.limitedBy).toBe('growth');
  });

  test('the default horizon is 12 months: 100 × 1.1^12 = 313.84 GiB', () => {
    expect(projectDataset(w({ datasetGiB: 100, monthlyGrowthPercent: 10 })).grownGiB).toBeCloseTo(313.8428, 3);
  });

  test('retention caps the dataset: 10 writes/s × 50% × 1024 B × 1 day = 442 368 000 B = 0.412 GiB', () => {
    const p = projectDataset(w({ datasetGiB: 100, writesPerSecond: 10, itemSizeBytes: 1024, retentionDays: 1 }));
    expect(p.retentionCapGiB).toBeCloseTo(442_368_000 / GIB, 12);
    expect(p.projectedGiB).toBe(p.retentionCapGiB);
    expect(p.limitedBy).toBe('retention');
  });

  test('the cap uses the average write rate: averageToPeakPercent 100 doubles it', () => {
    const p = projectDataset(w({ datasetGiB: 100, writesPerSecond: 10, itemSizeBytes: 1024, retentionDays: 1, averageToPeakPercent: 100 }));
    expect(p.retentionCapGiB).toBeCloseTo(2 * 442_368_000 / GIB, 12);
  });
});

describe('Cassandra', () => {
  test('throughput-bound: 20k writes × RF 3 and 10k reads × quorum 2 need 13 nodes, 15 over 3 racks', () => {
    // replica writes 60 000 / 10 000 = 6 node-equivalents; replica reads 20 000 / 5 000 = 4;
    // (6 + 4) / (1 - 0.2) = 12.5 → 13; ceil(13 / 3 zones) = 5 per zone → 15 nodes.
    // Data: 1000 GiB × 3 = 3000 GiB per region → ceil(3000 / 1024) = 3 nodes.
    // Disk: 3000 / 15 / 0.5 = 400 GiB per node.
    expect(planCassandra(base, { zones: 3 })).toEqual({
      projectedDatasetGiB: 1000, dataPerRegionGiB: 3000, replicaWritesPerSecond: 60_000, replicaReadsPerSecond: 20_000,
      nodesForData: 3, nodesForThroughput: 13, nodes: 15, nodesPerZone: 5, maxDiskUtilizationPercent: 50, diskPerNodeGiB: 400,
      limitedBy: 'throughput',
    });
  });

  test('data-bound: 10 000 GiB × RF 3 = 30 000 GiB → ceil(30000 / 1024) = 30 nodes, 2000 GiB disks', () => {
    const plan = planCassandra(w({ datasetGiB: 10_000, readsPerSecond: 0, writesPerSecond: 0, headroomPercent: 0 }), { zones: 3 });
    expect([plan.nodesForData, plan.nodes, plan.nodesPerZone, plan.diskPerNodeGiB, plan.limitedBy]).toEqual([30, 30, 10, 2000, 'data']);
  });

  test('never fewer nodes than the replication factor', () => {
    const plan = planCassandra(w({ datasetGiB: 1, readsPerSecond: 0, writesPerSecond: 0 }), { zones: 2 });
    // max(RF 3, 1, 0) = 3 → ceil(3 / 2) = 2 per zone → 4 nodes.
    expect([plan.nodes, plan.nodesPerZone, plan.limitedBy]).toEqual([4, 2, 'replication factor']);
  });

  test('headroom above 50% lowers the disk limit below the compaction limit: 100 - 60 = 40%', () => {
    const plan = planCassandra(w({ headroomPercent: 60, readsPerSecond: 0, writesPerSecond: 0 }), { zones: 3 });
    // 3000 GiB over max(3, 3, 0) = 3 nodes → 1000 GiB each / 0.4 = 2500 GiB.
    expect([plan.maxDiskUtilizationPercent, plan.diskPerNodeGiB]).toEqual([40, 2500]);
  });

  test.each([
    ['maxDataPerNodeGiB', 512, 'nodesForData', 6], // ceil(3000 / 512) = 6
    ['maxDiskUtilizationPercent', 25, 'diskPerNodeGiB', 800], // 3000 / 15 / 0.25
    ['replicaWritesPerNodePerSecond', 20_000, 'nodesForThroughput', 9], // (3 + 4) / 0.8 = 8.75 → 9
    ['replicaReadsPerNodePerSecond', 10_000, 'nodesForThroughput', 10], // (6 + 2) / 0.8 = 10
  ] as const)('option %s = %p changes %s to %p (the documented default is what the base case used)', (option, value, figure, expected) => {
    expect(planCassandra(base, { zones: 3, [option]: value })[figure]).toBe(expected);
  });

  test('bad options are rejected with the field named', () => {
    expect(() => planCassandra(base, { zones: 0 })).toThrow(/planCassandra: `options\.zones` must be a positive integer, got 0/);
    expect(() => planCassandra(base, { zones: 3, maxDiskUtilizationPercent: 150 })).toThrow(/`options\.maxDiskUtilizationPercent` must be > 0 and <= 100, got 150/);
    expect(() => planCassandra(base, { zones: 3, maxDataPerNodeGiB: -1 })).toThrow(/`options\.maxDataPerNodeGiB` must be a finite number > 0, got -1/);
  });
});

describe('Keyspaces', () => {
  test('5000-byte rows: 5 WCU per write (ceil 4.88), 2 RCU per LOCAL_QUORUM read (ceil 1.22)', () => {
    // peak: 1000 × 5 = 5000 WCU, 2000 × 2 = 4000 RCU; / (1 - 0.2) → 6250 WCU, 5000 RCU.
    // average utilisation 50% × 0.8 = 40% >= 14.4% → provisioned.
    expect(planKeyspaces(w({ itemSizeBytes: 5000, writesPerSecond: 1000, readsPerSecond: 2000 }))).toEqual({
      writeUnitsPerWrite: 5, readUnitsPerRead: 2, peakWriteUnits: 5000, peakReadUnits: 4000,
      writeCapacityUnits: 6250, readCapacityUnits: 5000, averageUtilizationPercent: 40, recommendedMode: 'PROVISIONED', storageGiB: 1000,
    });
  });

  test('LOCAL_ONE reads cost half: 2 RCU → 1', () => {
    expect(planKeyspaces(w({ itemSizeBytes: 5000 }), { localOneReads: true }).readUnitsPerRead).toBe(1);
  });

  test('a spiky workload (average 10% of peak → 8% utilisation) stays on-demand', () => {
    expect(planKeyspaces(w({ averageToPeakPercent: 10 })).recommendedMode).toBe('PAY_PER_REQUEST');
  });

  test('the break-even defaults to 14.4%: 18% × 0.8 = 14.4% is provisioned, 17.9% × 0.8 = 14.32% is not', () => {
    expect(planKeyspaces(w({ averageToPeakPercent: 18 })).recommendedMode).toBe('PROVISIONED');
    expect(planKeyspaces(w({ averageToPeakPercent: 17.9 })).recommendedMode).toBe('PAY_PER_REQUEST');
    expect(planKeyspaces(w({ averageToPeakPercent: 18 }), { onDemandBreakEvenPercent: 20 }).recommendedMode).toBe('PAY_PER_REQUEST');
  });

  test('bad break-even is rejected', () => {
    expect(() => planKeyspaces(base, { onDemandBreakEvenPercent: 0 })).toThrow(/`options\.onDemandBreakEvenPercent` must be > 0 and <= 100, got 0/);
  });
});

describe('memcached (EVCache)', () => {
  test('slab classes grow by 1.25 from 96 bytes, 8-byte aligned, up to 512 KiB', () => {
    const sizes = memcachedSlabChunkSizes();
    expect(sizes.slice(0, 12)).toEqual([96, 120, 152, 192, 240, 304, 384, 480, 600, 752, 944, 1184]);
    expect(sizes[sizes.length - 1]).toBe(524_288);
  });

  test('an item takes the smallest chunk holding key + value + 59-byte header: 300 → 359 → 384; 37 → 96; 38 → 120', () => {
    expect(memcachedChunkBytes(300)).toBe(384);
    expect(memcachedChunkBytes(37)).toBe(96);
    expect(memcachedChunkBytes(38)).toBe(120);
    expect(memcachedChunkBytes(600_000)).toBe(600_064);
  });

  test('10 GiB of 1 KiB items: 14.45 GiB per zone (1184-byte chunks, 20% headroom), 2 nodes per zone for throughput', () => {
    // items = 10 × 2^30 / 1024 = 10 485 760; × 1184 B = 11.5625 GiB; / 0.8 = 14.453125 GiB.
    // memory nodes: 14.45 / (26.32 × 0.9 = 23.688) → 1. Requests per zone: 50 000 writes (all zones)
    // + 300 000 reads / 3 zones = 150 000; / (100 000 × 0.8) = 1.875 → 2.
    const plan = planMemcached(w({ datasetGiB: 10, itemSizeBytes: 1024, writesPerSecond: 50_000, readsPerSecond: 300_000 }), { zones: 3 });
    expect(plan).toEqual({
      items: 10_485_760, chunkBytes: 1184, memoryPerZoneGiB: 14.453125, requestsPerZonePerSecond: 150_000,
      nodesForMemory: 1, nodesForThroughput: 2, nodesPerZone: 2, nodes: 6,
    });
  });

  test('options: half the data cached, smaller nodes', () => {
    const plan = planMemcached(w({ datasetGiB: 10, itemSizeBytes: 1024, writesPerSecond: 0, readsPerSecond: 0 }),
      { zones: 3, cachedPercent: 50, nodeMemoryGiB: 6.38, reservedMemoryPercent: 0 });
    // 14.453125 / 2 = 7.2265625 GiB per zone / 6.38 → 2 nodes.
    expect([plan.memoryPerZoneGiB, plan.nodesForMemory]).toEqual([7.2265625, 2]);
  });

  test('bad options are rejected with the field named', () => {
    expect(() => planMemcached(base, { zones: 3, reservedMemoryPercent: 100 })).toThrow(/`options\.reservedMemoryPercent` must be >= 0 and < 100, got 100/);
    expect(() => planMemcached(base, { zones: 1.5 })).toThrow(/`options\.zones` must be a positive integer, got 1\.5/);
  });
});

describe('Elasticsearch / OpenSearch', () => {
  test('300 GiB, 1 replica: 11 primaries of ~30 GiB, 868 GiB storage, 3 data nodes (one per zone)', () => {
    // primaries: 300 × 1.1 / 30 = 11; total 22 shards. Storage: 300 × 2 × 1.1 / 0.95 / 0.8 = 868.42 GiB.
    // heap min(31, 64 / 2) = 31 GiB → 620 shards per node; nodes max(2 copies, 1, 1) = 2 → 1 per zone → 3.
    const plan = planElasticsearch(w({ datasetGiB: 300, replicationFactor: 2, headroomPercent: 0 }), { zones: 3 });
    expect(plan).toEqual({
      replicas: 1, primaryShards: 11, totalShards: 22, storageGiB: 660 / 0.76, heapPerNodeGiB: 31,
      nodesForStorage: 1, nodesForShards: 1, dataNodes: 3, dataNodesPerZone: 1, storagePerNodeGiB: 290,
    });
  });

  test('storage-bound: 3000 GiB × 3 copies → 13 026 GiB / 1536 = 9 nodes, 3 per zone', () => {
    const plan = planElasticsearch(w({ datasetGiB: 3000, headroomPercent: 0 }), { zones: 3 });
    // 3000 × 3 × 1.1 / 0.76 = 13 026.3 GiB → ceil(8.48) = 9.
    expect([plan.nodesForStorage, plan.dataNodes, plan.dataNodesPerZone]).toEqual([9, 9, 3]);
  });

  test('small nodes are shard-bound: 8 GiB memory → 4 GiB heap → 80 shards per node', () => {
    const plan = planElasticsearch(w({ datasetGiB: 3000, replicationFactor: 2, headroomPercent: 0 }), { zones: 2, dataNodeMemoryGiB: 8, targetShardSizeGiB: 10 });
    // primaries 3300 / 10 = 330, total 660 → ceil(660 / 80) = 9 → 5 per zone → 10 nodes.
    expect([plan.nodesForShards, plan.dataNodes]).toEqual([9, 10]);
  });

  test('bad options are rejected', () => {
    expect(() => planElasticsearch(base, { zones: 3, targetShardSizeGiB: 0 })).toThrow(/`options\.targetShardSizeGiB` must be a finite number > 0, got 0/);
  });
});

describe('Redis', () => {
  test('10 GiB of 1 KiB values: 10.625 GiB with 64 B per key; 2 shards for memory, 3 for 150k requests/s', () => {
    // 10 × (1024 + 64) / 1024 = 10.625 GiB; per shard 26.32 / 2 × 0.8 = 10.528 GiB → 2.
    // (100 000 + 50 000) / (80 000 × 0.8) = 2.34 → 3.
    const plan = planRedis(w({ datasetGiB: 10, itemSizeBytes: 1024, readsPerSecond: 100_000, writesPerSecond: 50_000 }));
    expect(plan).toEqual({
      dataMemoryGiB: 10.625, shardsForMemory: 2, shardsForThroughput: 3, shards: 3, replicasPerShard: 2, dataMemoryPerShardGiB: 10.625 / 3,
    });
  });

  test('no fork headroom (factor 1) halves the shards needed for memory', () => {
    const plan = planRedis(w({ datasetGiB: 10, itemSizeBytes: 1024, readsPerSecond: 0, writesPerSecond: 0 }), { forkMemoryFactor: 1 });
    expect(plan.shardsForMemory).toBe(1); // 10.625 / 21.056
  });

  test('bad options are rejected', () => {
    expect(() => planRedis(base, { forkMemoryFactor: 0.5 })).toThrow(/`options\.forkMemoryFactor` must be >= 1, got 0\.5/);
  });
});

describe('graph', () => {
  test('50 GiB working set: 50 / (2/3) / 0.75 = 100 GiB memory → db.r6g.4xlarge (128 GiB)', () => {
    expect(planGraph(w({ datasetGiB: 50, headroomPercent: 25 }))).toEqual({
      workingSetGiB: 50, requiredMemoryGiB: 100, instanceClass: 'db.r6g.4xlarge', fits: true, readReplicas: 2,
    });
  });

  test('a hot set of 10% needs only 10 GiB → db.r6g.large', () => {
    expect(planGraph(w({ datasetGiB: 50, headroomPercent: 25 }), { hotSetPercent: 10 }).instanceClass).toBe('db.r6g.large');
  });

  test('a working set larger than any class is reported as not fitting, on the largest class', () => {
    const plan = planGraph(w({ datasetGiB: 400, headroomPercent: 25 }));
    expect([plan.instanceClass, plan.fits]).toEqual(['db.r6g.16xlarge', false]);
  });

  test('an empty class list is rejected', () => {
    expect(() => planGraph(base, { instanceClasses: [] })).toThrow(/`options\.instanceClasses` must list at least one class, got \[\]/);
  });
});
