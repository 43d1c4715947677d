import { App, YamlOutputType } from 'cdk8s';
import { type PlatformConfig, resolvePlatform } from '../constructs/platform/config';
import type { UseCase } from '../lib/use-case';
import { catalogUseCases } from '../lib/use-cases';
import { runMain } from './cli';
import { loadInputs } from './inputs';
import { KubernetesApps } from './k8s';
import { benchmarkOutdir } from './synth-targets';

export { benchmarkOutdir };

export interface BenchmarkBuildOptions {
  /**
   * @default - BENCHMARKS_OUTDIR, else `<CDK8S_OUTDIR>-benchmarks` when CDK8S_OUTDIR is set,
   *   else `dist/k8s-benchmarks` (beside `dist/k8s`, never inside it)
   */
  readonly outdir?: string;
  /** @default - the repository's catalog (`services/`) */
  readonly useCases?: readonly UseCase[];
  /**
   * The store charts already built (by `buildK8sApp`) to aim the benchmarks at.
   *
   * @default - the stores' charts are built in a scratch app that is never synthesized
   */
  readonly stores?: KubernetesApps;
}


/**
 * The benchmark manifest set: per use case, environment and region, the benchmark Jobs of its
 * stores (`UseCase.addBenchmarks`). A separate app and folder, so `kubectl apply -f dist/k8s/`
 * never starts a benchmark. The benchmarks take their targets (Service names, Secrets, labels)
 * from the stores' charts: those `npm run synth` already built, else a scratch app's that is
 * never synthesized.
 */
export function buildBenchmarkApp(config: PlatformConfig, options: BenchmarkBuildOptions = {}): KubernetesApps {
  const environments = resolvePlatform(config);
  const useCases = options.useCases ?? catalogUseCases(undefined, environments);
  const outdir = options.outdir ?? benchmarkOutdir();
  const apps: App[] = [];
  for (const env of environments) {
    for (const useCase of useCases) {
      if (!useCase.addBenchmarks) continue;
      // An app per use case, as in bin/k8s.ts: cdk8s synth is quadratic in the charts of an app.
      const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART, outputFileExtension: '.k8s.yaml' });
      const charts = options.stores?.chartsOf(env, useCase) ?? useCase.addCharts(new App({ outdir }), env);
      useCase.addBenchmarks(app, env, charts);
      apps.push(app);
    }
  }
  return new KubernetesApps(outdir, apps);
}

if (require.main === module) {
  runMain('bin/benchmarks.ts', (loaded) => {
    const inputs = loadInputs();
    loaded(inputs);
    buildBenchmarkApp(inputs.config, { useCases: inputs.useCases }).synth();
  });
}
