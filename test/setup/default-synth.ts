import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAwsApp } from '../../bin/aws';
import { buildK8sApp } from '../../bin/k8s';
import { platform } from '../../config/platform';

/**
 * Jest globalSetup: synthesizes the default platform once per test run, in one process, into a
 * temporary folder that every test file reads (test/helpers/default-synth.ts). Tests that walk
 * the whole output (compliance, data-loss guard, security baseline, determinism, fingerprints)
 * would otherwise each pay a full synth and the validator's start-up.
 */
export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'platform-synth-'));
  buildAwsApp(platform, { outdir: join(dir, 'aws') }).synth();
  buildK8sApp(platform, { outdir: join(dir, 'k8s') }).synth();
  process.env.PLATFORM_SYNTH_DIR = dir;
}

export function teardown(): void {
  if (process.env.PLATFORM_SYNTH_DIR) rmSync(process.env.PLATFORM_SYNTH_DIR, { recursive: true, force: true });
}
