import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * `npm run bench`: times the default full synth (CloudFormation + Kubernetes, every use case,
 * every region) against the floor (a one-resource app with the same validation) in the same run,
 * each in a fresh process like `npm run synth`, and prints medians, the ratio, peak memory and
 * output sizes. Options: `--runs N` (default 5).
 *
 * `--scale [50,100,200] --regions [3,6]`: instead, synthesizes that many synthetic catalog services
 * (scripts/bench/synthetic-catalog.ts) over 3 and 6 regions, once each, and prints time and peak
 * memory in total and per service, to show how cost grows.
 */
const root = resolve(__dirname, '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 5) || 5;

interface Sample { wallMs: number; maxRssKiB: number; outDir: string }

function runOnce(entry: string, env: NodeJS.ProcessEnv = {}): Sample {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-'));
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'bench', 'measure.ts'), entry], {
    cwd: root,
    env: { ...process.env, CDK_OUTDIR: join(outDir, 'cdk.out'), CDK8S_OUTDIR: join(outDir, 'k8s'), ...env },
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

function series(name: string, entry: string): { name: string; samples: Sample[] } {
  const samples: Sample[] = [];
  // One warm-up run fills the TypeScript loader's cache, as on a developer's machine.
  rmSync(runOnce(entry).outDir, { recursive: true, force: true });
  for (let i = 0; i < runs; i++) samples.push(runOnce(entry));
  return { name, samples };
}

const listArg = (flag: string, fallback: number[]) => {
  const i = args.indexOf(flag);
  const v = i >= 0 ? args[i + 1] : undefined;
  return v && !v.startsWith('--') ? v.split(',').map(Number) : fallback;
};

if (args.includes('--scale')) {
  console.log('| services | regions | stacks | wall time | per service | peak RSS |');
  console.log('|---|---|---|---|---|---|');
  for (const regions of listArg('--regions', [3, 6])) {
    for (const services of listArg('--scale', [50, 100, 200])) {
      const s = runOnce(join(__dirname, 'bench', 'scale-synth.ts'), { SERVICES: String(services), REGIONS: String(regions) });
      const stacks = readdirSync(join(s.outDir, 'cdk.out', 'aws')).filter((f) => f.endsWith('.template.json')).length;
      console.log(`| ${services} | ${regions} | ${stacks} | ${(s.wallMs / 1000).toFixed(1)} s | ${(s.wallMs / services).toFixed(0)} ms | ${Math.round(s.maxRssKiB / 1024)} MiB |`);
      rmSync(s.outDir, { recursive: true, force: true });
    }
  }
  process.exit(0);
}

const floor = series('floor (1 resource)', join(__dirname, 'bench', 'floor.ts'));
const full = series('full synth', join(__dirname, 'bench', 'full-synth.ts'));
const fMs = median(floor.samples.map((s) => s.wallMs));
const sMs = median(full.samples.map((s) => s.wallMs));
const out = full.samples[0].outDir;
const templates = sizeOf(join(out, 'cdk.out'), '.template.json');
const manifests = sizeOf(join(out, 'k8s'), '.k8s.yaml');

console.log(`| run | median wall time | peak RSS |`);
console.log(`|---|---|---|`);
for (const s of [floor, full]) {
  console.log(`| ${s.name} | ${(median(s.samples.map((x) => x.wallMs)) / 1000).toFixed(2)} s | ${Math.round(median(s.samples.map((x) => x.maxRssKiB)) / 1024)} MiB |`);
}
console.log(`\nfull / floor = ${(sMs / fMs).toFixed(2)} (median of ${runs} runs each, after one warm-up)`);
console.log(`output: ${templates.files} templates (${(templates.bytes / 1024).toFixed(0)} KiB), ${manifests.files} manifests (${(manifests.bytes / 1024).toFixed(0)} KiB)`);
for (const s of [...floor.samples, ...full.samples]) rmSync(s.outDir, { recursive: true, force: true });
