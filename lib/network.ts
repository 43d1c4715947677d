import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DataNetwork } from '../constructs/platform/aws/data-network';
import type { Environment, ResolvedRegion } from '../constructs/platform/config';

export interface NetworkStackProps extends StackProps {
  readonly environment: Environment;
  readonly region: ResolvedRegion;
}

/** The data layer's network in one region, shared by every use case's stack there. */
export class NetworkStack extends Stack {
  public readonly network: DataNetwork;
  private readonly zones: readonly string[];

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    this.zones = props.region.availabilityZones;
    this.network = new DataNetwork(this, 'Network', { region: props.region });
  }

  /**
   * The configured zones. `Stack`'s own getter is a context lookup for an environment-specific
   * stack (the CDK CLI then calls EC2 DescribeAvailabilityZones, and fails without credentials),
   * and `ec2.Vpc` reads it even when given `availabilityZones`. aws-cdk-lib's Stack docs: "To
   * specify a different strategy for selecting availability zones override this method."
   */
  public override get availabilityZones(): string[] {
    return [...this.zones];
  }
}
