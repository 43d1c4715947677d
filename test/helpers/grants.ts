import { CfnResource, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type IConnectable, type ISecurityGroup, SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { type Grant, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** A role as the use cases make them (EKS Pod Identity), to grant to. */
export function clientRole(scope: Construct, id = 'ClientRole'): Role {
  return new Role(scope, id, { assumedBy: new ServicePrincipal('pods.eks.amazonaws.com') });
}

/** The statements a grant added to the principal, resolved in `stack` (tokens as CloudFormation). */
export function grantedStatements(stack: Stack, grant: Grant): unknown[] {
  return grant.principalStatements.map((s) => stack.resolve(s.toStatementJson()));
}

/** Security group ids in the format CloudFormation's validator checks. */
export const CLIENT_SG = 'sg-0c11e470000000001';
export const STORE_SG = 'sg-05702e00000000002';

/** A client security group in `scope`'s stack (imported, so it adds no resource). */
export function clientSecurityGroup(scope: Construct, id = 'ClientSg', securityGroupId = CLIENT_SG): ISecurityGroup {
  return SecurityGroup.fromSecurityGroupId(scope, id, securityGroupId);
}

/** Paths of the CloudFormation resources defined in `scope` (no synth: an empty stack fails CloudFormation's validator). */
export function cfnResourcePaths(scope: Construct): string[] {
  return scope.node.findAll().filter(CfnResource.isCfnResource).map((r) => r.node.path);
}

/** Admits a client security group on `store`'s default port and expects the ingress rule on the store's group `STORE_SG`. */
export function expectClientsAdmitted(stack: Stack, store: IConnectable, port: number): void {
  store.connections.allowDefaultPortFrom(clientSecurityGroup(stack));
  Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
    GroupId: STORE_SG, SourceSecurityGroupId: CLIENT_SG, IpProtocol: 'tcp', FromPort: port, ToPort: port,
  });
}
