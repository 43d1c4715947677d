import { join } from 'node:path';
import { platform } from '../config/platform';
import { addAwsClusterMetadata } from '../constructs/catalog/aws/cluster-metadata';
import type { ClusterSource } from '../constructs/catalog/inventory';
import { addKubernetesClusterMetadata } from '../constructs/catalog/k8s/cluster-metadata';
import { plannerSummary, serviceProblems, serviceReport } from '../constructs/capacity/service';
import { type CatalogProblem, CatalogError, type CatalogService, loadCatalog } from '../constructs/catalog/load';
import type { ClusterShape } from '../constructs/catalog/model';
import type { TopologyPictureProps } from '../constructs/catalog/topology-svg';
import { tagOwner } from '../constructs/maintenance/aws/stack-maintenance';
import { type Environment, resolvePlatform } from '../constructs/platform/config';
import { PlatformValidationError } from '../constructs/platform/errors';
import { keyValueCacheTemplate } from './key-value-cache';
import { queueTemplate } from './queue';
import { graphTemplate } from './graph';
import { eventStoreTemplate } from './event-store';
import { searchTemplate } from './search';
import { type UseCase, type UseCaseTemplate, chartName, pascalName, stackName } from './use-case';
import { timeSeriesTemplate } from './time-series';

/** The use-case implementations the catalog can instantiate; (store, data model) picks one. */
export const TEMPLATES: readonly UseCaseTemplate<unknown, unknown>[] = [
  timeSeriesTemplate, eventStoreTemplate, queueTemplate, keyValueCacheTemplate, searchTemplate, graphTemplate,
];

/** `services/`: one `<service>.yaml` per service. Adding a service is adding a file. */
export const CATALOG_DIR = join(__dirname, '..', 'services');

/** A use case built from a catalog entry, with the entry, its store selection and its settings per environment. */
export interface CatalogUseCase extends UseCase {
  readonly catalog: CatalogService<UseCaseTemplate<unknown, unknown>>;
  readonly settingsByEnvironment: Readonly<Record<string, unknown>>;
  /** The store's shape in `env` (the template's `shape`), or undefined when the service does not run there. */
  shape(env: Environment): ClusterShape | undefined;
}

/** The stack and chart ids a service gets in a region of an environment (`stackName`, `chartName`). */
function outputIds(service: string, environment: string, region: string): string[] {
  const env = { name: environment } as Environment;
  return [stackName(pascalName(service), env, region), chartName(service, env, region)];
}

/**
 * The catalog's services as use cases: each entry is validated, its store checked or chosen, and
 * its template instantiated under the service's name with the entry's settings per environment.
 * Throws a `CatalogError` listing every problem of every file. `bin/` calls it; nothing reads the
 * catalog when a module is imported.
 */
export function catalogUseCases(dir: string = CATALOG_DIR, environments: readonly Environment[] = resolvePlatform(platform)): CatalogUseCase[] {
  const problems: CatalogProblem[] = [];
  const useCases = loadCatalog({
    dir, templates: TEMPLATES, environments, outputIds,
    // bin/aws.ts's shared network stacks.
    reservedIds: (environment, region) => [stackName('Network', { name: environment } as Environment, region)],
  }).map((catalog): CatalogUseCase => {
    const { entry, template } = catalog;
    const settingsByEnvironment: Record<string, unknown> = {};
    for (const [envName, yaml] of Object.entries(entry.environments)) {
      try {
        settingsByEnvironment[envName] = template.settings(entry, yaml, environments.find((e) => e.name === envName)!);
      } catch (e) {
        // A rule the mapping checks (the capacity planner's, ...) is a problem of this file's settings.
        if (!(e instanceof PlatformValidationError)) throw e;
        throw new CatalogError(e.problems.map((reason) => ({ file: entry.file, path: `environments.${envName}`, reason })));
      }
    }
    const useCase = template.useCase(entry.service, settingsByEnvironment);
    const shape = (env: Environment): ClusterShape | undefined => {
      const settings = settingsByEnvironment[env.name];
      return settings === undefined ? undefined : template.shape(settings, env);
    };
    const source = (env: Environment): ClusterSource | undefined => {
      const s = shape(env);
      return s && { entry, store: catalog.selection.store, environment: env, shape: s };
    };
    // Every service gets the planner's report from its requirements (sizes, maintenance, failure
    // domains); a file whose sizes or topology cannot carry its requirements fails here.
    const capacityReport = (env: Environment) => {
      const s = shape(env);
      return s && serviceReport({ entry, store: catalog.selection.store, environment: env.name, shape: s }, env.primaryRegion);
    };
    for (const env of environments) {
      const report = capacityReport(env);
      if (report) problems.push(...serviceProblems(entry, report));
    }
    // Cluster metadata goes beside every cluster the template builds: an SSM parameter per
    // region, a ConfigMap per namespace, both holding the record the inventory lists.
    return {
      ...useCase,
      catalog,
      settingsByEnvironment,
      shape,
      capacityReport,
      addStacks(app, env, shared) {
        const stacks = useCase.addStacks(app, env, shared);
        const src = source(env);
        if (src && stacks.length > 0) addAwsClusterMetadata(src, stacks);
        // The alarm topic and the maintenance rules name the team that owns the service.
        for (const { stack } of stacks) tagOwner(stack, entry.owner);
        return stacks;
      },
      addCharts(app, env) {
        const charts = useCase.addCharts(app, env);
        const src = source(env);
        if (src && charts.length > 0) addKubernetesClusterMetadata(src, charts);
        return charts;
      },
    };
  });
  if (problems.length > 0) throw new CatalogError(problems);
  return useCases;
}

/** The topology picture of a catalog service: one panel per environment it runs in (`dist/topology/<service>.svg`). */
export function topologyPicture(useCase: CatalogUseCase, environments: readonly Environment[]): TopologyPictureProps {
  return {
    service: useCase.name,
    store: useCase.catalog.selection.store,
    panels: environments.flatMap((env) => {
      const shape = useCase.shape(env);
      const report = useCase.capacityReport?.(env);
      const first = shape?.placements[0]?.region;
      // The shape is the Kubernetes flavor's placement (the templates' `shape`).
      return shape ? [{ environment: env.name, shape, flavor: 'Kubernetes', ...(report && first ? { plannerSizes: plannerSummary(report, first) } : {}) }] : [];
    }),
  };
}

/**
 * The settings of one service of a catalog folder in one environment, typed by the caller (tests
 * read `test/fixtures/catalog`, tools the repository's `services/`).
 */
export function catalogSettings<S>(service: string, environment = 'prod', dir: string = CATALOG_DIR): S {
  const useCases = catalogUseCases(dir);
  const useCase = useCases.find((u) => u.name === service);
  if (!useCase) throw new Error(`no service '${service}' in ${dir} (${useCases.map((u) => u.name).join(', ')})`);
  const settings = useCase.settingsByEnvironment[environment];
  if (settings === undefined) throw new Error(`service '${service}' has no settings for environment '${environment}'`);
  return settings as S;
}
