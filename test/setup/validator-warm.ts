import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationValidatePlugin, type IPolicyValidationPluginBeta1 } from 'aws-cdk-lib';
import { peekProcessMemo, processMemo } from '../../bin/process-memo';
import { ownClass } from '../../bin/validation/shared';

/**
 * jest setupFilesAfterEnv, per test file: the test files of a worker share the CloudFormation
 * validators' engines (each engine's start-up is a second or two of CPU).
 *
 * - Ours, with the Guard rules (bin/validation/shared.ts, processMemo), for apps with `enableCompliance`.
 * - The CDK's default instance, for apps without it: aws-cdk-lib keeps it in a static of its
 *   class (`CloudFormationValidatePlugin._singletonInstance`, aws-cdk-lib 2.276), and each test
 *   file has its own copy of aws-cdk-lib, so every file that synthesized an app started an engine
 *   of its own. Here the first one made in this worker serves every file, through a stand-in of
 *   this file's class (`ownClass`).
 */
const DEFAULT_MEMO = 'cdk-default-validator';
(CloudFormationValidatePlugin as unknown as { _instance?: unknown })._instance = ownClass(processMemo(DEFAULT_MEMO, () => new CloudFormationValidatePlugin()));

/**
 * aws-cdk-lib's plugin `require`s 'fs' and its engine lazily, on first use, through the module
 * registry of the test file that created it. A file that builds apps without validating leaves
 * those requires unresolved; jest tears that registry down after the file, and the next file's
 * first validation then gets an empty module ("fs(...).readFileSync is not a function"),
 * depending on which files a worker runs in which order. So before a file ends, a shared plugin
 * it created and never used validates one empty template, which resolves its requires while
 * their registry is alive.
 */
const WARMED = Symbol.for('polyglot-persistence.validator-warmed');

afterAll(() => {
  for (const key of ['cloudformation-validator', DEFAULT_MEMO]) {
    const plugin = peekProcessMemo<IPolicyValidationPluginBeta1 & { [WARMED]?: boolean }>(key);
    if (!plugin || plugin[WARMED] || plugin.constructor.name !== 'CloudFormationValidatePlugin') continue;
    const dir = mkdtempSync(join(tmpdir(), 'validator-warm-'));
    try {
      const templatePath = join(dir, 'Warm.template.json');
      writeFileSync(templatePath, '{"Resources":{}}');
      plugin.validate({ templatePaths: [templatePath], stackTemplates: [{ templatePath, stackConstructPath: 'Warm', accountId: '111111111111', region: 'us-east-1' }] } as never);
      plugin[WARMED] = true;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
