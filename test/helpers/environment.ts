import type { EnvironmentConfig } from '../../constructs/platform/config';
import { type Environment, resolvePlatform } from '../../constructs/platform/config';

/** Three regions × three zones, like the default configuration, with overrides. */
export function environmentConfig(overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  const region = (name: string, i: number) => ({
    region: name, account: '123456789012',
    availabilityZones: [`${name}a`, `${name}b`, `${name}c`],
    kubernetes: { context: `test-${name}`, storageClass: 'gp3', podCidr: `10.${i + 1}.0.0/16`, vpcCidr: `10.${i + 101}.0.0/16` },
  });
  return {
    name: 'test', production: true,
    regions: [region('us-east-1', 0), region('us-west-2', 1), region('eu-west-1', 2)],
    ...overrides,
  };
}

export function testEnvironment(overrides: Partial<EnvironmentConfig> = {}): Environment {
  return resolvePlatform({ environments: [environmentConfig(overrides)] })[0];
}
