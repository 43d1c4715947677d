import { type App, Chart } from 'cdk8s';
import type { Environment } from '../constructs/platform/config';
import { type BuiltChart, chartName } from './use-case';

/**
 * The benchmark charts of a use case, one per store chart it built (`charts`, in the environment's
 * region order). Each is named like the store's chart, so
 * `dist/k8s-benchmarks/<use-case>-<env>-<region>.k8s.yaml` sits beside
 * `dist/k8s/<use-case>-<env>-<region>.k8s.yaml`, lives in `namespace(chart)` (the store's: the
 * Jobs read its Secrets) and is filled by `add`.
 */
export function benchmarkCharts<C extends Chart>(app: App, useCase: string, env: Environment, charts: readonly BuiltChart<C>[],
  namespace: (chart: C) => string, add: (bench: Chart, chart: C, region: string) => void): Chart[] {
  return env.regions.flatMap((r) => charts.filter((built) => built.region === r.region).map(({ chart, region }) => {
    const bench = new Chart(app, chartName(useCase, env, region), { namespace: namespace(chart) });
    add(bench, chart, region);
    return bench;
  }));
}
