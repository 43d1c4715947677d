/**
 * AWS commercial regions that offer every service this platform uses.
 *
 * A closed list on purpose: a typo in a region name would otherwise synthesize a stack for a
 * region that does not exist, and nobody would notice until `cdk deploy`.
 */
export const KNOWN_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1',
  'ap-southeast-1', 'ap-southeast-2',
];

/** `us-east-1a` belongs to `us-east-1`: AZ names are the region name plus one letter. */
export function zoneBelongsToRegion(zone: string, region: string): boolean {
  return new RegExp(`^${region.replace(/-/g, '\\-')}[a-z]$`).test(zone);
}
