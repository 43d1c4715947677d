import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { App as Cdk8sApp } from 'cdk8s';
import type { SearchSettings } from '../lib/search';
import { fixtureSettings } from './catalog/helpers';
import { NetworkStack } from '../lib/network';
import { SearchChart, searchUseCase } from '../lib/search';
import type { SharedStacks } from '../lib/use-case';
import { catalogUseCases } from '../lib/use-cases';
import { testApp } from './helpers/aws';
import { testEnvironment } from './helpers/environment';
import { findObject, synthChart, validateObjects } from './helpers/k8s';

/** The repository's catalog (services/). */
const USE_CASES = catalogUseCases();

/** The playback-manifest service's settings in the fixture catalog (test/fixtures/catalog/playback-manifest.yaml). */
const playbackManifest = fixtureSettings<SearchSettings>('playback-manifest');

const env = testEnvironment({ primaryRegion: 'us-east-1' });

function sharedFor(app: App): SharedStacks {
  const networks = new Map<string, NetworkStack>();
  return {
    network(region) {
      if (!networks.has(region)) {
        const r = env.region(region);
        networks.set(region, new NetworkStack(app, `Network-${region}`, { env: { account: r.account, region }, environment: env, region: r }));
      }
      return networks.get(region)!;
    },
  };
}

describe('stacks', () => {
  const app = testApp();
  const stacks = searchUseCase({ test: playbackManifest }, 'playback-manifest').addStacks(app, env, sharedFor(app)).map((b) => b.stack);
  const templates = stacks.map((s) => Template.fromStack(s));

  test('one stack per region, the leader first, followers depending on it', () => {
    expect(stacks.map((s) => s.stackName)).toEqual(['PlaybackManifest-test-us-east-1', 'PlaybackManifest-test-us-west-2', 'PlaybackManifest-test-eu-west-1']);
    for (const f of stacks.slice(1)) expect(f.dependencies).toContain(stacks[0]);
  });

  test('the same domain name in every region, in the shared VPC, data nodes from the topology', () => {
    for (const t of templates) {
      t.hasResourceProperties('AWS::OpenSearchService::Domain', {
        DomainName: 'playback-manifest',
        ClusterConfig: { InstanceCount: 6, InstanceType: 'r6g.xlarge.search', DedicatedMasterEnabled: true, DedicatedMasterCount: 3,
          DedicatedMasterType: 'm6g.large.search', MultiAZWithStandbyEnabled: false, ZoneAwarenessEnabled: true,
          ZoneAwarenessConfig: { AvailabilityZoneCount: 3 } },
      });
    }
    expect(JSON.stringify(templates[0].toJSON())).toContain('{"Fn::GetStackOutput":{"StackName":"Network-us-east-1"');
  });

  test('off-peak window per region from the configuration', () => {
    templates[2].hasResourceProperties('AWS::OpenSearchService::Domain', {
      OffPeakWindowOptions: { Enabled: true, OffPeakWindow: { WindowStartTime: { Hours: 2, Minutes: 0 } } },
    });
  });

  test('followers connect to the leader; the leader has no connection', () => {
    templates[0].resourceCountIs('Custom::OpenSearchCrossClusterConnection', 0);
    for (const [t, region] of [[templates[1], 'us-west-2'], [templates[2], 'eu-west-1']] as const) {
      t.hasResourceProperties('Custom::OpenSearchCrossClusterConnection', {
        Follower: { DomainName: 'playback-manifest', OwnerId: '123456789012', Region: region },
        Leader: { DomainName: 'playback-manifest', OwnerId: '123456789012', Region: 'us-east-1' },
        ConnectionAlias: 'playback-manifest-us-east-1',
      });
      expect(Object.keys(t.findOutputs('LeaderConnectionId'))).toHaveLength(1);
    }
  });

  test('outputs the OpenSearch Dashboards URL', () => {
    for (const t of templates) {
      const out = Object.values(t.findOutputs('DashboardsUrl'))[0];
      expect(JSON.stringify(out.Value)).toContain('/_dashboards/');
    }
  });

  test('hands its clients the one security group the domain admits', () => {
    for (const [i, t] of templates.entries()) {
      const search = stacks[i].domain;
      expect(Object.values(t.findOutputs('ClientSecurityGroupId'))[0].Value)
        .toEqual({ 'Fn::GetAtt': [stacks[i].getLogicalId(search.clientSecurityGroup.node.defaultChild as any), 'GroupId'] });
    }
  });

  test('the domain logical id stays fixed', () => {
    expect(Object.keys(templates[0].findResources('AWS::OpenSearchService::Domain'))).toEqual(['DomainD0DC31D1']);
  });
});

describe('charts', () => {
  const app = new Cdk8sApp();
  const charts = searchUseCase({ test: playbackManifest }, 'playback-manifest').addCharts(app, env).map((b) => b.chart);
  const objects = charts.map((c) => synthChart(c));

  test('one chart per region, every object valid', () => {
    expect(charts.map((c) => c.node.id)).toEqual(['playback-manifest-test-us-east-1', 'playback-manifest-test-us-west-2', 'playback-manifest-test-eu-west-1']);
    for (const o of objects) expect(validateObjects(o)).toEqual([]);
  });

  test('namespace with default-deny, Elasticsearch, Kibana, exporter in each region', () => {
    for (const o of objects) {
      findObject(o, 'Namespace', 'playback-manifest');
      findObject(o, 'NetworkPolicy', 'default-deny-ingress');
      findObject(o, 'Elasticsearch', 'playback-manifest');
      findObject(o, 'Kibana', 'playback-manifest');
      findObject(o, 'Deployment', 'playback-manifest-exporter');
    }
  });

  test('followers follow the leader\'s transport endpoint; the leader follows nobody', () => {
    const remote = (o: any[]) => findObject(o, 'Elasticsearch', 'playback-manifest').spec.nodeSets[1].config;
    expect(remote(objects[0])['cluster.remote.leader-us-east-1.proxy_address']).toBeUndefined();
    expect(remote(objects[1])['cluster.remote.leader-us-east-1.proxy_address'])
      .toBe('playback-manifest-transport.us-east-1.search.internal.example.com:9300');
  });

  test('the service\'s namespace may query Elasticsearch', () => {
    const http = findObject(objects[0], 'NetworkPolicy', 'playback-manifest-allow-http');
    expect(http.spec.ingress[0].from.map((f: any) => f.namespaceSelector.matchLabels['kubernetes.io/metadata.name']))
      .toEqual(['playback-manifest-service', 'playback-manifest', 'elastic-system']);
  });
});

describe('validation', () => {
  test('a leader region outside the topology', () => {
    const settings = { ...playbackManifest, leaderRegion: 'eu-west-2' };
    expect(() => new SearchChart(new Cdk8sApp(), 'pm', { environment: env, region: 'us-east-1', settings }))
      .toThrow(/pm: `settings.leaderRegion` must be one of the topology's regions \(us-east-1, us-west-2, eu-west-1\), got 'eu-west-2'/);
  });
  test('an invalid SLA', () => {
    const settings = { ...playbackManifest, sla: { ...playbackManifest.sla, errorRatePercent: 0 } };
    const app = testApp();
    expect(() => searchUseCase({ test: settings }, 'playback-manifest').addStacks(app, env, sharedFor(app)))
      .toThrow(/`settings.sla.errorRatePercent` must be > 0 and < 100, got 0/);
  });
  test('a chart for a region without placement', () => {
    const settings = { ...playbackManifest, topology: { regions: playbackManifest.topology.regions.slice(0, 2) } };
    expect(() => new SearchChart(new Cdk8sApp(), 'pm', { environment: env, region: 'eu-west-1', settings }))
      .toThrow(/`region` must be one of the topology's regions, got 'eu-west-1'/);
  });
});

test('registered in USE_CASES', () => {
  expect(USE_CASES.map((u) => u.name)).toContain('playback-manifest');
});
