import { CacheNodeType } from '../constructs/evcache/node-type';
import { MemcachedVersion } from '../constructs/evcache/version';
import type { CdnUrlSettings } from '../lib/cdn-url';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

/**
 * CDN URL service: high availability, reads and writes under 1 ms, high throughput per node.
 * EVCache with a full copy in each of the three zones of every region, replicated across regions.
 */
export const cdnUrl: CdnUrlSettings = {
  cacheName: 'cdn-url',
  // Three zones per region (every configured zone), three nodes per zone, one copy per zone.
  topology: { regions: REGIONS.map((region) => ({ region, nodesPerZone: 3, replicationFactor: 3 })) },
  sla: { latencyP99Ms: 1, errorRatePercent: 0.01, availabilityPercent: 99.99, capacityHeadroomPercent: 30 },
  health: { minHitRatioPercent: 95, maxEvictionsPerMinute: 1000, maxSwapUsageMiB: 50 },
  replication: { messageRetentionMinutes: 60 },
  aws: {
    nodeType: CacheNodeType.R7G_LARGE,
    version: MemcachedVersion.V1_6_22,
    parameters: { maxItemSizeKiB: 1024, connectionsOverheadMiB: 512, idleTimeoutSeconds: 0 },
    maintenanceWindow: { day: 'tue', startHourUtc: 6 },
  },
  kubernetes: {
    namespace: 'cdn-url-cache',
    memoryMiB: 16384,
    cacheMemoryMiB: 14336,
    cpuMillis: 2000,
    maxConnections: 4096,
    threads: 4,
    tls: { secretName: 'cdn-url-evcache-tls' },
    clientNamespaces: ['cdn-url'],
  },
};
