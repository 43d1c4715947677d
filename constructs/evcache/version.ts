/**
 * memcached server version, used by both flavors: the ElastiCache `EngineVersion` on AWS and the
 * tag of the official `memcached` image on Kubernetes.
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html
 */
export class MemcachedVersion {
  /** memcached 1.6.22: TLS in transit on ElastiCache, `-Z` on the official image. */
  public static readonly V1_6_22 = new MemcachedVersion('1.6.22');

  /** A version not listed here, e.g. a newer patch release. Validated by the constructs (1.6.12 or later). */
  public static of(version: string): MemcachedVersion {
    return new MemcachedVersion(version);
  }

  private constructor(public readonly version: string) {}

  /** `[major, minor, patch]`, or undefined when the string is not `x.y.z`. */
  public get parts(): [number, number, number] | undefined {
    const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(this.version);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
  }

  /** Whether this version is at least `other` (false when either is not `x.y.z`). */
  public atLeast(other: MemcachedVersion): boolean {
    const a = this.parts;
    const b = other.parts;
    if (!a || !b) return false;
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
    return true;
  }
}

/** The first memcached version with TLS in transit on ElastiCache (and a stable `-Z` upstream). */
export const MIN_TLS_VERSION = MemcachedVersion.of('1.6.12');
