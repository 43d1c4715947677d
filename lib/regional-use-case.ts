import type { App as CdkApp, Stack, StackProps } from 'aws-cdk-lib';
import type { App as Cdk8sApp, Chart } from 'cdk8s';
import type { CapacityReport } from '../constructs/capacity/report';
import type { ParameterGroup } from '../constructs/catalog/aws/cluster-metadata';
import type { IPublishedStore } from '../constructs/catalog/inventory';
import type { Environment } from '../constructs/platform/config';
import { benchmarkCharts } from './benchmarks';
import { type BuiltChart, type BuiltStack, type SharedStacks, type UseCase, chartName, leaderFirst, pascalName, stackName } from './use-case';

/** What one region's stack or chart of a use case is built from. */
export interface RegionalContext<S> {
  readonly environment: Environment;
  readonly region: string;
  readonly settings: S;
  /** The service's name (the catalog entry's): prefixes alarm, dashboard and parameter names. */
  readonly service: string;
}

/** A chart that lists the store constructs it holds (cluster metadata publishes their endpoints). */
export interface StoreChart extends Chart {
  readonly stores: readonly IPublishedStore[];
}

/** Which regions get a stack (or a chart), and which of them is built first. */
export interface RegionalPlan<S> {
  /** The regions, in the settings' order. */
  regions(settings: S, env: Environment): readonly string[];
  /**
   * The region built first (when it is one of `regions`; else the first of them): what it built
   * (`fromLeader`) is handed to every other region's.
   *
   * @default - no leader: the regions are built in order, what the first built handed on
   */
  leader?(settings: S, env: Environment): string;
}

/** The stacks of a use case: one per region. `L` is what the leader's stack hands to the others. */
export interface RegionalStacks<S, T extends Stack, L> extends RegionalPlan<S> {
  /** What the stacks hold, in their descriptions: `<service>: <holds> (<env>, <region>)`. */
  readonly holds: string;
  /** The stack of one region; `props` carries its id's env (account, region) and description. */
  create(app: CdkApp, id: string, props: StackProps, context: RegionalContext<S> & { readonly shared: SharedStacks; readonly fromLeader?: L }): T;
  /** @default - nothing is handed on */
  fromLeader?(leader: T): L;
  /**
   * The SSM parameters the stack publishes for clients, one group per publishing construct
   * (cluster metadata lists a group of several as `<path>/*`).
   *
   * @default - none
   */
  parameters?(stack: T): readonly ParameterGroup[];
  /**
   * Why every other region's stack must deploy after the leader's (CloudFormation order); the
   * dependency is added with this reason.
   *
   * @default - no dependency beyond the stacks' references
   */
  readonly dependsOnLeader?: string;
}

/** The charts of a use case: one per region's Kubernetes cluster. `L` is what the leader's chart hands to the others. */
export interface RegionalCharts<S, C extends StoreChart, L> extends RegionalPlan<S> {
  create(app: Cdk8sApp, id: string, context: RegionalContext<S> & { readonly fromLeader?: L }): C;
  /** @default - nothing is handed on */
  fromLeader?(leader: C): L;
}

/** The benchmark of each region's store (`constructs/benchmark`), in the store chart's namespace. */
export interface RegionalBenchmark<S, C extends StoreChart> {
  /** The store's namespace: the benchmark Jobs read its Secrets. */
  namespace(chart: C): string;
  /** Adds the benchmark of `chart`'s store to `bench`. */
  add(bench: Chart, chart: C, context: RegionalContext<S>): void;
}

export interface RegionalUseCaseProps<S, T extends Stack, C extends StoreChart, SL = undefined, CL = undefined> {
  /** The service's name: prefixes stack and chart names. */
  readonly service: string;
  /** The settings of each environment the service runs in; an environment without settings gets nothing. */
  readonly settingsByEnvironment: Readonly<Record<string, S>>;
  readonly stacks: RegionalStacks<S, T, SL>;
  readonly charts: RegionalCharts<S, C, CL>;
  /** @default - no report */
  capacityReport?(settings: S, env: Environment): CapacityReport | undefined;
  /** @default - no benchmarks */
  readonly benchmark?: RegionalBenchmark<S, C>;
}

/** A use case the factory made: its records are typed by the template's stack and chart classes. */
export interface RegionalUseCase<T extends Stack, C extends StoreChart> extends UseCase {
  addStacks(app: CdkApp, env: Environment, shared: SharedStacks): BuiltStack<T>[];
  addCharts(app: Cdk8sApp, env: Environment): BuiltChart<C>[];
  addBenchmarks(app: Cdk8sApp, env: Environment, charts: readonly BuiltChart<C>[]): Chart[];
}

/** The regions of `plan`, the leader's first when it is one of them. */
function ordered<S>(plan: RegionalPlan<S>, settings: S, env: Environment): readonly string[] {
  const regions = plan.regions(settings, env);
  return plan.leader ? leaderFirst(plan.leader(settings, env), regions) : regions;
}

/** One per region in order; every one after the first gets what the first handed on (`take`). */
function perRegion<B, L>(regions: readonly string[], make: (region: string, fromLeader: L | undefined) => B,
  take: ((leader: B) => L) | undefined): B[] {
  let fromLeader: L | undefined;
  return regions.map((region, i) => {
    const built = make(region, fromLeader);
    if (i === 0 && take) fromLeader = take(built);
    return built;
  });
}

/**
 * A use case from its declaration: for an environment with settings, one stack and one chart per
 * region (ids `stackName`/`chartName`, env, descriptions), the leader's first and handed to the
 * others, and records of what was built; an environment without settings gets nothing.
 */
export function regionalUseCase<S, T extends Stack, C extends StoreChart, SL = undefined, CL = undefined>(
  props: RegionalUseCaseProps<S, T, C, SL, CL>): RegionalUseCase<T, C> {
  const { service, stacks, charts, benchmark } = props;
  const settingsOf = (env: Environment): S | undefined => props.settingsByEnvironment[env.name];
  const contextOf = (env: Environment, region: string, settings: S): RegionalContext<S> => ({ environment: env, region, settings, service });
  return {
    name: service,
    addStacks(app, env, shared) {
      const settings = settingsOf(env);
      if (settings === undefined) return [];
      const built = perRegion<BuiltStack<T>, SL>(ordered(stacks, settings, env), (region, fromLeader) => {
        const stack = stacks.create(app, stackName(pascalName(service), env, region), {
          env: { account: env.region(region).account, region },
          description: `${service}: ${stacks.holds} (${env.name}, ${region})`,
        }, { ...contextOf(env, region, settings), shared, ...(fromLeader === undefined ? {} : { fromLeader }) });
        return { region, stack, parameters: stacks.parameters?.(stack) ?? [] };
      }, stacks.fromLeader && ((b) => stacks.fromLeader!(b.stack)));
      if (stacks.leader && stacks.dependsOnLeader !== undefined) {
        for (const b of built.slice(1)) b.stack.addStackDependency(built[0].stack, stacks.dependsOnLeader);
      }
      return built;
    },
    addCharts(app, env) {
      const settings = settingsOf(env);
      if (settings === undefined) return [];
      return perRegion<BuiltChart<C>, CL>(ordered(charts, settings, env), (region, fromLeader) => {
        const chart = charts.create(app, chartName(service, env, region),
          { ...contextOf(env, region, settings), ...(fromLeader === undefined ? {} : { fromLeader }) });
        return { region, chart, stores: chart.stores };
      }, charts.fromLeader && ((b) => charts.fromLeader!(b.chart)));
    },
    ...(props.capacityReport ? {
      capacityReport(env: Environment) {
        const settings = settingsOf(env);
        return settings === undefined ? undefined : props.capacityReport!(settings, env);
      },
    } : {}),
    addBenchmarks(app, env, built) {
      const settings = settingsOf(env);
      if (settings === undefined || !benchmark) return [];
      return benchmarkCharts(app, service, env, built, benchmark.namespace,
        (bench, chart, region) => benchmark.add(bench, chart, contextOf(env, region, settings)));
    },
  };
}
