import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultSynth } from '../helpers/default-synth';
import { freePort, tempDir } from '../helpers/loopback';

/**
 * The users' CLIs, run for real over the app, offline: no AWS credentials (HOME and CDK_HOME are
 * an empty temporary folder, no AWS_* variables) and every HTTP(S) request sent to a proxy on
 * 127.0.0.1 that records it and answers none (with cdk.json's `notices` on, the CLI sends
 * `CONNECT cli.cdk.dev-tools.aws.dev:443` there). Each command runs once (tens of seconds in all);
 * the tests share their output.
 *
 * What the users run (docs/deploying.md, docs/reviewing.md): `npx cdk synth`, `npx cdk ls`,
 * `npx cdk diff --exclusively --template <template> <stack>`, `npm run cdk8s -- synth`. Output folders are
 * temporary (`-o`/`--output`) so the test leaves the working copy's cdk.out and dist alone.
 */
const repo = join(__dirname, '..', '..');
const run = promisify(execFile);

interface Result { readonly code: number; readonly stdout: string; readonly stderr: string }

async function cli(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Result> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: repo, env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? String(e) };
  }
}

/** Untracked, not ignored files of the working copy (a stray cdk.context.json shows here). */
async function untracked(): Promise<string[]> {
  const { stdout } = await run('git', ['ls-files', '--others', '--exclude-standard'], { cwd: repo });
  return stdout.split('\n').filter(Boolean);
}

const templates = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.template.json')).sort();
/** Stack names (not nested assemblies) in a cloud assembly's manifest. */
const stacksOf = (dir: string) => Object.entries(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).artifacts as Record<string, { type: string }>)
  .filter(([, a]) => a.type === 'aws:cloudformation:stack').map(([id]) => id).sort();

const home = tempDir('cli-home-');
const out = tempDir('cli-out-');
const proxied: string[] = [];
let proxy: Server;
let before: string[];
const results: Record<'synth' | 'ls' | 'diff' | 'cdk8s', Result> = {} as never;
/** The stack whose committed-style template `cdk diff --template` compares with the app. */
const diffStack = 'DelayedQueues-prod-us-west-2';

beforeAll(async () => {
  const port = await freePort();
  proxy = createServer((socket) => {
    socket.once('data', (d) => proxied.push(d.toString('latin1').split('\r\n')[0]));
    socket.destroy();
  });
  await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|CDK_|CDK8S_)/.test(k)));
  Object.assign(env, {
    // The CDK CLI keeps its cache (notices, connectivity) in CDK_HOME, else the OS user's home, not $HOME.
    HOME: home.path, CDK_HOME: join(home.path, '.cdk'),
    HTTP_PROXY: `http://127.0.0.1:${port}`, HTTPS_PROXY: `http://127.0.0.1:${port}`,
    http_proxy: `http://127.0.0.1:${port}`, https_proxy: `http://127.0.0.1:${port}`, NO_PROXY: '', no_proxy: '',
    // Credentials would otherwise be looked for on the instance metadata endpoint (not a proxied request).
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  before = await untracked();
  const npx = 'npx';
  // The cdk8s CLI shares nothing with the CDK's: it runs beside them (a CLI run waits on I/O and
  // child processes much of its time). ls and diff follow synth, which fills the validation cache.
  const cdk8s = cli('npm', ['run', '--silent', 'cdk8s', '--', 'synth', '--output', join(out.path, 'k8s')], env);
  results.synth = await cli(npx, ['cdk', 'synth', '-o', join(out.path, 'synth')], env);
  // --exclusively: the stack depends on the primary's, and a fixed template compares one stack.
  [results.ls, results.diff] = await Promise.all([cli(npx, ['cdk', 'ls', '-o', join(out.path, 'ls')], env),
    cli(npx, ['cdk', 'diff', '--exclusively', '-o', join(out.path, 'diff'), '--template', join(defaultSynth().aws, `${diffStack}.template.json`), diffStack], env)]);
  results.cdk8s = await cdk8s;
  // About 40 s alone on 2 cores before the loader and the validation cache (docs/performance.md); measured 350 s while six other jest runs shared them.
}, 900_000);

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  home.remove();
  out.remove();
});

describe.each(['synth', 'ls', 'diff', 'cdk8s'] as const)('%s', (command) => {
  test('exits 0', () => {
    // The output is in the assertion so a failure shows why.
    expect({ code: results[command].code, output: results[command].stderr.slice(-2000) }).toMatchObject({ code: 0 });
  });

  test('prints no error, warning or notice', () => {
    expect(`${results[command].stdout}\n${results[command].stderr}`).not.toMatch(/error|warn|notice|exception|credential|new version/i);
  });
});

describe('offline', () => {
  test('no command sends an HTTP(S) request (notices, telemetry, update checks)', () => {
    expect(proxied).toEqual([]);
  });

  test('no context lookup: no stack reports missing context', () => {
    const manifest = JSON.parse(readFileSync(join(out.path, 'synth', 'manifest.json'), 'utf8'));
    expect(manifest.missing).toBeUndefined();
  });

  test('no stray file in the working copy (cdk.context.json above all)', async () => {
    expect(existsSync(join(repo, 'cdk.context.json'))).toBe(false);
    expect((await untracked()).filter((f) => !before.includes(f))).toEqual([]);
  });
});

describe('same output as npm run synth', () => {
  test('cdk synth writes the same templates, byte for byte', () => {
    const ours = defaultSynth().aws;
    const cli = join(out.path, 'synth');
    expect(templates(cli)).toEqual(templates(ours));
    const differing = templates(ours).filter((f) => readFileSync(join(cli, f), 'utf8') !== readFileSync(join(ours, f), 'utf8'));
    expect(differing).toEqual([]);
  });

  test('cdk ls lists every stack of the app', () => {
    expect(results.ls.stdout.split('\n').filter(Boolean).sort()).toEqual(stacksOf(defaultSynth().aws));
  });

  test('cdk diff --template against our own template finds no difference (no aws:cdk:path noise)', () => {
    const text = `${results.diff.stdout}\n${results.diff.stderr}`;
    expect(text).toContain(`Stack ${diffStack}`);
    expect(text).toContain('There were no differences');
    expect(text).toMatch(/Number of stacks with differences: 0/);
  });

  test('cdk8s synth writes the same manifests', () => {
    const ours = defaultSynth().k8s;
    const cli = join(out.path, 'k8s');
    const files = (d: string) => readdirSync(d).sort();
    expect(files(cli)).toEqual(files(ours));
    expect(files(ours).filter((f) => readFileSync(join(cli, f), 'utf8') !== readFileSync(join(ours, f), 'utf8'))).toEqual([]);
  });
});
