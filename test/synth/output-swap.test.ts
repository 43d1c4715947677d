import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The output swap (bin/output-swap.ts) under SIGKILL: a child process publishes outputs through
 * the real OutputSwap and is killed at every step (the SYNTH_CRASH_AT hook) and at random instants.
 * After each kill, every output folder must be complete and from one synth (the old or the new),
 * and the next synth must publish cleanly and leave no stale generation behind.
 */
const node = join(__dirname, '..', '..', 'node_modules', '.bin', 'node');
const child = join(__dirname, 'swap-child.ts');
const OUTPUTS = ['cdk.out', 'dist/k8s', 'dist/topology'];
const FILES = 20;

function run(root: string, label: string, env: NodeJS.ProcessEnv = {}, files = FILES) {
  return spawnSync(node, [child, root, label, String(files)], { env: { ...process.env, ...env }, encoding: 'utf8' });
}

/** The label every output holds, or an Error describing the mix or the gap. */
function state(root: string, files = FILES): string {
  const labels = new Set<string>();
  for (const out of OUTPUTS) {
    const names = readdirSync(join(root, out)).sort();
    const want = Array.from({ length: files }, (_, i) => `f${i}.txt`).sort();
    if (names.join() !== want.join()) throw new Error(`${out}: incomplete (${names.length} of ${files} files)`);
    for (const n of names) labels.add(readFileSync(join(root, out, n), 'utf8').trim());
  }
  if (labels.size !== 1) throw new Error(`mixed output: ${[...labels].join(', ')}`);
  return [...labels][0];
}

const generations = (root: string) => readdirSync(join(root, '.synth-out')).filter((n) => n.startsWith('gen-'));

describe('crash-safe output swap', () => {
  test('control: a synth publishes, the next replaces it and the old generation is gone', () => {
    const root = mkdtempSync(join(tmpdir(), 'swap-'));
    expect(run(root, 'one').status).toBe(0);
    expect(state(root)).toBe('one');
    expect(run(root, 'two').status).toBe(0);
    expect(state(root)).toBe('two');
    expect(generations(root)).toHaveLength(1);
  });

  test('the hook kills: an unknown step name would not', () => {
    const root = mkdtempSync(join(tmpdir(), 'swap-'));
    expect(run(root, 'one', { SYNTH_CRASH_AT: 'switched' }).signal).toBe('SIGKILL');
  });

  // Every checkpoint of a steady-state publish: the targets' links already exist, so the one
  // temporary symlink (`tmp-link`) is the new `current`, killed before its rename.
  test.each(['staged', 'tmp-link', 'linked', 'switched', 'cleaned'])('killed at %s: old or new output, then a clean publish', (step) => {
    const root = mkdtempSync(join(tmpdir(), 'swap-'));
    expect(run(root, 'old').status).toBe(0);
    const r = run(root, 'new', { SYNTH_CRASH_AT: step });
    expect(r.signal).toBe('SIGKILL');
    const after = state(root);
    expect(['old', 'new']).toContain(after);
    // Before the switch the old output stays; from the switch on, the new one shows.
    expect(after).toBe(['switched', 'cleaned'].includes(step) ? 'new' : 'old');
    expect(run(root, 'next').status).toBe(0);
    expect(state(root)).toBe('next');
    expect(generations(root)).toHaveLength(1);
  });

  /** Output folders as an earlier synth left them: real directories. */
  function legacyRoot(): string {
    const root = mkdtempSync(join(tmpdir(), 'swap-legacy-'));
    for (const out of OUTPUTS) {
      mkdirSync(join(root, out), { recursive: true });
      for (let i = 0; i < FILES; i++) writeFileSync(join(root, out, `f${i}.txt`), 'legacy\n');
    }
    return root;
  }

  // tmp-link:1 is `current` → gen-legacy; tmp-link:2 to :4 the three folders' links; :5 the new `current`.
  const inMoveWindow = (step: string) => step.startsWith('legacy-moved') || ['tmp-link:2', 'tmp-link:3', 'tmp-link:4'].includes(step);
  test.each(['legacy-current', 'tmp-link:1', 'legacy-moved:1', 'tmp-link:2', 'legacy-moved:2', 'tmp-link:4', 'tmp-link:5', 'linked', 'switched'])(
    'first synth over real directories, killed at %s: the next start repairs, then publishes', (step) => {
      const root = legacyRoot();
      expect(run(root, 'new', { SYNTH_CRASH_AT: step }).signal).toBe('SIGKILL');
      // A kill between a folder's move and its link leaves that one folder missing until the next
      // start (the one window of the one-time migration); every other kill leaves one whole output.
      if (inMoveWindow(step)) expect(() => state(root)).toThrow(/ENOENT/);
      else expect(['legacy', 'new']).toContain(state(root));
      expect(run(root, 'next', { SYNTH_CRASH_AT: 'staged' }).signal).toBe('SIGKILL');
      expect(state(root)).toBe(step === 'switched' ? 'new' : 'legacy');
      expect(run(root, 'last').status).toBe(0);
      expect(state(root)).toBe('last');
      expect(generations(root)).toHaveLength(1);
      // No temporary link is left beside the outputs.
      expect(readdirSync(join(root, 'dist')).sort()).toEqual(['k8s', 'topology']);
    });

  // Child runs take 0.1 s on a quiet machine and seconds under load: a generous timeout.
  test('killed at random instants: always old or new, never a mix or nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'swap-random-'));
    const files = 300;
    expect(run(root, 'v0', {}, files).status).toBe(0);
    // Timed runs set the range the kills spread over (from spawn, startup included; the slowest, as load varies).
    let span = 0;
    for (const label of ['v1', 'v1']) {
      const t0 = Date.now();
      expect(run(root, label, {}, files).status).toBe(0);
      span = Math.max(span, Date.now() - t0);
    }
    const seen = new Set<string>();
    let current = 'v1';
    // Rounds sweep the delay over [0, 2 × span], again until a kill landed on each side (at most 24).
    const rounds = 6;
    for (let i = 0; i < 24 && (i < rounds || seen.size < 2); i++) {
      const label = `v${i + 2}`;
      const p = spawn(node, [child, root, label, String(files)], { stdio: 'ignore' });
      const closed = new Promise((r) => p.on('close', r));
      // Random within a slice of the range: early kills, kills mid-publish, late ones.
      await new Promise((r) => setTimeout(r, Math.floor((((i % rounds) + Math.random()) / rounds) * span * 2)));
      p.kill('SIGKILL');
      await closed;
      const after = state(root, files);
      expect([current, label]).toContain(after);
      seen.add(after === label ? 'new' : `old, killed ${p.signalCode}`);
      current = after;
    }
    // Some kills landed before the switch (else this would prove little), some runs got through.
    expect([...seen].sort()).toEqual(['new', 'old, killed SIGKILL']);
  }, 300_000);
});
