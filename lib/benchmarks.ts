import { type App, Chart } from 'cdk8s';
import type { Environment } from '../constructs/platform/config';
import { chartName } from './use-case';

/**
 * The benchmark chart of a use case in one region, in the benchmark app (bin/benchmarks.ts):
 * named like the use case's chart, so `dist/k8s-benchmarks/<use-case>-<env>-<region>.k8s.yaml`
 * sits beside `dist/k8s/<use-case>-<env>-<region>.k8s.yaml`.
 */
export function benchmarkChart(app: App, useCase: string, env: Environment, region: string, namespace: string): Chart {
  return new Chart(app, chartName(useCase, env, region), { namespace });
}

/**
 * The use case's charts (from `addCharts`) by region, in the environment's region order: the
 * chart of `region` is the one named `chartName(useCase, env, region)`, of class `type`.
 */
export function chartsByRegion<T extends Chart>(charts: readonly Chart[], useCase: string, env: Environment,
  type: abstract new (...args: never[]) => T): { region: string; chart: T }[] {
  return env.regions.flatMap((r) => {
    const chart = charts.find((c) => c.node.id === chartName(useCase, env, r.region));
    return chart instanceof type ? [{ region: r.region, chart }] : [];
  });
}
