import { App, Stack } from 'aws-cdk-lib';
import { cdkJsonContext } from '../../bin/context';
import { processCompliance } from '../../bin/validation/shared';
import { enableCompliance } from '../../constructs/platform/aws/compliance';

/** An app with the repository's feature flags and compliance checks, as `bin/aws.ts` makes it. */
export function testApp(): App {
  const app = new App({ context: cdkJsonContext(), analyticsReporting: false });
  enableCompliance(app, processCompliance());
  return app;
}

export function testStack(app: App = testApp(), region = 'us-east-1', id = 'Test'): Stack {
  return new Stack(app, id, { env: { account: '123456789012', region } });
}
