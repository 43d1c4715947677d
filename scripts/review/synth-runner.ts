/**
 * Synthesizes one source tree (the base worktree or the working tree) into `<outdir>/aws` and
 * `<outdir>/k8s`, with that tree's own code, configuration and cdk.json feature flags. Run by
 * scripts/review/synth.ts as `tsx scripts/review/synth-runner.ts <tree> <outdir>`, one process per
 * tree so the two trees' modules never mix.
 */
import { join, resolve } from 'node:path';

const [tree, outdir] = process.argv.slice(2).map((p) => resolve(p));
if (!tree || !outdir) {
  process.stderr.write('usage: synth-runner <tree> <outdir>\n');
  process.exit(2);
}
// Both apps are built before either writes (as bin/synth.ts does), so a bad tree writes nothing.
const { buildAwsApp } = require(join(tree, 'bin', 'aws'));
const { buildK8sApp } = require(join(tree, 'bin', 'k8s'));
const { platform } = require(join(tree, 'config', 'platform'));
const aws = buildAwsApp(platform, { outdir: join(outdir, 'aws') });
const k8s = buildK8sApp(platform, { outdir: join(outdir, 'k8s') });
aws.synth();
k8s.synth();
