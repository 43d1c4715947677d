import { type Workload, ceil, optionProblems, projectDataset, resolveWorkload, throwIfProblems, usableFraction } from './workload';

/**
 * Sizing of self-managed Cassandra (K8ssandra) in one region. Every region is sized the same:
 * NetworkTopologyStrategy keeps `replicationFactor` copies of the whole dataset in each
 * datacenter, and every region applies every write.
 */
export interface CassandraPlanOptions {
  /** Zones (racks) of the region; nodes are spread evenly, one rack per zone. */
  readonly zones: number;
  /**
   * Data one node may hold (after replication, before compaction headroom), in GiB. Beyond
   * about 1-2 TB per node, streaming a replacement node and repairs take too long.
   *
   * @see https://cassandra.apache.org/doc/latest/cassandra/managing/operating/hardware.html
   * @default 1024
   */
  readonly maxDataPerNodeGiB?: number;
  /**
   * Share of a node's data disk that live data may fill, in percent. Size-tiered compaction can
   * temporarily need as much free space as the SSTables it merges, hence 50%.
   *
   * @see https://cassandra.apache.org/doc/latest/cassandra/managing/operating/compaction/stcs.html
   * @default 50
   */
  readonly maxDiskUtilizationPercent?: number;
  /**
   * Replica writes per second one node sustains at 100% (each client write is RF replica
   * writes). Netflix measured about 1.1 M client writes/s at RF 3 on 288 nodes (2011),
   * roughly 11 500 replica writes/s per node; benchmark your own hardware and schema.
   *
   * @see https://netflixtechblog.com/benchmarking-cassandra-scalability-on-aws-over-a-million-writes-per-second-39f45f066c9e
   * @default 10000
   */
  readonly replicaWritesPerNodePerSecond?: number;
  /**
   * Replica reads per second one node sustains at 100%. A LOCAL_QUORUM read touches
   * floor(RF/2)+1 replicas of the local datacenter. Reads cost more than writes (SSTable
   * lookups), hence half the write figure.
   *
   * @default 5000
   */
  readonly replicaReadsPerNodePerSecond?: number;
}

export interface CassandraPlan {
  /** One logical copy at the end of the horizon (see `projectDataset`). */
  readonly projectedDatasetGiB: number;
  /** projectedDatasetGiB × replicationFactor: what one region stores. */
  readonly dataPerRegionGiB: number;
  /** writesPerSecond × replicationFactor. */
  readonly replicaWritesPerSecond: number;
  /** readsPerSecond × (floor(RF/2) + 1): LOCAL_QUORUM reads. */
  readonly replicaReadsPerSecond: number;
  /** ceil(dataPerRegionGiB / maxDataPerNodeGiB). */
  readonly nodesForData: number;
  /** ceil((replicaWrites / writeCapacity + replicaReads / readCapacity) / (1 - headroom)). */
  readonly nodesForThroughput: number;
  /** max(RF, nodesForData, nodesForThroughput), rounded up to a multiple of the zones. */
  readonly nodes: number;
  readonly nodesPerZone: number;
  /** The larger of the compaction limit and the headroom SLO: min(maxDiskUtilization, 100 - headroom). */
  readonly maxDiskUtilizationPercent: number;
  /** ceil(dataPerRegionGiB / nodes / (maxDiskUtilizationPercent / 100)). */
  readonly diskPerNodeGiB: number;
  readonly limitedBy: 'replication factor' | 'data' | 'throughput';
}

/** Nodes and disk per region for a Cassandra datacenter. */
export function planCassandra(workload: Workload, options: CassandraPlanOptions): CassandraPlan {
  const w = resolveWorkload(workload);
  throwIfProblems('planCassandra', [
    ...optionProblems('options', options, {
      zones: 'positiveInt', maxDataPerNodeGiB: 'positive', maxDiskUtilizationPercent: 'percent',
      replicaWritesPerNodePerSecond: 'positive', replicaReadsPerNodePerSecond: 'positive',
    }),
    ...(options.zones === undefined ? ['`options.zones` must be a positive integer, got undefined'] : []),
  ]);
  const maxDataPerNodeGiB = options.maxDataPerNodeGiB ?? 1024;
  const writeCapacity = options.replicaWritesPerNodePerSecond ?? 10_000;
  const readCapacity = options.replicaReadsPerNodePerSecond ?? 5_000;
  const rf = w.replicationFactor;

  const projectedDatasetGiB = projectDataset(w).projectedGiB;
  const dataPerRegionGiB = projectedDatasetGiB * rf;
  const replicaWritesPerSecond = w.writesPerSecond * rf;
  const replicaReadsPerSecond = w.readsPerSecond * (Math.floor(rf / 2) + 1);
  const nodesForData = ceil(dataPerRegionGiB / maxDataPerNodeGiB);
  const nodesForThroughput = ceil((replicaWritesPerSecond / writeCapacity + replicaReadsPerSecond / readCapacity) / usableFraction(w));
  const needed = Math.max(rf, nodesForData, nodesForThroughput);
  const nodesPerZone = ceil(needed / options.zones);
  const nodes = nodesPerZone * options.zones;
  const maxDiskUtilizationPercent = Math.min(options.maxDiskUtilizationPercent ?? 50, 100 - w.headroomPercent);
  const diskPerNodeGiB = ceil(dataPerRegionGiB / nodes / (maxDiskUtilizationPercent / 100));
  const limitedBy = needed === nodesForThroughput && nodesForThroughput > rf ? 'throughput'
    : needed === nodesForData && nodesForData > rf ? 'data' : 'replication factor';
  return {
    projectedDatasetGiB, dataPerRegionGiB, replicaWritesPerSecond, replicaReadsPerSecond,
    nodesForData, nodesForThroughput, nodes, nodesPerZone, maxDiskUtilizationPercent, diskPerNodeGiB, limitedBy,
  };
}

/** Sizing of an Amazon Keyspaces table, per region of a (multi-region) keyspace. */
export interface KeyspacesPlanOptions {
  /**
   * Reads at LOCAL_ONE (eventually consistent) cost half a read unit.
   *
   * @default false (LOCAL_QUORUM)
   */
  readonly localOneReads?: boolean;
  /**
   * Average utilisation of provisioned capacity above which provisioned is cheaper than
   * on-demand, in percent: the price of a provisioned unit-hour divided by the on-demand
   * price of 3 600 requests. us-east-1 list prices: $0.00075 per WCU-hour vs $1.45 per
   * million write request units → 0.208 / 1.45 = 14.4% (reads give the same ratio). Check
   * current prices for your region.
   *
   * @see https://aws.amazon.com/keyspaces/pricing/
   * @default 14.4
   */
  readonly onDemandBreakEvenPercent?: number;
}

export interface KeyspacesPlan {
  /** ceil(itemSizeBytes / 1024): one WCU writes 1 KB per second; LOCAL_QUORUM always. */
  readonly writeUnitsPerWrite: number;
  /** ceil(itemSizeBytes / 4096), halved for LOCAL_ONE: one RCU reads 4 KB per second at LOCAL_QUORUM. */
  readonly readUnitsPerRead: number;
  /** Peak write units per region (replicated writes consume write capacity in every region). */
  readonly peakWriteUnits: number;
  readonly peakReadUnits: number;
  /** ceil(peak units / (1 - headroom)): what to provision. */
  readonly writeCapacityUnits: number;
  readonly readCapacityUnits: number;
  /** averageToPeakPercent × (1 - headroom): how busy provisioned capacity would be on average. */
  readonly averageUtilizationPercent: number;
  /** PROVISIONED when averageUtilizationPercent >= the break-even, else PAY_PER_REQUEST. */
  readonly recommendedMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  /** Stored per region: one logical copy (Keyspaces replicates across 3 AZs itself and bills one). */
  readonly storageGiB: number;
}

/**
 * Keyspaces capacity units per region, and whether provisioned or on-demand is cheaper.
 *
 * @see https://docs.aws.amazon.com/keyspaces/latest/devguide/ReadWriteCapacityMode.html
 */
export function planKeyspaces(workload: Workload, options: KeyspacesPlanOptions = {}): KeyspacesPlan {
  const w = resolveWorkload(workload);
  throwIfProblems('planKeyspaces', optionProblems('options', options, { onDemandBreakEvenPercent: 'percent' }));
  const writeUnitsPerWrite = ceil(w.itemSizeBytes / 1024);
  const readUnitsPerRead = ceil(w.itemSizeBytes / 4096) * (options.localOneReads ? 0.5 : 1);
  const peakWriteUnits = w.writesPerSecond * writeUnitsPerWrite;
  const peakReadUnits = w.readsPerSecond * readUnitsPerRead;
  const averageUtilizationPercent = w.averageToPeakPercent * usableFraction(w);
  return {
    writeUnitsPerWrite, readUnitsPerRead, peakWriteUnits, peakReadUnits,
    writeCapacityUnits: ceil(peakWriteUnits / usableFraction(w)),
    readCapacityUnits: ceil(peakReadUnits / usableFraction(w)),
    averageUtilizationPercent,
    recommendedMode: averageUtilizationPercent >= (options.onDemandBreakEvenPercent ?? 14.4) ? 'PROVISIONED' : 'PAY_PER_REQUEST',
    storageGiB: projectDataset(w).projectedGiB,
  };
}
