import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Duration } from 'aws-cdk-lib';
import { ComparisonOperator, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { ServiceMonitoring } from '../../constructs/monitoring/aws/service-monitoring';
import { DEFAULT_RUNBOOK_BASE_URL } from '../../constructs/monitoring/runbooks';
import { testStack } from '../helpers/aws';

const SLA = { latencyP99Ms: 25, errorRatePercent: 0.5, availabilityPercent: 99.9, capacityHeadroomPercent: 20 };
const metric = (name: string) => new Metric({ namespace: 'Test', metricName: name, period: Duration.minutes(1) });

describe('ServiceMonitoring (CloudWatch)', () => {
  const stack = testStack();
  const monitoring = new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'svc', alarmEmail: 'oncall@example.com' });
  monitoring.addSlaAlarms(SLA, {
    title: 'Store', store: 'keyspaces', latencyP99Ms: [metric('Latency')], errorRatePercent: metric('Errors'),
    availabilityPercent: metric('Up'), utilizationPercent: [metric('Cpu')],
  }, [
    { name: 'Evictions', family: 'evictions', description: 'Items evicted.', metric: metric('Evictions'), threshold: 0, comparison: ComparisonOperator.GREATER_THAN_THRESHOLD },
    { name: 'Slow', family: 'slow-metric', description: 'A 5-minute metric.', metric: new Metric({ namespace: 'Test', metricName: 'Slow', period: Duration.minutes(5) }),
      threshold: 1, comparison: ComparisonOperator.GREATER_THAN_THRESHOLD },
  ]);
  const t = Template.fromStack(stack);
  const alarm = (name: string) => Object.values(t.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: name } }))[0]?.Properties;

  test('the alarm topic is encrypted with a rotating, retained key that CloudWatch may use', () => {
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    t.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
  });

  test('SLA thresholds become alarm thresholds', () => {
    expect(alarm('Latency')).toMatchObject({ Threshold: 25, ComparisonOperator: 'GreaterThanThreshold' });
    expect(alarm('Errors')).toMatchObject({ Threshold: 0.5, ComparisonOperator: 'GreaterThanThreshold' });
    expect(alarm('Up')).toMatchObject({ Threshold: 99.9, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' });
    expect(alarm('Cpu')).toMatchObject({ Threshold: 80, ComparisonOperator: 'GreaterThanThreshold' });
    expect(alarm('Evictions')).toMatchObject({ Threshold: 0 });
  });

  test('alarms notify the topic on alarm and on recovery, after 5 bad minutes', () => {
    const a = alarm('Latency');
    expect(a.AlarmActions).toEqual([{ Ref: stack.getLogicalId(monitoring.alarmTopic.node.defaultChild as CfnElement) }]);
    expect(a.OKActions).toEqual(a.AlarmActions);
    expect(a).toMatchObject({ EvaluationPeriods: 5, DatapointsToAlarm: 5 });
    expect(a.AlarmName).toMatch(/^svc-us-east-1-/);
  });

  test('an alarm says what it means and links its runbook section', () => {
    expect(alarm('Evictions').AlarmDescription).toBe(`Items evicted. \r\nRunbook: ${DEFAULT_RUNBOOK_BASE_URL}/aws-keyspaces.md#evictions`);
    expect(alarm('Latency').AlarmDescription).toBe(`p99 latency above the SLA's 25 ms. \r\nRunbook: ${DEFAULT_RUNBOOK_BASE_URL}/aws-keyspaces.md#latency`);
  });

  test('the runbook links follow runbookBaseUrl, as the Kubernetes alerts\' runbook_url do', () => {
    const s = testStack();
    const m = new ServiceMonitoring(s, 'Monitoring', { serviceName: 'svc', runbookBaseUrl: 'https://docs.example/runbooks/' });
    expect(m.runbookLink('neptune', 'replication')).toBe('https://docs.example/runbooks/aws-neptune.md#replication');
    expect(() => new ServiceMonitoring(testStack(), 'Monitoring', { serviceName: 'svc', runbookBaseUrl: 'docs/runbooks' }))
      .toThrow(/Monitoring: `runbookBaseUrl` must be an http\(s\) URL without spaces \(the web view of docs\/runbooks\), got 'docs\/runbooks'/);
    expect(() => m.runbookLink('neptune', 'Replication Lag')).toThrow(/runbook family must be a lowercase Markdown anchor/);
  });

  test('"sustained" is 5 minutes at the metric\'s period: 1 datapoint of a 5-minute metric', () => {
    expect(alarm('Slow')).toMatchObject({ Period: 300, EvaluationPeriods: 1, DatapointsToAlarm: 1 });
  });

  test('one dashboard per service and region', () => {
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    t.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'svc-us-east-1' });
  });
});
