import { type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import {
  HEALTH_CODES_SEARCHED, HealthEventCategory, MaintainedService, MaintenanceNotifications, type MaintenanceNotificationsProps,
} from '../../constructs/maintenance/aws/maintenance-notifications';
import { testStack } from '../helpers/aws';
import { defaultTemplates, resourcesOfType } from '../helpers/cloudwatch-usage';

function make(props: Partial<MaintenanceNotificationsProps> = {}, encrypted = true) {
  const stack = testStack();
  const key = encrypted ? new Key(stack, 'Key', { enableKeyRotation: true }) : undefined;
  const topic = new Topic(stack, 'Topic', { masterKey: key, enforceSSL: true });
  if (!encrypted) {
    Validations.of(topic).acknowledge({ id: 'AwsSolutions::AwsSolutions-SNS2', reason: 'test of the unencrypted case: no key grant expected' });
  }
  const construct = new MaintenanceNotifications(stack, 'Maintenance', { topic, services: [MaintainedService.KEYSPACES], ...props });
  return { stack, construct, template: Template.fromStack(stack) };
}

describe('AWS Health', () => {
  test('one rule per service: its AWS Health events, scheduled changes and issues by default, to the topic', () => {
    const { template, construct } = make({ services: [MaintainedService.KEYSPACES, MaintainedService.OPENSEARCH] });
    expect(Object.keys(construct.healthRules)).toEqual(['Keyspaces', 'OpenSearch']);
    for (const code of ['CASSANDRA', 'ES']) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          'source': ['aws.health'], 'detail-type': ['AWS Health Event'],
          'detail': { service: [code], eventTypeCategory: ['scheduledChange', 'issue'] },
        },
        Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^Topic') } })],
      });
    }
  });

  test('Neptune\'s rule also matches RDS, whose control plane Neptune shares', () => {
    make({ services: [MaintainedService.NEPTUNE] }).template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.health'], detail: { service: ['NEPTUNE', 'RDS'] } },
    });
  });

  test('the owner is named in the rules and tagged on them', () => {
    make({ services: [MaintainedService.OPENSEARCH], owner: 'playback-team' }).template.allResourcesProperties('AWS::Events::Rule', {
      Description: Match.stringLikeRegexp('for playback-team$'), Tags: [{ Key: 'owner', Value: 'playback-team' }],
    });
  });

  test('categories can be chosen', () => {
    const { template } = make({ healthEventCategories: [HealthEventCategory.ACCOUNT_NOTIFICATION] });
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: { detail: { eventTypeCategory: ['accountNotification'] } } });
  });

  test('the Health service codes of the built-in services', () => {
    expect([MaintainedService.KEYSPACES, MaintainedService.ELASTICACHE, MaintainedService.MEMORYDB, MaintainedService.OPENSEARCH,
      MaintainedService.NEPTUNE].map((s) => s.healthServiceCode)).toEqual(['CASSANDRA', 'ELASTICACHE', 'MEMORYDB', 'ES', 'NEPTUNE']);
  });
});

describe('service events', () => {
  test('Keyspaces sends none: only its Health rule', () => {
    const { template, construct } = make();
    template.resourceCountIs('AWS::Events::Rule', 1);
    expect(construct.serviceRules).toEqual({});
  });

  test('OpenSearch software updates, Auto-Tune and maintenance get their own rule', () => {
    const { template, construct } = make({ services: [MaintainedService.OPENSEARCH] });
    template.resourceCountIs('AWS::Events::Rule', 2);
    expect(Object.keys(construct.serviceRules)).toEqual(['OpenSearch']);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.es'], 'detail-type': Match.arrayWith(['Amazon OpenSearch Service Software Update Notification',
        'Amazon OpenSearch Service Auto-Tune Notification', 'Amazon OpenSearch Service Maintenance Update']) },
    });
  });

  test('Neptune maintenance arrives as RDS events, filtered by category', () => {
    const { template } = make({ services: [MaintainedService.NEPTUNE] });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.rds'], detail: { EventCategories: ['maintenance', 'failover', 'notification'] } },
    });
  });

  test('serviceEvents: false (default true) leaves only the Health rule', () => {
    make({ services: [MaintainedService.ELASTICACHE] }).template.resourceCountIs('AWS::Events::Rule', 2);
    make({ services: [MaintainedService.ELASTICACHE], serviceEvents: false }).template.resourceCountIs('AWS::Events::Rule', 1);
  });

  test('a custom service', () => {
    const svc = MaintainedService.of('DocumentDb', 'DOCDB', [{ source: 'aws.docdb', detailTypes: ['X'] }]);
    make({ services: [svc] }).template.hasResourceProperties('AWS::Events::Rule', { EventPattern: { 'source': ['aws.docdb'], 'detail-type': ['X'] } });
  });
});

describe('permissions', () => {
  test('the topic policy lets EventBridge publish', () => {
    make().template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } })]) },
    });
  });

  test('the topic\'s key lets EventBridge encrypt messages', () => {
    make().template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Principal: { Service: 'events.amazonaws.com' },
      })]) },
    });
  });

  test('an unencrypted topic needs no key grant', () => {
    make({}, false).template.resourceCountIs('AWS::KMS::Key', 0);
  });
});

describe('validation', () => {
  test.each<[Partial<MaintenanceNotificationsProps>, RegExp]>([
    [{ services: [] }, /^Test\/Maintenance: `services` must list at least one service, got \[\]$/],
    [{ services: [MaintainedService.KEYSPACES, MaintainedService.KEYSPACES] }, /`services\[1\]` must not repeat a service, got duplicate 'Keyspaces'/],
    [{ services: [MaintainedService.of('my service', 'X1')] }, /`services\[0\]\.name` must be PascalCase letters and digits, got 'my service'/],
    [{ services: [MaintainedService.of('Mine', 'not-a-code')] }, /`services\[0\]\.healthServiceCode` must be an AWS Health service code .*, got 'not-a-code'/],
    [{ healthEventCategories: [] }, /`healthEventCategories` must list at least one category, got \[\]/],
  ])('%p is rejected', (props, message) => {
    expect(() => make(props)).toThrow(message);
  });

  test('construct ids of the rules stay fixed', () => {
    const { stack } = make({ services: [MaintainedService.OPENSEARCH] });
    const ids = Object.keys(Template.fromStack(stack as Stack).findResources('AWS::Events::Rule'));
    expect(ids).toEqual([expect.stringMatching(/^MaintenanceOpenSearchHealth/), expect.stringMatching(/^MaintenanceOpenSearchEvents/)]);
  });
});

describe('every stack of the default platform', () => {
  /**
   * Resource types that are not a managed service AWS maintains for us, or whose notices are not
   * the store team's (IAM is global; CloudWatch, SNS and EventBridge carry the notices themselves).
   * A new resource type fails the test until it is mapped to a MaintainedService or listed here.
   */
  const NOT_ROUTED: Record<string, string> = {
    'AWS::CloudWatch::Alarm': 'the monitoring itself', 'AWS::CloudWatch::CompositeAlarm': 'the monitoring itself',
    'AWS::CloudWatch::Dashboard': 'the monitoring itself', 'AWS::Events::Rule': 'these notices',
    'AWS::SNS::Topic': 'the alarm topic', 'AWS::SNS::TopicPolicy': 'the alarm topic',
    'AWS::IAM::Role': 'global, no maintenance', 'AWS::IAM::Policy': 'global, no maintenance',
    'AWS::KMS::Key': 'no maintenance; key deletion is guarded by RETAIN', 'AWS::KMS::Alias': 'no maintenance',
    'AWS::SSM::Parameter': 'configuration, no maintenance', 'AWS::SecretsManager::Secret': 'configuration, no maintenance',
    'AWS::EC2::SecurityGroup': 'configuration', 'AWS::EC2::SecurityGroupIngress': 'configuration', 'AWS::EC2::SecurityGroupEgress': 'configuration',
    'AWS::EC2::VPC': 'the Network stack, no store', 'AWS::EC2::Subnet': 'the Network stack, no store', 'AWS::EC2::RouteTable': 'the Network stack, no store',
    'AWS::EC2::SubnetRouteTableAssociation': 'the Network stack, no store', 'AWS::EC2::FlowLog': 'the Network stack, no store',
    'AWS::Logs::LogGroup': 'logs, no maintenance', 'AWS::Logs::ResourcePolicy': 'logs, no maintenance',
    'AWS::Lambda::Function': 'CDK custom-resource providers; not routed: runtime deprecation notices are not the store team\'s',
    'AWS::SQS::Queue': 'EVCache replication queue; not routed: SQS has no maintenance windows',
    'AWS::SQS::QueuePolicy': 'configuration',
    'AWS::ElastiCache::ParameterGroup': 'configuration of the clusters, covered by their rule', 'AWS::ElastiCache::SubnetGroup': 'configuration',
    'AWS::MemoryDB::ACL': 'configuration', 'AWS::MemoryDB::User': 'configuration', 'AWS::MemoryDB::SubnetGroup': 'configuration',
    'AWS::Neptune::DBClusterParameterGroup': 'configuration', 'AWS::Neptune::DBSubnetGroup': 'configuration',
    'Custom::OpenSearchCrossClusterConnection': 'a connection of the domains, covered by their rule', 'Custom::VpcRestrictDefaultSG': 'the Network stack',
  };
  const templates = [...defaultTemplates()];

  test.each(templates)('%s: every managed service it runs has an AWS Health rule to its alarm topic', (_, t) => {
    const types = new Set(Object.values(t.Resources ?? {}).map((r) => r.Type));
    const rules = resourcesOfType(t, 'AWS::Events::Rule').map(([, p]) => p);
    const healthCodes = new Set(rules.filter((p) => p.EventPattern.source?.[0] === 'aws.health').flatMap((p) => p.EventPattern.detail.service));
    const unmapped = [...types].filter((type) => !MaintainedService.forResourceType(type) && !NOT_ROUTED[type]);
    expect(unmapped).toEqual([]);
    const needed = [...types].map((type) => MaintainedService.forResourceType(type)).filter((s) => s !== undefined);
    expect([...new Set(needed.map((s) => s.healthServiceCode))].filter((c) => !healthCodes.has(c))).toEqual([]);
    const topics = resourcesOfType(t, 'AWS::SNS::Topic').map(([id]) => id);
    for (const p of rules) expect(topics).toContain(p.Targets[0].Arn.Ref);
  });

  test('the secondary regions of a multi-region keyspace, which import it, route Keyspaces events too', () => {
    const secondaries = templates.filter(([f]) => /^(ViewingHistory|EventSourced)-prod-(eu-west-1|us-west-2)/.test(f));
    expect(secondaries).toHaveLength(4);
    for (const [, t] of secondaries) {
      expect(resourcesOfType(t, 'AWS::Events::Rule').map(([, p]) => p.EventPattern.detail?.service)).toEqual([['CASSANDRA']]);
    }
  });

  test('the rules and the alarm topic carry the owner of the catalog entry', () => {
    const [, t] = templates.find(([f]) => f.startsWith('PlaybackManifest-prod-us-east-1'))!;
    for (const [, p] of [...resourcesOfType(t, 'AWS::Events::Rule'), ...resourcesOfType(t, 'AWS::SNS::Topic')]) {
      expect(p.Tags).toContainEqual({ Key: 'owner', Value: 'playback-team' });
    }
  });

  test('the AWS Health codes not checked against AWS are exactly these (no stored AWS page lists the codes)', () => {
    expect(MaintainedService.ALL.filter((s) => !s.healthCodeVerified).map((s) => s.healthServiceCode))
      .toEqual(['CASSANDRA', 'ELASTICACHE', 'MEMORYDB', 'ES', 'NEPTUNE']);
    for (const s of MaintainedService.ALL) expect(s.healthCodeEvidence).toMatch(/verified|Corroborated/);
    // An unverified code says where it was looked for, so the next search starts elsewhere.
    for (const s of MaintainedService.ALL.filter((x) => !x.healthCodeVerified)) expect(s.healthCodeEvidence).toContain(HEALTH_CODES_SEARCHED);
  });
});
