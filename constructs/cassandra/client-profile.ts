import { Problems, show } from '../platform/errors';
import { limitProblems, withinLimit } from '../platform/limits';
import { CASSANDRA_LIMITS as L } from './limits';
import type { ServiceLevelObjectives } from '../platform/sla';

/**
 * A CQL consistency level, as the DataStax Java driver 4.x names it in
 * `basic.request.consistency`.
 *
 * @see https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html#tunable-consistency
 */
export class ConsistencyLevel {
  public static readonly ANY = new ConsistencyLevel('ANY', false, true, false);
  public static readonly ONE = new ConsistencyLevel('ONE', false, true, true);
  public static readonly TWO = new ConsistencyLevel('TWO', false, true, true);
  public static readonly THREE = new ConsistencyLevel('THREE', false, true, true);
  public static readonly LOCAL_ONE = new ConsistencyLevel('LOCAL_ONE', false, true, true);
  public static readonly LOCAL_QUORUM = new ConsistencyLevel('LOCAL_QUORUM', true, true, true);
  public static readonly QUORUM = new ConsistencyLevel('QUORUM', true, true, true);
  public static readonly EACH_QUORUM = new ConsistencyLevel('EACH_QUORUM', true, true, true);
  public static readonly ALL = new ConsistencyLevel('ALL', true, true, true);
  /** Paxos phase of lightweight transactions, across all datacenters. */
  public static readonly SERIAL = new ConsistencyLevel('SERIAL', true, false, true);
  /** Paxos phase of lightweight transactions, in the local datacenter only. */
  public static readonly LOCAL_SERIAL = new ConsistencyLevel('LOCAL_SERIAL', true, false, true);

  private constructor(
    /** The driver's name of the level. */
    public readonly name: string,
    /** At least a quorum of the local datacenter's replicas acknowledge. */
    public readonly localQuorumOrStronger: boolean,
    /** Valid as the consistency of a write. */
    public readonly forWrites: boolean,
    /** Valid as the consistency of a read. */
    public readonly forReads: boolean,
  ) {}

  public get serial(): boolean {
    return this === ConsistencyLevel.SERIAL || this === ConsistencyLevel.LOCAL_SERIAL;
  }
}

/** What an operation does, which decides the rules its profile must follow. */
export enum OperationKind {
  /** Reads rows. */
  READ = 'read',
  /** Writes rows that may be overwritten (e.g. a snapshot). */
  WRITE = 'write',
  /**
   * Appends to an append-only log with a conditional insert (`IF NOT EXISTS` on the sequence
   * number): at least LOCAL_QUORUM, never downgraded, never speculated, never faked by a fallback.
   */
  APPEND = 'append',
}

/**
 * The driver's retry policy (`advanced.retry-policy.class`).
 *
 * @see https://docs.datastax.com/en/developer/java-driver/4.17/manual/core/retries/
 */
export class RetryPolicy {
  /** Retries once where that is safe (e.g. a read timeout with enough replicas); the right choice almost always. */
  public static readonly DEFAULT = new RetryPolicy('DefaultRetryPolicy', false);
  /** Retries at a lower consistency level: trades consistency for availability. */
  public static readonly CONSISTENCY_DOWNGRADING = new RetryPolicy('ConsistencyDowngradingRetryPolicy', true);

  /** A custom policy class on the service's classpath (fully qualified). */
  public static custom(className: string, downgradesConsistency: boolean): RetryPolicy {
    return new RetryPolicy(className, downgradesConsistency);
  }

  private constructor(public readonly className: string, public readonly downgradesConsistency: boolean) {}
}

/**
 * The driver's speculative execution policy: after `delayMs` without an answer, send the same
 * request to another replica; the first answer wins. Only idempotent requests are speculated.
 *
 * @see https://docs.datastax.com/en/developer/java-driver/4.17/manual/core/speculative_execution/
 */
export class SpeculativeExecution {
  public static none(): SpeculativeExecution {
    return new SpeculativeExecution(1, 0);
  }

  /** `maxExecutions` counts the first request (2 = one speculative execution). */
  public static constant(maxExecutions: number, delayMs: number): SpeculativeExecution {
    return new SpeculativeExecution(maxExecutions, delayMs);
  }

  private constructor(public readonly maxExecutions: number, public readonly delayMs: number) {}

  public get enabled(): boolean {
    return this.maxExecutions > 1;
  }
}

/**
 * What the service does when the operation fails or times out. The driver does not implement
 * this: the service reads it from the `client-profile` block of the published configuration.
 */
export class Fallback {
  /** Return the error to the caller. The only choice for appends: a lost event is never faked. */
  public static readonly FAIL = new Fallback('fail', 0, [OperationKind.READ, OperationKind.WRITE, OperationKind.APPEND]);
  /** Snapshots only: ignore the snapshot and rebuild the aggregate by replaying its events. */
  public static readonly REPLAY_EVENTS = new Fallback('replay-events', 0, [OperationKind.READ]);
  /** Writes that can be redone later (a snapshot): skip the write and carry on. */
  public static readonly SKIP = new Fallback('skip', 0, [OperationKind.WRITE]);

  /** Reads only: answer from the service's cache if the cached value is at most this old. */
  public static serveStale(maxStalenessMs: number): Fallback {
    return new Fallback('serve-stale', maxStalenessMs, [OperationKind.READ]);
  }

  private constructor(
    public readonly name: string,
    public readonly maxStalenessMs: number,
    public readonly allowedFor: readonly OperationKind[],
  ) {}
}

/** The client's behaviour for one operation against the store. */
export interface OperationProfile {
  /** Consistency of the request: a read level for reads, a write level for writes and appends. */
  readonly consistency: ConsistencyLevel;
  /**
   * Consistency of the Paxos phase of conditional requests (appends). SERIAL spans regions and
   * costs a cross-region round trip; LOCAL_SERIAL serializes within the region only, so two
   * regions must not append to the same aggregate (give each aggregate a home region).
   *
   * @default ConsistencyLevel.LOCAL_SERIAL
   */
  readonly serialConsistency?: ConsistencyLevel;
  /** Driver request timeout (`basic.request.timeout`), retries and speculative executions included, in ms. */
  readonly timeoutMs: number;
  /**
   * p99 latency objective of this operation, in ms: its alarm threshold and the ceiling of `timeoutMs`.
   *
   * @default - the store SLA's `latencyP99Ms`
   */
  readonly latencyP99Ms?: number;
  /** @default RetryPolicy.DEFAULT */
  readonly retryPolicy?: RetryPolicy;
  /** @default SpeculativeExecution.none() */
  readonly speculativeExecution?: SpeculativeExecution;
  /**
   * Whether a request of this operation may be sent twice (`basic.request.default-idempotence`).
   * Speculative execution needs it.
   *
   * @default false
   */
  readonly idempotent?: boolean;
  /**
   * Requests of this operation in flight at once per service instance; further requests fail
   * fast into the fallback (a bulkhead: a slow store cannot exhaust the service's threads).
   */
  readonly concurrencyLimit: number;
  /** @default Fallback.FAIL */
  readonly fallback?: Fallback;
}

/** A named operation: `name` becomes the driver execution profile's name. */
export interface NamedOperation {
  /** Driver profile name: lowercase letters, digits and `-`, e.g. `append`, `read-stream`. */
  readonly name: string;
  readonly kind: OperationKind;
  readonly profile: OperationProfile;
}

/** An operation profile with its defaults applied. */
export interface ResolvedOperation {
  readonly name: string;
  readonly kind: OperationKind;
  readonly consistency: ConsistencyLevel;
  readonly serialConsistency: ConsistencyLevel;
  readonly timeoutMs: number;
  readonly latencyP99Ms: number;
  readonly retryPolicy: RetryPolicy;
  readonly speculativeExecution: SpeculativeExecution;
  readonly idempotent: boolean;
  readonly concurrencyLimit: number;
  readonly fallback: Fallback;
}

/**
 * The store a client talks to, and the consistency levels it accepts.
 */
export class ClientTarget {
  /**
   * Amazon Keyspaces: writes are always LOCAL_QUORUM; reads accept ONE, LOCAL_ONE and LOCAL_QUORUM.
   *
   * @see https://docs.aws.amazon.com/keyspaces/latest/devguide/consistency.html
   */
  public static readonly KEYSPACES = new ClientTarget('Amazon Keyspaces',
    [ConsistencyLevel.LOCAL_QUORUM], [ConsistencyLevel.ONE, ConsistencyLevel.LOCAL_ONE, ConsistencyLevel.LOCAL_QUORUM]);
  /** Apache Cassandra: every level, each where it applies (ANY only for writes, SERIAL only for reads). */
  public static readonly CASSANDRA = new ClientTarget('Apache Cassandra', undefined, undefined);

  private constructor(
    public readonly name: string,
    /** @default - every write level */
    private readonly writeLevels: readonly ConsistencyLevel[] | undefined,
    /** @default - every read level */
    private readonly readLevels: readonly ConsistencyLevel[] | undefined,
  ) {}

  public allowsWrite(level: ConsistencyLevel): boolean {
    return level.forWrites && (this.writeLevels?.includes(level) ?? true);
  }

  public allowsRead(level: ConsistencyLevel): boolean {
    return level.forReads && (this.readLevels?.includes(level) ?? true);
  }

  public describeAllowed(kind: OperationKind): string {
    const all = [ConsistencyLevel.ANY, ConsistencyLevel.ONE, ConsistencyLevel.TWO, ConsistencyLevel.THREE, ConsistencyLevel.LOCAL_ONE,
      ConsistencyLevel.LOCAL_QUORUM, ConsistencyLevel.QUORUM, ConsistencyLevel.EACH_QUORUM, ConsistencyLevel.ALL, ConsistencyLevel.SERIAL,
      ConsistencyLevel.LOCAL_SERIAL];
    return all.filter((l) => (kind === OperationKind.READ ? this.allowsRead(l) : this.allowsWrite(l))).map((l) => l.name).join(', ');
  }
}

const PROFILE_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** Applies the documented defaults of each operation. */
export function resolveOperations(operations: readonly NamedOperation[], sla: ServiceLevelObjectives): ResolvedOperation[] {
  return operations.map(({ name, kind, profile: o }) => ({
    name,
    kind,
    consistency: o.consistency,
    serialConsistency: o.serialConsistency ?? ConsistencyLevel.LOCAL_SERIAL,
    timeoutMs: o.timeoutMs,
    latencyP99Ms: o.latencyP99Ms ?? sla.latencyP99Ms,
    retryPolicy: o.retryPolicy ?? RetryPolicy.DEFAULT,
    speculativeExecution: o.speculativeExecution ?? SpeculativeExecution.none(),
    idempotent: o.idempotent ?? false,
    concurrencyLimit: o.concurrencyLimit,
    fallback: o.fallback ?? Fallback.FAIL,
  }));
}

/**
 * Problems of a client profile against the store it targets and the SLA. `field` prefixes the
 * messages; each operation is `<field>.<name>`.
 */
export function clientProfileProblems(operations: readonly NamedOperation[], target: ClientTarget, sla: ServiceLevelObjectives,
  field = 'clientProfile'): string[] {
  const p = new Problems();
  const seen = new Set<string>();
  const resolved = resolveOperations(operations, sla);
  resolved.forEach((o, i) => {
    const at = `${field}.${operations[i].name}`;
    p.check(PROFILE_NAME.test(o.name), () => `\`${field}\` operation names must match ${PROFILE_NAME}, got ${show(o.name)}`);
    p.check(!seen.has(o.name), () => `\`${field}\` operation ${show(o.name)} is defined twice`);
    seen.add(o.name);
    const c = o.consistency.name;
    if (o.kind === OperationKind.READ) {
      p.check(target.allowsRead(o.consistency),
        () => `\`${at}.consistency\` ${c} is not a read consistency level ${target.name} supports; allowed: ${target.describeAllowed(OperationKind.READ)}`);
    } else {
      p.check(target.allowsWrite(o.consistency),
        () => `\`${at}.consistency\` ${c} is not a write consistency level ${target.name} supports; allowed: ${target.describeAllowed(o.kind)}`);
    }
    if (o.kind === OperationKind.APPEND) {
      p.check(o.consistency.localQuorumOrStronger,
        () => `\`${at}.consistency\` must be LOCAL_QUORUM or stronger for an append (an acknowledged event must survive losing a replica), got ${c}`);
      p.check(!o.retryPolicy.downgradesConsistency,
        () => `\`${at}.retryPolicy\` ${o.retryPolicy.className} downgrades consistency, which would acknowledge an append below LOCAL_QUORUM; use RetryPolicy.DEFAULT`);
    }
    p.check(o.serialConsistency.serial,
      () => `\`${at}.serialConsistency\` must be SERIAL or LOCAL_SERIAL, got ${o.serialConsistency.name}`);
    p.merge(limitProblems(`${at}.latencyP99Ms`, o.latencyP99Ms, L.latencyP99Ms));
    if (p.check(withinLimit(o.timeoutMs, L.timeoutMs), () => limitProblems(`${at}.timeoutMs`, o.timeoutMs, L.timeoutMs)[0])) {
      p.check(o.timeoutMs <= o.latencyP99Ms,
        () => `\`${at}.timeoutMs\` must be <= the operation's p99 latency SLA (${o.latencyP99Ms} ms): a request slower than the SLA `
          + `should end in the fallback, not hold the caller; got ${o.timeoutMs}`);
    }
    const spec = o.speculativeExecution;
    if (spec.enabled || spec.maxExecutions !== 1) {
      p.merge(limitProblems(`${at}.speculativeExecution.maxExecutions`, spec.maxExecutions, L.speculativeExecutions));
      p.check(withinLimit(spec.delayMs, L.speculativeDelayMs) && spec.delayMs < o.timeoutMs,
        () => `\`${at}.speculativeExecution.delayMs\` must be an integer from 0 to below timeoutMs (${o.timeoutMs}), got ${show(spec.delayMs)}`);
      p.check(o.kind !== OperationKind.APPEND,
        () => `\`${at}.speculativeExecution\` must be none for an append: a speculative copy of a conditional insert can report the append's own write as a conflict`);
      p.check(o.idempotent,
        () => `\`${at}.speculativeExecution\` needs \`idempotent: true\`: the driver never speculates non-idempotent requests, so the setting would do nothing`);
    }
    p.merge(limitProblems(`${at}.concurrencyLimit`, o.concurrencyLimit, L.concurrencyLimit));
    p.check(o.fallback.allowedFor.includes(o.kind),
      () => `\`${at}.fallback\` '${o.fallback.name}' is not allowed for a ${o.kind} operation; allowed: ${fallbacksFor(o.kind)}`);
    if (o.fallback.name === 'serve-stale') {
      p.check(withinLimit(o.fallback.maxStalenessMs, L.maxStalenessMs),
        () => `\`${at}.fallback\` serve-stale needs a positive integer maxStalenessMs, got ${show(o.fallback.maxStalenessMs)}`);
    }
  });
  return [...p.items];
}

function fallbacksFor(kind: OperationKind): string {
  return [Fallback.FAIL, Fallback.REPLAY_EVENTS, Fallback.SKIP, Fallback.serveStale(1)].filter((f) => f.allowedFor.includes(kind))
    .map((f) => f.name).join(', ');
}

/**
 * How a service connects, rendered into the non-profile part of `datastax-java-driver`.
 * Secrets are never rendered: credentials come from environment variables at run time.
 */
export class DriverConnection {
  /**
   * Amazon Keyspaces in `region`: TLS on 9142, SigV4 authentication with the service's IAM role
   * (the `aws-sigv4-auth-cassandra-java-driver-plugin` on the classpath).
   *
   * @see https://docs.aws.amazon.com/keyspaces/latest/devguide/using_java_driver.html
   */
  public static keyspaces(region: string, keyspace: string): DriverConnection {
    return new DriverConnection([
      `basic.contact-points = [ "cassandra.${region}.amazonaws.com:9142" ]`,
      `basic.load-balancing-policy.local-datacenter = "${region}"`,
      `basic.session-keyspace = ${keyspace}`,
      'advanced.auth-provider {',
      '  class = software.aws.mcs.auth.SigV4AuthProvider',
      `  aws-region = ${region}`,
      '}',
      'advanced.ssl-engine-factory {',
      '  class = DefaultSslEngineFactory',
      '  # Keyspaces hands out peer addresses as IPs, which its certificate does not name.',
      '  hostname-validation = false',
      '}',
    ]);
  }

  /**
   * A self-managed Cassandra datacenter: TLS with the cluster's CA truststore and a CQL role,
   * whose username, password and truststore path the service provides as environment variables
   * (`CASSANDRA_USERNAME`, `CASSANDRA_PASSWORD`, `CASSANDRA_TRUSTSTORE_PATH`,
   * `CASSANDRA_TRUSTSTORE_PASSWORD`), e.g. from Kubernetes Secrets.
   */
  public static cassandra(host: string, port: number, datacenter: string, keyspace: string): DriverConnection {
    return new DriverConnection([
      `basic.contact-points = [ "${host}:${port}" ]`,
      `basic.load-balancing-policy.local-datacenter = "${datacenter}"`,
      `basic.session-keyspace = ${keyspace}`,
      'advanced.auth-provider {',
      '  class = PlainTextAuthProvider',
      '  username = ${CASSANDRA_USERNAME}',
      '  password = ${CASSANDRA_PASSWORD}',
      '}',
      'advanced.ssl-engine-factory {',
      '  class = DefaultSslEngineFactory',
      '  truststore-path = ${CASSANDRA_TRUSTSTORE_PATH}',
      '  truststore-password = ${CASSANDRA_TRUSTSTORE_PASSWORD}',
      '}',
    ]);
  }

  private constructor(public readonly lines: readonly string[]) {}
}

const indent = (lines: readonly string[], n: number) => lines.map((l) => `${' '.repeat(n)}${l}`);

/** One operation's driver execution profile, as it appears under `datastax-java-driver.profiles`. */
export function driverProfileLines(o: ResolvedOperation): string[] {
  const spec = o.speculativeExecution.enabled
    ? ['advanced.speculative-execution-policy {', '  class = ConstantSpeculativeExecutionPolicy',
      `  max-executions = ${o.speculativeExecution.maxExecutions}`, `  delay = ${o.speculativeExecution.delayMs} milliseconds`, '}']
    : ['advanced.speculative-execution-policy.class = NoSpeculativeExecutionPolicy'];
  return [
    `${o.name} {`,
    ...indent([
      `basic.request.consistency = ${o.consistency.name}`,
      `basic.request.serial-consistency = ${o.serialConsistency.name}`,
      `basic.request.timeout = ${o.timeoutMs} milliseconds`,
      `basic.request.default-idempotence = ${o.idempotent}`,
      `advanced.retry-policy.class = ${o.retryPolicy.className}`,
      ...spec,
    ], 2),
    '}',
  ];
}

/** The service-side settings of one operation (the driver has no per-profile concurrency limit or fallback). */
export function serviceProfileLines(o: ResolvedOperation): string[] {
  return [
    `${o.name} {`,
    ...indent([
      `driver-profile = ${o.name}`,
      `concurrency-limit = ${o.concurrencyLimit}`,
      `fallback = ${o.fallback.name}`,
      ...(o.fallback.name === 'serve-stale' ? [`fallback-max-staleness = ${o.fallback.maxStalenessMs} milliseconds`] : []),
      `latency-p99-slo = ${o.latencyP99Ms} milliseconds`,
    ], 2),
    '}',
  ];
}

/**
 * The whole `application.conf` (HOCON) of a service: the DataStax Java driver 4.x section with
 * one execution profile per operation, and a `client-profile` section with what the driver does
 * not cover (concurrency limit, fallback, latency objective). `extra` adds service settings to
 * the `client-profile` section (e.g. the event store's time bucket).
 */
export function renderApplicationConf(operations: readonly ResolvedOperation[], connection: DriverConnection,
  header: string, extra: readonly string[] = []): string {
  return [
    `# ${header}`,
    '# Generated from the client profile as code; do not edit. Load with -Dconfig.file=<this file>.',
    'datastax-java-driver {',
    ...indent(connection.lines, 2),
    '  profiles {',
    ...operations.flatMap((o) => indent(driverProfileLines(o), 4)),
    '  }',
    '}',
    'client-profile {',
    ...indent(extra, 2),
    '  operations {',
    ...operations.flatMap((o) => indent(serviceProfileLines(o), 4)),
    '  }',
    '}',
    '',
  ].join('\n');
}
