import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The default platform as `npm run synth` writes it, synthesized once per test run by the
 * globalSetup (test/setup/default-synth.ts): `aws` (the cloud assembly: templates, validation
 * report) and `k8s` (manifests) under `root`, the layout `scripts/review` reads. Read it; never
 * write into it.
 */
export function defaultSynth(): { readonly root: string; readonly aws: string; readonly k8s: string } {
  const dir = process.env.PLATFORM_SYNTH_DIR;
  if (!dir || !existsSync(dir)) throw new Error('PLATFORM_SYNTH_DIR is not set: run the tests through jest.config.js (its globalSetup synthesizes the platform)');
  return { root: dir, aws: join(dir, 'aws'), k8s: join(dir, 'k8s') };
}
