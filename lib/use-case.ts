import type { App as CdkApp, Stack } from 'aws-cdk-lib';
import type { App as Cdk8sApp, Chart } from 'cdk8s';
import type { CapacityReport } from '../constructs/capacity/report';
import type { ParameterGroup } from '../constructs/catalog/aws/cluster-metadata';
import type { IPublishedStore } from '../constructs/catalog/inventory';
import type { CatalogEntry, ClusterShape, ServiceTemplate } from '../constructs/catalog/model';
import type { Environment } from '../constructs/platform/config';
import type { NetworkStack } from './network';

/** Stacks shared by use cases in an environment, created on first use. */
export interface SharedStacks {
  /** The regional network stack (VPC with isolated subnets in the configured zones). */
  network(region: string): NetworkStack;
}

/** A stack a use case built, with its region and the SSM parameters it publishes for clients (cluster metadata lists them). */
export interface BuiltStack<S extends Stack = Stack> {
  readonly region: string;
  readonly stack: S;
  readonly parameters: readonly ParameterGroup[];
}

/** A chart a use case built, with its region and the stores it holds (what cluster metadata lists). */
export interface BuiltChart<C extends Chart = Chart> {
  readonly region: string;
  readonly chart: C;
  readonly stores: readonly IPublishedStore[];
}

/**
 * A use case as `bin/` sees it: the stacks and charts it adds for one environment. Each file in
 * `lib/` exports one; `lib/use-cases.ts` lists them.
 */
export interface UseCase {
  /** kebab-case name, e.g. `viewing-history`; prefixes stack and chart names. */
  readonly name: string;
  /** Adds one stack per region (or none when the environment does not run this use case). */
  addStacks(app: CdkApp, env: Environment, shared: SharedStacks): BuiltStack[];
  /** Adds one chart per region's Kubernetes cluster. */
  addCharts(app: Cdk8sApp, env: Environment): BuiltChart[];
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
  addBenchmarks?(app: Cdk8sApp, env: Environment, charts: readonly BuiltChart[]): Chart[];
}

/**
 * A use-case implementation the service catalog instantiates (`services/<service>.yaml`): the
 * store and data model it serves, the schema of its settings in YAML, the typed mapping from an
 * entry to its Settings, and the use case for a service name. `Y` is the settings' YAML form.
 */
export interface UseCaseTemplate<S, Y> extends ServiceTemplate {
  /** One environment's Settings from the entry and its `environments.<env>` block (schema-validated). */
  settings(entry: CatalogEntry, yaml: Y, env: Environment): S;
  /** The use case of service `service` (its name prefixes stacks, charts and alarm names). */
  useCase(service: string, settingsByEnvironment: Record<string, S>): UseCase;
  /** The store's shape (regions → zones → nodes, replication) in an environment. */
  shape(settings: S, env: Environment): ClusterShape;
}

/** `viewing-history` → `ViewingHistory`: the stack name prefix of a service. */
export function pascalName(service: string): string {
  return service.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** `ViewingHistory-prod-us-east-1`: stack names read well in the console and sort by use case. */
export function stackName(pascalName: string, env: Environment, region: string): string {
  return `${pascalName}-${env.name}-${region}`;
}

/** `viewing-history-prod-us-east-1`: also the manifest file name. */
export function chartName(name: string, env: Environment, region: string): string {
  return `${name}-${env.name}-${region}`;
}

/**
 * `regions` with `leader` first (when it is one of them): the region that creates what the
 * others reference or depend on (a K8ssandraCluster, a global database, a leader domain) is
 * built first.
 */
export function leaderFirst(leader: string, regions: readonly string[]): string[] {
  return [...regions.filter((r) => r === leader), ...regions.filter((r) => r !== leader)];
}
