import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildAwsApp } from '../../../bin/aws';
import { buildK8sApp } from '../../../bin/k8s';
import type { PlatformConfig } from '../../../constructs/platform/config';
import type { UseCase } from '../../../lib/use-case';
import { defaultSynth } from '../../helpers/default-synth';
import type { KubeObject } from '../../helpers/k8s';

/** A CloudFormation template as synthesized. */
export interface Template {
  readonly Resources?: Record<string, CfnResource>;
  readonly [key: string]: unknown;
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly [key: string]: unknown;
}

/** Everything the platform synthesizes: one template per stack, one manifest per chart. */
export interface SynthesizedOutput {
  readonly stacks: ReadonlyArray<{ readonly name: string; readonly template: Template }>;
  readonly charts: ReadonlyArray<{ readonly name: string; readonly objects: KubeObject[] }>;
}

/** Synthesizes both apps for `config` (all use cases unless `useCases` is given) into a temporary directory (as `npm run synth` does) and reads them back. */
export function synthesizeAll(config: PlatformConfig, useCases?: readonly UseCase[]): SynthesizedOutput {
  const out = mkdtempSync(join(tmpdir(), 'safety-'));
  buildAwsApp(config, { outdir: join(out, 'aws'), useCases }).synth();
  buildK8sApp(config, { outdir: join(out, 'k8s'), useCases }).synth();
  return readOutput(join(out, 'aws'), join(out, 'k8s'));
}

/** The default platform's output, synthesized once per test run (test/helpers/default-synth.ts). */
export function defaultOutput(): SynthesizedOutput {
  const { aws, k8s } = defaultSynth();
  return readOutput(aws, k8s);
}

/** Reads a synthesized cloud assembly folder and manifest folder back. */
export function readOutput(awsDir: string, k8sDir: string): SynthesizedOutput {
  const manifest = JSON.parse(readFileSync(join(awsDir, 'manifest.json'), 'utf8'));
  const stacks = Object.entries(manifest.artifacts as Record<string, { type: string; properties?: { templateFile: string } }>)
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([name, a]) => ({ name, template: JSON.parse(readFileSync(join(awsDir, a.properties!.templateFile), 'utf8')) as Template }));
  const dir = k8sDir;
  return {
    stacks,
    charts: readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort().map((f) => ({
      name: f.replace(/\.k8s\.yaml$/, ''),
      objects: parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as KubeObject).filter(Boolean),
    })),
  };
}

/** `Kind namespace/name`, how findings name an object. */
export function objectId(o: KubeObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}
