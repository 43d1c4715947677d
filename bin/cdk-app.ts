import { App } from 'aws-cdk-lib';
import { DISABLE_CREATION_STACK_TRACES } from 'aws-cdk-lib/cx-api';
import { enableCompliance } from '../constructs/platform/aws/compliance';
import { cdkJsonContext } from './context';
import { processCompliance } from './validation/shared';
import { PrefetchingSynthesizer } from './validation/prefetch';

/**
 * An empty CDK App as every entry point (bin/aws.ts) and the tests (test/helpers/aws.ts) start
 * it: cdk.json's feature flags, no creation stack traces, the prefetching synthesizer and the
 * compliance checks.
 *
 * @param outdir where it synthesizes; @default - the CDK's (a temporary folder without the CLI)
 */
export function platformApp(outdir?: string): App {
  const app = new App({
    outdir,
    // The CDK CLI passes cdk.json's context (feature flags, -c overrides) in CDK_CONTEXT_JSON;
    // without the CLI we read cdk.json ourselves so both run with the same flags.
    context: process.env.CDK_CONTEXT_JSON ? undefined : cdkJsonContext(),
    analyticsReporting: false,
    // The default synthesizer, handing each template to the validator as soon as it is written.
    defaultStackSynthesizer: new PrefetchingSynthesizer(),
  });
  // No source-mapped stack trace per CloudFormation element (`aws:cdk:creationStack`): the CDK's
  // switch "for performance reasons" (aws-cdk-lib 2.276 cx-api/lib/app.d.ts), which `--debug`
  // (CDK_DEBUG) turns back on. Set here, not in cdk.json: the CLI warns about every `aws:` key
  // there ("A reserved context key ... should be removed").
  if (app.node.tryGetContext(DISABLE_CREATION_STACK_TRACES) === undefined) app.node.setContext(DISABLE_CREATION_STACK_TRACES, true);
  enableCompliance(app, processCompliance());
  return app;
}
