import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { FlowLogDestination, FlowLogTrafficType, IpAddresses, type IVpc, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ResolvedRegion } from '../config';

export interface DataNetworkProps {
  /** The region, whose configured availability zones the subnets use (never looked up). */
  readonly region: ResolvedRegion;
  /**
   * @default '10.64.0.0/16'
   */
  readonly cidr?: string;
}

/**
 * The data layer's VPC in one region: isolated subnets only (no route to the internet, no NAT),
 * one per configured availability zone, and flow logs kept for a year. Stores put their
 * endpoints here; clients reach them through peering / Transit Gateway / PrivateLink.
 */
export class DataNetwork extends Construct {
  public readonly vpc: IVpc;

  constructor(scope: Construct, id: string, props: DataNetworkProps) {
    super(scope, id);
    const vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr(props.cidr ?? '10.64.0.0/16'),
      availabilityZones: [...props.region.availabilityZones],
      natGateways: 0,
      subnetConfiguration: [{ name: 'data', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 20 }],
      restrictDefaultSecurityGroup: true,
    });
    // Stack.availabilityZones acknowledges this itself, but NetworkStack overrides it (no lookup).
    Validations.of(vpc).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason: 'The subnets use the zones configured for the region (config/platform.ts), on purpose: synth never looks zones up, and every store places its nodes in these zones by name',
    });
    const flowLogs = new LogGroup(this, 'FlowLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    vpc.addFlowLog('FlowLog', { destination: FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: FlowLogTrafficType.ALL });
    this.vpc = vpc;
  }
}
