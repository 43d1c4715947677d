import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';

export interface StoreNamespaceProps {
  readonly name: string;
  /**
   * Pod Security Standard enforced in the namespace.
   *
   * @default 'baseline' (database images often need fsGroup and sysctls that 'restricted' forbids)
   */
  readonly podSecurity?: 'baseline' | 'restricted';
}

/**
 * The namespace of a store, with its Pod Security Standard label and a default-deny ingress
 * NetworkPolicy: a store is reachable only through the allows its construct declares
 * (StoreNetworkPolicy). Egress stays open: operators' sidecars reach S3, KMS and peers.
 */
export class StoreNamespace extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: StoreNamespaceProps) {
    super(scope, id);
    this.name = props.name;
    const level = props.podSecurity ?? 'baseline';
    new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: { 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/warn': 'restricted' },
      },
    });
    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: 'default-deny-ingress', namespace: props.name },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
  }
}
