import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, CloudFormationValidatePlugin, type CloudFormationValidatePluginProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { processMemo } from '../process-memo';

/** Guard rule files in `rules/`, given to AWS's CloudFormation validator at every synth. */
export const GUARD_RULE_FILES: readonly string[] = ['data-retention.guard'];

/** The text of a rule file in `rules/`. */
export function guardRule(file: string): string {
  return readFileSync(join(__dirname, 'rules', file), 'utf8');
}

/**
 * The CloudFormation validator with our Guard rules on top of the CDK's default rules. One
 * instance per process (`processMemo`): starting its WASM engine and compiling the rules is the
 * largest part of a synth, and every App of the process (tests build hundreds) shares it, as the
 * CDK's own default instance is shared. The engine re-initializes itself when it meets resource
 * types it has not loaded yet.
 */
export function dataRetentionValidator(): CloudFormationValidatePlugin {
  return processMemo('cloudformation-validator', () => new CloudFormationValidatePlugin(dataRetentionValidatorProps()));
}

/** The validator's props: the CDK's default rules and our Guard rules (bin/synth.ts runs the same in a worker thread). */
export function dataRetentionValidatorProps(): CloudFormationValidatePluginProps {
  return { includeDefaultRules: true, guardRules: GUARD_RULE_FILES.map((name) => ({ name, content: guardRule(name) })) };
}

/**
 * Registers the policy checks that run at synth and fail it on any finding:
 *
 * - AWS's CloudFormation validator with the CDK's default rules plus our Guard rules
 *   (`rules/*.guard`: stateful resources retained, deletion protection on). Registering it
 *   replaces the instance the `@aws-cdk/core:validateAgainstDefaultRules` flag would add, so the
 *   default rules are kept explicitly. `CDK_VALIDATION=false` skips it, as it skips the default
 *   instance (the data-loss guard test still runs the same rules).
 * - cdk-nag's AwsSolutions pack.
 *
 * Accepted findings are acknowledged next to the resource with
 * `Validations.of(resource).acknowledge(...)`.
 */
export function enableCompliance(app: App): void {
  if (process.env.CDK_VALIDATION !== 'false') Validations.of(app).addPlugins(dataRetentionValidator());
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
