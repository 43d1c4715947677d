import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';

/** Who may connect to a store's port. */
export interface IngressRule {
  /** Short name used in the policy name, e.g. `clients`, `peers`, `metrics`. */
  readonly name: string;
  readonly ports: number[];
  /**
   * Namespaces (by `kubernetes.io/metadata.name`) whose pods may connect.
   *
   * @default - none
   */
  readonly fromNamespaces?: string[];
  /**
   * Pods of the store's own namespace, by labels (e.g. the store's peers across zones).
   *
   * @default - none
   */
  readonly fromPodLabels?: Record<string, string>;
  /**
   * CIDR blocks, e.g. other regions' pod networks for cross-region replication.
   *
   * @default - none
   */
  readonly fromCidrs?: string[];
}

export interface StoreNetworkPolicyProps {
  /** Policy name prefix. */
  readonly name: string;
  readonly namespace: string;
  /** Labels selecting the store's pods. */
  readonly podLabels: Record<string, string>;
  readonly rules: IngressRule[];
}

/**
 * The explicit allows of a store, one NetworkPolicy per rule so a reviewer sees each opening by
 * name. Everything else is denied by the namespace's default-deny policy (see StoreNamespace).
 */
export class StoreNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: StoreNetworkPolicyProps) {
    super(scope, id);
    for (const rule of props.rules) {
      const from: k8s.NetworkPolicyPeer[] = [
        ...(rule.fromNamespaces ?? []).map((ns) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } })),
        ...(rule.fromPodLabels ? [{ podSelector: { matchLabels: rule.fromPodLabels } }] : []),
        ...(rule.fromCidrs ?? []).map((cidr) => ({ ipBlock: { cidr } })),
      ];
      new k8s.KubeNetworkPolicy(this, rule.name, {
        metadata: { name: `${props.name}-allow-${rule.name}`, namespace: props.namespace },
        spec: {
          podSelector: { matchLabels: props.podLabels },
          policyTypes: ['Ingress'],
          ingress: [{ from, ports: rule.ports.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })) }],
        },
      });
    }
  }
}
