import type { CatalogEntry, ClusterPlacement, ClusterShape, Consistency, Store } from '../catalog/model';
import { ReplicationMode } from '../catalog/model';

/**
 * Failure domains of a service: for the loss of each zone, of each region and of the primary
 * region, on each flavor, whether the service still meets its consistency level, what data is
 * at risk and what an operator must do. Pure functions over the cluster's shape and the store's
 * replica placement.
 */

/** What is lost. */
export interface Loss {
  readonly kind: 'zone' | 'region' | 'primary region';
  readonly region: string;
  readonly zone?: string;
}

export interface FailureDomainOutcome {
  readonly loss: Loss;
  readonly flavor: 'AWS' | 'Kubernetes';
  /** Whether reads and writes still meet `requirements.consistency` in the surviving regions. */
  readonly meetsConsistency: boolean;
  /** How many copies (replicas, zones, racks) are left where the loss happened, and what the level needs. */
  readonly detail: string;
  readonly dataAtRisk: string;
  readonly operatorAction: string;
}

export interface FailureDomainReport {
  readonly service: string;
  readonly store: Store;
  readonly consistency: Consistency;
  readonly outcomes: readonly FailureDomainOutcome[];
}

/**
 * The most replicas of one token range that one rack can hold, whatever the token order, when
 * NetworkTopologyStrategy places `rf` replicas over `racks` racks of `nodesPerRack` nodes. Its
 * placement (Cassandra's `NetworkTopologyStrategy.calculateNaturalReplicas`) walks the ring and
 * takes one node per unseen rack, keeping the skipped nodes in ring order; once every rack has a
 * replica it appends the skipped nodes. So with rf <= racks every replica is in its own rack, and
 * beyond that the skipped nodes may all come from one rack: 1 + (rf - racks), at most the rack's nodes.
 */
export function maxReplicasPerRack(rf: number, racks: number, nodesPerRack: number): number {
  return rf <= racks ? 1 : Math.min(nodesPerRack, 1 + rf - racks);
}

/** LOCAL_QUORUM / DC_QUORUM: a majority of `n`. */
export const quorum = (n: number) => Math.floor(n / 2) + 1;

/** Worst-case copies of an item left in a region after one of its zones is lost. */
export function copiesAfterZoneLoss(store: Store, flavor: 'AWS' | 'Kubernetes', p: ClusterPlacement): number {
  const zones = p.zones.length;
  if (store === 'evcache' || store === 'dynomite') return zones - 1; // a full copy per zone (EVCache server group, Dynomite rack)
  if (store === 'cassandra' && flavor === 'AWS') return 2; // Keyspaces: three copies across three AZs, one per AZ
  return p.replicationFactor - maxReplicasPerRack(p.replicationFactor, zones, p.nodesPerZone);
}

/** Copies a read or write needs in a region for the requested consistency. */
export function copiesNeeded(store: Store, flavor: 'AWS' | 'Kubernetes', consistency: Consistency, p: ClusterPlacement): number {
  if (consistency === 'eventual') return 1;
  const copies = store === 'evcache' || store === 'dynomite' ? p.zones.length : store === 'cassandra' && flavor === 'AWS' ? 3 : p.replicationFactor;
  // Neptune and OpenSearch have one writer per cluster or shard: a surviving copy that can be promoted is enough.
  // JanusGraph on Kubernetes reads and writes its Cassandra at LOCAL_QUORUM (the Cassandra rule below).
  if ((store === 'graph' && flavor === 'AWS') || store === 'elasticsearch') return 1;
  return quorum(copies);
}

function lagBound(entry: CatalogEntry, environment: string): string {
  const env = entry.environments[environment] as Record<string, unknown> | undefined;
  const lag = env?.maxReplicationLagMs ?? (env?.neptune as Record<string, unknown> | undefined)?.maxGlobalReplicationLagMs;
  return typeof lag === 'number'
    ? `writes of the last ${lag} ms not yet replicated (the replication-lag alarm fires above ${lag} ms)`
    : 'writes not yet replicated to another region (no replication-lag alarm bounds it: cross-region replication is best effort)';
}

function regionAction(store: Store, flavor: 'AWS' | 'Kubernetes', leader: boolean): string {
  if (!leader) return 'none: clients of the lost region fail over to another region (DNS / client configuration)';
  switch (store) {
    case 'graph': return flavor === 'AWS'
      ? 'manual: promote a secondary region of the Neptune global database (failover-global-cluster), then point writers at it'
      : 'manual: JanusGraph writes through Cassandra in every region; move writers to another region';
    case 'elasticsearch': return 'manual: stop cross-cluster replication on a follower, promote its indices (unfollow) and send writes there';
    default: return 'none: every region accepts writes; move the lost region\'s clients to another region';
  }
}

/** The failure-domain report of a service on both flavors. */
export function failureDomainReport(entry: CatalogEntry, store: Store, shape: ClusterShape, environment: string, primaryRegion: string): FailureDomainReport {
  const consistency = entry.requirements.consistency;
  const outcomes: FailureDomainOutcome[] = [];
  const leader = shape.replication === ReplicationMode.LEADER_FOLLOWER ? (shape.leaderRegion ?? primaryRegion) : primaryRegion;
  for (const flavor of ['AWS', 'Kubernetes'] as const) {
    for (const p of shape.placements) {
      const left = copiesAfterZoneLoss(store, flavor, p);
      const need = copiesNeeded(store, flavor, consistency, p);
      for (const zone of p.zones) {
        outcomes.push({
          loss: { kind: 'zone', region: p.region, zone }, flavor, meetsConsistency: left >= need,
          detail: `${left} cop${left === 1 ? 'y' : 'ies'} left in ${p.region} (worst case), ${consistency} needs ${need}`,
          dataAtRisk: left >= 1 ? 'none: every acknowledged write has a copy in another zone' : `everything in ${p.region}: no copy left in the region`,
          operatorAction: left >= need ? zoneAction(store, flavor) : `restore the zone or add ${need - left} cop${need - left === 1 ? 'y' : 'ies'} in other zones`,
        });
      }
    }
    const multi = shape.placements.length > 1;
    for (const p of shape.placements) {
      const isLeader = p.region === leader;
      for (const kind of isLeader ? ['region', 'primary region'] as const : ['region'] as const) {
        outcomes.push({
          loss: { kind, region: p.region }, flavor,
          meetsConsistency: multi && consistency !== 'global',
          detail: multi ? `${shape.placements.length - 1} region(s) left${consistency === 'global' ? ', but global consistency needs every region\'s quorum' : ''}` : 'no other region: the service is down',
          dataAtRisk: multi ? lagBound(entry, environment) : 'every write since the last backup',
          operatorAction: multi ? regionAction(store, flavor, isLeader && shape.replication === ReplicationMode.LEADER_FOLLOWER) : 'restore the region or the last backup',
        });
      }
    }
  }
  return { service: entry.service, store, consistency, outcomes };
}

function zoneAction(store: Store, flavor: 'AWS' | 'Kubernetes'): string {
  switch (store) {
    case 'evcache': return 'none: clients read another zone\'s copy; rewarm the zone when it returns';
    case 'graph': return flavor === 'AWS' ? 'none: Neptune promotes a reader in another zone (automatic failover)' : 'none: Cassandra serves LOCAL_QUORUM from the other racks; run a repair when the zone returns';
    case 'elasticsearch': return 'none: replicas in other zones are promoted; shards re-replicate when the zone returns';
    case 'dynomite': return flavor === 'AWS' ? 'none: MemoryDB fails over to a replica in another zone' : 'none: DC_QUORUM from the other racks; rebuild the rack\'s Redis from a peer when it returns';
    case 'cassandra': return flavor === 'AWS' ? 'none: Keyspaces is replicated across three zones by AWS' : 'none: hints replay when the zone returns; repair if it was out longer than max_hint_window';
  }
}

/**
 * What the service's own requirements say it must survive and its topology cannot: a
 * multi-region service with one region, a region without a second zone, or a zone loss that
 * breaks the requested consistency on either flavor. Paths are relative to the entry.
 */
export function failureDomainProblems(report: FailureDomainReport, entry: CatalogEntry): Array<{ path: string; reason: string }> {
  const out: Array<{ path: string; reason: string }> = [];
  if (entry.requirements.replication === 'multi-region' && new Set(report.outcomes.map((o) => o.loss.region)).size < 2) {
    out.push({ path: 'regions', reason: `requirements.replication 'multi-region' must survive the loss of a region, but regions lists ${entry.regions.length} (allowed: two or more)` });
  }
  const seen = new Set<string>();
  for (const o of report.outcomes) {
    if (o.loss.kind !== 'zone' || o.meetsConsistency) continue;
    const key = `${o.flavor}/${o.loss.region}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: 'requirements.consistency', reason: `${report.consistency} consistency must survive the loss of a zone of ${o.loss.region} on ${o.flavor}, ` +
      `but ${o.detail}: use at least 3 zones and a replication factor the racks left can still reach a quorum of` });
  }
  return out;
}
