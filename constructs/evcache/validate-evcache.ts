import type { IConstruct } from 'constructs';
import type { Environment } from '../platform/config';
import { Problems, show } from '../platform/errors';
import { type ResolvedPlacement, type StoreTopology, resolveTopology } from '../platform/topology';
import {
  type EvcacheHealthThresholds, type EvcacheReplicationProps, type ResolvedReplication, replicationQueueRef,
} from './model';
import { limitProblems, withinLimit } from '../platform/limits';
import { EVCACHE_LIMITS } from './limits';
import { type CacheNodeType, NODE_TYPE_FAMILIES } from './node-type';
import { MIN_TLS_VERSION, type MemcachedVersion } from './version';

/**
 * Rules shared by the AWS and Kubernetes flavors of EVCache. Each returns messages quoting the
 * prop and the value; the constructs collect them in `Problems` and throw once.
 */

/** A DNS label short enough for `<cacheName>-<zone>` to stay a valid cluster id / StatefulSet name. */
export const CACHE_NAME = /^[a-z]([a-z0-9]|-(?!-))*[a-z0-9]$/;
export const MAX_CACHE_NAME_LENGTH = 20;

export function cacheNameProblems(cacheName: string): string[] {
  const p = new Problems();
  p.check(CACHE_NAME.test(cacheName) && cacheName.length <= MAX_CACHE_NAME_LENGTH,
    () => `\`cacheName\` must be lowercase letters, digits and single hyphens, start with a letter, at most ${MAX_CACHE_NAME_LENGTH} characters, got ${show(cacheName)}`);
  return [...p.items];
}

/**
 * Validates the topology and returns the placement of `region`. EVCache keeps one full copy per
 * zone, so a region's `replicationFactor` must equal its number of zones; production environments
 * already need two or more zones (see `topologyProblems`).
 */
export function resolveEvcachePlacement(scope: IConstruct, env: Environment, topology: StoreTopology, region: string): ResolvedPlacement {
  const resolved = resolveTopology(scope, env, topology);
  const p = new Problems();
  resolved.placements.forEach((pl, i) => p.check(pl.replicationFactor === pl.zones.length,
    () => `\`topology.regions[${i}].replicationFactor\` must equal the number of zones in ${pl.region.region} (${pl.zones.length}): EVCache keeps one full copy per zone, got ${pl.replicationFactor}`));
  const placement = resolved.placement(region);
  p.check(placement !== undefined,
    () => `\`topology.regions\` must include the region being built, ${show(region)}, got ${show(resolved.regionNames)}`);
  p.throwIfAny(scope);
  return placement!;
}

export function healthProblems(h: EvcacheHealthThresholds | undefined): string[] {
  const p = new Problems();
  if (!h) return [];
  for (const key of ['minHitRatioPercent', 'maxEvictionsPerMinute', 'maxSwapUsageMiB'] as const) {
    if (h[key] !== undefined) p.merge(limitProblems(`health.${key}`, h[key], EVCACHE_LIMITS[key]));
  }
  return [...p.items];
}

export function versionProblems(version: MemcachedVersion): string[] {
  const p = new Problems();
  p.check(version.atLeast(MIN_TLS_VERSION),
    () => `\`version\` must be a memcached version x.y.z >= ${MIN_TLS_VERSION.version} (TLS in transit), got ${show(version.version)}`);
  return [...p.items];
}

export function nodeTypeProblems(nodeType: CacheNodeType): string[] {
  const p = new Problems();
  const family = nodeType.family;
  if (p.check(family !== undefined, () => `\`nodeType\` must look like cache.<family>.<size> (e.g. cache.r7g.large), got ${show(nodeType.name)}`)) {
    p.check(NODE_TYPE_FAMILIES.includes(family!),
      () => `\`nodeType\` family must be one of ${NODE_TYPE_FAMILIES.join(', ')}, got ${show(family)} (in ${show(nodeType.name)})`);
  }
  return [...p.items];
}

/** Memory a memcached process needs beyond `-m`: per-connection buffers (with TLS) and the hash table. */
export const CONNECTION_OVERHEAD_KIB = 64;
export const MIN_FIXED_OVERHEAD_MIB = 64;
export const FIXED_OVERHEAD_PERCENT = 5;

/** MiB a container needs beyond the item memory (`-m`), for `maxConnections` connections. */
export function requiredOverheadMiB(cacheMemoryMiB: number, maxConnections: number): number {
  return Math.ceil(maxConnections * CONNECTION_OVERHEAD_KIB / 1024)
    + Math.max(MIN_FIXED_OVERHEAD_MIB, Math.ceil(cacheMemoryMiB * FIXED_OVERHEAD_PERCENT / 100));
}

/**
 * memcached's `-m` covers items only; connections, threads and the hash table come on top. A
 * container whose limit leaves no room for them is OOM-killed under load, which empties a whole
 * server group at once.
 */
export function memoryProblems(memoryMiB: number, cacheMemoryMiB: number, maxConnections: number): string[] {
  const p = new Problems();
  const sizes = [
    p.check(withinLimit(memoryMiB, EVCACHE_LIMITS.memoryMiB), () => limitProblems('memoryMiB', memoryMiB, EVCACHE_LIMITS.memoryMiB)[0]),
    p.check(withinLimit(cacheMemoryMiB, EVCACHE_LIMITS.cacheMemoryMiB), () => limitProblems('cacheMemoryMiB', cacheMemoryMiB, EVCACHE_LIMITS.cacheMemoryMiB)[0]),
    p.check(withinLimit(maxConnections, EVCACHE_LIMITS.maxConnections), () => limitProblems('maxConnections', maxConnections, EVCACHE_LIMITS.maxConnections)[0]),
  ].every(Boolean);
  if (!sizes) return [...p.items];
  if (!p.check(cacheMemoryMiB < memoryMiB,
    () => `\`cacheMemoryMiB\` (memcached -m) must be below the container memory limit \`memoryMiB\` (${memoryMiB}), got ${cacheMemoryMiB}`)) return [...p.items];
  const need = requiredOverheadMiB(cacheMemoryMiB, maxConnections);
  p.check(memoryMiB - cacheMemoryMiB >= need,
    () => `\`cacheMemoryMiB\` must leave at least ${need} MiB of \`memoryMiB\` (${memoryMiB}) for ${maxConnections} connections and the hash table, i.e. be <= ${memoryMiB - need}, got ${cacheMemoryMiB}`);
  return [...p.items];
}

/** Resolves the replication path of `region`, or throws listing every problem. */
export function resolveReplication(
  scope: IConstruct, env: Environment, region: string, regions: readonly string[], cacheName: string, props: EvcacheReplicationProps,
): ResolvedReplication {
  const p = new Problems();
  const targets = props.targetRegions ?? regions.filter((r) => r !== region);
  targets.forEach((t, i) => {
    if (!p.check(regions.includes(t) && t !== region,
      () => `\`replication.targetRegions[${i}]\` must be another region of the topology (${regions.filter((r) => r !== region).join(', ')}), got ${show(t)}`)) return;
    const account = env.region(t).account;
    p.check(account === env.region(region).account,
      () => `\`replication.targetRegions[${i}]\` must be in the same account as ${region} (${env.region(region).account}): cross-account queues need resource policies this construct does not write, got ${show(t)} in ${account}`);
  });
  p.check(targets.length > 0, () => `\`replication.targetRegions\` must list at least one region when replication is enabled, got []`);
  p.check(new Set(targets).size === targets.length, () => `\`replication.targetRegions\` must not repeat a region, got ${show(targets)}`);
  const retention = props.messageRetentionMinutes ?? 60;
  p.merge(limitProblems('replication.messageRetentionMinutes', retention, EVCACHE_LIMITS.messageRetentionMinutes, 'SQS limits'));
  p.throwIfAny(scope);
  return {
    inbound: replicationQueueRef(env, region, cacheName),
    targets: targets.map((t) => replicationQueueRef(env, t, cacheName)),
    messageRetentionMinutes: retention,
  };
}
