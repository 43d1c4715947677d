/**
 * Real servers in tests: find a Debian-packaged binary (a missing one fails with the command that
 * installs it, never a skip), pick a free loopback port, start the process on 127.0.0.1, wait
 * until it accepts connections, and stop it. Every test that starts a process stops it in
 * `afterAll`/`finally`; nothing listens beyond 127.0.0.1.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The absolute path of `binary` on PATH (or /usr/sbin, /usr/bin); throws naming the Debian package when absent. */
export function requireBinary(binary: string, debianPackage: string): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/usr/local/bin'];
  for (const d of dirs) {
    if (!d) continue;
    const p = join(d, binary);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // next directory
    }
  }
  throw new Error(`'${binary}' is not installed: this test runs the real one. Install Debian's '${debianPackage}' package `
    + `(bash scripts/install-test-tools, which npm test runs first, or apt-get install ${debianPackage}).`);
}

/** Ports this process has handed out: the kernel may offer a just-released port again. */
const handedOut = new Set<number>();

/**
 * A TCP port that was free on 127.0.0.1 a moment ago (the kernel picks it), never one this
 * process handed out before: a test that binds several ports would otherwise get the same one
 * twice (seen: stunnel's "Address already in use").
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await kernelPort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once 127.0.0.1:`port` accepts a TCP connection; rejects after `timeoutMs` or when `proc` exits. */
export async function waitForPort(port: number, proc?: LoopbackProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc?.exited) throw new Error(`${proc.name} exited with ${proc.exitCode} before listening on ${port}:\n${proc.output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms${proc ? `:\n${proc.output()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A started process with its captured output. */
export interface LoopbackProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: boolean;
  readonly exitCode: number | null;
  /** stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after 3 s; resolves when the process has exited. */
  stop(): Promise<void>;
}

/** Starts `binary args` (no shell) and captures its output. */
export function startProcess(name: string, binary: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): LoopbackProcess {
  const child = spawn(binary, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let exited = false;
  let exitCode: number | null = null;
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exit = new Promise<void>((resolve) => child.once('exit', (code) => { exited = true; exitCode = code; resolve(); }));
  return {
    name,
    child,
    get exited() { return exited; },
    get exitCode() { return exitCode; },
    output: () => out,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** A fresh temporary directory and its remover. */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A self-signed certificate and key for 127.0.0.1/localhost, made with openssl in `dir`. */
export function selfSignedCertificate(dir: string, commonName = 'localhost'): { cert: string; key: string } {
  const openssl = requireBinary('openssl', 'openssl');
  const cert = join(dir, 'tls.crt');
  const key = join(dir, 'tls.key');
  execFileSync(openssl, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${commonName}`,
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

/** GET http://127.0.0.1:`port``path` as text (a Prometheus scrape). */
export async function httpGet(port: number, path = '/metrics'): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  if (!res.ok) throw new Error(`GET ${path} on 127.0.0.1:${port}: HTTP ${res.status}`);
  return res.text();
}
