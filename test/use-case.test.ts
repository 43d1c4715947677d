import { App as CdkApp, Stack, type StackProps } from 'aws-cdk-lib';
import { Chart, Testing } from 'cdk8s';
import type { Construct } from 'constructs';
import type { IPublishedStore } from '../constructs/catalog/inventory';
import { type RegionalContext, type StoreChart, regionalUseCase } from '../lib/regional-use-case';
import { type SharedStacks, leaderFirst, pascalName } from '../lib/use-case';
import { testEnvironment } from './helpers/environment';

describe('use-case helpers', () => {
  test('leaderFirst puts the leader first and keeps the others in order', () => {
    expect(leaderFirst('eu-west-1', ['us-east-1', 'us-west-2', 'eu-west-1'])).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
  });

  test('leaderFirst adds no region the list does not have', () => {
    expect(leaderFirst('ap-south-1', ['us-east-1', 'us-west-2'])).toEqual(['us-east-1', 'us-west-2']);
  });

  test('pascalName turns a service name into a stack name prefix', () => {
    expect(pascalName('viewing-history')).toBe('ViewingHistory');
  });
});

/** A template declared with the factory: its settings list the regions and the leader. */
interface ToySettings {
  readonly regions: string[];
  readonly leader?: string;
}

class ToyStack extends Stack {
  public readonly fromLeader?: string;
  constructor(scope: Construct, id: string, props: StackProps & { readonly fromLeader?: string }) {
    super(scope, id, props);
    this.fromLeader = props.fromLeader;
  }
}

class ToyChart extends Chart implements StoreChart {
  public readonly stores: readonly IPublishedStore[] = [];
  public readonly context: RegionalContext<ToySettings>;
  public readonly fromLeader?: string;
  constructor(scope: Construct, id: string, context: RegionalContext<ToySettings> & { readonly fromLeader?: string }) {
    super(scope, id, { namespace: `toy-${context.region}` });
    this.context = context;
    this.fromLeader = context.fromLeader;
  }
}

const env = testEnvironment();
const noNetwork: SharedStacks = { network: () => { throw new Error('the toy needs no VPC'); } };
const benchmarked: Array<{ chart: ToyChart; region: string }> = [];
const toy = (settingsByEnvironment: Record<string, ToySettings>, dependsOnLeader?: string) => regionalUseCase({
  service: 'toy-store',
  settingsByEnvironment,
  stacks: {
    regions: (s) => s.regions,
    leader: (s, e) => s.leader ?? e.primaryRegion,
    dependsOnLeader,
    holds: 'toys on Amazon Toybox',
    create: (app, id, props, c) => new ToyStack(app, id, { ...props, fromLeader: c.fromLeader }),
    fromLeader: (leader: ToyStack) => `made by ${leader.region}`,
  },
  charts: {
    regions: (s) => s.regions,
    leader: (s, e) => s.leader ?? e.primaryRegion,
    create: (app, id, c) => new ToyChart(app, id, c),
    fromLeader: (leader: ToyChart) => `made by ${leader.context.region}`,
  },
  capacityReport: () => undefined,
  benchmark: {
    namespace: (chart) => chart.namespace!,
    add: (bench, chart, c) => { benchmarked.push({ chart, region: c.region }); new Chart(bench, 'Marker'); },
  },
});

describe('regionalUseCase', () => {
  const settings: ToySettings = { regions: ['us-east-1', 'us-west-2', 'eu-west-1'], leader: 'us-west-2' };

  test('an environment without settings gets no stack, chart, report or benchmark', () => {
    const u = toy({ staging: settings });
    expect(u.addStacks(new CdkApp(), env, noNetwork)).toEqual([]);
    expect(u.addCharts(Testing.app(), env)).toEqual([]);
    expect(u.addBenchmarks(Testing.app(), env, [])).toEqual([]);
    expect(u.capacityReport!(env)).toBeUndefined();
  });

  test('the leader is built first; what it built is handed to every other region, not to itself', () => {
    const stacks = toy({ test: settings }).addStacks(new CdkApp(), env, noNetwork);
    expect(stacks.map((b) => [b.region, b.stack.fromLeader])).toEqual([
      ['us-west-2', undefined], ['us-east-1', 'made by us-west-2'], ['eu-west-1', 'made by us-west-2'],
    ]);
    const charts = toy({ test: settings }).addCharts(Testing.app(), env);
    expect(charts.map((b) => [b.region, b.chart.fromLeader])).toEqual([
      ['us-west-2', undefined], ['us-east-1', 'made by us-west-2'], ['eu-west-1', 'made by us-west-2'],
    ]);
  });

  test('a leader outside the regions: the first region leads', () => {
    const charts = toy({ test: { regions: ['eu-west-1', 'us-west-2'], leader: 'us-east-1' } }).addCharts(Testing.app(), env);
    expect(charts.map((b) => [b.region, b.chart.fromLeader])).toEqual([['eu-west-1', undefined], ['us-west-2', 'made by eu-west-1']]);
  });

  test('ids, account, region and description of each stack and chart come from the factory', () => {
    const [leader] = toy({ test: settings }).addStacks(new CdkApp(), env, noNetwork);
    expect(leader.stack.stackName).toBe('ToyStore-test-us-west-2');
    expect([leader.stack.account, leader.stack.region]).toEqual(['123456789012', 'us-west-2']);
    expect(leader.stack.templateOptions.description).toBe('toy-store: toys on Amazon Toybox (test, us-west-2)');
    const [chart] = toy({ test: settings }).addCharts(Testing.app(), env);
    expect(chart.chart.node.id).toBe('toy-store-test-us-west-2');
    expect(chart.chart.context).toMatchObject({ environment: env, region: 'us-west-2', settings, service: 'toy-store' });
  });

  test('dependsOnLeader: every other stack depends on the leader\'s; without it, none does', () => {
    const stacks = toy({ test: settings }, 'followers attach to the leader').addStacks(new CdkApp(), env, noNetwork);
    expect(stacks.map((b) => b.stack.dependencies.map((d) => d.stackName))).toEqual([[], ['ToyStore-test-us-west-2'], ['ToyStore-test-us-west-2']]);
    const independent = toy({ test: settings }).addStacks(new CdkApp(), env, noNetwork);
    expect(independent.map((b) => b.stack.dependencies.length)).toEqual([0, 0, 0]);
  });

  test('chart records carry the chart\'s stores', () => {
    const [b] = toy({ test: settings }).addCharts(Testing.app(), env);
    expect(b.stores).toBe(b.chart.stores);
  });

  test('benchmarks: one per chart record, in the environment\'s region order, named like the chart, in its namespace', () => {
    const u = toy({ test: settings });
    const charts = u.addCharts(Testing.app(), env);
    benchmarked.length = 0;
    const benches = u.addBenchmarks(Testing.app(), env, charts);
    expect(benches.map((c) => [c.node.id, c.namespace])).toEqual([
      ['toy-store-test-us-east-1', 'toy-us-east-1'], ['toy-store-test-us-west-2', 'toy-us-west-2'], ['toy-store-test-eu-west-1', 'toy-eu-west-1'],
    ]);
    // Each benchmark gets the typed chart of its region from the record, whatever the chart's id.
    expect(benchmarked.map((b) => [b.region, b.chart.context.region])).toEqual([
      ['us-east-1', 'us-east-1'], ['us-west-2', 'us-west-2'], ['eu-west-1', 'eu-west-1'],
    ]);
  });

  test('benchmarks follow the records: a region without a chart record gets no benchmark', () => {
    const u = toy({ test: settings });
    const charts = u.addCharts(Testing.app(), env).filter((b) => b.region !== 'us-east-1');
    expect(u.addBenchmarks(Testing.app(), env, charts).map((c) => c.node.id)).toEqual(['toy-store-test-us-west-2', 'toy-store-test-eu-west-1']);
  });
});
