import type { IConstruct } from 'constructs';
import { kubernetesZoneOf, type Environment, type ResolvedRegion } from './config';
import { Problems, show } from './errors';
import { TOPOLOGY_LIMITS as L, limitProblems, withinLimit } from './limits';

/** Where a store runs in one region. */
export interface RegionPlacement {
  /** Region name; must be a region of the environment. */
  readonly region: string;
  /**
   * Availability zones used in the region, each holding the same number of nodes.
   *
   * @default - every availability zone configured for the region
   */
  readonly zones?: string[];
  /** Nodes (pods, cache nodes, instances) in each zone. */
  readonly nodesPerZone: number;
  /** Copies of each item kept in the region. */
  readonly replicationFactor: number;
}

/** A store's placement: regions × zones × nodes, and the replication factor per region. */
export interface StoreTopology {
  readonly regions: RegionPlacement[];
}

/** A validated placement in one region, with the region's configuration attached. */
export interface ResolvedPlacement {
  readonly region: ResolvedRegion;
  /** AWS availability zone names. */
  readonly zones: readonly string[];
  /** Kubernetes `topology.kubernetes.io/zone` values, in the order of `zones`. */
  readonly kubernetesZones: readonly string[];
  readonly nodesPerZone: number;
  readonly replicationFactor: number;
  /** nodesPerZone × zones. */
  readonly nodes: number;
}

/** A validated topology. */
export interface ResolvedTopology {
  readonly placements: readonly ResolvedPlacement[];
  placement(region: string): ResolvedPlacement | undefined;
  readonly regionNames: readonly string[];
}

/**
 * Problems of a topology against its environment. `field` is the prop name used in messages
 * (e.g. `topology`), so a message reads `topology.regions[1].replicationFactor`.
 */
export function topologyProblems(env: Environment, topology: StoreTopology, field = 'topology'): string[] {
  const p = new Problems();
  const envRegions = env.regions.map((r) => r.region);
  if (!p.check(topology.regions.length > 0, () => `\`${field}.regions\` must list at least one region, got []`)) return [...p.items];
  const seen = new Set<string>();
  topology.regions.forEach((r, i) => {
    const at = `${field}.regions[${i}]`;
    p.check(!seen.has(r.region), () => `\`${at}.region\` must be unique, got duplicate ${show(r.region)}`);
    seen.add(r.region);
    if (!p.check(envRegions.includes(r.region),
      () => `\`${at}.region\` must be one of environment '${env.name}' regions (${envRegions.join(', ')}), got ${show(r.region)}`)) return;
    const region = env.region(r.region);
    const zones = r.zones ?? region.availabilityZones;
    zones.forEach((z, j) => p.check(region.availabilityZones.includes(z),
      () => `\`${at}.zones[${j}]\` must be a configured zone of ${r.region} (${region.availabilityZones.join(', ')}), got ${show(z)}`));
    p.check(new Set(zones).size === zones.length, () => `\`${at}.zones\` must not repeat a zone, got ${show(zones)}`);
    p.check(zones.length > 0, () => `\`${at}.zones\` must list at least one zone, got []`);
    if (env.production) {
      p.check(zones.length >= 2,
        () => `\`${at}.zones\` must span at least 2 zones in production environment '${env.name}', got ${zones.length} (${show(zones)})`);
    }
    const sizesOk = [
      p.check(withinLimit(r.nodesPerZone, L.nodesPerZone), () => limitProblems(`${at}.nodesPerZone`, r.nodesPerZone, L.nodesPerZone)[0]),
      p.check(withinLimit(r.replicationFactor, L.replicationFactor), () => limitProblems(`${at}.replicationFactor`, r.replicationFactor, L.replicationFactor)[0]),
    ].every(Boolean);
    if (sizesOk) {
      const nodes = r.nodesPerZone * zones.length;
      p.check(r.replicationFactor <= nodes,
        () => `\`${at}.replicationFactor\` must be <= the nodes in ${r.region} (${zones.length} zones × ${r.nodesPerZone} = ${nodes}), got ${r.replicationFactor}`);
    }
  });
  return [...p.items];
}

/**
 * The region and zones of one placement: its zones, or every configured zone of its region. The
 * one place both the constructs (`resolveTopology`) and the catalog's shapes (`shapeOf`) take the
 * zones from. Throws naming `field` when the environment has no such region.
 */
export function placementZones(env: Environment, placement: RegionPlacement, field: string): { readonly region: ResolvedRegion; readonly zones: readonly string[] } {
  const region = env.regions.find((r) => r.region === placement.region);
  if (!region) {
    throw new Error(`\`${field}.region\` must be one of environment '${env.name}' regions (${env.regions.map((r) => r.region).join(', ')}), got ${show(placement.region)}`);
  }
  return { region, zones: placement.zones ?? region.availabilityZones };
}

/** Validates `topology` for the construct `scope` and resolves it. Throws on any problem. */
export function resolveTopology(scope: IConstruct, env: Environment, topology: StoreTopology, field = 'topology'): ResolvedTopology {
  const p = new Problems();
  p.merge(topologyProblems(env, topology, field));
  p.throwIfAny(scope);
  const placements = topology.regions.map((r, i): ResolvedPlacement => {
    const { region, zones } = placementZones(env, r, `${field}.regions[${i}]`);
    return {
      region,
      zones,
      kubernetesZones: zones.map((z) => kubernetesZoneOf(region, z)),
      nodesPerZone: r.nodesPerZone,
      replicationFactor: r.replicationFactor,
      nodes: r.nodesPerZone * zones.length,
    };
  });
  return {
    placements,
    regionNames: placements.map((pl) => pl.region.region),
    placement: (name) => placements.find((pl) => pl.region.region === name),
  };
}
