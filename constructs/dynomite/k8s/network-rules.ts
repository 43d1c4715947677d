import type { EgressRule, IngressRule } from '../../platform/k8s/network-policy';
import { DynomiteEncryption } from '../consistency';
import { DYNOMITE_CLIENT_PORT, DYNOMITE_PEER_PORT, DYNOMITE_PEER_TLS_PORT, REDIS_EXPORTER_PORT } from '../ring';

export interface DynomiteNetworkRulesProps {
  /** Namespaces whose pods may open client connections. */
  readonly clientNamespaces: string[];
  readonly monitoringNamespace: string;
  /** Labels of every node of the cluster (all racks, all regions). */
  readonly clusterPodLabels: Record<string, string>;
  /** Pod CIDRs of the other regions holding a datacenter of the cluster. */
  readonly otherDatacenterPodCidrs: string[];
  /** Which peer traffic goes through the stunnel sidecar (`DYNOMITE_PEER_TLS_PORT`) instead of the plaintext peer port. */
  readonly encryption: DynomiteEncryption;
}

/**
 * Every opening a Dynomite datacenter's pods need, in one place; the flow table
 * (test/safety/network-flows.ts, `delayed-queues`) says what must stay open. Peers that are
 * encrypted meet on the stunnel sidecar's port (mutual TLS); the plaintext peer port is open
 * only to the cluster's own pods in this region, and only when some peers use it (with
 * `ALL`, dynomite's peer port listens on 127.0.0.1 behind the tunnel).
 */
export function dynomiteNetworkRules(props: DynomiteNetworkRulesProps): { rules: IngressRule[]; egress: EgressRule[] } {
  const tunnelled = props.encryption !== DynomiteEncryption.NONE;
  const crossRegionPort = tunnelled ? DYNOMITE_PEER_TLS_PORT : DYNOMITE_PEER_PORT;
  return {
    rules: [
      { name: 'clients', ports: [DYNOMITE_CLIENT_PORT], fromNamespaces: props.clientNamespaces },
      ...(props.encryption === DynomiteEncryption.ALL ? [] : [{
        name: 'peers', ports: [DYNOMITE_PEER_PORT], fromPodLabels: props.clusterPodLabels,
        // Unencrypted peers across regions only when nothing is encrypted (a single-region ring: none there).
        ...(tunnelled ? {} : { fromCidrs: props.otherDatacenterPodCidrs }),
      }]),
      ...(tunnelled ? [{ name: 'peers-tls', ports: [DYNOMITE_PEER_TLS_PORT], fromPodLabels: props.clusterPodLabels, fromCidrs: props.otherDatacenterPodCidrs }] : []),
      { name: 'metrics', ports: [REDIS_EXPORTER_PORT], fromNamespaces: [props.monitoringNamespace] },
    ],
    // Seeds in other regions are Multi-Cluster Services per-pod names (ring.ts peerHost): pod IPs there.
    egress: [{ name: 'peers', ports: [crossRegionPort], toCidrs: props.otherDatacenterPodCidrs }],
  };
}
