import type { App as CdkApp, Stack } from 'aws-cdk-lib';
import type { App as Cdk8sApp, Chart } from 'cdk8s';
import type { CapacityReport } from '../constructs/capacity/report';
import type { Environment } from '../constructs/platform/config';
import type { NetworkStack } from './network';

/** Stacks shared by use cases in an environment, created on first use. */
export interface SharedStacks {
  /** The regional network stack (VPC with isolated subnets in the configured zones). */
  network(region: string): NetworkStack;
}

/**
 * A use case as `bin/` sees it: the stacks and charts it adds for one environment. Each file in
 * `lib/` exports one; `lib/use-cases.ts` lists them.
 */
export interface UseCase {
  /** kebab-case name, e.g. `viewing-history`; prefixes stack and chart names. */
  readonly name: string;
  /** Adds one stack per region (or none when the environment does not run this use case). */
  addStacks(app: CdkApp, env: Environment, shared: SharedStacks): Stack[];
  /** Adds one chart per region's Kubernetes cluster. */
  addCharts(app: Cdk8sApp, env: Environment): Chart[];
  /**
   * The capacity planner's report for the environment (`constructs/capacity`); `bin/synth.ts`
   * writes it to `cdk.out/capacity/<name>.json` and `.md`.
   *
   * @default - no report (the use case has no workload yet, or does not run in the environment)
   */
  capacityReport?(env: Environment): CapacityReport | undefined;
  /**
   * Adds benchmark charts (`constructs/benchmark`) to the benchmark app (`bin/benchmarks.ts`,
   * written to `dist/k8s-benchmarks/`, never applied by default): one per region, each aimed at
   * the store of `charts`, this use case's charts from `addCharts` for the same environment.
   *
   * @default - no benchmarks
   */
  addBenchmarks?(app: Cdk8sApp, env: Environment, charts: readonly Chart[]): Chart[];
}

/** `ViewingHistory-prod-us-east-1`: stack names read well in the console and sort by use case. */
export function stackName(pascalName: string, env: Environment, region: string): string {
  return `${pascalName}-${env.name}-${region}`;
}

/** `viewing-history-prod-us-east-1`: also the manifest file name. */
export function chartName(name: string, env: Environment, region: string): string {
  return `${name}-${env.name}-${region}`;
}
