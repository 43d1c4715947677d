import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, CloudFormationValidatePlugin, type CloudFormationValidatePluginProps, type IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/** Guard rule files in `rules/`, given to AWS's CloudFormation validator at every synth. */
export const GUARD_RULE_FILES: readonly string[] = ['data-retention.guard'];

/** The text of a rule file in `rules/`. */
export function guardRule(file: string): string {
  return readFileSync(join(__dirname, 'rules', file), 'utf8');
}

/** The validator's props: the CDK's default rules and our Guard rules (bin/synth.ts runs the same in a worker thread). */
export function dataRetentionValidatorProps(): CloudFormationValidatePluginProps {
  return { includeDefaultRules: true, guardRules: GUARD_RULE_FILES.map((name) => ({ name, content: guardRule(name) })) };
}

/** What `enableCompliance` registers. */
export interface ComplianceProps {
  /**
   * AWS's CloudFormation validator to register. Starting its WASM engine and compiling the rules
   * is the largest part of a synth, so the entry points (bin/validation/shared.ts) give every App
   * of a process the same instance, as the CDK shares its own default one; the engine
   * re-initializes itself when it meets resource types it has not loaded yet.
   *
   * @default - a new `CloudFormationValidatePlugin` with `dataRetentionValidatorProps()`, for this app only
   */
  readonly validator?: IPolicyValidationPlugin;

  /**
   * Whether the CloudFormation validator runs at synth. The entry points turn it off for
   * `CDK_VALIDATION=false`, as the CDK does for its default instance; cdk-nag runs either way.
   * With none registered, the CDK adds its own default instance (default rules only) unless
   * `CDK_VALIDATION=false` or the App's `builtinCloudFormationValidation: false`
   * (aws-cdk-lib 2.276 core/lib/private/synthesis-validation.js, `defaultValidationEnabled`).
   *
   * @default true
   */
  readonly cloudFormationValidation?: boolean;
}

/**
 * Registers the policy checks that run at synth and fail it on any finding:
 *
 * - AWS's CloudFormation validator with the CDK's default rules plus our Guard rules
 *   (`rules/*.guard`: stateful resources retained, deletion protection on). Registering it
 *   replaces the instance the `@aws-cdk/core:validateAgainstDefaultRules` flag would add, so the
 *   default rules are kept explicitly (the data-loss guard test runs the same rules when
 *   validation is off).
 * - cdk-nag's AwsSolutions pack.
 *
 * Accepted findings are acknowledged next to the resource with
 * `Validations.of(resource).acknowledge(...)`.
 */
export function enableCompliance(app: App, props: ComplianceProps = {}): void {
  // cdk-nag first: the CDK runs the plugins in this order, and cdk-nag's pass over the templates
  // then overlaps the CloudFormation validator's engine, which has had the templates since they
  // were written (bin/validation/prefetch.ts), instead of following it.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  if (props.cloudFormationValidation ?? true) {
    Validations.of(app).addPlugins(props.validator ?? new CloudFormationValidatePlugin(dataRetentionValidatorProps()));
  }
}
