import { type CapacityReport, capacityReportFiles } from '../constructs/capacity/report';
import { backstage } from '../config/backstage';
import { backstageFiles, backstageServices } from '../constructs/catalog/backstage';
import { inventoryFile, inventoryOf, mergeInventories, withPlannerFigures } from '../constructs/catalog/inventory';
import { topologySvgs } from '../constructs/catalog/topology-svg';
import { type PlatformConfig, resolvePlatform } from '../constructs/platform/config';
import { type CatalogUseCase, catalogUseCases, topologyPicture } from '../lib/use-cases';
import { buildAwsApp } from './aws';
import { buildBenchmarkApp } from './benchmarks';
import { runMain } from './cli';
import { loadInputs } from './inputs';
import { buildK8sApp } from './k8s';
import { writeOutputFiles } from './outputs';
import { OutputSwap } from './output-swap';
import { defaultTargets, outputStore, type SynthTargets } from './synth-targets';
import { parseSynthArgs, selectServices } from './synth-args';
import { startValidator, templateCount } from './validation/start';

export { defaultTargets, type SynthTargets } from './synth-targets';

/**
 * `npm run synth`: CloudFormation into cdk.out/ and manifests into dist/k8s/, in one process so
 * the CloudFormation validator starts once. Everything is written into a new generation first
 * and published only when every app synthesized, so a configuration error (even one only the
 * last app detects, after CDK staged an asset) leaves no partial output; publishing is one atomic
 * symlink switch, so a synth killed at any instant leaves the old output or the new one
 * (bin/output-swap.ts: each output folder is a symlink into `.synth-out/current/`). Use cases with a
 * workload also get their capacity report, `cdk.out/capacity/<use-case>.json` and `.md`.
 * Benchmark Jobs go to their own folder, dist/k8s-benchmarks/ (bin/benchmarks.ts), so applying
 * dist/k8s/ never starts one. The cluster inventory (every cluster's record as the SSM parameters
 * and ConfigMaps publish it, plus its flavor's planner sizes) goes to cdk.out/inventory.json,
 * the topology pictures to dist/topology/<service>.svg, the Backstage entities to dist/catalog/.
 *
 * The cdk8s apps are built and synthesized while AWS's CloudFormation validator checks the CDK
 * app's templates in its worker threads (bin/validation/plugin.ts `whileValidating`), so the two
 * cores share that work instead of the Kubernetes side waiting for the validation.
 */
export function synthesizePlatform(config: PlatformConfig, useCases: readonly CatalogUseCase[] = catalogUseCases(undefined, resolvePlatform(config)),
  targets: SynthTargets = defaultTargets(), options: SynthOptions = {}): void {
  const swap = new OutputSwap(targets, outputStore(targets));
  const environments = resolvePlatform(config);
  const validator = startValidator({ ...options, templates: templateCount(environments, useCases) });
  try {
    const out = swap.staged;
    const synthesizeK8s = () => {
      const apps = buildK8sApp(config, { outdir: out.k8s, useCases });
      apps.synth();
      buildBenchmarkApp(config, { outdir: out.benchmarks, useCases, stores: apps }).synth();
      return apps;
    };
    // The Kubernetes side builds while the validator's engines check the templates (two cores):
    // the CDK's validation call would leave this thread waiting. An error it throws is kept and
    // thrown once the AWS side is done, so an AWS error still comes first, as when k8s came after.
    let early: { apps: ReturnType<typeof buildK8sApp> } | { error: unknown } | undefined;
    validator?.whileValidating(() => {
      try {
        early = { apps: synthesizeK8s() };
      } catch (error) {
        early = { error };
      }
    });
    const awsInventory = synthesizeAws(config, useCases, out.aws);
    validator?.dispose();
    if (early && 'error' in early) throw early.error;
    const k8s = early ? early.apps : synthesizeK8s();
    const reports: Record<string, CapacityReport[]> = Object.fromEntries(useCases.map((u) => [u.name,
      environments.map((env) => u.capacityReport?.(env)).filter((r): r is CapacityReport => r !== undefined)]));
    const inventory = mergeInventories(awsInventory, inventoryOf(...k8s.apps));
    writeOutputFiles(out.aws, [...capacityReportFiles(reports), inventoryFile(withPlannerFigures(inventory, reports))]);
    writeOutputFiles(out.topology, topologySvgs(useCases.map((u) => topologyPicture(u, environments))));
    writeOutputFiles(out.catalog, backstageFiles(backstageServices(useCases.map((u) => ({ entry: u.catalog.entry, store: u.catalog.selection.store })), inventory), backstage));
  } catch (e) {
    swap.abort();
    throw e;
  } finally {
    validator?.dispose();
  }
  swap.commit();
}

/** How `synthesizePlatform` runs. */
export interface SynthOptions {
  /**
   * Keep each template's validation result under a hash of everything it depends on
   * (bin/validation/cache-key.ts) and reuse it.
   *
   * @default - true, except in CI (the `CI` environment variable set)
   */
  readonly cache?: boolean;
}

/** Synthesizes the CDK app and returns its inventory; the app itself goes out of scope here. */
function synthesizeAws(config: PlatformConfig, useCases: readonly CatalogUseCase[], outdir: string) {
  const aws = buildAwsApp(config, { outdir, useCases });
  aws.synth();
  return inventoryOf(aws);
}

/** A mistake in the command's own options (`--service`, `--no-cache`): one line and exit 1, as for a bad catalog file. */
function orUsageError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    process.stderr.write(`npm run synth: ${(e as Error).message}\n`);
    process.exit(1);
  }
}

/** `npm run synth [--service <name>]... [--no-cache]` (bin/synth-entry.ts runs it when the output cache has no answer). */
export function main(argv: readonly string[]): void {
  const args = orUsageError(() => parseSynthArgs(argv));
  runMain('npm run synth', (loaded) => {
    const inputs = loadInputs();
    loaded(inputs);
    const useCases = orUsageError(() => selectServices(inputs.useCases, args.services));
    if (args.services.length > 0) {
      process.stderr.write('npm run synth: --service output is for review and CI shards: its shared Network-* stacks carry only these services\' references; deploy from a full synth\n');
    }
    synthesizePlatform(inputs.config, useCases, defaultTargets(), { cache: args.cache });
  });
}

if (require.main === module) main(process.argv.slice(2));
