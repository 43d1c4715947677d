import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

/**
 * Crash-safe output for `npm run synth`: a synth killed at any instant (SIGKILL, OOM, Ctrl-C)
 * leaves every output folder (cdk.out/, dist/k8s/, ...) complete and from one synth, the old one
 * or the new one, never a mix and never nothing.
 *
 * How: each synth writes a new generation, `<store>/gen-XXXXXX/<key>/`, beside the outputs. Each
 * output folder is a relative symlink to `<store>/current/<key>`, and `<store>/current` is a
 * symlink to the generation in use. Publishing a generation is one `rename(2)` of a fresh symlink
 * over `current`, which POSIX makes atomic: readers (the CDK CLI reading `cdk.out` as the app's
 * output, `kubectl apply -f dist/k8s/`) see the old tree or the new one. The previous generation is
 * deleted after the switch; generations a killed synth left behind are deleted at the next start.
 *
 * Migration: an output folder that is still a real directory (from before this scheme) is moved
 * into the current generation (`gen-legacy` on the first run) and replaced by its symlink. That takes two renames per
 * folder; a synth killed between them is repaired at the next start (`recover`), before anything
 * else runs. This guards against the process dying, not the machine: nothing is fsynced.
 *
 * `SYNTH_CRASH_AT=<step>` kills the process with SIGKILL at that step (tests only): the steps are
 * the names passed to `checkpoint` below.
 */
export class OutputSwap<K extends string> {
  /** The staged folder of each output: write the new output here, then `commit()`. */
  public readonly staged: Readonly<Record<K, string>>;
  private readonly targets: Readonly<Record<K, string>>;
  private readonly store: string;
  private readonly generation: string;

  /** `targets`: the output folders by key. `store`: where generations live (same filesystem as the targets). */
  constructor(targets: Readonly<Record<K, string>>, store: string) {
    this.targets = targets;
    this.store = store;
    mkdirSync(store, { recursive: true });
    recover(targets, store);
    removeStaleGenerations(store);
    this.generation = mkdtempSync(join(store, 'gen-'));
    chmodSync(this.generation, 0o755); // mkdtemp makes it private; the output folders were not
    writeFileSync(join(this.generation, OWNER), String(process.pid));
    this.staged = Object.fromEntries(keysOf(targets).map((k) => [k, join(this.generation, k)])) as Record<K, string>;
  }

  /** Publishes the staged output: after this returns, every target shows it. */
  public commit(): void {
    checkpoint('staged');
    for (const k of keysOf(this.targets)) mkdirSync(this.staged[k], { recursive: true });
    // The targets link into `current`: it exists before any link does, so no link dangles.
    this.migrateRealDirectories();
    const current = join(this.store, CURRENT);
    const previous = linkTarget(current);
    for (const k of keysOf(this.targets)) this.linkTarget(k);
    checkpoint('linked');
    replaceSymlink(basename(this.generation), current);
    checkpoint('switched');
    if (previous !== undefined && previous !== basename(this.generation)) rmSync(join(this.store, previous), { recursive: true, force: true });
    rmSync(join(this.generation, OWNER), { force: true });
    checkpoint('cleaned');
  }

  /** Drops the staged output (a failed synth): the targets keep what they had. */
  public abort(): void {
    rmSync(this.generation, { recursive: true, force: true });
  }

  /**
   * Target folders that are real directories (output from before this scheme) move into the
   * current generation (`gen-legacy` when there is none yet) and become links, so the old output
   * stays visible until the switch.
   */
  private migrateRealDirectories(): void {
    const current = join(this.store, CURRENT);
    const real = keysOf(this.targets).filter((k) => isRealDirectory(this.targets[k]));
    if (linkTarget(current) === undefined) {
      mkdirSync(join(this.store, LEGACY), { recursive: true });
      replaceSymlink(LEGACY, current);
      checkpoint('legacy-current');
    }
    const generation = join(this.store, linkTarget(current)!);
    for (const k of real) {
      const target = this.targets[k];
      const moved = join(generation, k);
      rmSync(moved, { recursive: true, force: true });
      const marker = join(this.store, `${MIGRATING}${k}`);
      writeFileSync(marker, JSON.stringify({ target, moved }));
      renameSync(target, moved);
      checkpoint('legacy-moved');
      this.linkTarget(k);
      rmSync(marker, { force: true });
    }
  }

  /** Makes `targets[k]` the relative symlink to `<store>/current/<k>` (a no-op when it already is). */
  private linkTarget(k: K): void {
    const target = this.targets[k];
    const want = relative(dirname(target), join(this.store, CURRENT, k));
    if (linkTarget(target) === want) return;
    if (isRealDirectory(target)) throw new Error(`${target}: expected the output symlink to ${want}, found a directory`);
    mkdirSync(dirname(target), { recursive: true });
    replaceSymlink(want, target);
  }
}

const CURRENT = 'current';
const LEGACY = 'gen-legacy';
const MIGRATING = 'migrating-';
/** Inside a generation being written: the pid of the synth writing it. */
const OWNER = '.writer-pid';

function keysOf<K extends string>(targets: Readonly<Record<K, string>>): K[] {
  return Object.keys(targets) as K[];
}

/** `link` replaced atomically by a symlink to `to`: a temporary link renamed over it. */
function replaceSymlink(to: string, link: string): void {
  const tmp = `${link}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  symlinkSync(to, tmp);
  checkpoint('tmp-link');
  renameSync(tmp, link);
}

function linkTarget(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

function isRealDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Repairs what a killed synth left: a target directory whose migration it interrupted (moved,
 * not yet linked) goes back, and its temporary symlinks beside the targets go.
 */
function recover<K extends string>(targets: Readonly<Record<K, string>>, store: string): void {
  for (const k of keysOf(targets)) {
    const dir = dirname(targets[k]);
    const prefix = `${basename(targets[k])}.tmp-`;
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      if (name.startsWith(prefix) && !alive(Number(name.slice(prefix.length)))) rmSync(join(dir, name), { force: true });
    }
    const marker = join(store, `${MIGRATING}${k}`);
    if (!existsSync(marker)) continue;
    const { target, moved } = JSON.parse(readFileSync(marker, 'utf8')) as { target: string; moved: string };
    if (!existsSync(target) && linkTarget(target) === undefined && existsSync(moved)) renameSync(moved, target);
    rmSync(marker, { force: true });
  }
}

/** Deletes generations that are neither current nor being written by a live process. */
function removeStaleGenerations(store: string): void {
  const current = linkTarget(join(store, CURRENT));
  for (const name of readdirSync(store)) {
    const path = join(store, name);
    if (name.includes('.tmp-') && !alive(Number(name.slice(name.lastIndexOf('-') + 1)))) {
      rmSync(path, { force: true });
      continue;
    }
    if (!name.startsWith('gen-') || name === current) continue;
    const owner = existsSync(join(path, OWNER)) ? Number(readFileSync(join(path, OWNER), 'utf8')) : undefined;
    if (owner !== undefined && alive(owner)) continue;
    rmSync(path, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return pid === process.pid;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let steps = 0;
/** Test hook: `SYNTH_CRASH_AT=<step>[:<n>]` dies by SIGKILL at the n-th (default first) pass through `step`. */
function checkpoint(step: string): void {
  const at = process.env.SYNTH_CRASH_AT;
  if (!at) return;
  const [name, nth = '1'] = at.split(':');
  if (name === step && ++steps === Number(nth)) process.kill(process.pid, 'SIGKILL');
}
