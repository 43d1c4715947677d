import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { platform } from '../config/platform';
import { type CapacityReport, writeCapacityReports } from '../constructs/capacity/report';
import { resolvePlatform } from '../constructs/platform/config';
import { USE_CASES } from '../lib/use-cases';
import { buildAwsApp } from './aws';
import { benchmarkOutdir, buildBenchmarkApp } from './benchmarks';
import { buildK8sApp } from './k8s';

/**
 * `npm run synth`: CloudFormation into cdk.out/ and manifests into dist/k8s/, in one process so
 * the CloudFormation validator starts once. Everything is written into a staging folder first
 * and moved into place only when every app synthesized, so a configuration error (even one only
 * the last app detects, after CDK staged an asset) leaves no partial output. Use cases with a
 * workload also get their capacity report, `cdk.out/capacity/<use-case>.json` and `.md`.
 * Benchmark Jobs go to their own folder, dist/k8s-benchmarks/ (bin/benchmarks.ts), so applying
 * dist/k8s/ never starts one.
 */
const root = join(__dirname, '..');
const targets = {
  aws: process.env.CDK_OUTDIR ?? join(root, 'cdk.out'),
  k8s: process.env.CDK8S_OUTDIR ?? join(root, 'dist', 'k8s'),
  benchmarks: benchmarkOutdir(),
};
// Beside the target, so the final move is a rename on the same filesystem.
mkdirSync(dirname(targets.aws), { recursive: true });
const staging = mkdtempSync(join(dirname(targets.aws), '.synth-'));
try {
  const out = { aws: join(staging, 'cdk.out'), k8s: join(staging, 'k8s'), benchmarks: join(staging, 'k8s-benchmarks') };
  const aws = buildAwsApp(platform, { outdir: out.aws });
  const k8s = buildK8sApp(platform, { outdir: out.k8s });
  const benchmarks = buildBenchmarkApp(platform, { outdir: out.benchmarks });
  const environments = resolvePlatform(platform);
  const reports: Record<string, CapacityReport[]> = Object.fromEntries(USE_CASES.map((u) => [u.name,
    environments.map((env) => u.capacityReport?.(env)).filter((r): r is CapacityReport => r !== undefined)]));
  aws.synth();
  k8s.synth();
  benchmarks.synth();
  writeCapacityReports(out.aws, reports);
  for (const key of ['aws', 'k8s', 'benchmarks'] as const) {
    rmSync(targets[key], { recursive: true, force: true });
    mkdirSync(dirname(targets[key]), { recursive: true });
    renameSync(out[key], targets[key]);
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}
