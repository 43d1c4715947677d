import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdk8s';
import { fixtureSettings } from './catalog/helpers';
import type { Environment } from '../constructs/platform/config';
import { GraphChart, type GraphSettings, graphUseCase } from '../lib/graph';
import { NetworkStack } from '../lib/network';
import { type SharedStacks, stackName } from '../lib/use-case';
import { testApp } from './helpers/aws';
import { testEnvironment } from './helpers/environment';
import { type KubeObject, findObject, synthChart, validateObjects } from './helpers/k8s';

/** The digital-assets service's settings in the fixture catalog (test/fixtures/catalog/digital-assets.yaml). */
const digitalAssets = fixtureSettings<GraphSettings>('digital-assets');

const env = testEnvironment();
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const settings: GraphSettings = digitalAssets;

function shared(app: App, e: Environment): SharedStacks {
  const made = new Map<string, NetworkStack>();
  return {
    network(region) {
      if (!made.has(region)) {
        const r = e.region(region);
        made.set(region, new NetworkStack(app, stackName('Network', e, region), { env: { account: r.account, region }, environment: e, region: r }));
      }
      return made.get(region)!;
    },
  };
}

function stacks(s: GraphSettings = settings, e: Environment = env) {
  const app = testApp();
  return graphUseCase({ test: s }, 'digital-assets').addStacks(app, e, shared(app, e)).map((b) => b.stack);
}

describe('Digital Asset Management on AWS', () => {
  const made = stacks();
  const templates = made.map((st) => Template.fromStack(st));

  test('one stack per region, the primary first; secondaries deploy after it', () => {
    expect(made.map((s) => [s.stackName, s.region])).toEqual(REGIONS.map((r) => [`DigitalAssets-test-${r}`, r]));
    expect(made[1].dependencies).toContain(made[0]);
    expect(made[2].dependencies).toContain(made[0]);
  });

  test('the global database spans the configured regions; the primary is writable, the others read-only', () => {
    templates[0].hasResourceProperties('AWS::Neptune::GlobalCluster', { GlobalClusterIdentifier: 'digital-assets-test' });
    expect(made.map((s) => [s.graph.clusterIdentifier, s.graph.writable])).toEqual([
      ['digital-assets-test-us-east-1', true], ['digital-assets-test-us-west-2', false], ['digital-assets-test-eu-west-1', false],
    ]);
    for (const t of templates.slice(1)) {
      t.resourceCountIs('AWS::Neptune::GlobalCluster', 0);
      t.hasResourceProperties('AWS::Neptune::DBCluster', { GlobalClusterIdentifier: 'digital-assets-test' });
    }
    templates[0].resourceCountIs('AWS::Neptune::DBInstance', 3);
  });

  test('the service role reads and writes in the primary, only reads in the secondaries', () => {
    const actions = (t: Template) => Object.values(t.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s: any) => s.Action)).filter((a: string) => a.startsWith('neptune-db:'));
    expect(actions(templates[0])).toContain('neptune-db:WriteDataViaQuery');
    expect(actions(templates[1])).toEqual(['neptune-db:GetQueryStatus', 'neptune-db:ReadDataViaQuery']);
  });

  test('each region has its alarm topic, dashboard and SLA alarms; secondaries alarm on global lag', () => {
    for (const t of templates) {
      t.resourceCountIs('AWS::SNS::Topic', 1);
      t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    }
    const names = (t: Template) => Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.MetricName ?? 'expression');
    expect(names(templates[0])).not.toContain('GlobalDbProgressLag');
    expect(names(templates[1])).toContain('GlobalDbProgressLag');
  });

  test('logical ids of stateful resources stay fixed', () => {
    expect(Object.keys(templates[0].findResources('AWS::Neptune::DBCluster'))).toEqual(['GraphA02F0199']);
    expect(Object.keys(templates[0].findResources('AWS::Neptune::GlobalCluster'))).toEqual(['GraphGlobalClusterB6F894BE']);
    expect(Object.keys(templates[1].findResources('AWS::KMS::Key'))).toContain('GraphKey14554800');
  });

  test('bad settings fail with the field named', () => {
    expect(() => stacks({ ...settings, neptune: { ...settings.neptune, primaryRegion: 'ap-south-1' } }))
      .toThrow(/`settings.neptune.primaryRegion` must be one of `settings.neptune.regions`/);
    expect(() => stacks({ ...settings, neptune: { ...settings.neptune, maxGlobalReplicationLagMs: 0 } }))
      .toThrow(/`settings.neptune.maxGlobalReplicationLagMs` must be > 0, got 0/);
    expect(() => stacks({ ...settings, neptune: { ...settings.neptune, regions: [{ region: 'us-east-1', instanceAvailabilityZones: ['us-east-1a'] }] } }))
      .toThrow(/DigitalAssets-test-us-east-1\/Graph: `instanceAvailabilityZones` must add at least one reader/);
  });
});

describe('Digital Asset Management on Kubernetes', () => {
  const charts = graphUseCase({ test: settings }, 'digital-assets').addCharts(Testing.app(), env).map((b) => b.chart);
  const objects = Object.fromEntries(charts.map((c) => [c.node.id, synthChart(c)])) as Record<string, KubeObject[]>;
  const env_ = (o: KubeObject[]) => Object.fromEntries(findObject(o, 'Deployment', 'digital-assets-janusgraph')
    .spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));

  test('one chart per region; the primary holds the K8ssandraCluster every region\'s JanusGraph uses', () => {
    expect(Object.keys(objects)).toEqual(REGIONS.map((r) => `digital-assets-test-${r}`));
    expect(objects['digital-assets-test-us-east-1'].filter((o) => o.kind === 'K8ssandraCluster')).toHaveLength(1);
    expect(objects['digital-assets-test-us-west-2'].filter((o) => o.kind === 'K8ssandraCluster')).toHaveLength(0);
    expect(charts[1].cassandra).toBe(charts[0].cassandra);
  });

  test('each region\'s JanusGraph points at its own datacenter\'s and Elasticsearch\'s exact Services', () => {
    for (const [i, region] of REGIONS.entries()) {
      const e = env_(objects[`digital-assets-test-${region}`]);
      expect(e['janusgraph.storage.hostname']).toBe(`${charts[i].cassandra.datacenter(region).serviceName}.digital-assets.svc.cluster.local`);
      expect(e['janusgraph.storage.hostname']).toBe(`digital-assets-${region}-service.digital-assets.svc.cluster.local`);
      expect(e['janusgraph.storage.cql.local-datacenter']).toBe(region);
      expect(e['janusgraph.index.search.hostname']).toBe(`${charts[i].elasticsearch.httpServiceName}.digital-assets.svc.cluster.local`);
      expect(e['janusgraph.storage.cql.replication-strategy-options']).toBe('us-east-1,3,us-west-2,3,eu-west-1,3');
    }
  });

  test('only the primary region writes; the others follow the primary\'s index', () => {
    expect(REGIONS.map((r) => env_(objects[`digital-assets-test-${r}`])['janusgraph.storage.read-only'])).toEqual(['false', 'true', 'true']);
    const follower = findObject(objects['digital-assets-test-us-west-2'], 'Elasticsearch').spec.nodeSets[1].config;
    expect(follower['cluster.remote.primary.proxy_address']).toBe('digital-assets-index-transport.us-east-1.example.internal:9300');
  });

  test('the graph can reach its stores: CQL and HTTP allowed from the graph\'s namespace', () => {
    for (const region of REGIONS) {
      const o = objects[`digital-assets-test-${region}`];
      const from = (name: string) => findObject(o, 'NetworkPolicy', name).spec.ingress[0].from
        .map((f: any) => f.namespaceSelector?.matchLabels['kubernetes.io/metadata.name']);
      expect(from(`digital-assets-${region}-allow-cql`)).toContain('digital-assets');
      expect(from('digital-assets-index-allow-http')).toContain('digital-assets');
      expect(from('digital-assets-janusgraph-allow-gremlin')).toEqual(['digital-assets-service']);
    }
  });

  test('every object validates against its schema or CRD', () => {
    expect(validateObjects(Object.values(objects).flat())).toEqual([]);
  });

  test('a graph served from regions the Cassandra cluster does not cover is rejected', () => {
    const narrow: GraphSettings = { ...settings, janusGraph: { ...settings.janusGraph,
      cassandra: { ...settings.janusGraph.cassandra, topology: { regions: [{ region: 'us-east-1', nodesPerZone: 1, replicationFactor: 3 }] } } } };
    expect(() => graphUseCase({ test: narrow }, 'digital-assets').addCharts(Testing.app(), env))
      .toThrow(/`cassandra` cluster 'digital-assets' must have a datacenter in every graph region \(us-east-1, us-west-2, eu-west-1\).*missing us-west-2, eu-west-1/);
  });

  test('a non-primary chart without the cluster, or without the primary region, is rejected', () => {
    expect(() => new GraphChart(Testing.app(), 'x', { environment: env, region: 'us-west-2', settings, service: 'digital-assets' }))
      .toThrow(/^x: `cassandra` must be given in region 'us-west-2'/);
    expect(() => new GraphChart(Testing.app(), 'x', { environment: env, region: 'us-west-2', service: 'digital-assets',
      settings: { ...settings, janusGraph: { ...settings.janusGraph, regions: ['us-west-2'] } } }))
      .toThrow(/`settings.janusGraph.regions` must include the primary region 'us-east-1'/);
  });

});

test('a use case without settings for an environment adds nothing', () => {
  const useCase = graphUseCase({}, 'digital-assets');
  expect(useCase.addStacks(new App(), env, { network: () => { throw new Error('unused'); } })).toEqual([]);
  expect(useCase.addCharts(Testing.app(), env)).toEqual([]);
});

