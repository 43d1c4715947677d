import type { KubeObject } from './k8s';

/**
 * A NetworkPolicy evaluator for tests, by the semantics of
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/ (networking.k8s.io/v1):
 * - a pod is isolated for ingress (egress) when any policy of its namespace selects it and lists
 *   that type in `policyTypes` (omitted: Ingress, plus Egress when the policy has `egress`);
 * - an isolated pod admits a connection when any rule of any such policy matches it; policies add up;
 * - a connection needs both the source's egress and the destination's ingress;
 * - a peer with `podSelector` alone means pods of the policy's namespace, `namespaceSelector` alone
 *   every pod of the matching namespaces, both together the matching pods of the matching
 *   namespaces; `ipBlock` matches addresses (here: endpoints outside the cluster) in `cidr` and
 *   not in `except`;
 * - a rule without `from`/`to` (or an empty list) matches every peer, without `ports` every port; a
 *   port entry's protocol defaults to TCP, no `port` means every port, `endPort` a range.
 * Reply traffic of an admitted connection is always allowed, so a flow is only ever checked in
 * the direction it is opened.
 */

/** A pod of the cluster the policies are applied to. */
export interface PodEndpoint {
  readonly kind: 'pod';
  /** How tables and messages name it. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Container ports by name, for policies with named ports. @default - none */
  readonly namedPorts?: Readonly<Record<string, number>>;
}

/** An address outside the cluster (another region's pod, an AWS endpoint, the internet). */
export interface AddressEndpoint {
  readonly kind: 'address';
  readonly name: string;
  readonly ip: string;
}

export type Endpoint = PodEndpoint | AddressEndpoint;

export interface Flow {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

export interface Verdict {
  readonly allowed: boolean;
  /** Which side denied it, or the policies that admitted each side. */
  readonly reason: string;
}

type LabelSelector = { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> };

/** Whether `labels` satisfy a label selector (an empty selector selects everything). */
export function selects(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In': if (!has || !(e.values ?? []).includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && (e.values ?? []).includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: throw new Error(`unknown label selector operator '${e.operator}'`);
    }
  }
  return true;
}

const ipToInt = (ip: string): number => {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: '${ip}'`);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
};

/** Whether `ip` is inside `cidr` (IPv4). */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const n = Number(bits);
  if (!Number.isInteger(n) || n < 0 || n > 32) throw new Error(`not an IPv4 CIDR: '${cidr}'`);
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return ((ipToInt(ip) & mask) >>> 0) === ((ipToInt(base) & mask) >>> 0);
}

export class NetworkPolicyModel {
  private readonly policies: KubeObject[];
  private readonly namespaceLabels: Map<string, Record<string, string>>;

  /**
   * @param objects synthesized objects; NetworkPolicies and Namespaces are read from them.
   * @param namespaces labels of namespaces that exist without an object here (e.g. an operator's);
   *   every namespace carries `kubernetes.io/metadata.name` anyway.
   */
  constructor(objects: readonly KubeObject[], namespaces: Readonly<Record<string, Record<string, string>>> = {}) {
    this.policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    for (const p of this.policies) if (!p.metadata.namespace) throw new Error(`NetworkPolicy ${p.metadata.name} has no namespace`);
    this.namespaceLabels = new Map(Object.entries(namespaces).map(([k, v]) => [k, { ...v }]));
    for (const o of objects.filter((x) => x.kind === 'Namespace')) this.namespaceLabels.set(o.metadata.name, { ...(o.metadata.labels ?? {}) });
  }

  public evaluate(flow: Flow): Verdict {
    const egress = flow.from.kind === 'pod' ? this.side(flow.from, flow, 'Egress') : { allowed: true, by: ['(outside the cluster)'] };
    if (!egress.allowed) return { allowed: false, reason: `egress of ${flow.from.name} denied` };
    const ingress = flow.to.kind === 'pod' ? this.side(flow.to, flow, 'Ingress') : { allowed: true, by: ['(outside the cluster)'] };
    if (!ingress.allowed) return { allowed: false, reason: `ingress of ${flow.to.name} denied` };
    return { allowed: true, reason: `egress by ${egress.by.join(', ')}; ingress by ${ingress.by.join(', ')}` };
  }

  public allows(flow: Flow): boolean {
    return this.evaluate(flow).allowed;
  }

  private side(pod: PodEndpoint, flow: Flow, type: 'Ingress' | 'Egress'): { allowed: boolean; by: string[] } {
    const selecting = this.policies.filter((p) => p.metadata.namespace === pod.namespace
      && selects(p.spec?.podSelector ?? {}, pod.labels) && policyTypes(p).includes(type));
    if (selecting.length === 0) return { allowed: true, by: ['(not isolated)'] };
    const peer = type === 'Ingress' ? flow.from : flow.to;
    const by = selecting.filter((p) => (type === 'Ingress' ? p.spec?.ingress : p.spec?.egress ?? [])?.some((rule: any) =>
      this.peersMatch(type === 'Ingress' ? rule.from : rule.to, peer, p.metadata.namespace!) && portsMatch(rule.ports, flow, type === 'Ingress' ? pod : peer)));
    return { allowed: by.length > 0, by: by.map((p) => p.metadata.name) };
  }

  private peersMatch(peers: any[] | undefined, peer: Endpoint, policyNamespace: string): boolean {
    if (!peers || peers.length === 0) return true;
    return peers.some((p) => {
      if (p.ipBlock) {
        if (p.podSelector || p.namespaceSelector) throw new Error('a NetworkPolicyPeer with ipBlock must have no other field');
        return peer.kind === 'address' && inCidr(peer.ip, p.ipBlock.cidr) && !(p.ipBlock.except ?? []).some((c: string) => inCidr(peer.ip, c));
      }
      if (peer.kind !== 'pod') return false;
      if (!p.podSelector && !p.namespaceSelector) throw new Error('a NetworkPolicyPeer needs podSelector, namespaceSelector or ipBlock');
      const nsOk = p.namespaceSelector ? selects(p.namespaceSelector, this.labelsOfNamespace(peer.namespace)) : peer.namespace === policyNamespace;
      return nsOk && selects(p.podSelector ?? {}, peer.labels);
    });
  }

  private labelsOfNamespace(ns: string): Record<string, string> {
    return { ...(this.namespaceLabels.get(ns) ?? {}), 'kubernetes.io/metadata.name': ns };
  }
}

function policyTypes(p: KubeObject): string[] {
  if (p.spec?.policyTypes) return p.spec.policyTypes;
  return p.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** `destination` resolves named ports (a named port refers to the destination pod's container port). */
function portsMatch(ports: any[] | undefined, flow: Flow, destination: Endpoint): boolean {
  if (!ports || ports.length === 0) return true;
  const protocol = flow.protocol ?? 'TCP';
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    const port = typeof p.port === 'number' ? p.port : destination.kind === 'pod' ? destination.namedPorts?.[p.port] : undefined;
    if (port === undefined) return false;
    return p.endPort === undefined ? flow.port === port : flow.port >= port && flow.port <= p.endPort;
  });
}
