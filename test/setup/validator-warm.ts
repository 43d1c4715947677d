import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IPolicyValidationPluginBeta1 } from 'aws-cdk-lib';
import { peekProcessMemo } from '../../bin/process-memo';

/**
 * jest setupFilesAfterEnv, per test file. The CloudFormation validator is shared by the test
 * files of a worker (bin/validation/shared.ts, processMemo), but aws-cdk-lib's plugin
 * `require`s 'fs' and its engine lazily, on first use, through the module registry of the test
 * file that created it. A file that builds apps without validating leaves those requires
 * unresolved; jest tears that registry down after the file, and the next file's first validation
 * then gets an empty module ("fs(...).readFileSync is not a function"), depending on which files
 * a worker runs in which order. So before a file ends, a plugin it created and never used
 * validates one empty template, which resolves its requires while their registry is alive.
 */
const WARMED = Symbol.for('polyglot-persistence.validator-warmed');

afterAll(() => {
  const plugin = peekProcessMemo<IPolicyValidationPluginBeta1 & { [WARMED]?: boolean }>('cloudformation-validator');
  if (!plugin || plugin[WARMED] || plugin.constructor.name !== 'CloudFormationValidatePlugin') return;
  const dir = mkdtempSync(join(tmpdir(), 'validator-warm-'));
  try {
    const templatePath = join(dir, 'Warm.template.json');
    writeFileSync(templatePath, '{"Resources":{}}');
    plugin.validate({ templatePaths: [templatePath], stackTemplates: [{ templatePath, stackConstructPath: 'Warm', accountId: '111111111111', region: 'us-east-1' }] } as never);
    plugin[WARMED] = true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
