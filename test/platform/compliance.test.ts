import { App, type IPolicyValidationContext, type IPolicyValidationPlugin, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { CfnTable } from 'aws-cdk-lib/aws-cassandra';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { cdkJsonContext } from '../../bin/context';
import { peekProcessMemo } from '../../bin/process-memo';
import { processCompliance, sharedValidator } from '../../bin/validation/shared';
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
    expect(peekProcessMemo('cloudformation-validator')).toBe(a.validator);
  });

  test('CDK_VALIDATION=false turns the CloudFormation validator off, as it does the CDK\'s default instance', () => {
    process.env.CDK_VALIDATION = 'false';
    expect(processCompliance()).toEqual({ cloudFormationValidation: false });
  });
});
