import type { PlatformConfig } from '../constructs/platform/config';

/**
 * Where the platform runs. Accounts, regions, availability zones and Kubernetes clusters are
 * written here, never looked up, so synth needs no credentials and never changes on its own.
 * Replace the example account ids with yours before `cdk deploy`.
 */
export const platform: PlatformConfig = {
  environments: [
    {
      name: 'prod',
      production: true,
      primaryRegion: 'us-east-1',
      prometheusRelease: 'kube-prometheus-stack',
      monitoringNamespace: 'monitoring',
      regions: [
        {
          region: 'us-east-1', account: '111111111111',
          availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
          kubernetes: { context: 'prod-us-east-1', storageClass: 'gp3-encrypted', podCidr: '10.1.0.0/16', vpcCidr: '10.101.0.0/16' },
        },
        {
          region: 'us-west-2', account: '111111111111',
          availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
          kubernetes: { context: 'prod-us-west-2', storageClass: 'gp3-encrypted', podCidr: '10.2.0.0/16', vpcCidr: '10.102.0.0/16' },
        },
        {
          region: 'eu-west-1', account: '111111111111',
          availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
          kubernetes: { context: 'prod-eu-west-1', storageClass: 'gp3-encrypted', podCidr: '10.3.0.0/16', vpcCidr: '10.103.0.0/16' },
        },
      ],
    },
  ],
};
