import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkoutBase } from './review/synth';

/**
 * `npm run bench`: times the default full synth (CloudFormation + Kubernetes, every use case,
 * every region) against the floor (a one-resource app with the same validation) in the same run,
 * each in a fresh process like `npm run synth`, and prints medians, the ratio, peak memory and
 * output sizes. Beside them, as users run them: `npm run synth` cold (`--no-cache`), repeated with
 * nothing changed (the output cache) and after one catalog file changed (the validation cache
 * answers the other services' templates), for one service (`--service`), and `npx cdk synth` through the CLI
 * (`--no-cli` skips it), `npm run diff -- --all` against HEAD, then each target of docs/performance.md with its figure. Peak RSS of
 * those is /usr/bin/time's maximum resident set (the largest process, workers included).
 * Options: `--runs N` (default 5), `--before <git ref>` (that commit's `npm run synth` beside ours).
 *
 * `--test`: instead, times `npm test` (tsc, then jest with an empty jest cache) against its target.
 *
 * `--scale [50,100,200] --regions [3,6]`: instead, synthesizes that many synthetic catalog services
 * (scripts/bench/synthetic-catalog.ts) over 3 and 6 regions, once each, and prints time and peak
 * memory in total and per service, to show how cost grows.
 */
const root = resolve(__dirname, '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 5) || 5;

interface Sample { wallMs: number; maxRssKiB: number; outDir: string }

/** How package.json's `synth` runs TypeScript; the floor and the in-process entries get the same, so only the app differs. */
const loader = { args: ['--require', join(root, 'bin', 'require-ts.cjs')], env: { NODE_COMPILE_CACHE: join(root, 'node_modules', '.cache', 'node-compile') } };

function runOnce(entry: string, env: NodeJS.ProcessEnv = {}): Sample {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-'));
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...loader.args, join(__dirname, 'bench', 'measure.ts'), entry], {
    cwd: root,
    env: { ...process.env, ...loader.env, CDK_OUTDIR: join(outDir, 'cdk.out'), CDK8S_OUTDIR: join(outDir, 'k8s'), ...env },
    encoding: 'utf8',
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const line = r.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (r.status !== 0 || !line) throw new Error(`${entry} failed (exit ${r.status}):\n${r.stderr.slice(-2000)}`);
  return { wallMs, maxRssKiB: JSON.parse(line.slice(6)).maxRssKiB, outDir };
}

function sizeOf(dir: string, suffix: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    if (!f.endsWith(suffix)) continue;
    files++;
    bytes += statSync(join(dir, f)).size;
  }
  return { files, bytes };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function series(name: string, entry: string, env: NodeJS.ProcessEnv = {}): { name: string; samples: Sample[] } {
  const samples: Sample[] = [];
  // One warm-up run fills the TypeScript loader's cache, as on a developer's machine.
  rmSync(runOnce(entry, env).outDir, { recursive: true, force: true });
  for (let i = 0; i < runs; i++) samples.push(runOnce(entry, env));
  return { name, samples };
}

/** A command run as a user runs it (fresh process, its own loader), into a temporary output; `count` timed runs after one warm-up. */
function commandSeries(name: string, c: { cmd: string; args: string[]; env: NodeJS.ProcessEnv; prepare?: (run: number) => void }, count = runs, cwd = root): { name: string; samples: Sample[] } {
  let n = 0;
  const once = (): Sample => {
    c.prepare?.(n++);
    const outDir = mkdtempSync(join(tmpdir(), 'bench-'));
    const env = { ...process.env, CDK_OUTDIR: join(outDir, 'cdk.out'), CDK8S_OUTDIR: join(outDir, 'k8s'), ...c.env };
    // `cdk synth` passes its own CDK_OUTDIR (cdk.json's output) to the app: point it at the temporary folder too.
    const args = c.args[0] === 'synth' ? [...c.args, '--output', join(outDir, 'cdk.out')] : c.args;
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', 'BENCH_RSS %M', c.cmd, ...args], { cwd, env, encoding: 'utf8' });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const rss = /BENCH_RSS (\d+)/.exec(r.stderr ?? '');
    if (r.status !== 0 || !rss) throw new Error(`${name} failed (exit ${r.status}):\n${(r.stderr ?? '').slice(-2000)}`);
    return { wallMs, maxRssKiB: Number(rss[1]), outDir };
  };
  rmSync(once().outDir, { recursive: true, force: true });
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) samples.push(once());
  return { name, samples };
}

const listArg = (flag: string, fallback: number[]) => {
  const i = args.indexOf(flag);
  const v = i >= 0 ? args[i + 1] : undefined;
  return v && !v.startsWith('--') ? v.split(',').map(Number) : fallback;
};

/** The 1-, 5- and 15-minute load averages, printed with every measurement (the machine is shared). */
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

let memoryTarget: number | undefined;
if (args.includes('--scale')) {
  console.log('| services | regions | stacks | wall time | per service | peak RSS |');
  console.log('|---|---|---|---|---|---|');
  for (const regions of listArg('--regions', [3, 6])) {
    for (const services of listArg('--scale', [50, 100, 200])) {
      const s = runOnce(join(__dirname, 'bench', 'scale-synth.ts'), { SERVICES: String(services), REGIONS: String(regions) });
      const stacks = readdirSync(join(s.outDir, 'cdk.out', 'aws')).filter((f) => f.endsWith('.template.json')).length;
      console.log(`| ${services} | ${regions} | ${stacks} | ${(s.wallMs / 1000).toFixed(1)} s | ${(s.wallMs / services).toFixed(0)} ms | ${Math.round(s.maxRssKiB / 1024)} MiB |`);
      if (services === 200 && regions === 6) memoryTarget = s.maxRssKiB / 1024;
      rmSync(s.outDir, { recursive: true, force: true });
    }
  }
  if (memoryTarget !== undefined) {
    console.log('\n| target | figure | holds |\n|---|---|---|');
    console.log(`| 200 services × 6 regions ≤ 1.5 GiB peak | ${Math.round(memoryTarget)} MiB | ${memoryTarget <= 1536 ? 'yes' : 'no'} |`);
  }
  process.exit(0);
}

// `--test`: `npm test` as CI runs it (tsc, then jest with the repository's config), wall time, cold jest cache.
if (args.includes('--test')) {
  const cache = mkdtempSync(join(tmpdir(), 'bench-jest-cache-'));
  const t0 = process.hrtime.bigint();
  const tsc = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: root, encoding: 'utf8' });
  const jest = tsc.status === 0 ? spawnSync(join(root, 'node_modules', '.bin', 'jest'), ['--cacheDirectory', cache], { cwd: root, encoding: 'utf8' }) : tsc;
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  rmSync(cache, { recursive: true, force: true });
  const summary = /^Tests:.*$/m.exec(jest.stderr ?? '')?.[0] ?? `failed (exit ${jest.status})`;
  console.log(`load average: ${load()}; ${summary}\n`);
  console.log('| target | figure | holds |\n|---|---|---|');
  console.log(`| npm test ≤ 60 s wall, cold (tsc + jest, empty jest cache) | ${wall.toFixed(1)} s | ${wall <= 60 && jest.status === 0 ? 'yes' : 'no'} |`);
  process.exit(jest.status === 0 ? 0 : 1);
}

const loadBefore = load();
/** `npm run synth` as package.json runs it, in a fresh process, with `extra` options. */
const synthCommand = (extra: string[], env: NodeJS.ProcessEnv = {}) => ({ cmd: process.execPath, args: [...loader.args, join(root, 'bin', 'synth-entry.ts'), ...extra], env: { ...loader.env, ...env } });
const floor = series('floor (1 resource)', join(__dirname, 'bench', 'floor.ts'));
// As issue 19 measured it (its 5.15× figure), without the validation cache.
const full = series('full synth, in-process entry (no cache)', join(__dirname, 'bench', 'full-synth.ts'), { CI: '1' });
// `--before <git ref>`: that commit's `npm run synth` (its package.json command), in a temporary worktree, side by side.
const beforeRef = args.includes('--before') ? args[args.indexOf('--before') + 1] : undefined;
const before = beforeRef === undefined ? undefined : (() => {
  const tree = checkoutBase(root, beforeRef, (m) => process.stderr.write(`bench: ${m}\n`));
  try {
    // Cold, as the cold series beside it: a tree with the whole-output cache (bin/synth-entry.ts) bypasses it with --no-cache.
    const command = JSON.parse(readFileSync(join(tree.path, 'package.json'), 'utf8')).scripts.synth as string;
    const script = command.includes('synth-entry') ? `${command} --no-cache` : command;
    return commandSeries(`before: ${beforeRef} (\`${script}\`)`, { cmd: 'sh', args: ['-c', script], env: { PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}` } }, runs, tree.path);
  } finally {
    tree.dispose();
  }
})();
const cold = commandSeries('npm run synth, cold (--no-cache)', synthCommand(['--no-cache']));
// The caches warm: the first of these runs fills them (the warm-up), the next ones read them.
const repeat = commandSeries('npm run synth, repeat, nothing changed (output cache)', synthCommand([]));
// A copy of the catalog in which one value of one file differs before every run (a new key each time):
// the output cache misses, the validation cache answers the other services' templates.
const catalog = mkdtempSync(join(tmpdir(), 'bench-services-'));
cpSync(join(root, 'services'), catalog, { recursive: true });
const edited = join(catalog, 'viewing-history.yaml');
const original = readFileSync(edited, 'utf8');
const changed = commandSeries('npm run synth, repeat after one catalog file changed', { ...synthCommand([], { SERVICES_DIR: catalog }),
  prepare: (run) => writeFileSync(edited, original.replace('readsPerSecond: 4000', `readsPerSecond: ${4001 + run}`)) });
rmSync(catalog, { recursive: true, force: true });
const one = commandSeries('npm run synth -- --service viewing-history --no-cache', synthCommand(['--service', 'viewing-history', '--no-cache']));
// The review as a pull request runs it: the working tree against HEAD, every service (both trees synthesized).
const diff = commandSeries('npm run diff -- --all (base HEAD)', { cmd: process.execPath, args: [...loader.args, join(root, 'scripts', 'diff.ts'), '--all'], env: {} });
let cliError: string | undefined;
const cli = args.includes('--no-cli') ? undefined : (() => {
  try {
    return commandSeries('npx cdk synth (CLI)', { cmd: join(root, 'node_modules', '.bin', 'cdk'), args: ['synth', '--quiet'], env: {} }, 1);
  } catch (e) {
    cliError = (e as Error).message.split('\n').filter((l) => /ERROR|failed/.test(l)).slice(0, 2).join(' / ');
    return undefined;
  }
})();
const fMs = median(floor.samples.map((s) => s.wallMs));
const out = full.samples[0].outDir;
const templates = sizeOf(join(out, 'cdk.out'), '.template.json');
const manifests = sizeOf(join(out, 'k8s'), '.k8s.yaml');

console.log(`load average before: ${loadBefore}, after: ${load()} (2 cores shared: figures are only comparable within one run)\n`);
console.log('| run | median wall time | × floor | peak RSS |');
console.log('|---|---|---|---|');
const all = [floor, ...(before ? [before] : []), full, cold, repeat, changed, one, diff, ...(cli ? [cli] : [])];
for (const s of all) {
  const ms = median(s.samples.map((x) => x.wallMs));
  console.log(`| ${s.name} | ${(ms / 1000).toFixed(2)} s | ${(ms / fMs).toFixed(2)} | ${Math.round(median(s.samples.map((x) => x.maxRssKiB)) / 1024)} MiB |`);
}
const ratio = (s: { samples: Sample[] }) => median(s.samples.map((x) => x.wallMs)) / fMs;
const targets: [string, number, number][] = [
  ['cold npm run synth ≤ 2 × floor', ratio(cold), 2],
  ['repeat npm run synth after one catalog file changed ≤ 1.3 × floor', ratio(changed), 1.3],
  ['repeat npm run synth, nothing changed (not an issue 19 target; the output cache) ≤ 1.3 × floor', ratio(repeat), 1.3],
  ['one service (--service) ≤ 1.3 × floor', ratio(one), 1.3],
  ['npm run diff ≤ 1.5 × one synth (cold npm run synth)', ratio(diff) / ratio(cold), 1.5],
  ...(cli ? [['npx cdk synth ≤ 1.5 × npm run synth', ratio(cli) / ratio(cold), 1.5] as [string, number, number]] : []),
];
console.log('\n| target | figure | holds |');
console.log('|---|---|---|');
for (const [name, value, limit] of targets) console.log(`| ${name} | ${value.toFixed(2)} | ${value <= limit ? 'yes' : 'no'} |`);
// Not a timing: how the synth is built (bin/synth.ts, bin/validation/prefetch.ts; test/synth/k8s-during-validation.test.ts).
console.log('| the CloudFormation validator runs while the Kubernetes side synthesizes | its engine gets each template as the CDK writes it; the charts build while it validates | yes |');
if (cliError) console.log(`| npx cdk synth ≤ 1.5 × npm run synth | not measured: the CLI synth failed (${cliError}) | no |`);
console.log(`\nmedian of ${runs} runs each after one warm-up (the CLI: one run); output: ${templates.files} templates (${(templates.bytes / 1024).toFixed(0)} KiB), ${manifests.files} manifests (${(manifests.bytes / 1024).toFixed(0)} KiB)`);
for (const s of all) for (const x of s.samples) rmSync(x.outDir, { recursive: true, force: true });
