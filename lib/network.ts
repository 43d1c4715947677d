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

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    this.network = new DataNetwork(this, 'Network', { region: props.region });
  }
}
