import { GIB, type Workload, ceil, optionProblems, projectDataset, resolveWorkload, throwIfProblems, usableFraction } from './workload';

/**
 * Bytes memcached stores with an item besides its key and value (`itemSizeBytes` is key + value):
 * the 48-byte item struct, the 8-byte CAS value, the key's terminating NUL and the value's
 * trailing CRLF (`ITEM_ntotal` in memcached's items.h: sizeof(item) + nkey + 1 + nbytes, nbytes
 * counting "\r\n", + CAS). Measured on memcached 1.6.18: a 1-byte key with a 36-byte value fits the
 * 96-byte chunk, with a 37-byte value it does not (test/real-servers/memcached-slabs.test.ts).
 */
export const MEMCACHED_ITEM_OVERHEAD_BYTES = 59;

/**
 * Chunk sizes of memcached's slab classes with the default growth factor 1.25 and 96-byte
 * smallest chunk (`-f 1.25 -n 48`): 96, 120, 152, 192, 240, 304, 384, ... An item occupies the
 * smallest chunk that fits, so the difference is slab waste (up to 20%). As memcached's
 * `slabs_init` builds them: each class is the previous one times the factor (truncated), rounded
 * up to 8 bytes, until a size reaches the 512 KiB slab chunk maximum / factor; the last class is
 * that maximum. test/real-servers/memcached-slabs.test.ts compares them with what memcached -vv prints.
 *
 * @see https://github.com/memcached/memcached/wiki/UserInternals
 */
export function memcachedSlabChunkSizes(): number[] {
  const factor = 1.25;
  const max = 512 * 1024;
  const sizes: number[] = [];
  for (let size = 96; size < max / factor; size = Math.trunc(sizes[sizes.length - 1] * factor)) sizes.push(Math.ceil(size / 8) * 8);
  sizes.push(max);
  return sizes;
}

/** Bytes one item occupies: its slab chunk (items above 512 KiB are chunked; counted at 8-byte alignment). */
export function memcachedChunkBytes(itemSizeBytes: number): number {
  const needed = itemSizeBytes + MEMCACHED_ITEM_OVERHEAD_BYTES;
  return memcachedSlabChunkSizes().find((s) => s >= needed) ?? Math.ceil(needed / 8) * 8;
}

/**
 * Sizing of EVCache on memcached in one region: every zone holds a full copy (clients write all
 * zones and read the local one), so each zone is sized for the whole cached set.
 */
export interface MemcachedPlanOptions {
  /** Zones of the region: each gets a full copy. */
  readonly zones: number;
  /**
   * Share of the dataset kept in the cache, in percent.
   *
   * @default 100
   */
  readonly cachedPercent?: number;
  /**
   * Memory of one cache node, in GiB.
   *
   * @default 26.32 (cache.r7g.xlarge)
   */
  readonly nodeMemoryGiB?: number;
  /**
   * Node memory memcached cannot use for items (connection buffers, hash table, the OS), in percent.
   *
   * @default 10
   */
  readonly reservedMemoryPercent?: number;
  /**
   * Requests per second one node serves at 100%. memcached serves far more on a modern
   * instance; the network usually saturates first. Benchmark with memtier_benchmark.
   *
   * @default 100000
   */
  readonly requestsPerNodePerSecond?: number;
}

export interface MemcachedPlan {
  /** projected dataset × cachedPercent / itemSizeBytes. */
  readonly items: number;
  /** Slab chunk of one item: itemSizeBytes + 59 B header, rounded up to its slab class. */
  readonly chunkBytes: number;
  /** items × chunkBytes / (1 - headroom), in GiB: what each zone must hold. */
  readonly memoryPerZoneGiB: number;
  /** Requests per zone: all writes (clients write every zone) + reads / zones (clients read locally). */
  readonly requestsPerZonePerSecond: number;
  /** ceil(memoryPerZoneGiB / (nodeMemoryGiB × (1 - reserved))). */
  readonly nodesForMemory: number;
  /** ceil(requestsPerZone / (requestsPerNode × (1 - headroom))). */
  readonly nodesForThroughput: number;
  readonly nodesPerZone: number;
  readonly nodes: number;
}

/** Memory and nodes per zone for EVCache (memcached). */
export function planMemcached(workload: Workload, options: MemcachedPlanOptions): MemcachedPlan {
  const w = resolveWorkload(workload);
  throwIfProblems('planMemcached', [
    ...optionProblems('options', options, {
      zones: 'positiveInt', cachedPercent: 'percent', nodeMemoryGiB: 'positive', requestsPerNodePerSecond: 'positive',
    }),
    ...((options.reservedMemoryPercent ?? 10) >= 0 && (options.reservedMemoryPercent ?? 10) < 100 ? []
      : [`\`options.reservedMemoryPercent\` must be >= 0 and < 100, got ${options.reservedMemoryPercent}`]),
  ]);
  const items = projectDataset(w).projectedGiB * (options.cachedPercent ?? 100) / 100 * GIB / w.itemSizeBytes;
  const chunkBytes = memcachedChunkBytes(w.itemSizeBytes);
  const memoryPerZoneGiB = items * chunkBytes / GIB / usableFraction(w);
  const usablePerNodeGiB = (options.nodeMemoryGiB ?? 26.32) * (1 - (options.reservedMemoryPercent ?? 10) / 100);
  const requestsPerZonePerSecond = w.writesPerSecond + w.readsPerSecond / options.zones;
  const nodesForMemory = ceil(memoryPerZoneGiB / usablePerNodeGiB);
  const nodesForThroughput = ceil(requestsPerZonePerSecond / ((options.requestsPerNodePerSecond ?? 100_000) * usableFraction(w)));
  const nodesPerZone = Math.max(1, nodesForMemory, nodesForThroughput);
  return {
    items, chunkBytes, memoryPerZoneGiB, requestsPerZonePerSecond, nodesForMemory, nodesForThroughput,
    nodesPerZone, nodes: nodesPerZone * options.zones,
  };
}
