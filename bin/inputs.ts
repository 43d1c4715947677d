import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { label } from '../constructs/catalog/load';
import { type Environment, type PlatformConfig, resolvePlatform } from '../constructs/platform/config';
import { InputError } from '../constructs/platform/errors';
import { CATALOG_DIR, type CatalogUseCase, catalogUseCases } from '../lib/use-cases';

/** Environment variable naming another platform configuration: a `.json` file, or a `.ts`/`.js` module exporting `platform`. */
export const PLATFORM_CONFIG_VAR = 'PLATFORM_CONFIG';
/** Environment variable naming another service catalog folder (default `services/`). */
export const SERVICES_DIR_VAR = 'SERVICES_DIR';

const DEFAULT_CONFIG = join(__dirname, '..', 'config', 'platform.ts');

/** What every entry point reads before it builds anything: the platform and the catalog's use cases, validated. */
export interface PlatformInputs {
  readonly config: PlatformConfig;
  /** Where the configuration came from, as messages name it (`config/platform.ts`). */
  readonly configFile: string;
  readonly environments: readonly Environment[];
  readonly useCases: readonly CatalogUseCase[];
}

/** The platform configuration in `file` (`.json`, or a module exporting `platform`). */
export function readPlatformConfig(file: string): unknown {
  const at = label(file);
  try {
    if (file.endsWith('.json')) return JSON.parse(readFileSync(file, 'utf8'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(resolve(file));
    if (!mod || typeof mod !== 'object' || !('platform' in mod)) {
      throw new InputError([{ file: at, path: '(file)', reason: 'must export `platform` (a PlatformConfig)' }]);
    }
    return mod.platform;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError([{ file: at, path: '(file)', reason: `cannot be read: ${(e as Error).message.split('\n')[0]}` }]);
  }
}

/**
 * Reads and validates the platform configuration (`PLATFORM_CONFIG`, default `config/platform.ts`)
 * and the service catalog (`SERVICES_DIR`, default `services/`). Throws an `InputError` or a
 * `PlatformValidationError` listing every problem; reads nothing else and writes nothing.
 */
export function loadInputs(vars: NodeJS.ProcessEnv = process.env): PlatformInputs {
  const configPath = vars[PLATFORM_CONFIG_VAR] ? resolve(vars[PLATFORM_CONFIG_VAR]!) : DEFAULT_CONFIG;
  const configFile = label(configPath);
  const config = readPlatformConfig(configPath) as PlatformConfig;
  const environments = resolvePlatform(config, configFile);
  const dir = vars[SERVICES_DIR_VAR] ? resolve(vars[SERVICES_DIR_VAR]!) : CATALOG_DIR;
  const useCases = catalogUseCases(dir, environments);
  return { config, configFile, environments, useCases };
}
