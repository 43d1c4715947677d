import { NeptuneEngineVersion, NeptuneInstanceClass } from '../constructs/graph/aws/neptune-engine';
import type { DigitalAssetsSettings } from '../lib/digital-assets';

/** Digital Asset Management: one metadata plane for all assets, relationships, searchable. */
export const digitalAssets: DigitalAssetsSettings = {
  sla: { latencyP99Ms: 50, errorRatePercent: 0.5, availabilityPercent: 99.95, capacityHeadroomPercent: 30 },
  neptune: {
    identifier: 'digital-assets',
    instanceClass: NeptuneInstanceClass.R6G_XLARGE,
    engineVersion: NeptuneEngineVersion.V1_4_5_1,
    primaryRegion: 'us-east-1',
    // Writer in the first zone, a reader (failover target) in each other zone.
    regions: [
      { region: 'us-east-1', instanceAvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
      { region: 'us-west-2', instanceAvailabilityZones: ['us-west-2a', 'us-west-2b'] },
      { region: 'eu-west-1', instanceAvailabilityZones: ['eu-west-1a', 'eu-west-1b'] },
    ],
    backupRetentionDays: 14,
    maxReplicaLagMs: 1000,
    maxGlobalReplicationLagMs: 5000,
  },
};
