import { availableParallelism, loadavg } from 'node:os';
import { dataRetentionValidatorProps } from '../../constructs/platform/aws/compliance';
import type { Environment } from '../../constructs/platform/config';
import { processMemo, setProcessMemo } from '../process-memo';
import { validationCacheDir, validationCacheKey } from './cache-key';
import { WorkerValidatePlugin } from './plugin';

/**
 * The CloudFormation validator in a worker thread, started now so its engine builds while this
 * thread loads and builds the apps; registered as the process's validator (the one
 * `enableCompliance` adds). Undefined when validation is off or a validator already exists
 * (tests share one per process).
 */
export function startValidator(options: ValidatorOptions = {}): StartedValidator | undefined {
  if (process.env.CDK_VALIDATION === 'false') return undefined;
  let started: WorkerValidatePlugin | undefined;
  processMemo('cloudformation-validator', () => {
    const props = dataRetentionValidatorProps();
    const cache = options.cache ?? !process.env.CI;
    started = new WorkerValidatePlugin(props, cache ? { dir: validationCacheDir(), key: validationCacheKey(props) } : undefined, engineThreads(options.templates ?? 0));
    return started;
  });
  if (!started) return undefined;
  const plugin = started;
  let disposed = false;
  return {
    whileValidating: (task) => { plugin.whileValidating = task; },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      plugin.dispose();
      setProcessMemo('cloudformation-validator', undefined);
    },
  };
}

/** The validator `startValidator` registered. */
export interface StartedValidator {
  /** Runs `task` on this thread while the engines validate the next app's templates (it must not throw). */
  whileValidating(task: () => void): void;
  /** Stops the engines and unregisters the validator. */
  dispose(): void;
}

/** How `startValidator` starts the validator. */
export interface ValidatorOptions {
  /** Keep and reuse each template's result (bin/validation/cache-key.ts). @default - true, except in CI */
  readonly cache?: boolean;
  /** About how many templates the app will have (one per stack): a second engine pays off only for many. @default 0 */
  readonly templates?: number;
}

/** About how many stacks a CDK app of these use cases gets: each one's and the shared network's, per region. */
export function templateCount(environments: readonly Environment[], useCases: readonly unknown[]): number {
  return environments.reduce((n, env) => n + env.regions.length * (useCases.length + 1), 0);
}

/** From how many templates a second engine pays off (docs/performance.md, "Validator engines"). */
export const TWO_ENGINES_FROM = 300;

/**
 * One engine, or two for a large app when a core is free. The engine gets each template as the
 * CDK writes it (bin/validation/prefetch.ts) and validates while the main thread synthesizes and
 * builds the Kubernetes side, so one engine keeps up with a normal catalog, and a second one's
 * start-up (about 1.1 s of CPU, and its WebAssembly memory) costs more than it saves: measured
 * 3.41 s against 4.17 s for one service (6 templates), 5.37 s against 5.59 s for the default
 * catalog (21), the same at 50 synthetic services (306), and 55 s against 79 s at 200 (1,206).
 */
export function engineThreads(templates: number, cores = availableParallelism(), load = loadavg()[0]): number {
  return templates >= TWO_ENGINES_FROM && cores >= 2 && load <= cores - 1 ? 2 : 1;
}
