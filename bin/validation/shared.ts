import { CloudFormationValidatePlugin, type IPolicyValidationPlugin } from 'aws-cdk-lib';
import { type ComplianceProps, dataRetentionValidatorProps } from '../../constructs/platform/aws/compliance';
import { processMemo } from '../process-memo';

/**
 * The process's CloudFormation validator with our Guard rules: one instance for every App the
 * process builds (tests build hundreds), since its engine's start-up is most of a synth.
 * `npm run synth` registers its worker-thread validator under the same memo first
 * (bin/synth.ts `startValidator`), and then every App gets that one.
 */
export function sharedValidator(): IPolicyValidationPlugin {
  return processMemo('cloudformation-validator', () => new CloudFormationValidatePlugin(dataRetentionValidatorProps()));
}

/**
 * What `enableCompliance` gets from the entry points and the test helpers: the shared validator,
 * or none with `CDK_VALIDATION=false` (the variable the CDK's own default instance obeys; read
 * here, not in the construct).
 */
export function processCompliance(): ComplianceProps {
  return process.env.CDK_VALIDATION === 'false' ? { cloudFormationValidation: false } : { validator: sharedValidator() };
}
