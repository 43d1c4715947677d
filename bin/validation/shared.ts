import { CloudFormationValidatePlugin, type IPolicyValidationContext, type IPolicyValidationPlugin, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import { type ComplianceProps, dataRetentionValidatorProps } from '../../constructs/platform/aws/compliance';
import { processMemo } from '../process-memo';

/**
 * The process's CloudFormation validator with our Guard rules: one engine for every App the
 * process builds (tests build hundreds), since its engine's start-up is most of a synth.
 * `npm run synth` registers its worker-thread validator under the same memo first
 * (bin/synth.ts `startValidator`), and then every App gets that one.
 */
export function sharedValidator(): IPolicyValidationPlugin {
  return ownClass(processMemo('cloudformation-validator', () => new CloudFormationValidatePlugin(dataRetentionValidatorProps())));
}

/**
 * `validator` as an instance of this module registry's `CloudFormationValidatePlugin`. Jest gives
 * each test file its own copy of aws-cdk-lib, so a validator memoized by an earlier file is an
 * instance of another copy's class, and the CDK, which finds the registered validator with
 * `instanceof` (aws-cdk-lib 2.276 core/lib/private/synthesis-validation.js,
 * `hasUserRegisteredCloudFormationValidatePlugin`), would not see it and add its own default
 * instance too: a second engine started per test file and every template validated twice. The
 * stand-in is of this copy's class and hands each call to the shared engine.
 */
export function ownClass(validator: IPolicyValidationPlugin): IPolicyValidationPlugin {
  if (validator instanceof CloudFormationValidatePlugin) return validator;
  let standIn = standIns.get(validator);
  if (!standIn) standIns.set(validator, standIn = new SharedEngine(validator));
  return standIn;
}

/** This registry's stand-ins (module state: one map per copy of this file). */
const standIns = new WeakMap<IPolicyValidationPlugin, SharedEngine>();

class SharedEngine extends CloudFormationValidatePlugin {
  constructor(public readonly target: IPolicyValidationPlugin) {
    super();
  }

  public override get version(): string | undefined {
    return this.target.version;
  }

  public override get ruleIds(): string[] | undefined {
    return this.target.ruleIds;
  }

  public override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    return this.target.validate(context);
  }
}

/**
 * What `enableCompliance` gets from the entry points and the test helpers: the shared validator,
 * or none with `CDK_VALIDATION=false` (the variable the CDK's own default instance obeys; read
 * here, not in the construct).
 */
export function processCompliance(): ComplianceProps {
  return process.env.CDK_VALIDATION === 'false' ? { cloudFormationValidation: false } : { validator: sharedValidator() };
}
