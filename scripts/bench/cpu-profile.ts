import { readFileSync } from 'node:fs';

/**
 * `node --require ./bin/require-ts.cjs scripts/bench/cpu-profile.ts <file.cpuprofile> [regexp]`:
 * summarizes a `node --cpu-prof` profile (docs/performance.md, "Profile"): self time by package
 * (or repository folder), the top functions by self time, and the inclusive time of the functions
 * whose name and file match the regexp (default: the synth's phases).
 */
interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const [file, pattern = '^(synthesizeAws|buildAwsApp|buildK8sApp|synth|validateTemplates|validate|ask|require|captureStackTrace|addConstructMetadata) '] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const where = (url: string) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith('node:') ? 'node:internal' : url === '' ? '(native)' : url.replace(/^.*?\/(bin|lib|constructs|config|scripts)\//, '$1/').replace(/\/[^/]*$/, ''));
const nameOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}`;
const add = (m: Map<string, number>, k: string, t: number) => m.set(k, (m.get(k) ?? 0) + t);
const byPackage = new Map<string, number>();
const byFunction = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, t] of self) {
  const n = nodes.get(id)!;
  add(byPackage, n.callFrame.url ? where(n.callFrame.url) : `(native) ${n.callFrame.functionName}`, t);
  add(byFunction, nameOf(n), t);
  // Each function once per sample, however deep it recurses.
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) seen.add(nameOf(nodes.get(cur)!));
  for (const k of seen) add(inclusive, k, t);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const top = (m: Map<string, number>, count: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, count)
  .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`).join('\n');
const re = new RegExp(pattern);
console.log(`profiled: ${(total / 1000).toFixed(0)} ms\n\nself time by package:\n${top(byPackage, 15)}\n\nself time by function:\n${top(byFunction, 20)}`);
console.log(`\ninclusive time (${pattern}):\n${top(new Map([...inclusive].filter(([k]) => re.test(k))), 25)}`);
