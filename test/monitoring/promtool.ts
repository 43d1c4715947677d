/**
 * promtool over the synthesized PrometheusRules: rule files from each rule's `spec`, unit-test
 * files (input series, alerts expected at an evaluation time), and one `promtool check rules` and
 * one `promtool test rules` run per service.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { expressionReads } from '../../constructs/monitoring/k8s/promql-selectors';
import type { KubeObject } from '../helpers/k8s';
import { requireBinary } from '../helpers/loopback';

/** One input series of a promtool unit test: `name{labels}` and its samples in promtool's expanding notation. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** Minutes of samples every input series has (one a minute), enough for the evaluation time. */
export const SAMPLES = 80;
/** When alerts are checked: after every `for:` and inside every burn-rate window pair with data. */
export const EVAL_TIME = '1h';

const labelText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',');
/** A gauge holding `value` for the whole test. */
export const gauge = (name: string, labels: Record<string, string>, value: number): InputSeries =>
  ({ series: `${name}{${labelText(labels)}}`, values: `${value}x${SAMPLES}` });
/** A counter growing by `perMinute` every minute. */
export const counter = (name: string, labels: Record<string, string>, perMinute: number): InputSeries =>
  ({ series: `${name}{${labelText(labels)}}`, values: `0+${perMinute}x${SAMPLES}` });

/** The value of the first `label="value"` matcher on `label` in any expression of the rule. */
export function matcherValue(rule: KubeObject, label: string): string {
  for (const g of rule.spec.groups) {
    for (const r of g.rules) {
      for (const s of expressionReads(r.expr).selectors) {
        const m = s.matchers.find((x) => x.label === label && x.op === '=');
        if (m) return m.value;
      }
    }
  }
  throw new Error(`PrometheusRule ${rule.metadata.name} has no ${label}="..." matcher`);
}

/** The alerting rules of a PrometheusRule, by name. */
export function alertRules(rule: KubeObject): Map<string, { alert: string; expr: string; labels: Record<string, string>; annotations: Record<string, string> }> {
  return new Map(rule.spec.groups.flatMap((g: any) => g.rules.filter((r: any) => r.alert).map((r: any) => [r.alert, r])));
}

/** Writes the rule's groups as a Prometheus rule file and returns its path. */
export function writeRuleFile(dir: string, rule: KubeObject, chart: string): string {
  const path = join(dir, `${chart}--${rule.metadata.name}.rules.yaml`);
  writeFileSync(path, stringify({ groups: rule.spec.groups }));
  return path;
}

/** Runs promtool with `args`; returns its output, throws with the output when it fails. */
export function promtool(args: string[], cwd: string): string {
  const bin = requireBinary('promtool', 'prometheus');
  const r = spawnSync(bin, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`promtool ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${out}`);
  return out;
}
