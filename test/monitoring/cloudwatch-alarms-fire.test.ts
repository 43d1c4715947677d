import { alarmInputs, synthesizedAlarmState, type Series } from '../helpers/cloudwatch-alarm';
import { defaultTemplates, resourcesOfType } from '../helpers/cloudwatch-usage';
import { runbookLinkProblem } from './runbook-links';

/**
 * Every alarm of the default platform, evaluated on a series of a store in trouble (it must go to
 * ALARM) and of a healthy store (it must stay OK). The value of each input metric in either case:
 * `null` is a missing datapoint (Neptune and the error counters publish nothing while zero).
 */
const SCENARIOS: Record<string, { readonly fire: number | null; readonly silent: number | null }> = {
  // Keyspaces
  SuccessfulRequestLatency: { fire: 1_000, silent: 1 },
  SystemErrors: { fire: 50, silent: null },
  SuccessfulRequestCount: { fire: 50, silent: 10_000 },
  ReadThrottleEvents: { fire: 5, silent: null },
  WriteThrottleEvents: { fire: null, silent: null },
  ReplicationLatency: { fire: 1_000_000, silent: 10 },
  // ElastiCache (memcached)
  CPUUtilization: { fire: 99, silent: 5 },
  CurrConnections: { fire: 65_000, silent: 10 },
  GetHits: { fire: 1, silent: 99 },
  GetMisses: { fire: 99, silent: 1 },
  Evictions: { fire: 1_000_000, silent: 0 },
  SwapUsage: { fire: 1e12, silent: 0 },
  NetworkBandwidthInAllowanceExceeded: { fire: 10, silent: null },
  NetworkBandwidthOutAllowanceExceeded: { fire: null, silent: null },
  NetworkPacketsPerSecondAllowanceExceeded: { fire: null, silent: null },
  // OpenSearch
  '5xx': { fire: 50, silent: null },
  OpenSearchRequests: { fire: 100, silent: 10_000 },
  SearchLatency: { fire: 100_000, silent: 1 },
  IndexingLatency: { fire: 100_000, silent: 1 },
  JVMMemoryPressure: { fire: 99, silent: 10 },
  ClusterUsedSpace: { fire: 1_000_000, silent: 1 },
  FreeStorageSpace: { fire: 1, silent: 1_000_000_000 },
  'ClusterStatus.red': { fire: 1, silent: 0 },
  'ClusterStatus.yellow': { fire: 1, silent: 0 },
  ClusterIndexWritesBlocked: { fire: 1, silent: 0 },
  KMSKeyInaccessible: { fire: 1, silent: 0 },
  AutomatedSnapshotFailure: { fire: 1, silent: 0 },
  Nodes: { fire: 0, silent: 1_000 },
  MasterReachableFromNode: { fire: 0, silent: 1 },
  // Neptune
  GremlinServerErrorsPerSec: { fire: 5, silent: null },
  GremlinRequestsPerSec: { fire: 10, silent: 100 },
  FreeableMemory: { fire: 0, silent: 1e12 },
  MainRequestQueuePendingRequests: { fire: 10, silent: null },
  ClusterReplicaLagMaximum: { fire: 1_000_000, silent: 0 },
  GlobalDbProgressLag: { fire: 1_000_000, silent: 0 },
  // MemoryDB (Metrics Insights: the query's value)
  DatabaseMemoryUsagePercentage: { fire: 99, silent: 10 },
  EngineCPUUtilization: { fire: 99, silent: 5 },
  ReplicationLag: { fire: 1_000, silent: 0 },
  MultiRegionClusterReplicationLag: { fire: 1_000_000, silent: 0 },
};

const RANGE = 10;
const series = (alarm: any, which: 'fire' | 'silent'): Record<string, Series> => Object.fromEntries(alarmInputs(alarm).map((i) => {
  const s = SCENARIOS[i.metricName];
  if (!s) throw new Error(`no fire/silent scenario for metric ${i.metricName}: add one to SCENARIOS`);
  return [i.id, Array(RANGE).fill(s[which])];
}));

const alarms = [...defaultTemplates()].flatMap(([file, t]) =>
  resourcesOfType(t, 'AWS::CloudWatch::Alarm').map(([, p]) => [`${file} ${p.AlarmName}`, p] as const));
const composites = [...defaultTemplates()].flatMap(([file, t]) =>
  resourcesOfType(t, 'AWS::CloudWatch::CompositeAlarm').map(([, p]) => [`${file} ${p.AlarmName}`, p, t] as const));

test('the default platform has alarms on every store and burn-rate alerts', () => {
  expect(alarms.length).toBeGreaterThan(150);
  expect(composites.length).toBeGreaterThan(30);
});

// PutMetricAlarm takes at most 10 MetricDataQuery structures with a MetricStat and 10 with an
// Expression, exactly one of them ReturnData (CloudWatch API reference, MetricDataQuery). Sums over
// operations (Keyspaces) bring alarms close to it.
test.each(alarms.filter(([, p]) => p.Metrics))('%s stays within metric math alarm limits', (_, p) => {
  const metrics: any[] = p.Metrics;
  expect({
    metricStats: metrics.filter((m) => m.MetricStat).length <= 10,
    expressions: metrics.filter((m) => m.Expression).length <= 10,
    returned: metrics.filter((m) => m.ReturnData !== false).length,
  }).toEqual({ metricStats: true, expressions: true, returned: 1 });
});

test.each(alarms)('%s fires on a store in trouble and stays silent on a healthy one', (_, p) => {
  expect({ fire: synthesizedAlarmState(p, series(p, 'fire')), silent: synthesizedAlarmState(p, series(p, 'silent')) })
    .toEqual({ fire: 'ALARM', silent: 'OK' });
});

test.each(composites)('%s: ALARM only while both windows burn', (_, p, t) => {
  // AlarmRule: (ALARM("<long>") AND ALARM("<short>")) with Fn::GetAtt of the two alarms' Arn.
  const ids = JSON.stringify(p.AlarmRule).match(/"([A-Za-z0-9]+)","Arn"/g)!.map((m) => m.split('"')[1]);
  expect(ids).toHaveLength(2);
  const [long, short] = ids.map((id) => t.Resources![id].Properties!);
  const state = (l: 'fire' | 'silent', s: 'fire' | 'silent') =>
    synthesizedAlarmState(long, series(long, l)) === 'ALARM' && synthesizedAlarmState(short, series(short, s)) === 'ALARM';
  expect({ both: state('fire', 'fire'), recovered: state('fire', 'silent'), blip: state('silent', 'fire'), healthy: state('silent', 'silent') })
    .toEqual({ both: true, recovered: false, blip: false, healthy: false });
  expect(long.ActionsEnabled).toBe(false);
  expect(p.AlarmActions).toHaveLength(1);
});

test('every alarm\'s evaluation range stays within the one day CloudWatch allows', () => {
  // "The number of evaluation periods for an alarm multiplied by the length of each evaluation period cannot exceed one day."
  const periodOf = (p: any): number => p.Period ?? Math.max(...p.Metrics.map((m: any) => m.MetricStat?.Period ?? m.Period ?? 0));
  expect(alarms.filter(([, p]) => periodOf(p) * p.EvaluationPeriods > 86_400).map(([n]) => n)).toEqual([]);
});

test('every alarm description ends with the URL of its runbook section, like the Kubernetes alerts\' runbook_url', () => {
  const missing = [...alarms, ...composites].filter(([, p]) => !/Runbook: https:\/\/\S+\/aws-[a-z]+\.md#[a-z-]+$/.test(p.AlarmDescription ?? ''))
    .filter(([, p]) => p.ActionsEnabled !== false);
  expect(missing.map(([n]) => n)).toEqual([]);
});

describe('at the SLA boundary', () => {
  const named = (suffix: string) => {
    const found = alarms.filter(([n]) => n.startsWith('ViewingHistory-prod-us-east-1') && n.endsWith(suffix));
    expect(found).toHaveLength(1);
    return found[0][1];
  };
  const rate = (errorsPer10k: number, minutes = RANGE): Record<string, Series> => ({
    errors: Array(minutes).fill(errorsPer10k), ok: Array(minutes).fill(10_000 - errorsPer10k),
  });

  test('error rate: 0.09% of requests stays OK, 0.11% alarms (SLA errorRatePercent 0.1)', () => {
    const p = named('-ErrorRate-Critical');
    expect(p.Threshold).toBe(0.1);
    expect([synthesizedAlarmState(p, rate(9)), synthesizedAlarmState(p, rate(11))]).toEqual(['OK', 'ALARM']);
  });

  test('error rate must be sustained: 4 bad minutes of 5 stay OK, 5 alarm', () => {
    const p = named('-ErrorRate-Critical');
    const minutes = (bad: number) => ({
      errors: [...Array(RANGE - bad).fill(0), ...Array(bad).fill(100)], ok: Array(RANGE).fill(9_900),
    });
    expect([synthesizedAlarmState(p, minutes(4)), synthesizedAlarmState(p, minutes(5))]).toEqual(['OK', 'ALARM']);
  });

  test('page-quick burn rate: 14.4 × the 0.1% budget over the hour; 1.4% of requests stays OK, 1.5% alarms', () => {
    const p = named('-BurnRate-PageQuick-Long');
    expect(p.Metrics.find((m: any) => m.MetricStat).MetricStat.Period).toBe(3600);
    expect([synthesizedAlarmState(p, rate(140, 1)), synthesizedAlarmState(p, rate(150, 1))]).toEqual(['OK', 'ALARM']);
  });

  test('ticket burn rate: 3 × the budget over a day; a day at 0.25% stays OK, at 0.35% it alarms', () => {
    const p = named('-BurnRate-TicketQuick-Long');
    expect(p.Metrics.find((m: any) => m.MetricStat).MetricStat.Period).toBe(86_400);
    expect([synthesizedAlarmState(p, rate(25, 1)), synthesizedAlarmState(p, rate(35, 1))]).toEqual(['OK', 'ALARM']);
  });
});

test('every runbook link of an alarm resolves to a heading of docs/runbooks', () => {
  const links = new Set([...alarms, ...composites].flatMap(([, p]) => [...(p.AlarmDescription ?? '').matchAll(/Runbook: (\S+)/g)]).map((m) => m[1]));
  expect(links.size).toBeGreaterThan(25);
  expect([...links].map(runbookLinkProblem).filter((problem) => problem !== undefined)).toEqual([]);
});
