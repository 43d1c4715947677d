import { type App, Chart } from 'cdk8s';
import type { Environment } from '../constructs/platform/config';
import { chartName } from './use-case';

/**
 * The benchmark charts of a use case, one per region where the use case has a chart of class
 * `type` (in the environment's region order). Each is named like the store's chart, so
 * `dist/k8s-benchmarks/<use-case>-<env>-<region>.k8s.yaml` sits beside
 * `dist/k8s/<use-case>-<env>-<region>.k8s.yaml`, lives in `namespace(chart)` (the store's: the
 * Jobs read its Secrets) and is filled by `add`.
 */
export function benchmarkCharts<T extends Chart>(app: App, useCase: string, env: Environment, charts: readonly Chart[],
  type: abstract new (...args: never[]) => T, namespace: (chart: T) => string,
  add: (bench: Chart, chart: T, region: string) => void): Chart[] {
  return env.regions.flatMap((r) => {
    const name = chartName(useCase, env, r.region);
    const chart = charts.find((c) => c.node.id === name);
    if (!(chart instanceof type)) return [];
    const bench = new Chart(app, name, { namespace: namespace(chart) });
    add(bench, chart, r.region);
    return [bench];
  });
}
