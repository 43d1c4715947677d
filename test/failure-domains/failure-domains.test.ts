import fc from 'fast-check';
import type { CatalogEntry, ClusterShape, Consistency } from '../../constructs/catalog/model';
import { ReplicationMode } from '../../constructs/catalog/model';
import {
  copiesAfterZoneLoss, failureDomainProblems, failureDomainReport, maxReplicasPerRack, quorum,
} from '../../constructs/failure-domains/failure-domains';

/**
 * Brute force of Cassandra's NetworkTopologyStrategy in one datacenter (the algorithm of
 * `NetworkTopologyStrategy.calculateNaturalReplicas`: one node per unseen rack while walking the
 * ring, skipped nodes appended in ring order once every rack is seen). Returns, for every token
 * range, the racks of its replicas.
 */
function replicaRacks(ring: readonly number[], rf: number): number[][] {
  const racks = new Set(ring).size;
  return ring.map((_, start) => {
    const chosen: number[] = [];
    const seen = new Set<number>();
    const skipped: number[] = [];
    for (let j = 0; j < ring.length && chosen.length < rf; j++) {
      const rack = ring[(start + j) % ring.length];
      if (seen.size < racks) {
        if (seen.has(rack)) skipped.push(rack);
        else { seen.add(rack); chosen.push(rack); }
        if (seen.size === racks) while (skipped.length > 0 && chosen.length < rf) chosen.push(skipped.shift()!);
      } else chosen.push(rack);
    }
    return chosen;
  });
}

/** Fewest replicas of any range left after losing any one rack. */
function bruteForceSurvivors(ring: readonly number[], rf: number): number {
  const racks = [...new Set(ring)];
  return Math.min(...racks.flatMap((lost) => replicaRacks(ring, rf).map((rs) => rs.filter((r) => r !== lost).length)));
}

const topology = fc.record({ zones: fc.integer({ min: 1, max: 5 }), nodesPerZone: fc.integer({ min: 1, max: 4 }) })
  .chain(({ zones, nodesPerZone }) => fc.record({
    zones: fc.constant(zones), nodesPerZone: fc.constant(nodesPerZone),
    rf: fc.integer({ min: 1, max: zones * nodesPerZone }),
    // Any token order: a shuffled ring of rack labels, nodesPerZone nodes per rack.
    ring: fc.shuffledSubarray(Array.from({ length: zones * nodesPerZone }, (_, i) => i % zones), { minLength: zones * nodesPerZone }),
  }));

describe('zone loss against a brute-force count of surviving replicas', () => {
  test('the report never claims more survivors than any token order leaves', () => {
    fc.assert(fc.property(topology, ({ zones, nodesPerZone, rf, ring }) => {
      const claimed = copiesAfterZoneLoss('cassandra', 'Kubernetes', { region: 'r', zones: Array.from({ length: zones }, (_, i) => `z${i}`), nodesPerZone, replicationFactor: rf });
      expect(bruteForceSurvivors(ring, rf)).toBeGreaterThanOrEqual(claimed);
    }), { numRuns: 300 });
  });

  test('the bound is tight: a ring with each rack\'s nodes together reaches it', () => {
    fc.assert(fc.property(topology, ({ zones, nodesPerZone, rf }) => {
      const contiguous = Array.from({ length: zones * nodesPerZone }, (_, i) => Math.floor(i / nodesPerZone));
      expect(bruteForceSurvivors(contiguous, rf)).toBe(rf - maxReplicasPerRack(rf, zones, nodesPerZone));
    }), { numRuns: 300 });
  });

  test('rf <= racks: one replica per rack, so a zone loss costs exactly one copy', () => {
    expect(maxReplicasPerRack(3, 3, 4)).toBe(1);
    expect(bruteForceSurvivors([0, 0, 1, 1, 2, 2], 3)).toBe(2);
    // RF 3 on 2 racks: one rack holds 2 of a range's replicas, LOCAL_QUORUM (2) is lost with it.
    expect(bruteForceSurvivors([0, 1, 0, 1], 3)).toBe(1);
    expect(copiesAfterZoneLoss('cassandra', 'Kubernetes', { region: 'r', zones: ['a', 'b'], nodesPerZone: 2, replicationFactor: 3 })).toBe(1);
    expect(quorum(3)).toBe(2);
  });
});

const entry = (consistency: Consistency, regions: string[], replication: 'single-region' | 'multi-region' = 'multi-region'): CatalogEntry => ({
  service: 'orders', file: 'services/orders.yaml', owner: 'team', regions,
  requirements: { dataModel: 'time-series', latencyP99Ms: 20, readsPerSecond: 10, writesPerSecond: 10, replication, consistency, datasetGiB: 1, monthlyGrowthPercent: 0 },
  sla: { latencyP99Ms: 20, errorRatePercent: 1, availabilityPercent: 99.9, capacityHeadroomPercent: 30 },
  environments: { prod: { maxReplicationLagMs: 2000 } },
});
const shape = (zones: number, rf: number, regions = ['us-east-1', 'eu-west-1'], replication = ReplicationMode.MULTI_DIRECTIONAL): ClusterShape => ({
  replication, leaderRegion: regions[0],
  placements: regions.map((region) => ({ region, zones: Array.from({ length: zones }, (_, i) => `${region}${'abc'[i]}`), nodesPerZone: 2, replicationFactor: rf })),
});

describe('failure-domain report', () => {
  test('RF 3 on 3 racks survives any zone at LOCAL_QUORUM on both flavors; a region loss risks the lag the alarm bounds', () => {
    const r = failureDomainReport(entry('regional', ['us-east-1', 'eu-west-1']), 'cassandra', shape(3, 3), 'prod', 'us-east-1');
    expect(r.outcomes.filter((o) => o.loss.kind === 'zone').every((o) => o.meetsConsistency)).toBe(true);
    expect(r.outcomes.filter((o) => o.loss.kind === 'zone')).toHaveLength(2 * 2 * 3);
    const region = r.outcomes.find((o) => o.loss.kind === 'region')!;
    expect(region.dataAtRisk).toMatch(/last 2000 ms/);
    expect(r.outcomes.filter((o) => o.loss.kind === 'primary region').map((o) => o.loss.region)).toEqual(['us-east-1', 'us-east-1']);
    expect(failureDomainProblems(r, entry('regional', ['us-east-1', 'eu-west-1']))).toEqual([]);
  });

  test('RF 3 over 2 racks cannot keep LOCAL_QUORUM after a zone loss: a problem naming the field, the region and what is allowed', () => {
    const e = entry('regional', ['us-east-1', 'eu-west-1']);
    const problems = failureDomainProblems(failureDomainReport(e, 'cassandra', shape(2, 3), 'prod', 'us-east-1'), e);
    expect(problems).toContainEqual(expect.objectContaining({ path: 'requirements.consistency', reason: expect.stringMatching(/zone of us-east-1 on Kubernetes.*1 copy left.*needs 2.*at least 3 zones/) }));
    // Keyspaces keeps its own three copies: the AWS flavor is fine.
    expect(problems.some((p) => p.reason.includes('on AWS'))).toBe(false);
  });

  test('eventual consistency survives a zone loss while one copy is left', () => {
    const e = entry('eventual', ['us-east-1', 'eu-west-1']);
    expect(failureDomainProblems(failureDomainReport(e, 'cassandra', shape(2, 3), 'prod', 'us-east-1'), e)).toEqual([]);
  });

  test('multi-region with one region listed fails: the region loss cannot be survived', () => {
    const e = entry('regional', ['us-east-1']);
    const r = failureDomainReport(e, 'cassandra', shape(3, 3, ['us-east-1']), 'prod', 'us-east-1');
    expect(r.outcomes.find((o) => o.loss.kind === 'region')!.meetsConsistency).toBe(false);
    expect(failureDomainProblems(r, e)).toContainEqual(expect.objectContaining({ path: 'regions', reason: expect.stringMatching(/must survive the loss of a region.*lists 1/) }));
  });

  test('Dynomite DC_QUORUM needs 3 racks: 2 racks lose it with a zone', () => {
    const e = entry('regional', ['us-east-1', 'eu-west-1']);
    expect(failureDomainProblems(failureDomainReport(e, 'dynomite', shape(3, 3), 'prod', 'us-east-1'), e)).toEqual([]);
    expect(failureDomainProblems(failureDomainReport(e, 'dynomite', shape(2, 2), 'prod', 'us-east-1'), e).length).toBeGreaterThan(0);
  });

  test('leader-follower: losing the leader needs a manual promotion, a follower needs none', () => {
    const e = entry('eventual', ['us-east-1', 'eu-west-1']);
    const r = failureDomainReport(e, 'elasticsearch', shape(3, 2, undefined, ReplicationMode.LEADER_FOLLOWER), 'prod', 'us-east-1');
    expect(r.outcomes.find((o) => o.loss.kind === 'primary region' && o.flavor === 'AWS')!.operatorAction).toMatch(/^manual: .*unfollow/);
    expect(r.outcomes.find((o) => o.loss.kind === 'region' && o.loss.region === 'eu-west-1')!.operatorAction).toMatch(/^none/);
    const g = failureDomainReport(e, 'graph', shape(3, 3, undefined, ReplicationMode.LEADER_FOLLOWER), 'prod', 'us-east-1');
    expect(g.outcomes.find((o) => o.loss.kind === 'primary region' && o.flavor === 'AWS')!.operatorAction).toMatch(/failover-global-cluster/);
  });

  test('EVCache: a zone loss leaves the other zones\' full copies; global consistency is never met after a region loss', () => {
    expect(copiesAfterZoneLoss('evcache', 'AWS', { region: 'r', zones: ['a', 'b', 'c'], nodesPerZone: 4, replicationFactor: 3 })).toBe(2);
    const e = entry('global', ['us-east-1', 'eu-west-1']);
    const r = failureDomainReport(e, 'cassandra', shape(3, 3), 'prod', 'us-east-1');
    expect(r.outcomes.filter((o) => o.loss.kind === 'region').every((o) => !o.meetsConsistency)).toBe(true);
  });
});
