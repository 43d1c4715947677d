import { Stack } from 'aws-cdk-lib';
import { CfnAlarm, CfnCompositeAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { buildAwsApp } from '../../bin/aws';
import { platform } from '../../config/platform';

/**
 * Every stack passes its environment's `runbookBaseUrl` to its monitoring: an alarm's runbook
 * link is the same clickable URL as the Kubernetes alerts' `runbook_url`, never the default.
 * Built without synthesizing (the descriptions are resolved from the constructs).
 */
const BASE = 'https://runbooks.example.org/platform/docs/runbooks';
const app = buildAwsApp({ ...platform, environments: platform.environments.map((e) => ({ ...e, runbookBaseUrl: BASE })) });
const descriptions = app.node.findAll().flatMap((c) => {
  if (!(c instanceof CfnAlarm) && !(c instanceof CfnCompositeAlarm)) return [];
  const text = Stack.of(c).resolve(c.alarmDescription) as string | undefined;
  return text ? [{ stack: Stack.of(c).stackName, text }] : [];
});

test('every runbook link of every service stack starts with the environment\'s runbookBaseUrl', () => {
  const withLinks = descriptions.filter((d) => /Runbook: /.test(d.text));
  const stacks = new Set(withLinks.map((d) => d.stack.split('-')[0]));
  expect([...stacks].sort()).toEqual(['CdnUrl', 'DelayedQueues', 'DigitalAssets', 'EventSourced', 'PlaybackManifest', 'ViewingHistory']);
  for (const d of withLinks) expect({ stack: d.stack, link: /Runbook: (\S+)/.exec(d.text)![1] }).toEqual({ stack: d.stack, link: expect.stringMatching(`^${BASE}/aws-[a-z]+\\.md#[a-z0-9-]+$`) });
});
