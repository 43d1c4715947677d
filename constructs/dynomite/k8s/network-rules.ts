import type { EgressRule, IngressRule } from '../../platform/k8s/network-policy';
import { DYNOMITE_CLIENT_PORT, DYNOMITE_PEER_PORT, REDIS_EXPORTER_PORT } from '../ring';

export interface DynomiteNetworkRulesProps {
  /** Namespaces whose pods may open client connections. */
  readonly clientNamespaces: string[];
  readonly monitoringNamespace: string;
  /** Labels of every node of the cluster (all racks, all regions). */
  readonly clusterPodLabels: Record<string, string>;
  /** Pod CIDRs of the other regions holding a datacenter of the cluster. */
  readonly otherDatacenterPodCidrs: string[];
}

/**
 * Every opening a Dynomite datacenter's pods need, in one place: a change of port (a TLS
 * sidecar on the peer port) or of peer addressing is made here, and the flow table
 * (test/safety/network-flows.ts, `delayed-queues`) says what must stay open.
 */
export function dynomiteNetworkRules(props: DynomiteNetworkRulesProps): { rules: IngressRule[]; egress: EgressRule[] } {
  return {
    rules: [
      { name: 'clients', ports: [DYNOMITE_CLIENT_PORT], fromNamespaces: props.clientNamespaces },
      // Replication: the other racks here by pod labels, the other regions by their pod CIDR.
      { name: 'peers', ports: [DYNOMITE_PEER_PORT], fromPodLabels: props.clusterPodLabels, fromCidrs: props.otherDatacenterPodCidrs },
      { name: 'metrics', ports: [REDIS_EXPORTER_PORT], fromNamespaces: [props.monitoringNamespace] },
    ],
    // Seeds in other regions are Multi-Cluster Services per-pod names (ring.ts peerHost): pod IPs there.
    egress: [{ name: 'peers', ports: [DYNOMITE_PEER_PORT], toCidrs: props.otherDatacenterPodCidrs }],
  };
}
