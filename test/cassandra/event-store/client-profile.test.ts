import {
  ClientTarget, ConsistencyLevel, DriverConnection, Fallback, type NamedOperation, type OperationProfile, OperationKind, RetryPolicy,
  SpeculativeExecution, clientProfileProblems, renderApplicationConf, resolveOperations,
} from '../../../constructs/cassandra/client-profile';
import type { ServiceLevelObjectives } from '../../../constructs/platform/sla';

const SLA: ServiceLevelObjectives = { latencyP99Ms: 50, errorRatePercent: 0.1, availabilityPercent: 99.99, capacityHeadroomPercent: 30 };
const op = (kind: OperationKind, profile: Partial<OperationProfile> = {}, name = 'op'): NamedOperation => ({
  name, kind, profile: { consistency: ConsistencyLevel.LOCAL_QUORUM, timeoutMs: 40, concurrencyLimit: 10, ...profile },
});
const problems = (o: NamedOperation, target = ClientTarget.CASSANDRA) => clientProfileProblems([o], target, SLA).join('\n');

describe('defaults', () => {
  test('are applied as documented', () => {
    const [r] = resolveOperations([op(OperationKind.READ)], SLA);
    expect(r.serialConsistency).toBe(ConsistencyLevel.LOCAL_SERIAL);
    expect(r.latencyP99Ms).toBe(50);
    expect(r.retryPolicy).toBe(RetryPolicy.DEFAULT);
    expect(r.speculativeExecution.enabled).toBe(false);
    expect(r.idempotent).toBe(false);
    expect(r.fallback).toBe(Fallback.FAIL);
  });

  test('a sound profile has no problems on either target', () => {
    const ops = [
      op(OperationKind.APPEND, {}, 'append'),
      op(OperationKind.READ, { consistency: ConsistencyLevel.LOCAL_ONE, idempotent: true, speculativeExecution: SpeculativeExecution.constant(2, 5), fallback: Fallback.serveStale(1000) }, 'read'),
      op(OperationKind.WRITE, { fallback: Fallback.SKIP }, 'write'),
    ];
    expect(clientProfileProblems(ops, ClientTarget.KEYSPACES, SLA)).toEqual([]);
    expect(clientProfileProblems(ops, ClientTarget.CASSANDRA, SLA)).toEqual([]);
  });
});

describe('validation', () => {
  test.each([ConsistencyLevel.QUORUM, ConsistencyLevel.EACH_QUORUM, ConsistencyLevel.ALL, ConsistencyLevel.SERIAL])(
    'Keyspaces refuses read consistency %p', (level) => {
      expect(problems(op(OperationKind.READ, { consistency: level }), ClientTarget.KEYSPACES))
        .toMatch(new RegExp(`\`clientProfile.op.consistency\` ${level.name} is not a read consistency level Amazon Keyspaces supports; allowed: ONE, LOCAL_ONE, LOCAL_QUORUM`));
    });

  test.each([ConsistencyLevel.QUORUM, ConsistencyLevel.ONE, ConsistencyLevel.ALL])('Keyspaces refuses write consistency %p', (level) => {
    expect(problems(op(OperationKind.WRITE, { consistency: level }), ClientTarget.KEYSPACES))
      .toMatch(/is not a write consistency level Amazon Keyspaces supports; allowed: LOCAL_QUORUM$/m);
  });

  test('Cassandra refuses ANY for reads and SERIAL for writes', () => {
    expect(problems(op(OperationKind.READ, { consistency: ConsistencyLevel.ANY }))).toMatch(/ANY is not a read consistency level Apache Cassandra supports/);
    expect(problems(op(OperationKind.WRITE, { consistency: ConsistencyLevel.SERIAL }))).toMatch(/SERIAL is not a write consistency level Apache Cassandra supports/);
  });

  test.each([ConsistencyLevel.ONE, ConsistencyLevel.LOCAL_ONE, ConsistencyLevel.TWO, ConsistencyLevel.ANY])('an append at %p is below LOCAL_QUORUM', (level) => {
    expect(problems(op(OperationKind.APPEND, { consistency: level })))
      .toMatch(new RegExp(`\`clientProfile.op.consistency\` must be LOCAL_QUORUM or stronger for an append .*got ${level.name}`));
  });

  test('an append never downgrades consistency on retry', () => {
    expect(problems(op(OperationKind.APPEND, { retryPolicy: RetryPolicy.CONSISTENCY_DOWNGRADING })))
      .toMatch(/`clientProfile.op.retryPolicy` ConsistencyDowngradingRetryPolicy downgrades consistency/);
    expect(problems(op(OperationKind.APPEND, { retryPolicy: RetryPolicy.custom('com.example.Lenient', true) }))).toMatch(/com.example.Lenient downgrades/);
  });

  test('a timeout above the SLA p99 latency is refused', () => {
    expect(problems(op(OperationKind.READ, { timeoutMs: 51 })))
      .toMatch(/`clientProfile.op.timeoutMs` must be <= the operation's p99 latency SLA \(50 ms\).*got 51/);
    expect(problems(op(OperationKind.READ, { timeoutMs: 25, latencyP99Ms: 20 }))).toMatch(/SLA \(20 ms\).*got 25/);
    expect(problems(op(OperationKind.READ, { timeoutMs: 0 }))).toMatch(/`clientProfile.op.timeoutMs` must be a positive integer, got 0/);
    expect(problems(op(OperationKind.READ, { latencyP99Ms: -1 }))).toMatch(/`clientProfile.op.latencyP99Ms` must be a positive integer, got -1/);
  });

  test('speculative execution: not on appends, only when idempotent, sane bounds', () => {
    const spec = SpeculativeExecution.constant(2, 10);
    expect(problems(op(OperationKind.APPEND, { speculativeExecution: spec, idempotent: true }))).toMatch(/`clientProfile.op.speculativeExecution` must be none for an append/);
    expect(problems(op(OperationKind.READ, { speculativeExecution: spec }))).toMatch(/needs `idempotent: true`/);
    expect(problems(op(OperationKind.READ, { idempotent: true, speculativeExecution: SpeculativeExecution.constant(9, 10) })))
      .toMatch(/`clientProfile.op.speculativeExecution.maxExecutions` must be an integer from 1 to 5, got 9/);
    expect(problems(op(OperationKind.READ, { idempotent: true, speculativeExecution: SpeculativeExecution.constant(0, 10) }))).toMatch(/got 0/);
    expect(problems(op(OperationKind.READ, { idempotent: true, speculativeExecution: SpeculativeExecution.constant(2, 40) })))
      .toMatch(/`clientProfile.op.speculativeExecution.delayMs` must be an integer from 0 to below timeoutMs \(40\), got 40/);
  });

  test('fallbacks must fit the operation', () => {
    expect(problems(op(OperationKind.APPEND, { fallback: Fallback.SKIP }))).toMatch(/`clientProfile.op.fallback` 'skip' is not allowed for a append operation; allowed: fail$/m);
    expect(problems(op(OperationKind.WRITE, { fallback: Fallback.REPLAY_EVENTS }))).toMatch(/'replay-events' is not allowed for a write operation; allowed: fail, skip/);
    expect(problems(op(OperationKind.APPEND, { fallback: Fallback.serveStale(10) }))).toMatch(/'serve-stale' is not allowed for a append/);
    expect(problems(op(OperationKind.READ, { fallback: Fallback.serveStale(0) }))).toMatch(/serve-stale needs a positive integer maxStalenessMs, got 0/);
  });

  test('serial consistency, concurrency limit and names', () => {
    expect(problems(op(OperationKind.APPEND, { serialConsistency: ConsistencyLevel.QUORUM })))
      .toMatch(/`clientProfile.op.serialConsistency` must be SERIAL or LOCAL_SERIAL, got QUORUM/);
    expect(problems(op(OperationKind.READ, { concurrencyLimit: 0 }))).toMatch(/`clientProfile.op.concurrencyLimit` must be a positive integer, got 0/);
    expect(problems(op(OperationKind.READ, {}, 'Read_Stream'))).toMatch(/operation names must match .* got 'Read_Stream'/);
    expect(clientProfileProblems([op(OperationKind.READ), op(OperationKind.READ)], ClientTarget.CASSANDRA, SLA).join('\n'))
      .toMatch(/operation 'op' is defined twice/);
  });
});

describe('rendering', () => {
  const ops = resolveOperations([
    op(OperationKind.APPEND, {}, 'append'),
    op(OperationKind.READ, { consistency: ConsistencyLevel.LOCAL_ONE, idempotent: true, speculativeExecution: SpeculativeExecution.constant(3, 5), fallback: Fallback.serveStale(2000) }, 'read'),
  ], SLA);

  test('driver profiles use the DataStax Java driver 4.x option names', () => {
    const conf = renderApplicationConf(ops, DriverConnection.keyspaces('eu-west-1', 'ks'), 'header');
    expect(conf).toContain([
      '  profiles {', '    append {', '      basic.request.consistency = LOCAL_QUORUM', '      basic.request.serial-consistency = LOCAL_SERIAL',
      '      basic.request.timeout = 40 milliseconds', '      basic.request.default-idempotence = false',
      '      advanced.retry-policy.class = DefaultRetryPolicy', '      advanced.speculative-execution-policy.class = NoSpeculativeExecutionPolicy', '    }',
    ].join('\n'));
    expect(conf).toContain('advanced.speculative-execution-policy {\n        class = ConstantSpeculativeExecutionPolicy\n        max-executions = 3\n        delay = 5 milliseconds');
    expect(conf).toContain('basic.contact-points = [ "cassandra.eu-west-1.amazonaws.com:9142" ]');
    expect(conf).toContain('class = software.aws.mcs.auth.SigV4AuthProvider');
    expect(conf).toContain('fallback = serve-stale\n      fallback-max-staleness = 2000 milliseconds');
    expect(conf).toContain('concurrency-limit = 10');
  });

  test('self-managed Cassandra credentials are environment substitutions, never values', () => {
    const conf = renderApplicationConf(ops, DriverConnection.cassandra('h.svc', 9042, 'us-east-1', 'ks'), 'header');
    expect(conf).toContain('username = ${CASSANDRA_USERNAME}');
    expect(conf).toContain('password = ${CASSANDRA_PASSWORD}');
    expect(conf).toContain('basic.load-balancing-policy.local-datacenter = "us-east-1"');
  });
});
