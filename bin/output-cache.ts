import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { OutputSwap } from './output-swap';
import { outputStore, type SynthTargets } from './synth-targets';

/**
 * The output of a whole `npm run synth` kept under a hash of everything it is made from, so a
 * synth whose inputs did not change (the base of `npm run diff`, a second synth of the same tree)
 * copies the last output instead of loading aws-cdk-lib and building both apps. Only node: modules
 * here: a hit must not load the CDK.
 *
 * The key: every file of the code and data folders below (all of bin/, lib/, constructs/,
 * config/, imports/, crds/, backstage/: TypeScript, Guard rules, JSON catalogs, seed scripts),
 * package.json, package-lock.json (node_modules), cdk.json (feature flags), cdk8s.yaml,
 * tsconfig.json, the catalog folder (`SERVICES_DIR`) and the platform file (`PLATFORM_CONFIG`),
 * the command's options, the environment variables the CDK, the loader or we read (`CDK_*`,
 * `CDK8S_*`, `JSII_*`, `NODE_*`, `SYNTH_*`, `CI` ...) except the output folders, Node's version,
 * and the checkout's path (metadata.json's stack traces and the validation report name it).
 * Output folders are not part of it: no output names them (test/synth/output-cache.test.ts).
 * Anything else that could change the output, such as a hand-edited node_modules, is not seen:
 * `--no-cache` synthesizes.
 */
const CODE = ['bin', 'lib', 'constructs', 'config', 'imports', 'crds', 'backstage'];
const FILES = ['package.json', 'package-lock.json', 'cdk.json', 'cdk8s.yaml', 'tsconfig.json'];
/** Where the output goes, not what it is: the targets (bin/synth-targets.ts) and the loader's caches. */
const NOT_INPUTS = new Set(['CDK_OUTDIR', 'CDK8S_OUTDIR', 'BENCHMARKS_OUTDIR', 'TOPOLOGY_OUTDIR', 'CATALOG_OUTDIR', 'NODE_COMPILE_CACHE', 'REQUIRE_TS_CACHE']);
const ENV = /^(CDK|CDK8S|JSII|NODE|SYNTH|SERVICES|PLATFORM|AWS|CI)(_|$)/;

export function outputCacheKey(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, root = join(__dirname, '..')): string {
  const hash = createHash('sha256');
  const file = (path: string) => hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
  const tree = (dir: string): void => {
    if (!existsSync(dir)) hash.update(`no ${dir}\0`);
    else if (!statSync(dir).isDirectory()) file(dir);
    else for (const f of (readdirSync(dir, { recursive: true }) as string[]).sort()) if (statSync(join(dir, f)).isFile()) file(join(dir, f));
  };
  for (const d of CODE) tree(join(root, d));
  for (const f of FILES) tree(join(root, f));
  tree(env.SERVICES_DIR ? resolve(env.SERVICES_DIR) : join(root, 'services'));
  if (env.PLATFORM_CONFIG) tree(resolve(env.PLATFORM_CONFIG));
  const vars = Object.keys(env).filter((k) => ENV.test(k) && !NOT_INPUTS.has(k)).sort().map((k) => [k, env[k]]);
  return hash.update(JSON.stringify({ argv, vars, root, node: process.version, platform: process.platform, arch: process.arch })).digest('hex');
}

/** Where `npm run synth` keeps whole outputs: node_modules/.cache (gitignored, gone with `npm ci`); one entry per key, the newest few kept. */
export function outputCacheDir(root = join(__dirname, '..')): string {
  return join(root, 'node_modules', '.cache', 'polyglot-synth', 'output');
}

const KEEP = 4;

/** One key's entry of the output cache. */
export class OutputCache {
  private readonly entry: string;

  constructor(private readonly dir: string, private readonly key: string) {
    this.entry = join(dir, key);
  }

  /** Publishes the cached output into `targets` (through the crash-safe swap); false when there is none. */
  public restore(targets: SynthTargets): boolean {
    const keys = Object.keys(targets) as (keyof SynthTargets)[];
    if (!keys.every((k) => existsSync(join(this.entry, k)))) return false;
    const swap = new OutputSwap(targets, outputStore(targets));
    try {
      for (const k of keys) cpSync(join(this.entry, k), swap.staged[k], { recursive: true });
    } catch (e) {
      swap.abort();
      throw e;
    }
    swap.commit();
    const now = new Date();
    utimesSync(this.entry, now, now); // the newest entries are kept
    return true;
  }

  /**
   * Keeps what a synth just published into `targets`, if the inputs still hash to this key (a file
   * edited while the synth ran could be in the output or not: then nothing is kept).
   */
  public save(targets: SynthTargets, stillKey: () => string): void {
    if (stillKey() !== this.key) return;
    const tmp = `${this.entry}.${process.pid}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    for (const k of Object.keys(targets) as (keyof SynthTargets)[]) cpSync(realpathSync(targets[k]), join(tmp, k), { recursive: true });
    rmSync(this.entry, { recursive: true, force: true });
    // Renamed whole: a concurrent synth reads a complete entry or none.
    renameSync(tmp, this.entry);
    this.prune();
  }

  /** Only the newest entries stay: an entry is a whole output (a few MiB). */
  private prune(): void {
    const entries = readdirSync(this.dir).filter((f) => /^[0-9a-f]{64}$/.test(f))
      .map((f) => ({ f, t: statSync(join(this.dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
    for (const { f } of entries.slice(KEEP)) rmSync(join(this.dir, f), { recursive: true, force: true });
  }
}
