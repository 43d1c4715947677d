import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** A temporary `git worktree` of `ref`, removed by `dispose()`. */
export interface BaseTree {
  readonly path: string;
  readonly commit: string;
  /** How node_modules was provided: `symlink` (same package-lock.json) or `npm ci`. */
  readonly install: 'symlink' | 'npm ci';
  dispose(): void;
}

/**
 * Checks `ref` out into a temporary worktree. node_modules: when the ref's package-lock.json is
 * byte-identical to the working tree's, a symlink to this checkout's node_modules (same
 * dependency tree, about 0.1 s); otherwise `npm ci --prefer-offline` in the worktree (minutes,
 * but the base then builds with its own dependencies).
 */
export function checkoutBase(repo: string, ref: string, log: (m: string) => void): BaseTree {
  const commit = git(repo, 'rev-parse', '--verify', `${ref}^{commit}`);
  const dir = mkdtempSync(join(tmpdir(), 'review-base-'));
  const path = join(dir, 'tree');
  git(repo, 'worktree', 'add', '--detach', '--quiet', path, commit);
  const dispose = () => {
    try { git(repo, 'worktree', 'remove', '--force', path); } catch { /* already gone */ }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const lock = (p: string) => (existsSync(join(p, 'package-lock.json')) ? readFileSync(join(p, 'package-lock.json'), 'utf8') : undefined);
    const same = lock(path) !== undefined && lock(path) === lock(repo) && existsSync(join(repo, 'node_modules'));
    if (same) {
      symlinkSync(join(repo, 'node_modules'), join(path, 'node_modules'), 'dir');
    } else {
      log(`base ${ref} has a different package-lock.json: npm ci --prefer-offline in the worktree`);
      execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: path, stdio: ['ignore', 'ignore', 'inherit'] });
    }
    return { path, commit, install: same ? 'symlink' : 'npm ci', dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

/**
 * Synthesizes `tree` into `outdir` in a child process with the runner from this checkout,
 * offline: no CLI environment leaks in (CDK_OUTDIR would change the app's context handling).
 * `node` is the command that runs TypeScript: this checkout's Node with its loader
 * (`bin/require-ts.cjs`, which also loads the base tree's files).
 */
export function synthesizeTree(tree: string, outdir: string, node: readonly string[], services?: readonly string[], options: SynthTreeOptions = {}): Promise<void> {
  const env = synthEnvironment(process.env, services, options);
  return new Promise((resolvePromise, reject) => {
    const [command, ...args] = node;
    const child = spawn(command, [...args, join(__dirname, 'synth-runner.ts'), tree, outdir], { cwd: tree, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise() : reject(new Error(`synth of ${tree} failed (exit ${code}):\n${stderr.trim()}`))));
  });
}

/** How a tree is synthesized for the review. */
export interface SynthTreeOptions {
  /**
   * Run AWS's CloudFormation validator (cdk-nag runs either way). The review compares templates,
   * which validation never changes, and `npm run synth` is the gate that runs it; off, a tree's
   * synth costs about half the CPU (the validator's engine start-up and 1.7 s of validation).
   *
   * @default false
   */
  readonly validate?: boolean;
  /** Node's compile cache folder (V8 code of aws-cdk-lib & co. kept between runs, as `npm run synth` keeps it). */
  readonly compileCache?: string;
}

/** The environment of one tree's synth: the caller's, without the CLI's output variables. */
export function synthEnvironment(parent: NodeJS.ProcessEnv, services: readonly string[] | undefined, options: SynthTreeOptions = {}): NodeJS.ProcessEnv {
  const env = { ...parent };
  for (const k of ['CDK_OUTDIR', 'CDK_CONTEXT_JSON', 'CDK8S_OUTDIR', 'SYNTH_SERVICES']) delete env[k];
  if (services) env.SYNTH_SERVICES = services.join(',');
  if (!options.validate) env.CDK_VALIDATION = 'false';
  if (options.compileCache && !env.NODE_COMPILE_CACHE) env.NODE_COMPILE_CACHE = options.compileCache;
  return env;
}

/**
 * The catalog services a change touches, when it touches nothing else: the names of the
 * `services/<name>.yaml` files that differ between `commit` and the working tree (untracked ones
 * included). Undefined when any other file changed (code, configuration, lockfile): then every
 * service's output may change and all are synthesized.
 */
export function changedServices(repo: string, commit: string): string[] | undefined {
  const changed = [
    ...git(repo, 'diff', '--name-only', commit, '--').split('\n'),
    ...git(repo, 'ls-files', '--others', '--exclude-standard').split('\n'),
  ].filter((f) => f !== '');
  const names = changed.map((f) => /^services\/([^/]+)\.ya?ml$/.exec(f)?.[1]);
  if (names.some((n) => n === undefined)) return undefined;
  return [...new Set(names as string[])].sort();
}

export function repoRoot(cwd: string): string {
  return git(cwd, 'rev-parse', '--show-toplevel');
}
