import { type IPrincipal, ServicePrincipal } from 'aws-cdk-lib/aws-iam';

/**
 * The principal of an IAM role that pods assume through EKS Pod Identity. Its trust policy must
 * allow `sts:AssumeRole` and `sts:TagSession`: the Pod Identity agent tags the session (cluster,
 * namespace, service account), and without TagSession the role cannot be assumed at all.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
export function podIdentityPrincipal(): IPrincipal {
  return new ServicePrincipal('pods.eks.amazonaws.com').withSessionTags();
}
