import { cloudWatchCatalog, metricUseProblems, type MetricUse } from '../../constructs/monitoring/catalog/cloudwatch';
import { alarmMetricUses, dashboardBody, dashboardMetricUses, defaultTemplates, resourcesOfType } from '../helpers/cloudwatch-usage';

const templates = defaultTemplates();
const alarmUses: MetricUse[] = [];
const dashboardUses: MetricUse[] = [];
for (const [file, t] of templates) {
  for (const [id, p] of resourcesOfType(t, 'AWS::CloudWatch::Alarm')) alarmUses.push(...alarmMetricUses(`${file} ${id}`, p));
  for (const [id, p] of resourcesOfType(t, 'AWS::CloudWatch::Dashboard')) dashboardUses.push(...dashboardMetricUses(`${file} ${id}`, dashboardBody(p)));
}

describe('catalog', () => {
  test('every entry quotes its source', () => {
    for (const ns of cloudWatchCatalog().values()) {
      expect(ns.provenance.url).toMatch(/^https:\/\//);
      expect(ns.provenance.quote.length).toBeGreaterThan(20);
      for (const [name, m] of Object.entries(ns.metrics)) {
        expect({ name, quote: m.quote.length > 10, stats: m.statistics.length > 0 }).toEqual({ name, quote: true, stats: true });
      }
    }
  });

  test('the entries not read from AWS are exactly these (read their page to verify one, then remove it here)', () => {
    const unverified = [...cloudWatchCatalog().values()].flatMap((ns) =>
      Object.entries(ns.metrics).filter(([, m]) => m.verified === false).map(([name]) => `${ns.namespace} ${name}`));
    expect(unverified.sort()).toEqual([
      'AWS/Cassandra ReadThrottleEvents', 'AWS/Cassandra ReplicationLatency', 'AWS/Cassandra SuccessfulRequestCount',
      'AWS/Cassandra SuccessfulRequestLatency', 'AWS/Cassandra SystemErrors', 'AWS/Cassandra WriteThrottleEvents',
      'AWS/MemoryDB DatabaseMemoryUsagePercentage', 'AWS/MemoryDB EngineCPUUtilization', 'AWS/MemoryDB Evictions',
      'AWS/MemoryDB MultiRegionClusterReplicationLag', 'AWS/MemoryDB ReplicationLag',
    ]);
  });
});

describe('metricUseProblems', () => {
  const use = (over: Partial<MetricUse>): MetricUse => ({
    where: 'test', namespace: 'AWS/ES', metricName: 'SearchLatency', dimensions: ['DomainName', 'ClientId'],
    statistic: 'Average', periodSeconds: 60, ...over,
  });
  test('accepts a documented use', () => expect(metricUseProblems(use({}))).toEqual([]));
  test.each([
    ['a percentile of a per-minute average', { statistic: 'p99' }, /statistic p99 is not meaningful; allowed: Average, Maximum/],
    ['an unknown metric', { metricName: 'DiskSpaceUsage' }, /not in the AWS\/ES catalog \(Not in the AWS\/ES metric list/],
    ['an unknown namespace', { namespace: 'AWS/Nope' }, /namespace AWS\/Nope is not in the catalog/],
    ['a dimension set AWS does not publish', { dimensions: ['DomainName'] }, /dimensions \[DomainName\] are not a published set/],
    ['a period shorter than the publishing period', { namespace: 'AWS/Neptune', metricName: 'CPUUtilization', dimensions: ['DBClusterIdentifier'], periodSeconds: 60 },
      /period 60s is shorter than AWS publishes it \(300s\)/],
    ['a Sum over a period longer than the metric allows', { metricName: 'FreeStorageSpace', statistic: 'Sum', periodSeconds: 300 }, /accurate only up to a 60s period/],
    ['no period', { periodSeconds: Number.NaN }, /no period given/],
  ])('rejects %s', (_, over, message) => {
    expect(metricUseProblems(use(over)).join('\n')).toMatch(message);
  });
});

describe('synthesized output', () => {
  test('reads alarms and dashboards of every store namespace', () => {
    const namespaces = new Set([...alarmUses, ...dashboardUses].map((u) => u.namespace));
    expect([...namespaces].sort()).toEqual(['AWS/Cassandra', 'AWS/ES', 'AWS/ElastiCache', 'AWS/MemoryDB', 'AWS/Neptune']);
    expect(alarmUses.length).toBeGreaterThan(100);
    expect(dashboardUses.length).toBeGreaterThan(100);
  });

  test('every CloudWatch alarm uses a catalogued metric, dimension set, statistic and period', () => {
    expect(alarmUses.flatMap((u) => metricUseProblems(u))).toEqual([]);
  });

  test('every dashboard graph uses a catalogued metric, dimension set, statistic and period', () => {
    expect(dashboardUses.flatMap((u) => metricUseProblems(u))).toEqual([]);
  });
});
