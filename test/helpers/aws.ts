import { type App, Stack } from 'aws-cdk-lib';
import { platformApp } from '../../bin/cdk-app';

/** An app with the repository's feature flags and compliance checks, as `bin/aws.ts` makes it. */
export function testApp(): App {
  return platformApp();
}

/**
 * `build()` with AWS's CloudFormation validator off (CDK_VALIDATION=false, read when an app is
 * built and when it synthesizes): for a synth whose templates another test validates already.
 */
export function withoutCloudFormationValidation<T>(build: () => T): T {
  const saved = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    return build();
  } finally {
    if (saved === undefined) delete process.env.CDK_VALIDATION; else process.env.CDK_VALIDATION = saved;
  }
}

export function testStack(app: App = testApp(), region = 'us-east-1', id = 'Test'): Stack {
  return new Stack(app, id, { env: { account: '123456789012', region } });
}
