import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdk8s';
import { TableCapacity } from '../../constructs/cassandra/aws/table-capacity';
import { fixtureSettings } from '../catalog/helpers';
import { type TimeSeriesSettings, timeSeriesCapacity, timeSeriesUseCase } from '../../lib/time-series';
import { testApp } from '../helpers/aws';
import { testEnvironment } from '../helpers/environment';

/** The viewing-history service's settings in the fixture catalog (test/fixtures/catalog/viewing-history.yaml). */
const viewingHistory = fixtureSettings<TimeSeriesSettings>('viewing-history');

const env = testEnvironment();
const noNetwork = { network: () => { throw new Error('Keyspaces needs no VPC'); } };
const stacks = (s: TimeSeriesSettings) => timeSeriesUseCase({ test: s }, 'viewing-history').addStacks(testApp(), env, noNetwork).map((b) => b.stack);
const charts = (s: TimeSeriesSettings) => timeSeriesUseCase({ test: s }, 'viewing-history').addCharts(Testing.app(), env).map((b) => b.chart);
const withRegions = (patch: object): TimeSeriesSettings => ({
  ...viewingHistory,
  cassandra: { ...viewingHistory.cassandra, topology: { regions: viewingHistory.cassandra.topology.regions.map((r) => ({ ...r, ...patch })) } },
});

describe('the configured Viewing History meets the planner', () => {
  const report = timeSeriesCapacity(env, viewingHistory, 'viewing-history')!;

  test('Cassandra per region: 2 nodes per zone (throughput-bound), 571 GiB volumes', () => {
    // Dataset: 400 GiB × 1.03^12 = 570.30 GiB (the 730-day retention cap, 3000 writes/s average × 300 B × 730 d
    // = 52 867 GiB, does not bind); × RF 3 = 1710.91 GiB per region → ceil(1710.91 / 1024) = 2 nodes for data.
    // Throughput: (6000 × 3 / 10 000 + 4000 × 2 / 5000) / 0.7 = 3.4 / 0.7 = 4.86 → 5 → 2 per zone → 6 nodes.
    // Disk: 1710.91 / 6 / 0.5 = 570.30 → 571 GiB per node.
    expect(report.projection.projectedGiB).toBeCloseTo(570.304, 3);
    const east = report.sections.find((s) => s.title === 'Cassandra us-east-1 (3 zones)')!.figures;
    expect([east.nodesForData, east.nodesForThroughput, east.nodes, east.nodesPerZone, east.diskPerNodeGiB, east.limitedBy])
      .toEqual([2, 5, 6, 2, 571, 'throughput']);
  });

  test('every check passes: replication factor, nodes per zone and data volume in each region', () => {
    expect(report.checks.map((c) => [c.field, c.required, c.configured, c.ok])).toEqual(
      [0, 1, 2].flatMap((i) => [
        [`settings.cassandra.topology.regions[${i}].replicationFactor`, 3, 3, true],
        [`settings.cassandra.topology.regions[${i}].nodesPerZone`, 2, 2, true],
        ['settings.cassandra.storageGiB', 571, 1000, true],
      ]));
  });

  test('Keyspaces: 1 WCU / 1 RCU per 300-byte row; 8572 WCU and 5715 RCU provisioned would be cheaper than on-demand', () => {
    // 6000 / 0.7 = 8571.4 → 8572; 4000 / 0.7 = 5714.3 → 5715; average utilisation 50% × 0.7 = 35% >= 14.4%.
    const ks = report.sections.find((s) => s.title === 'Amazon Keyspaces (per region)')!.figures;
    expect([ks.writeCapacityUnits, ks.readCapacityUnits, ks.recommendedMode]).toEqual([8572, 5715, 'PROVISIONED']);
    expect(report.notes).toEqual([expect.stringMatching(/^Keyspaces runs PAY_PER_REQUEST; the planner recommends PROVISIONED .*35\.0% utilisation/)]);
  });

  test('the use case offers the report for environments it runs in, and none elsewhere', () => {
    expect(timeSeriesUseCase({ test: viewingHistory }, 'viewing-history').capacityReport!(env)!.environment).toBe('test');
    expect(timeSeriesUseCase({}, 'viewing-history').capacityReport!(env)).toBeUndefined();
  });

  test('without a workload (the default) there is no report and no check: one node per zone synthesizes', () => {
    const { workload: _, ...rest } = viewingHistory;
    expect(timeSeriesCapacity(env, rest, 'viewing-history')).toBeUndefined();
    expect(stacks({ ...rest, cassandra: withRegions({ nodesPerZone: 1 }).cassandra })).toHaveLength(3);
  });
});

describe('synth fails when the configured size is below the plan', () => {
  test('one node per zone: the stack names the field, the value and the minimum', () => {
    expect(() => stacks(withRegions({ nodesPerZone: 1 }))).toThrow(
      /ViewingHistory-test-us-east-1: 3 problems:\n {2}- `settings\.cassandra\.topology\.regions\[0\]\.nodesPerZone` \(Cassandra us-east-1: nodes per zone\) is 1 nodes, the capacity planner needs >= 2 nodes for the workload \(limited by throughput: 5 nodes for throughput, 2 for data, RF 3\)/);
  });

  test('the chart fails the same way', () => {
    expect(() => charts(withRegions({ nodesPerZone: 1 }))).toThrow(/`settings\.cassandra\.topology\.regions\[2\]\.nodesPerZone` .* is 1 nodes/);
  });

  test('volumes smaller than the plan', () => {
    expect(() => stacks({ ...viewingHistory, cassandra: { ...viewingHistory.cassandra, storageGiB: 500 } }))
      .toThrow(/`settings\.cassandra\.storageGiB` \(Cassandra us-east-1: data volume per node\) is 500 GiB, the capacity planner needs >= 571 GiB/);
  });

  test('a replication factor other than the workload\'s', () => {
    expect(() => stacks({ ...viewingHistory, workload: { ...viewingHistory.workload!, replicationFactor: 2 } }))
      .toThrow(/`settings\.cassandra\.topology\.regions\[0\]\.replicationFactor` \(Cassandra us-east-1: replication factor\) is 3 copies, the capacity planner needs 2 copies/);
  });

  test('provisioned Keyspaces capacity below the plan', () => {
    expect(() => stacks({ ...viewingHistory, capacity: TableCapacity.provisioned(5715, 8000) }))
      .toThrow(/`settings\.capacity \(writeCapacityUnits\)` \(Keyspaces: write capacity units\) is 8000 WCU, the capacity planner needs >= 8572 WCU/);
  });

  test('enough provisioned capacity passes and leaves no note', () => {
    const s = { ...viewingHistory, capacity: TableCapacity.provisioned(5715, 8572) };
    expect(stacks(s)).toHaveLength(3);
    expect(timeSeriesCapacity(env, s, 'viewing-history')!.notes).toEqual([]);
  });

  test('an invalid workload names the field', () => {
    expect(() => stacks({ ...viewingHistory, workload: { ...viewingHistory.workload!, itemSizeBytes: 0 } }))
      .toThrow(/ViewingHistory-test-us-east-1: `settings\.workload\.itemSizeBytes` must be a positive integer, got 0/);
  });
});

describe('maintenance', () => {
  const made = stacks(viewingHistory);

  test('every region routes AWS Health events for Keyspaces to its own alarm topic', () => {
    for (const stack of made) {
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { source: ['aws.health'], detail: { service: ['CASSANDRA'], eventTypeCategory: ['scheduledChange', 'issue'] } },
        Targets: [{ Arn: { Ref: 'MonitoringAlarmTopicAF62D4F1' }, Id: 'Target0' }],
      });
      t.resourceCountIs('AWS::Events::Rule', 1);
    }
  });

  test('each region\'s Medusa backs up in its own night, one region at a time', () => {
    const crons = charts(viewingHistory).map((c) => Testing.synth(c).filter((o: any) => o.kind === 'MedusaBackupSchedule')
      .map((o: any) => [o.metadata.name, o.spec.cronSchedule]));
    expect(crons).toEqual([
      [['viewing-history-us-east-1-backup', '0 5 * * *'], ['viewing-history-us-east-1-purge', '0 6 * * *']],
      [['viewing-history-us-west-2-backup', '0 8 * * *'], ['viewing-history-us-west-2-purge', '0 9 * * *']],
      [['viewing-history-eu-west-1-backup', '0 0 * * *'], ['viewing-history-eu-west-1-purge', '0 1 * * *']],
    ]);
  });

  test('an explicit backups.schedule wins over the staggered window', () => {
    const s = { ...viewingHistory, cassandra: { ...viewingHistory.cassandra, backups: { ...viewingHistory.cassandra.backups, schedule: '0 3 * * *' } } };
    const backup = Testing.synth(charts(s)[1]).find((o: any) => o.metadata.name === 'viewing-history-us-west-2-backup');
    expect(backup.spec.cronSchedule).toBe('0 3 * * *');
  });
});
