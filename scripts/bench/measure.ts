import { performance } from 'node:perf_hooks';

/**
 * Runs one synth entry point (argv[2]) in this process and reports, on exit, its peak memory
 * (maxRSS) as a JSON line on stderr. The parent measures wall time from outside, so module
 * loading and the TypeScript loader are counted, as a user running `npm run synth` pays them.
 */
const entry = process.argv[2];
const started = performance.now();
process.on('exit', (code) => {
  if (code === 0) {
    process.stderr.write(`BENCH ${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, inProcessMs: Math.round(performance.now() - started) })}\n`);
  }
});
require(entry);
