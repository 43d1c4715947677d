/**
 * Synthesizes one source tree (the base worktree or the working tree) into `<outdir>/aws` and
 * `<outdir>/k8s`, with that tree's own code, configuration and cdk.json feature flags. Run by
 * scripts/review/synth.ts as `node --require bin/require-ts.cjs scripts/review/synth-runner.ts <tree> <outdir>`, one process per
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
// SYNTH_SERVICES (comma-separated, from `npm run diff -- --service`): only those catalog services;
// a name this tree does not have (a service added or removed by the change) selects nothing here.
const only = process.env.SYNTH_SERVICES?.split(',').filter((s) => s !== '');
const { USE_CASES } = require(join(tree, 'lib', 'use-cases'));
const useCases = only ? USE_CASES.filter((u: { name: string }) => only.includes(u.name)) : undefined;
const aws = buildAwsApp(platform, { outdir: join(outdir, 'aws'), useCases });
const k8s = buildK8sApp(platform, { outdir: join(outdir, 'k8s'), useCases });
aws.synth();
k8s.synth();
