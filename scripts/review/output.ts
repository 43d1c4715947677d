import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type KubeObject, reviewChart } from './k8s-changes';
import { reviewStack } from './cfn-changes';
import type { UnitReview } from './types';

/** What one tree synthesizes: templates by stack name, objects by chart name. */
export interface SynthOutput {
  readonly stacks: ReadonlyMap<string, Record<string, any>>;
  readonly charts: ReadonlyMap<string, KubeObject[]>;
}

/**
 * Reads `<dir>/aws/*.template.json` and `<dir>/k8s/*.k8s.yaml`: only templates and manifests
 * (metadata and validation reports carry absolute paths and would differ on every run).
 */
export function readOutput(dir: string): SynthOutput {
  const files = (d: string, suffix: string) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith(suffix)).sort() : []);
  const aws = join(dir, 'aws');
  const k8s = join(dir, 'k8s');
  return {
    stacks: new Map(files(aws, '.template.json').map((f) => [f.slice(0, -'.template.json'.length), JSON.parse(readFileSync(join(aws, f), 'utf8'))])),
    charts: new Map(files(k8s, '.k8s.yaml').map((f) => [f.slice(0, -'.k8s.yaml'.length),
      parseAllDocuments(readFileSync(join(k8s, f), 'utf8')).map((d) => d.toJS() as KubeObject).filter((o) => o != null)])),
  };
}

/** Reviews every stack and chart present in either output. */
export function compareOutputs(base: SynthOutput, head: SynthOutput): UnitReview[] {
  const names = <T>(a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>) => [...new Set([...a.keys(), ...b.keys()])].sort();
  return [
    ...names(base.stacks, head.stacks).map((n) => reviewStack(n, base.stacks.get(n), head.stacks.get(n))),
    ...names(base.charts, head.charts).map((n) => reviewChart(n, base.charts.get(n) ?? [], head.charts.get(n) ?? [])),
  ];
}
