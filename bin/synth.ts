import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { platform } from '../config/platform';
import { type CapacityReport, writeCapacityReports } from '../constructs/capacity/report';
import { inventoryOf, writeInventory } from '../constructs/catalog/inventory';
import { writeTopologyPictures } from '../constructs/catalog/topology-svg';
import { resolvePlatform } from '../constructs/platform/config';
import { USE_CASES, topologyPicture } from '../lib/use-cases';
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
 * dist/k8s/ never starts one. The cluster inventory (every cluster's metadata record, as the
 * stacks' SSM parameters and the charts' ConfigMaps publish it) goes to cdk.out/inventory.json,
 * the topology pictures to dist/topology/<service>.svg (beside dist/k8s/; TOPOLOGY_OUTDIR overrides).
 */
const root = join(__dirname, '..');
const k8sTarget = process.env.CDK8S_OUTDIR ?? join(root, 'dist', 'k8s');
const targets = {
  aws: process.env.CDK_OUTDIR ?? join(root, 'cdk.out'),
  k8s: k8sTarget,
  benchmarks: benchmarkOutdir(),
  // A sibling of the manifests' folder, never inside it: `kubectl apply -f dist/k8s/` sees no SVG.
  topology: process.env.TOPOLOGY_OUTDIR ?? join(dirname(k8sTarget), 'topology'),
};
// Beside the target, so the final move is a rename on the same filesystem.
mkdirSync(dirname(targets.aws), { recursive: true });
const staging = mkdtempSync(join(dirname(targets.aws), '.synth-'));
try {
  const out = { aws: join(staging, 'cdk.out'), k8s: join(staging, 'k8s'), benchmarks: join(staging, 'k8s-benchmarks'), topology: join(staging, 'topology') };
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
  writeInventory(out.aws, inventoryOf(aws, k8s));
  writeTopologyPictures(out.topology, USE_CASES.map((u) => topologyPicture(u, environments)));
  for (const key of ['aws', 'k8s', 'benchmarks', 'topology'] as const) {
    rmSync(targets[key], { recursive: true, force: true });
    mkdirSync(dirname(targets[key]), { recursive: true });
    renameSync(out[key], targets[key]);
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}
