import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { userErrorLines } from '../../bin/cli';
import { loadInputs } from '../../bin/inputs';

export const REPO = join(__dirname, '..', '..');

/**
 * What the entry points print for the inputs in `vars` (`SERVICES_DIR`, `PLATFORM_CONFIG`): the
 * lines of the user error `loadInputs` throws. Fails when it loads, or throws anything else.
 */
export function inputErrorLines(vars: NodeJS.ProcessEnv): string[] {
  let error: unknown;
  try {
    loadInputs(vars);
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error('the inputs loaded: expected a user error');
  const lines = userErrorLines(error);
  if (!lines) throw error;
  return lines;
}

/** A folder holding `files` (name → YAML text, or a value written as YAML). */
export function folderOf(files: Record<string, string | object>, prefix = 'catalog-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : stringify(content));
  return dir;
}

/** Every file under `dir` with a digest of its bytes: equal digests mean byte-for-byte the same tree. */
export function treeDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** Output folders of every entry point, each holding a file from a "previous run", under one root. */
export function previousOutput(): { root: string; vars: NodeJS.ProcessEnv } {
  const root = mkdtempSync(join(tmpdir(), 'previous-output-'));
  const dirs = { CDK_OUTDIR: 'cdk.out', CDK8S_OUTDIR: 'dist/k8s', BENCHMARKS_OUTDIR: 'dist/k8s-benchmarks', TOPOLOGY_OUTDIR: 'dist/topology' };
  const vars: NodeJS.ProcessEnv = {};
  for (const [key, rel] of Object.entries(dirs)) {
    mkdirSync(join(root, rel), { recursive: true });
    writeFileSync(join(root, rel, 'previous.txt'), `previous ${rel}\n`);
    vars[key] = join(root, rel);
  }
  return { root, vars };
}

/** Runs `bin/<entry>.ts` as `npm run synth`, the CDK CLI and the cdk8s CLI do (through bin/require-ts.cjs). */
export function runEntryPoint(entry: string, vars: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(join(REPO, 'node_modules', '.bin', 'node'), ['--require', join(REPO, 'bin', 'require-ts.cjs'), join(REPO, 'bin', `${entry}.ts`)], {
    cwd: REPO, encoding: 'utf8', timeout: 120_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...vars },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
