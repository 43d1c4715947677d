import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';

/** Annotation on the namespace holding why it enforces less than `restricted`. */
export const POD_SECURITY_EXCEPTION_ANNOTATION = 'platform.netflix.com/pod-security-exception';

/**
 * kube-dns as the cluster DNS add-on labels it (kubernetes/kubernetes
 * cluster/addons/dns/coredns/coredns.yaml.base: Deployment `coredns` in `kube-system`, pods
 * `k8s-app: kube-dns`, ports 53/UDP and 53/TCP). EKS's CoreDNS add-on keeps that label.
 */
export const KUBE_DNS = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, port: 53 } as const;

/** A namespace that enforces less than `restricted`, with the reason written beside the label. */
export interface PodSecurityException {
  /** @default 'baseline' */
  readonly level?: 'baseline';
  /** Why the namespace's pods cannot run under `restricted` (which image, which field). */
  readonly reason: string;
}

export interface StoreNamespaceProps {
  readonly name: string;
  /**
   * An exception to the `restricted` Pod Security Standard, with its reason. The namespace still
   * warns on anything `restricted` forbids.
   *
   * @default - `restricted` is enforced
   */
  readonly podSecurityException?: PodSecurityException;
}

/**
 * The namespace of a store, with its Pod Security Standard label and default-deny ingress and
 * egress NetworkPolicies: pods may resolve names (kube-dns) and connect within the namespace
 * (where each destination's ingress policy still decides), nothing else. A store reaches
 * anything beyond (peers in other regions, AWS endpoints) only through the allows its construct
 * declares (StoreNetworkPolicy).
 */
export class StoreNamespace extends Construct {
  public readonly name: string;
  /** The Pod Security Standard the namespace enforces. */
  public readonly podSecurity: 'baseline' | 'restricted';

  constructor(scope: Construct, id: string, props: StoreNamespaceProps) {
    super(scope, id);
    const exception = props.podSecurityException;
    if (exception && exception.reason.trim() === '') {
      throw new Error(`${this.node.path}: \`podSecurityException.reason\` must say why namespace '${props.name}' cannot enforce 'restricted', got ''`);
    }
    this.name = props.name;
    this.podSecurity = exception ? exception.level ?? 'baseline' : 'restricted';
    new k8s.KubeNamespace(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: { 'pod-security.kubernetes.io/enforce': this.podSecurity, 'pod-security.kubernetes.io/warn': 'restricted' },
        ...(exception ? { annotations: { [POD_SECURITY_EXCEPTION_ANNOTATION]: exception.reason } } : {}),
      },
    });
    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: 'default-deny-ingress', namespace: props.name },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    new k8s.KubeNetworkPolicy(this, 'DefaultDenyEgress', {
      metadata: { name: 'default-deny-egress', namespace: props.name },
      spec: { podSelector: {}, policyTypes: ['Egress'] },
    });
    new k8s.KubeNetworkPolicy(this, 'AllowDns', {
      metadata: { name: 'allow-egress-dns', namespace: props.name },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': KUBE_DNS.namespace } }, podSelector: { matchLabels: KUBE_DNS.podLabels } }],
          ports: (['UDP', 'TCP'] as const).map((protocol) => ({ protocol, port: k8s.IntOrString.fromNumber(KUBE_DNS.port) })),
        }],
      },
    });
    // Within the namespace egress is open: the destination's ingress policy is the gate.
    new k8s.KubeNetworkPolicy(this, 'AllowNamespace', {
      metadata: { name: 'allow-egress-namespace', namespace: props.name },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }] }] },
    });
  }
}
