import { type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import {
  HealthEventCategory, MaintainedService, MaintenanceNotifications, type MaintenanceNotificationsProps,
} from '../../constructs/maintenance/aws/maintenance-notifications';
import { testStack } from '../helpers/aws';

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
  test('one rule: AWS Health events of the services\' codes, scheduled changes and issues by default, to the topic', () => {
    const { template } = make({ services: [MaintainedService.KEYSPACES, MaintainedService.OPENSEARCH] });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.health'], 'detail-type': ['AWS Health Event'],
        'detail': { service: ['CASSANDRA', 'ES'], eventTypeCategory: ['scheduledChange', 'issue'] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^Topic') } })],
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
  test('Keyspaces sends none: only the Health rule', () => {
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
    expect(ids).toEqual([expect.stringMatching(/^MaintenanceHealthEvents/), expect.stringMatching(/^MaintenanceOpenSearchEvents/)]);
  });
});
