import { App, CloudFormationValidatePlugin, type IPolicyValidationContext, type IPolicyValidationPlugin, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { CfnTable } from 'aws-cdk-lib/aws-cassandra';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { cdkJsonContext } from '../../bin/context';
import { peekProcessMemo } from '../../bin/process-memo';
import { ownClass, processCompliance, sharedValidator } from '../../bin/validation/shared';
import { type ComplianceProps, enableCompliance } from '../../constructs/platform/aws/compliance';
import { testStack } from '../helpers/aws';

/**
 * enableCompliance takes its validator from the caller (constructs reach no process-global);
 * the entry points pass the process's shared one (bin/validation/shared.ts).
 */

/** An app whose only CloudFormation validation is what enableCompliance registers, holding a Keyspaces table that may be deleted. */
function appWithDestroyTable(props?: ComplianceProps, builtin = false): App {
  const app = new App({ context: cdkJsonContext(), analyticsReporting: false, builtinCloudFormationValidation: builtin });
  enableCompliance(app, props);
  new CfnTable(testStack(app), 'Table', {
    keyspaceName: 'guard_test', tableName: 'events', partitionKeyColumns: [{ columnName: 'id', columnType: 'text' }], pointInTimeRecoveryEnabled: true,
  }).applyRemovalPolicy(RemovalPolicy.DESTROY);
  return app;
}

/** A validator that passes everything and records the stacks it was asked about. */
function recordingValidator(): IPolicyValidationPlugin & { readonly seen: string[] } {
  const seen: string[] = [];
  return {
    name: 'recording', seen,
    validate: (context: IPolicyValidationContext) => {
      seen.push(...context.stackTemplates.map((s) => s.stackConstructPath));
      return { success: true, violations: [] };
    },
  };
}

describe('enableCompliance', () => {
  test('@default validator: a new CloudFormationValidatePlugin with our Guard rules (a DESTROY table fails synth)', () => {
    expect(() => appWithDestroyTable().synth()).toThrow(/stateful_resource_retained/);
  });

  test('the given validator is the one that runs: no second instance with our rules is added', () => {
    const validator = recordingValidator();
    expect(() => appWithDestroyTable({ validator }).synth()).not.toThrow();
    expect(validator.seen).toEqual(['Test']);
  });

  test('cloudFormationValidation false: no CloudFormation validator is registered, cdk-nag still runs', () => {
    const validator = recordingValidator();
    const app = appWithDestroyTable({ validator, cloudFormationValidation: false });
    // A queue without a dead-letter queue or encryption, for cdk-nag to find.
    new CfnQueue(app.node.findChild('Test') as Stack, 'Queue');
    let message = '';
    try { app.synth(); } catch (e) { message = (e as Error).message; }
    expect(validator.seen).toEqual([]);
    expect(message).toMatch(/AwsSolutions-SQS/);
    expect(message).not.toMatch(/stateful_resource_retained/);
  });
});

describe('processCompliance (bin/validation/shared.ts)', () => {
  const saved = process.env.CDK_VALIDATION;
  afterEach(() => { if (saved === undefined) delete process.env.CDK_VALIDATION; else process.env.CDK_VALIDATION = saved; });

  test('one validator for every App of the process, the one the process memo holds', () => {
    delete process.env.CDK_VALIDATION;
    const a = processCompliance();
    expect(a.validator).toBe(sharedValidator());
    expect(processCompliance().validator).toBe(a.validator);
    // The memo's validator itself, or (made by an earlier test file's copy of aws-cdk-lib) this copy's stand-in for it.
    const memo = peekProcessMemo('cloudformation-validator');
    expect(a.validator === memo || (a.validator as { target?: unknown }).target === memo).toBe(true);
    // Of this copy's class, so the CDK counts it as the registered validator and adds no default instance.
    expect(a.validator).toBeInstanceOf(CloudFormationValidatePlugin);
  });

  test('a validator of another copy of aws-cdk-lib gets a stand-in of this copy\'s class that hands every call to it', () => {
    const report = { success: true, violations: [] };
    const calls: unknown[] = [];
    const foreign = { name: 'CloudFormation Validate', version: '9.9.9', ruleIds: ['r'], validate: (c: unknown) => { calls.push(c); return report; } };
    const standIn = ownClass(foreign);
    expect(standIn).toBeInstanceOf(CloudFormationValidatePlugin);
    expect(ownClass(foreign)).toBe(standIn);
    expect([standIn.name, standIn.version, standIn.ruleIds]).toEqual(['CloudFormation Validate', '9.9.9', ['r']]);
    expect(standIn.validate({ stackTemplates: [] } as never)).toBe(report);
    expect(calls).toEqual([{ stackTemplates: [] }]);
    const own = new CloudFormationValidatePlugin();
    expect(ownClass(own)).toBe(own);
  });

  test('CDK_VALIDATION=false turns the CloudFormation validator off, as it does the CDK\'s default instance', () => {
    process.env.CDK_VALIDATION = 'false';
    expect(processCompliance()).toEqual({ cloudFormationValidation: false });
  });
});
