import { SearchNodeType } from '../constructs/elasticsearch/node-type';
import type { PlaybackManifestSettings } from '../lib/playback-manifest';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

/**
 * Playback Manifest: quick incident resolution, interactive dashboards, near-real-time search,
 * ad-hoc queries. Indices are written in us-east-1 (the leader) and replicated to the other
 * regions, which serve searches and dashboards locally.
 */
export const playbackManifest: PlaybackManifestSettings = {
  leaderRegion: 'us-east-1',
  // Two data nodes per zone; each shard has a primary and two replicas, one copy per zone.
  topology: { regions: REGIONS.map((region) => ({ region, nodesPerZone: 2, replicationFactor: 3 })) },
  sla: { latencyP99Ms: 200, errorRatePercent: 0.5, availabilityPercent: 99.9, capacityHeadroomPercent: 25 },
  aws: {
    domainName: 'playback-manifest',
    dataNodeType: SearchNodeType.R6G_XLARGE,
    storageGiBPerNode: 500,
    masterNodeType: SearchNodeType.M6G_LARGE,
    // Off-peak: early morning local time in each region.
    offPeakWindowStartHourUtc: { 'us-east-1': 8, 'us-west-2': 10, 'eu-west-1': 2 },
  },
  kubernetes: {
    namespace: 'playback-manifest',
    clusterName: 'playback-manifest',
    storageGiB: 500,
    cpuMillis: 4000,
    memoryMiB: 16384,
    transportDnsZone: 'search.internal.example.com',
    trustedCaConfigMapName: 'playback-manifest-remote-ca',
    clientNamespaces: ['playback-manifest-service'],
    kibanaInstances: 2,
  },
};
