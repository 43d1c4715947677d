import { dirname, join } from 'node:path';

// Where npm run synth writes (no aws-cdk-lib or cdk8s here: bin/synth-entry.ts reads this before deciding to load them).

/** Where the benchmark manifests go: a sibling of the store manifests' folder. */
export function benchmarkOutdir(): string {
  if (process.env.BENCHMARKS_OUTDIR) return process.env.BENCHMARKS_OUTDIR;
  return process.env.CDK8S_OUTDIR
    ? `${process.env.CDK8S_OUTDIR.replace(/\/+$/, '')}-benchmarks`
    : join(__dirname, '..', 'dist', 'k8s-benchmarks');
}

/** Where each part of the output goes. */
export interface SynthTargets {
  readonly aws: string;
  readonly k8s: string;
  readonly benchmarks: string;
  readonly topology: string;
  /** Backstage entities: `<catalog>/<service>/catalog-info.yaml` and the root Location. */
  readonly catalog: string;
}

/** The targets of `npm run synth`: cdk.out/, dist/k8s/, dist/k8s-benchmarks/, dist/topology/ (env vars override). */
export function defaultTargets(): SynthTargets {
  const root = join(__dirname, '..');
  const k8s = process.env.CDK8S_OUTDIR ?? join(root, 'dist', 'k8s');
  return {
    aws: process.env.CDK_OUTDIR ?? join(root, 'cdk.out'),
    k8s,
    benchmarks: benchmarkOutdir(),
    // A sibling of the manifests' folder, never inside it: `kubectl apply -f dist/k8s/` sees no SVG.
    topology: process.env.TOPOLOGY_OUTDIR ?? join(dirname(k8s), 'topology'),
    catalog: process.env.CATALOG_OUTDIR ?? join(dirname(k8s), 'catalog'),
  };
}

/** The crash-safe swap's store of `targets` (bin/output-swap.ts): beside the outputs, so publishing is a rename on the same filesystem. */
export function outputStore(targets: SynthTargets): string {
  return join(dirname(targets.aws), '.synth-out');
}
