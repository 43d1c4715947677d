import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';

/** Who may connect to a store's port. */
export interface IngressRule {
  /** Short name used in the policy name, e.g. `clients`, `peers`, `metrics`. */
  readonly name: string;
  /** TCP ports. */
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

/**
 * Where a store's pods may connect beyond their own namespace (which StoreNamespace already
 * allows) and DNS.
 */
export interface EgressRule {
  /** Short name used in the policy name, e.g. `peers`, `aws-endpoints`. */
  readonly name: string;
  /** TCP ports. */
  readonly ports: number[];
  /**
   * CIDR blocks, e.g. other regions' pod networks or the VPC's interface endpoints.
   *
   * @default - none
   */
  readonly toCidrs?: string[];
  /**
   * Namespaces (by `kubernetes.io/metadata.name`) whose pods may be reached.
   *
   * @default - none
   */
  readonly toNamespaces?: string[];
}

export interface StoreNetworkPolicyProps {
  /** Policy name prefix. */
  readonly name: string;
  readonly namespace: string;
  /** Labels selecting the store's pods. */
  readonly podLabels: Record<string, string>;
  /** Ingress allows, one policy `<name>-allow-<rule>` each. */
  readonly rules: IngressRule[];
  /**
   * Egress allows, one policy `<name>-egress-<rule>` each. A rule with no destination is
   * dropped (an empty `to` would admit everywhere).
   *
   * @default - egress only within the namespace and to DNS (StoreNamespace)
   */
  readonly egress?: EgressRule[];
}

const tcp = (ports: number[]): k8s.NetworkPolicyPort[] => ports.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }));
const namespacePeer = (ns: string): k8s.NetworkPolicyPeer => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } });

/**
 * The explicit allows of a store, one NetworkPolicy per rule so a reviewer sees each opening by
 * name. Everything else is denied by the namespace's default-deny policies (see StoreNamespace).
 */
export class StoreNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: StoreNetworkPolicyProps) {
    super(scope, id);
    for (const rule of props.rules) {
      const from: k8s.NetworkPolicyPeer[] = [
        ...(rule.fromNamespaces ?? []).map(namespacePeer),
        ...(rule.fromPodLabels ? [{ podSelector: { matchLabels: rule.fromPodLabels } }] : []),
        ...(rule.fromCidrs ?? []).map((cidr) => ({ ipBlock: { cidr } })),
      ];
      new k8s.KubeNetworkPolicy(this, rule.name, {
        metadata: { name: `${props.name}-allow-${rule.name}`, namespace: props.namespace },
        spec: {
          podSelector: { matchLabels: props.podLabels },
          policyTypes: ['Ingress'],
          ingress: [{ from, ports: tcp(rule.ports) }],
        },
      });
    }
    for (const rule of props.egress ?? []) {
      const to: k8s.NetworkPolicyPeer[] = [
        ...(rule.toNamespaces ?? []).map(namespacePeer),
        ...(rule.toCidrs ?? []).map((cidr) => ({ ipBlock: { cidr } })),
      ];
      // A single-region store has no peers elsewhere: no policy rather than an empty (= any) `to`.
      if (to.length === 0) continue;
      new k8s.KubeNetworkPolicy(this, `egress-${rule.name}`, {
        metadata: { name: `${props.name}-egress-${rule.name}`, namespace: props.namespace },
        spec: {
          podSelector: { matchLabels: props.podLabels },
          policyTypes: ['Egress'],
          egress: [{ to, ports: tcp(rule.ports) }],
        },
      });
    }
  }
}

/**
 * Egress to AWS APIs (S3, KMS, STS) through the VPC's interface endpoints, HTTPS only: the
 * region's `kubernetes.vpcCidr`, never the internet.
 */
export function awsEndpointsEgress(vpcCidr: string): EgressRule {
  return { name: 'aws-endpoints', ports: [443], toCidrs: [vpcCidr] };
}
