import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesizePlatform } from '../../bin/synth';
import { platform } from '../../config/platform';

/**
 * Jest globalSetup: synthesizes the default platform once per test run, as `npm run synth` does
 * (bin/synth.ts: templates, manifests, benchmark manifests, capacity reports, inventory, topology
 * pictures), into a temporary folder that every test file reads (test/helpers/default-synth.ts).
 * Tests that walk the whole output (compliance, data-loss guard, security baseline, determinism,
 * fingerprints, per-service synth) would otherwise each pay a full synth and the validator's start-up.
 */
export default async function globalSetup(): Promise<void> {
  // The processes tests start (entry points, the CDK and cdk8s CLIs, new-service) keep V8's compiled
  // code of aws-cdk-lib & co. between runs as `npm run synth` does: about 7 % of their CPU.
  process.env.NODE_COMPILE_CACHE ??= join(__dirname, '..', '..', 'node_modules', '.cache', 'node-compile');
  const dir = mkdtempSync(join(tmpdir(), 'platform-synth-'));
  synthesizePlatform(platform, undefined, synthTargets(dir));
  process.env.PLATFORM_SYNTH_DIR = dir;
}

/** The layout of a synth under `dir`: `aws`, `k8s`, `k8s-benchmarks`, `topology`, `catalog` (scripts/review reads the first two). */
export function synthTargets(dir: string) {
  return { aws: join(dir, 'aws'), k8s: join(dir, 'k8s'), benchmarks: join(dir, 'k8s-benchmarks'), topology: join(dir, 'topology'), catalog: join(dir, 'catalog') };
}

export function teardown(): void {
  if (process.env.PLATFORM_SYNTH_DIR) rmSync(process.env.PLATFORM_SYNTH_DIR, { recursive: true, force: true });
}
