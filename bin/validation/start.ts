import { availableParallelism, loadavg } from 'node:os';
import { dataRetentionValidatorProps } from '../../constructs/platform/aws/compliance';
import { processMemo, setProcessMemo } from '../process-memo';
import { validationCacheDir, validationCacheKey } from './cache-key';
import { WorkerValidatePlugin } from './plugin';

/**
 * The CloudFormation validator in a worker thread, started now so its engine builds while this
 * thread loads and builds the apps; registered as the process's validator (the one
 * `enableCompliance` adds). Undefined when validation is off or a validator already exists
 * (tests share one per process).
 */
export function startValidator(options: { readonly cache?: boolean } = {}): StartedValidator | undefined {
  if (process.env.CDK_VALIDATION === 'false') return undefined;
  let started: WorkerValidatePlugin | undefined;
  processMemo('cloudformation-validator', () => {
    const props = dataRetentionValidatorProps();
    const cache = options.cache ?? !process.env.CI;
    started = new WorkerValidatePlugin(props, cache ? { dir: validationCacheDir(), key: validationCacheKey(props) } : undefined, engineThreads());
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

/**
 * Two validator engines when a core is free: the CDK's validation call leaves the main thread
 * waiting, so a second engine halves the validation on two idle cores, but each engine's start-up
 * costs about 1.2 s of CPU, which a loaded machine pays in wall time (docs/performance.md).
 */
function engineThreads(): number {
  return availableParallelism() >= 2 && loadavg()[0] <= availableParallelism() - 1 ? 2 : 1;
}
