import { join } from 'node:path';
import { DefaultStackSynthesizer, type DefaultStackSynthesizerProps, type IPolicyValidationContext, type ISynthesisSession, type IBoundStackSynthesizer, type Stack, Token } from 'aws-cdk-lib';
import { peekProcessMemo } from '../process-memo';

/** A validator that takes templates as they are written (bin/validation/plugin.ts `WorkerValidatePlugin`). */
interface Prefetching {
  prefetch(stack: IPolicyValidationContext['stackTemplates'][number]): void;
}

/**
 * The CDK's default stack synthesizer, which also hands each stack's template to the process's
 * validator as soon as it is written: the CDK runs its validation plugins only after every stack
 * is synthesized, so the validator's engines would otherwise sit idle through the rest of the
 * synthesis. Without a validator that takes them (tests, `CDK_VALIDATION=false`) it does nothing
 * more than `DefaultStackSynthesizer`. The request is the one the CDK builds for the stack
 * (aws-cdk-lib 2.276 core/lib/private/synthesis-validation.js, `invokeSinglePlugin`): its
 * path, `templateFullPath`, is the assembly's directory joined with the template file, and the
 * validator uses the answer only if the CDK asks about the same request and content.
 */
export class PrefetchingSynthesizer extends DefaultStackSynthesizer {
  constructor(private readonly synthesizerProps: DefaultStackSynthesizerProps = {}) {
    super(synthesizerProps);
  }

  /**
   * A new synthesizer per stack, as the CDK makes when no default is given (Stack's constructor:
   * `new DefaultStackSynthesizer()`). `DefaultStackSynthesizer.reusableBind` returns
   * `Object.create(this)` instead, whose copies share the prototype's asset manifest builder:
   * every stack's `*.assets.json` then listed every stack's assets (caught by
   * test/synth/service.test.ts, which compares a shard's files with the full synth's).
   */
  public override reusableBind(stack: Stack): IBoundStackSynthesizer {
    const bound = new PrefetchingSynthesizer(this.synthesizerProps);
    bound.bind(stack);
    return bound;
  }

  public override synthesize(session: ISynthesisSession): void {
    super.synthesize(session);
    const validator = peekProcessMemo<Partial<Prefetching>>('cloudformation-validator');
    if (typeof validator?.prefetch !== 'function') return;
    const stack = this.boundStack;
    const known = (v: string) => (Token.isUnresolved(v) ? undefined : v);
    validator.prefetch({ stackConstructPath: stack.node.path, templatePath: join(session.outdir, stack.templateFile), accountId: known(stack.account), region: known(stack.region) });
  }
}
