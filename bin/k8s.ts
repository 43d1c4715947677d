import { App, YamlOutputType } from 'cdk8s';
import { platform } from '../config/platform';
import { type PlatformConfig, resolvePlatform } from '../constructs/platform/config';
import type { UseCase } from '../lib/use-case';
import { USE_CASES } from '../lib/use-cases';

export interface BuildOptions {
  /** @default - CDK8S_OUTDIR from the cdk8s CLI, else `dist/k8s` (as cdk8s.yaml says) */
  readonly outdir?: string;
  readonly useCases?: readonly UseCase[];
}

/** The cdk8s app: one chart (one manifest file) per use case, environment and region. */
export function buildK8sApp(config: PlatformConfig, options: BuildOptions = {}): App {
  const environments = resolvePlatform(config);
  const app = new App({
    outdir: options.outdir ?? process.env.CDK8S_OUTDIR ?? 'dist/k8s',
    yamlOutputType: YamlOutputType.FILE_PER_CHART,
    outputFileExtension: '.k8s.yaml',
  });
  for (const env of environments) {
    for (const useCase of options.useCases ?? USE_CASES) useCase.addCharts(app, env);
  }
  return app;
}

if (require.main === module) {
  buildK8sApp(platform).synth();
}
