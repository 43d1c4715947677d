import { readOutput } from '../../../scripts/review/output';
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

/** The default platform's output, synthesized once per test run (test/helpers/default-synth.ts). */
export function defaultOutput(): SynthesizedOutput {
  const out = readOutput(defaultSynth().root);
  return {
    stacks: [...out.stacks].map(([name, template]) => ({ name, template: template as Template })),
    charts: [...out.charts].map(([name, objects]) => ({ name, objects })),
  };
}

/** `Kind namespace/name`, how findings name an object. */
export function objectId(o: KubeObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}
