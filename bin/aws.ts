import { App } from 'aws-cdk-lib';
import { DISABLE_CREATION_STACK_TRACES } from 'aws-cdk-lib/cx-api';
import { enableCompliance } from '../constructs/platform/aws/compliance';
import { type PlatformConfig, resolvePlatform } from '../constructs/platform/config';
import { NetworkStack } from '../lib/network';
import { type SharedStacks, type UseCase, stackName } from '../lib/use-case';
import { catalogUseCases } from '../lib/use-cases';
import { runMain } from './cli';
import { cdkJsonContext } from './context';
import { loadInputs } from './inputs';
import { processCompliance } from './validation/shared';
import { PrefetchingSynthesizer } from './validation/prefetch';
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
  const app = new App({
    outdir: options.outdir ?? process.env.CDK_OUTDIR ?? 'cdk.out',
    // The CDK CLI passes cdk.json's context (feature flags, -c overrides) in CDK_CONTEXT_JSON;
    // without the CLI we read cdk.json ourselves so both run with the same flags.
    context: process.env.CDK_CONTEXT_JSON ? undefined : cdkJsonContext(),
    analyticsReporting: false,
    // The default synthesizer, handing each template to the validator as soon as it is written.
    defaultStackSynthesizer: new PrefetchingSynthesizer(),
  });
  // No source-mapped stack trace per CloudFormation element (`aws:cdk:creationStack`): the CDK's
  // switch "for performance reasons" (aws-cdk-lib 2.276 cx-api/lib/app.d.ts), which `--debug`
  // (CDK_DEBUG) turns back on. Set here, not in cdk.json: the CLI warns about every `aws:` key
  // there ("A reserved context key ... should be removed").
  if (app.node.tryGetContext(DISABLE_CREATION_STACK_TRACES) === undefined) app.node.setContext(DISABLE_CREATION_STACK_TRACES, true);
  enableCompliance(app, processCompliance());
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
