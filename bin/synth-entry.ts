import { OutputCache, outputCacheDir, outputCacheKey } from './output-cache';
import { defaultTargets } from './synth-targets';

/**
 * `npm run synth`'s entry point. When the inputs hash to a key the output cache holds
 * (bin/output-cache.ts), that output is published and nothing else is loaded; otherwise
 * bin/synth.ts synthesizes and its output is kept for next time. `--no-cache` and CI (`CI` set)
 * always synthesize, and keep nothing. `SYNTH_OUTPUT_CACHE` names another cache folder.
 */
const argv = process.argv.slice(2);
const cached = argv.includes('--no-cache') || process.env.CI ? undefined : new OutputCache(process.env.SYNTH_OUTPUT_CACHE ?? outputCacheDir(), outputCacheKey(argv));
if (cached?.restore(defaultTargets())) {
  process.stderr.write('npm run synth: inputs unchanged since a previous synth: its output was published again (--no-cache synthesizes)\n');
} else {
  // Loaded only now: on a hit the CDK, cdk8s and the apps are never loaded (that is the point).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./synth') as typeof import('./synth')).main(argv);
  cached?.save(defaultTargets(), () => outputCacheKey(argv));
}
