/**
 * `npm run new-service`: a new catalog entry, offline, in a terminal. Asks for what the flags do
 * not give (owner, regions, requirements, SLA), picks the store by the selection rules, sizes it
 * with the capacity planner and writes `services/<name>.yaml` with a comment on every value. The
 * file is loaded through the catalog and both apps are built from it before it is written, so the
 * next synth accepts it.
 *
 *   npm run new-service -- --name orders --owner orders-team --regions us-east-1,eu-west-1 \
 *     --data-model time-series --latency-p99-ms 20 --reads-per-second 2000 --writes-per-second 1000 \
 *     --replication multi-region --consistency regional --dataset-gib 50 --monthly-growth-percent 3
 *
 * `--out <dir>` writes elsewhere (default services/); `--dry-run` prints the file instead.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { buildAwsApp } from '../bin/aws';
import { buildK8sApp } from '../bin/k8s';
import { platform } from '../config/platform';
import { CONSISTENCIES, DATA_MODELS, REPLICATIONS, type Requirements } from '../constructs/catalog/model';
import { resolvePlatform } from '../constructs/platform/config';
import { CATALOG_DIR, catalogUseCases } from '../lib/use-cases';
import { type NewServiceAnswers, newService, renderNewService } from './new-service/generate';

interface Question {
  readonly flag: string;
  readonly prompt: string;
  readonly default?: string;
  /** The answer's value, or an Error saying what is allowed. */
  parse(answer: string): unknown;
}

const int = (min: number) => (a: string) => {
  const n = Number(a);
  if (!Number.isInteger(n) || n < min) throw new Error(`must be an integer >= ${min}, got '${a}'`);
  return n;
};
const number = (min: number, max = Infinity) => (a: string) => {
  const n = Number(a);
  if (a.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new Error(`must be a number from ${min} to ${max}, got '${a}'`);
  return n;
};
const oneOf = (values: readonly string[]) => (a: string) => {
  if (!values.includes(a)) throw new Error(`must be one of ${values.join(', ')}, got '${a}'`);
  return a;
};
const bool = (a: string) => oneOf(['yes', 'no', 'true', 'false'])(a) === 'yes' || a === 'true';
const optional = (p: (a: string) => unknown) => (a: string) => (a === '' ? undefined : p(a));

export function questions(regions: readonly string[]): Question[] {
  return [
    { flag: 'name', prompt: 'Service name (kebab-case, e.g. watch-progress)', parse: (a) => { if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(a)) throw new Error(`must be kebab-case, got '${a}'`); return a; } },
    { flag: 'owner', prompt: 'Owning team (gets the alarms)', parse: (a) => { if (!/^[a-z0-9][a-z0-9-]*$/.test(a)) throw new Error(`must be a team name (lower case, digits, dashes), got '${a}'`); return a; } },
    { flag: 'description', prompt: 'One-line description (optional)', default: '', parse: (a) => a || undefined },
    { flag: 'regions', prompt: `Regions, comma-separated (${regions.join(', ')}); the first leads`, default: regions.join(','),
      parse: (a) => { const rs = a.split(',').map((r) => r.trim()).filter(Boolean); for (const r of rs) oneOf(regions)(r); return rs; } },
    { flag: 'data-model', prompt: `Data model (${DATA_MODELS.join(', ')})`, parse: oneOf(DATA_MODELS) },
    { flag: 'latency-p99-ms', prompt: 'p99 latency needed from the store, ms', parse: number(0.01) },
    { flag: 'reads-per-second', prompt: 'Peak reads per second per region', parse: number(0) },
    { flag: 'writes-per-second', prompt: 'Peak writes per second, all regions', parse: number(0) },
    { flag: 'item-size-bytes', prompt: 'Average item size, bytes', default: '1024', parse: int(1) },
    { flag: 'replication', prompt: `Replication (${REPLICATIONS.join(', ')})`, default: 'multi-region', parse: oneOf(REPLICATIONS) },
    { flag: 'consistency', prompt: `Read consistency (${CONSISTENCIES.join(', ')})`, default: 'regional', parse: oneOf(CONSISTENCIES) },
    { flag: 'dataset-gib', prompt: 'Dataset today (one copy), GiB', parse: number(0) },
    { flag: 'monthly-growth-percent', prompt: 'Monthly growth, percent', default: '0', parse: number(0, 100) },
    { flag: 'retention-days', prompt: 'Items expire after days (empty: never)', default: '', parse: optional(int(1)) },
    { flag: 'priorities', prompt: 'Queue: deliver by priority? (yes/no; queues only)', default: 'no', parse: bool },
    { flag: 'delayed-delivery', prompt: 'Queue: delayed delivery? (yes/no; queues only)', default: 'no', parse: bool },
    { flag: 'error-rate-percent', prompt: 'SLA: alarm above this error rate, percent', default: '0.1', parse: number(0.0001, 99.9999) },
    { flag: 'availability-percent', prompt: 'SLA: availability objective, percent', default: '99.9', parse: number(0.0001, 100) },
    { flag: 'headroom-percent', prompt: 'SLA: capacity headroom at peak, percent', default: '30', parse: number(0, 99) },
  ];
}

async function main(argv: readonly string[]): Promise<number> {
  const env = resolvePlatform(platform).find((e) => e.name === 'prod') ?? resolvePlatform(platform)[0];
  const qs = questions(env.regions.map((r) => r.region));
  const { values: parsed } = parseArgs({
    args: [...argv], strict: true,
    options: {
      ...Object.fromEntries(qs.map((q) => [q.flag, { type: 'string' as const }])),
      out: { type: 'string' }, 'dry-run': { type: 'boolean' },
    },
  });
  const values = parsed as Record<string, string | boolean | undefined>;
  const rl = createInterface({ input: process.stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const answers: Record<string, unknown> = {};
  try {
    for (const q of qs) {
      let given = values[q.flag] as string | undefined;
      for (;;) {
        if (given === undefined) {
          process.stdout.write(`${q.prompt}${q.default !== undefined && q.default !== '' ? ` [${q.default}]` : ''}: `);
          const next = await lines.next();
          if (next.done) throw new Error(`--${q.flag}: no answer (standard input ended); give it as a flag`);
          given = next.value.trim() === '' && q.default !== undefined ? q.default : next.value.trim();
        }
        try {
          answers[q.flag] = q.parse(given);
          break;
        } catch (e) {
          // A flag is not asked again: fail naming it. A typed answer is asked again.
          if (values[q.flag] !== undefined) throw new Error(`--${q.flag} ${(e as Error).message}`);
          process.stdout.write(`  ${(e as Error).message}\n`);
          given = undefined;
        }
      }
    }
  } finally {
    rl.close();
  }
  const queue = answers['data-model'] === 'queue';
  const requirements: Requirements = {
    dataModel: answers['data-model'] as Requirements['dataModel'],
    latencyP99Ms: answers['latency-p99-ms'] as number,
    readsPerSecond: answers['reads-per-second'] as number,
    writesPerSecond: answers['writes-per-second'] as number,
    itemSizeBytes: answers['item-size-bytes'] as number,
    replication: answers.replication as Requirements['replication'],
    consistency: answers.consistency as Requirements['consistency'],
    datasetGiB: answers['dataset-gib'] as number,
    monthlyGrowthPercent: answers['monthly-growth-percent'] as number,
    ...(answers['retention-days'] === undefined ? {} : { retentionDays: answers['retention-days'] as number }),
    ...(queue ? { priorities: answers.priorities as boolean, delayedDelivery: answers['delayed-delivery'] as boolean } : {}),
  };
  const a: NewServiceAnswers = {
    name: answers.name as string, owner: answers.owner as string,
    ...(answers.description ? { description: answers.description as string } : {}),
    regions: answers.regions as string[], requirements,
    sla: {
      latencyP99Ms: requirements.latencyP99Ms, errorRatePercent: answers['error-rate-percent'] as number,
      availabilityPercent: answers['availability-percent'] as number, capacityHeadroomPercent: answers['headroom-percent'] as number,
    },
  };
  const dir = (values.out as string | undefined) ?? CATALOG_DIR;
  const file = join(dir, `${a.name}.yaml`);
  if (!values['dry-run'] && existsSync(file)) throw new Error(`--name: ${file} exists; a service's name is its contract (stack and resource names): pick another`);
  const text = renderNewService(newService(a, env));
  // Load it through the catalog (schema, store, planner, failure domains) before writing anything.
  const check = mkdtempSync(join(tmpdir(), 'new-service-'));
  try {
    writeFileSync(join(check, `${a.name}.yaml`), text);
    const useCases = catalogUseCases(check);
    // Build (not synthesize) both apps: the use case's own checks run at construction.
    buildAwsApp(platform, { outdir: join(check, 'aws'), useCases });
    buildK8sApp(platform, { outdir: join(check, 'k8s'), useCases });
  } finally {
    rmSync(check, { recursive: true, force: true });
  }
  if (values['dry-run']) {
    process.stdout.write(`\n${text}`);
    return 0;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
  process.stdout.write(`\nwrote ${file}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e: Error) => {
    process.stderr.write(`new-service: ${e.message}\n`);
    process.exit(1);
  });
}
