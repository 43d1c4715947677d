import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * Registers the policy checks that run at synth and fail it on any finding: cdk-nag's
 * AwsSolutions pack here, and AWS's CloudFormation validator through the
 * `@aws-cdk/core:validateAgainstDefaultRules` feature flag in cdk.json. Accepted findings are
 * acknowledged next to the resource with `Validations.of(resource).acknowledge(...)`.
 */
export function enableCompliance(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
