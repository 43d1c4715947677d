import type { App } from 'aws-cdk-lib';
import { type PlatformConfig, resolvePlatform } from '../constructs/platform/config';
import { NetworkStack } from '../lib/network';
import { type SharedStacks, type UseCase, stackName } from '../lib/use-case';
import { catalogUseCases } from '../lib/use-cases';
import { platformApp } from './cdk-app';
import { runMain } from './cli';
import { loadInputs } from './inputs';
import { startValidator, templateCount } from './validation/start';

export interface BuildOptions {
  /** @default - CDK_OUTDIR from the CLI, else `cdk.out` */
  readonly outdir?: string;
  /** @default - the repository's catalog (`services/`) */
  readonly useCases?: readonly UseCase[];
}

/** The CDK app: one stack per use case, environment and region, with compliance checks. */
export function buildAwsApp(config: PlatformConfig, options: BuildOptions = {}): App {
  const environments = resolvePlatform(config);
  const useCases = options.useCases ?? catalogUseCases(undefined, environments);
  const app = platformApp(options.outdir ?? process.env.CDK_OUTDIR ?? 'cdk.out');
  for (const env of environments) {
    const networks = new Map<string, NetworkStack>();
    const shared: SharedStacks = {
      network(region) {
        let stack = networks.get(region);
        if (!stack) {
          const r = env.region(region);
          stack = new NetworkStack(app, stackName('Network', env, region), {
            env: { account: r.account, region }, environment: env, region: r,
            description: `Data-layer network (${env.name}, ${region})`,
          });
          networks.set(region, stack);
        }
        return stack;
      },
    };
    for (const useCase of useCases) useCase.addStacks(app, env, shared);
  }
  return app;
}

if (require.main === module) {
  runMain('bin/aws.ts', (loaded) => {
    const inputs = loadInputs();
    loaded(inputs);
    // As npm run synth: the validator's engine starts in a worker now and reuses its cached results.
    const validator = startValidator({ templates: templateCount(resolvePlatform(inputs.config), inputs.useCases) });
    try {
      buildAwsApp(inputs.config, { useCases: inputs.useCases }).synth();
    } finally {
      validator?.dispose();
    }
  });
}
