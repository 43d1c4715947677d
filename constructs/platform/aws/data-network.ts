import { CfnResource, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FlowLogDestination, FlowLogTrafficType, IpAddresses, type IVpc, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { ResolvedRegion } from '../config';
import { encryptedLogGroup } from './log-encryption';

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
    const logsKey = new Key(this, 'LogsKey', {
      description: 'Encrypts the data VPC\'s flow logs and its default security group handler\'s logs', enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN,
    });
    const flowLogs = encryptedLogGroup(this, 'FlowLogs', { encryptionKey: logsKey });
    vpc.addFlowLog('FlowLog', { destination: FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: FlowLogTrafficType.ALL });
    // The Lambda behind `restrictDefaultSecurityGroup` would log into a group Lambda creates on
    // first run, unencrypted and kept forever: point it at an encrypted one instead.
    const provider = Stack.of(this).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
    const handler = provider?.node.tryFindChild('Handler');
    if (!(handler instanceof CfnResource) || handler.cfnResourceType !== 'AWS::Lambda::Function') {
      throw new Error(`${this.node.path}: the restrictDefaultSecurityGroup handler (Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler) was not found; aws-cdk-lib changed how it builds it`);
    }
    const handlerLogs = encryptedLogGroup(this, 'RestrictDefaultSgLogs', { encryptionKey: logsKey });
    handler.addPropertyOverride('LoggingConfig', { LogGroup: handlerLogs.logGroupName });
    this.vpc = vpc;
  }
}
