import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The feature flags and context in cdk.json. The CDK CLI passes them to the app itself; when the
 * app runs without the CLI (`npm run synth`, tests) we read them here so both see the same flags.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8'));
  return cdkJson.context ?? {};
}
