import { App, YamlOutputType } from 'cdk8s';
import { type Environment, type PlatformConfig, resolvePlatform } from '../constructs/platform/config';
import type { BuiltChart, UseCase } from '../lib/use-case';
import { catalogUseCases } from '../lib/use-cases';
import { runMain } from './cli';
import { loadInputs } from './inputs';

export interface BuildOptions {
  /** @default - CDK8S_OUTDIR from the cdk8s CLI, else `dist/k8s` (as cdk8s.yaml says) */
  readonly outdir?: string;
  /** @default - the repository's catalog (`services/`) */
  readonly useCases?: readonly UseCase[];
}

/**
 * The Kubernetes output: one chart (one manifest file) per use case, environment and region,
 * in one cdk8s App per use case and environment, all writing to the same folder.
 *
 * Why several apps: cdk8s resolves dependencies and validates the whole app once per chart it
 * synthesizes, so one app of N charts costs O(N²) (200 services × 6 regions: 53 s of a 126 s
 * synth). Charts only reference charts of their own use case, so an app per use case keeps the
 * output identical and the cost linear.
 */
export class KubernetesApps {
  public readonly outdir: string;
  public readonly apps: readonly App[];
  private readonly built: ReadonlyMap<string, readonly BuiltChart[]>;

  /** `built`: the charts each use case added, by `<environment>/<use case>`. */
  constructor(outdir: string, apps: readonly App[], built: ReadonlyMap<string, readonly BuiltChart[]> = new Map()) {
    this.outdir = outdir;
    this.apps = apps;
    this.built = built;
  }

  /** The charts `useCase` added for `env` (its records: region, chart, stores), or undefined when these apps did not build it. */
  public chartsOf(env: Environment, useCase: UseCase): readonly BuiltChart[] | undefined {
    return this.built.get(`${env.name}/${useCase.name}`);
  }

  public synth(): void {
    for (const app of this.apps) app.synth();
  }
}

export function buildK8sApp(config: PlatformConfig, options: BuildOptions = {}): KubernetesApps {
  const environments = resolvePlatform(config);
  const useCases = options.useCases ?? catalogUseCases(undefined, environments);
  const outdir = options.outdir ?? process.env.CDK8S_OUTDIR ?? 'dist/k8s';
  const apps: App[] = [];
  const built = new Map<string, readonly BuiltChart[]>();
  for (const env of environments) {
    for (const useCase of useCases) {
      const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART, outputFileExtension: '.k8s.yaml' });
      built.set(`${env.name}/${useCase.name}`, useCase.addCharts(app, env));
      apps.push(app);
    }
  }
  return new KubernetesApps(outdir, apps, built);
}

if (require.main === module) {
  runMain('bin/k8s.ts', (loaded) => {
    const inputs = loadInputs();
    loaded(inputs);
    buildK8sApp(inputs.config, { useCases: inputs.useCases }).synth();
  });
}
