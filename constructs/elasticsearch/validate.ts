import type { ResolvedRegion } from '../platform/config';
import { Problems, show } from '../platform/errors';
import type { SearchNodeType } from './node-type';

/**
 * Rules shared by the AWS and Kubernetes flavors of Elasticsearch/OpenSearch. Each returns
 * problems (strings naming the field, the value and what is allowed); the construct throws
 * them together with its path.
 */

/** Dedicated masters: an odd number, at least 3, so a quorum survives losing one (and a zone). */
export function masterNodeProblems(count: number, field = 'masterNodes'): string[] {
  const p = new Problems();
  if (!p.check(Number.isInteger(count), () => `\`${field}\` must be an integer, got ${show(count)}`)) return [...p.items];
  p.check(count >= 3, () => `\`${field}\` must be at least 3 (a quorum of 2 survives losing one master), got ${count}`);
  p.check(count % 2 === 1, () => `\`${field}\` must be odd (an even count adds no fault tolerance and risks split votes), got ${count}`);
  return [...p.items];
}

/**
 * Zones for zone awareness: configured zones of the region, no repeats, between `min` and
 * `max` of them and never more than the region has.
 */
export function zoneAwarenessProblems(region: ResolvedRegion, zones: readonly string[], field = 'zones', min = 2, max = 3): string[] {
  const p = new Problems();
  const configured = region.availabilityZones;
  p.check(zones.length <= configured.length,
    () => `\`${field}\` must not list more zones than ${region.region} has configured (${configured.length}: ${configured.join(', ')}), got ${zones.length} (${show(zones)})`);
  p.check(zones.length >= min && zones.length <= max,
    () => `\`${field}\` must list ${min} to ${max} zones for zone awareness, got ${zones.length} (${show(zones)})`);
  zones.forEach((z, i) => p.check(configured.includes(z),
    () => `\`${field}[${i}]\` must be a configured zone of ${region.region} (${configured.join(', ')}), got ${show(z)}`));
  p.check(new Set(zones).size === zones.length, () => `\`${field}\` must not repeat a zone, got ${show(zones)}`);
  return [...p.items];
}

/** EBS volume per node within the instance type's limits. */
export function storageProblems(nodeType: SearchNodeType, sizeGiB: number, field = 'storageGiBPerNode'): string[] {
  const p = new Problems();
  if (!p.check(Number.isInteger(sizeGiB), () => `\`${field}\` must be an integer number of GiB, got ${show(sizeGiB)}`)) return [...p.items];
  p.check(sizeGiB >= nodeType.minStorageGiB,
    () => `\`${field}\` must be at least ${nodeType.minStorageGiB} GiB for ${nodeType.name}, got ${sizeGiB}`);
  p.check(sizeGiB <= nodeType.maxStorageGiB,
    () => `\`${field}\` must be at most ${nodeType.maxStorageGiB} GiB for ${nodeType.name}, got ${sizeGiB}`);
  return [...p.items];
}

/** Index copies (primary + replicas) must fit in the zones, one copy per zone with awareness. */
export function replicaProblems(copies: number, zones: number, field = 'replicationFactor'): string[] {
  const p = new Problems();
  p.check(copies <= zones,
    () => `\`${field}\` must be <= the zones (${zones}): allocation awareness places at most one copy of a shard per zone, got ${copies}`);
  return [...p.items];
}

/**
 * ECK resource names (the Elasticsearch, its namespace here too): a lowercase letter first, at most
 * 36 characters, so ECK's derived names (`<name>-es-<nodeSet>-<n>`, `<name>-es-transport`) stay DNS labels.
 */
export const ES_NAME = /^[a-z]([-a-z0-9]{0,34}[a-z0-9])?$/;

/** Domain names: 3-28 characters, lowercase letter first, then lowercase letters, digits, `-`. */
export const DOMAIN_NAME = /^[a-z][a-z0-9-]{2,27}$/;
