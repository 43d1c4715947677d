import { stringify } from 'yaml';
import { Problems, show } from '../platform/errors';
import type { ResolvedTopology } from '../platform/topology';
import { DynomiteConsistency, DynomiteEncryption, MaxMemoryPolicy } from './consistency';

/** Dynomite's client port (what dyno clients connect to). */
export const DYNOMITE_CLIENT_PORT = 8102;
/** Dynomite's peer-to-peer port (replication between racks and datacenters). */
export const DYNOMITE_PEER_PORT = 8101;
/** Dynomite's JSON stats endpoint. */
export const DYNOMITE_STATS_PORT = 22222;
/** Redis, reachable only from inside the pod (bound to localhost). */
export const REDIS_PORT = 6379;
/** redis_exporter's Prometheus endpoint. */
export const REDIS_EXPORTER_PORT = 9121;
/** stunnel's TLS endpoint for peers: mutual TLS, forwarded to Dynomite's peer port inside the pod. */
export const DYNOMITE_PEER_TLS_PORT = 8443;
/** Port of the local end of each peer tunnel (on its own 127.1.x.y address), inside the pod. */
export const DYNOMITE_TUNNEL_PORT = 8111;
/** The seed provider sidecar, on 127.0.0.1 only: Dynomite's Florida default (dyn_florida.c:24-25, Netflix/dynomite 2046b05). */
export const FLORIDA_PORT = 8080;

/** Dynomite tokens are unsigned 32-bit integers: the ring is [0, 2^32). */
export const RING_SIZE = 2 ** 32;

/**
 * One token per node, spread evenly around the ring: node `i` of `n` owns the range starting at
 * `floor(i × 2^32 / n)`. Pure and deterministic: the same rack size always gives the same tokens,
 * and every rack of the same size gets the same tokens (so each rack holds the whole dataset,
 * partitioned the same way).
 */
export function rackTokens(nodes: number): number[] {
  if (!Number.isInteger(nodes) || nodes < 1) throw new Error(`a rack needs a positive integer number of nodes, got ${show(nodes)}`);
  return Array.from({ length: nodes }, (_, i) => Math.floor((i * RING_SIZE) / nodes));
}

/** One Dynomite node: a pod of a rack's StatefulSet. */
export interface DynomiteNode {
  /** Datacenter = AWS region. */
  readonly datacenter: string;
  /** Rack = zone (the Kubernetes `topology.kubernetes.io/zone` value). */
  readonly rack: string;
  /** StatefulSet ordinal. */
  readonly ordinal: number;
  /** Pod name, `<statefulSet>-<ordinal>`. */
  readonly podName: string;
  /** StatefulSet and headless Service of the rack. */
  readonly rackServiceName: string;
  readonly token: number;
}

/** The racks of one datacenter. */
export interface DynomiteDatacenter {
  readonly name: string;
  /** kubeconfig context of the region's cluster; the cluster id in multi-cluster DNS. */
  readonly clusterId: string;
  readonly racks: readonly DynomiteRack[];
}

export interface DynomiteRack {
  readonly name: string;
  readonly serviceName: string;
  readonly nodes: readonly DynomiteNode[];
}

/** Every node of a Dynomite cluster across regions, with its token. */
export interface DynomiteRing {
  readonly clusterName: string;
  readonly namespace: string;
  readonly datacenters: readonly DynomiteDatacenter[];
  readonly nodes: readonly DynomiteNode[];
}

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Problems of laying a (validated, so non-empty) topology out as a ring: one copy per rack, so
 * the replication factor must equal the racks, and rack (zone) names must be DNS labels (they
 * become StatefulSet names).
 */
export function ringProblems(clusterName: string, topology: ResolvedTopology, field = 'topology'): string[] {
  const p = new Problems();
  topology.placements.forEach((pl, i) => {
    p.check(pl.replicationFactor === pl.kubernetesZones.length,
      () => `\`${field}.regions[${i}].replicationFactor\` must equal the number of racks (${pl.kubernetesZones.length}): Dynomite keeps one copy per rack, got ${pl.replicationFactor}`);
    for (const zone of pl.kubernetesZones) {
      const name = `${clusterName}-${zone}`;
      p.check(DNS_LABEL.test(zone) && name.length <= 52,
        () => `\`${field}.regions[${i}]\` rack ${show(zone)} must be a DNS label and \`<clusterName>-<rack>\` at most 52 characters (a StatefulSet name), got ${show(name)}`);
    }
  });
  return [...p.items];
}

/** Lays the topology out: datacenter per region, rack per zone, tokens per rack. Validate with ringProblems first. */
export function buildRing(clusterName: string, namespace: string, topology: ResolvedTopology): DynomiteRing {
  const datacenters = topology.placements.map((pl): DynomiteDatacenter => ({
    name: pl.region.region,
    clusterId: pl.region.kubernetes.context,
    racks: pl.kubernetesZones.map((rack): DynomiteRack => {
      const serviceName = `${clusterName}-${rack}`;
      const tokens = rackTokens(pl.nodesPerZone);
      return {
        name: rack,
        serviceName,
        nodes: tokens.map((token, ordinal) => ({
          datacenter: pl.region.region, rack, ordinal, podName: `${serviceName}-${ordinal}`, rackServiceName: serviceName, token,
        })),
      };
    }),
  }));
  return { clusterName, namespace, datacenters, nodes: datacenters.flatMap((dc) => dc.racks.flatMap((r) => r.nodes)) };
}

/**
 * DNS name of `node` as seen from a pod in `fromDatacenter`: the per-pod name of the rack's
 * headless Service inside its own cluster, and the Multi-Cluster Services (KEP-1645) name
 * `<pod>.<clusterId>.<service>.<namespace>.svc.<clusterSetDomain>` from another region's cluster.
 */
export function peerHost(ring: DynomiteRing, node: DynomiteNode, fromDatacenter: string, clusterSetDomain: string): string {
  if (node.datacenter === fromDatacenter) return `${node.podName}.${node.rackServiceName}.${ring.namespace}.svc.cluster.local`;
  const dc = ring.datacenters.find((d) => d.name === node.datacenter)!;
  return `${node.podName}.${dc.clusterId}.${node.rackServiceName}.${ring.namespace}.svc.${clusterSetDomain}`;
}

/**
 * Whether Dynomite traffic from `self` to `peer` goes through the TLS tunnel. Dynomite's own
 * `secure_server_option` encryption is not used: it segfaults with a 2048-bit key (see
 * VERIFIED.md), so each option selects which peers are reached through stunnel instead.
 */
export function isTunneled(encryption: DynomiteEncryption, self: DynomiteNode, peer: DynomiteNode): boolean {
  switch (encryption) {
    case DynomiteEncryption.ALL: return true;
    case DynomiteEncryption.DATACENTER: return peer.datacenter !== self.datacenter;
    case DynomiteEncryption.RACK: return peer.datacenter !== self.datacenter || peer.rack !== self.rack;
    default: return false;
  }
}

/**
 * The loopback address on which a pod reaches `node` through its tunnel: 127.1.x.y, one per node
 * of the ring (Linux routes all of 127.0.0.0/8 to the loopback interface). Dynomite keys peers by
 * address, so every tunnelled peer needs its own.
 */
export function tunnelAddress(ring: DynomiteRing, node: DynomiteNode): string {
  const k = ring.nodes.findIndex((n) => n.podName === node.podName) + 1;
  return `127.1.${k >> 8}.${k & 255}`;
}

/** What seeds and tunnels depend on. */
export interface DynomitePeerOptions {
  readonly clusterSetDomain: string;
  readonly encryption: DynomiteEncryption;
}

/**
 * The seeds of `self` for the seed provider sidecar: every other node of the cluster,
 * `host:port:rack:dc:token` (Dynomite's format, dyn_florida.c:14-15). A direct peer by DNS name
 * and peer port (the sidecar resolves it on each request); a tunnelled peer by the local end of
 * its tunnel.
 */
export function seedsOf(ring: DynomiteRing, self: DynomiteNode, options: DynomitePeerOptions): string[] {
  return ring.nodes
    .filter((n) => n.podName !== self.podName)
    .map((n) => {
      const endpoint = isTunneled(options.encryption, self, n)
        ? `${tunnelAddress(ring, n)}:${DYNOMITE_TUNNEL_PORT}`
        : `${peerHost(ring, n, self.datacenter, options.clusterSetDomain)}:${DYNOMITE_PEER_PORT}`;
      return `${endpoint}:${n.rack}:${n.datacenter}:${n.token}`;
    });
}

/** One peer tunnel: a local end for Dynomite, the peer's TLS port, and the name its certificate must carry. */
export interface PeerTunnel {
  readonly name: string;
  readonly accept: string;
  readonly connect: string;
  readonly checkHost: string;
}

/** The tunnels of `self`: one per peer that `encryption` sends through TLS. */
export function tunnelsOf(ring: DynomiteRing, self: DynomiteNode, options: DynomitePeerOptions): PeerTunnel[] {
  return ring.nodes
    .filter((n) => n.podName !== self.podName && isTunneled(options.encryption, self, n))
    .map((n) => {
      const host = peerHost(ring, n, self.datacenter, options.clusterSetDomain);
      return { name: n.podName, accept: `${tunnelAddress(ring, n)}:${DYNOMITE_TUNNEL_PORT}`, connect: `${host}:${DYNOMITE_PEER_TLS_PORT}`, checkHost: host };
    });
}

/** What dynomite.yml needs beside the ring. */
export interface DynomiteYamlOptions extends DynomitePeerOptions {
  readonly readConsistency: DynomiteConsistency;
  readonly writeConsistency: DynomiteConsistency;
}

/**
 * The `dynomite.yml` of one node, as YAML text. Pure: same ring and options, same bytes.
 *
 * Seeds come from the `florida_provider` (the sidecar), never from `dyn_seeds`: Dynomite resolves
 * every `dyn_seeds` name while parsing its configuration and one that does not resolve makes it
 * reject the file and crash (VERIFIED.md). Gossip is off (dyn_core.c:310: "Gossip is currently not
 * maintained actively"); the seed provider still runs in the gossip thread, every `gos_interval`
 * ms, asking the sidecar at most every 30 s (dyn_seeds_provider.h:5).
 */
export function dynomiteYaml(self: DynomiteNode, options: DynomiteYamlOptions): string {
  // Every peer tunnelled: the plaintext peer port need not leave the pod.
  const peerBind = options.encryption === DynomiteEncryption.ALL ? '127.0.0.1' : '0.0.0.0';
  return stringify({
    dyn_o_mite: {
      datacenter: self.datacenter,
      rack: self.rack,
      listen: `0.0.0.0:${DYNOMITE_CLIENT_PORT}`,
      dyn_listen: `${peerBind}:${DYNOMITE_PEER_PORT}`,
      stats_listen: `0.0.0.0:${DYNOMITE_STATS_PORT}`,
      dyn_seed_provider: 'florida_provider',
      enable_gossip: false,
      gos_interval: 1000,
      tokens: String(self.token),
      data_store: 0,
      servers: [`127.0.0.1:${REDIS_PORT}:1`],
      secure_server_option: 'none',
      read_consistency: options.readConsistency.level,
      write_consistency: options.writeConsistency.level,
    },
  }, { lineWidth: 0 });
}

/** redis.conf of a queue node: AOF every second, never evict, reachable only from the pod. */
export function redisConf(maxMemoryMiB: number, policy: MaxMemoryPolicy): string {
  return [
    `port ${REDIS_PORT}`,
    // Only Dynomite and the exporter, both in the pod, talk to Redis.
    'bind 127.0.0.1 -::1',
    'protected-mode yes',
    'dir /data',
    'appendonly yes',
    'appendfsync everysec',
    'aof-use-rdb-preamble yes',
    'save ""',
    `maxmemory ${maxMemoryMiB}mb`,
    `maxmemory-policy ${policy}`,
    '',
  ].join('\n');
}
