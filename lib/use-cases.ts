import { join } from 'node:path';
import { platform } from '../config/platform';
import { type CatalogService, loadCatalog } from '../constructs/catalog/load';
import { type Environment, resolvePlatform } from '../constructs/platform/config';
import { cdnUrlTemplate } from './cdn-url';
import { delayedQueuesTemplate } from './delayed-queues';
import { digitalAssetsTemplate } from './digital-assets';
import { eventSourcedTemplate } from './event-sourced';
import { playbackManifestTemplate } from './playback-manifest';
import type { UseCase, UseCaseTemplate } from './use-case';
import { viewingHistoryTemplate } from './viewing-history';

/** The use-case implementations the catalog can instantiate; (store, data model) picks one. */
export const TEMPLATES: readonly UseCaseTemplate<unknown, unknown>[] = [
  viewingHistoryTemplate, eventSourcedTemplate, delayedQueuesTemplate, cdnUrlTemplate, playbackManifestTemplate, digitalAssetsTemplate,
];

/** `services/`: one `<service>.yaml` per service. Adding a service is adding a file. */
export const CATALOG_DIR = join(__dirname, '..', 'services');

/** A use case built from a catalog entry, with the entry, its store selection and its settings per environment. */
export interface CatalogUseCase extends UseCase {
  readonly catalog: CatalogService<UseCaseTemplate<unknown, unknown>>;
  readonly settingsByEnvironment: Readonly<Record<string, unknown>>;
}

/**
 * The catalog's services as use cases: each entry is validated, its store checked or chosen, and
 * its template instantiated under the service's name with the entry's settings per environment.
 * Throws a `CatalogError` listing every problem of every file.
 */
export function catalogUseCases(dir: string = CATALOG_DIR, environments: readonly Environment[] = resolvePlatform(platform)): CatalogUseCase[] {
  return loadCatalog({ dir, templates: TEMPLATES, environments }).map((catalog) => {
    const { entry, template } = catalog;
    const settingsByEnvironment: Record<string, unknown> = {};
    for (const [envName, yaml] of Object.entries(entry.environments)) {
      settingsByEnvironment[envName] = template.settings(entry, yaml, environments.find((e) => e.name === envName)!);
    }
    return { ...template.useCase(entry.service, settingsByEnvironment), catalog, settingsByEnvironment };
  });
}

/** The settings of one catalog service in one environment, typed by the caller (tests, tools). */
export function catalogSettings<S>(service: string, environment = 'prod'): S {
  const useCase = USE_CASES.find((u) => u.name === service);
  if (!useCase) throw new Error(`no service '${service}' in ${CATALOG_DIR} (${USE_CASES.map((u) => u.name).join(', ')})`);
  const settings = useCase.settingsByEnvironment[environment];
  if (settings === undefined) throw new Error(`service '${service}' has no settings for environment '${environment}'`);
  return settings as S;
}

/** Every use case `bin/` synthesizes: the services of the catalog. */
export const USE_CASES: readonly CatalogUseCase[] = catalogUseCases();
