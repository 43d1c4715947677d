import type { EnvironmentConfig } from '../../constructs/platform/config';
import { type Environment, resolvePlatform } from '../../constructs/platform/config';

/** Three regions × three zones, like the default configuration, with overrides. */
export function environmentConfig(overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  const region = (name: string) => ({
    region: name, account: '123456789012',
    availabilityZones: [`${name}a`, `${name}b`, `${name}c`],
    kubernetes: { context: `test-${name}`, storageClass: 'gp3' },
  });
  return {
    name: 'test', production: true,
    regions: [region('us-east-1'), region('us-west-2'), region('eu-west-1')],
    ...overrides,
  };
}

export function testEnvironment(overrides: Partial<EnvironmentConfig> = {}): Environment {
  return resolvePlatform({ environments: [environmentConfig(overrides)] })[0];
}
