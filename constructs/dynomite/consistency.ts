/**
 * Dynomite read/write consistency within a datacenter.
 *
 * @see https://github.com/Netflix/dynomite/wiki/Consistency
 */
export class DynomiteConsistency {
  /** Acknowledged by the local rack only: fast, but a write can be lost with that node. */
  public static readonly DC_ONE = new DynomiteConsistency('DC_ONE');
  /** Acknowledged by a quorum of the racks of the local datacenter. */
  public static readonly DC_QUORUM = new DynomiteConsistency('DC_QUORUM');
  /** A quorum that must also agree on the response, or the request fails. */
  public static readonly DC_SAFE_QUORUM = new DynomiteConsistency('DC_SAFE_QUORUM');

  private constructor(public readonly level: string) {}
}

/**
 * Which Dynomite peer-to-peer traffic is encrypted (`secure_server_option`).
 */
export class DynomiteEncryption {
  public static readonly NONE = new DynomiteEncryption('none');
  /** Between racks of a datacenter only. */
  public static readonly RACK = new DynomiteEncryption('rack');
  /** Between datacenters (regions): the traffic that leaves a region. */
  public static readonly DATACENTER = new DynomiteEncryption('datacenter');
  /** Every peer connection. */
  public static readonly ALL = new DynomiteEncryption('all');

  private constructor(public readonly option: string) {}
}

/** Redis `maxmemory-policy` values. A queue store accepts only NOEVICTION. */
export enum MaxMemoryPolicy {
  NOEVICTION = 'noeviction',
  ALLKEYS_LRU = 'allkeys-lru',
  ALLKEYS_LFU = 'allkeys-lfu',
  ALLKEYS_RANDOM = 'allkeys-random',
  VOLATILE_LRU = 'volatile-lru',
  VOLATILE_LFU = 'volatile-lfu',
  VOLATILE_RANDOM = 'volatile-random',
  VOLATILE_TTL = 'volatile-ttl',
}

/** The problem with an eviction policy for a queue, or undefined when it is NOEVICTION. */
export function evictionPolicyProblem(policy: MaxMemoryPolicy, field = 'maxMemoryPolicy'): string | undefined {
  return policy === MaxMemoryPolicy.NOEVICTION
    ? undefined
    : `\`${field}\` must be '${MaxMemoryPolicy.NOEVICTION}' (an evicted key is a lost message: a queue must reject writes when full, never drop data), got '${policy}'`;
}
