import { readdirSync } from 'node:fs';
import { engineThreads, TWO_ENGINES_FROM, templateCount } from '../../bin/validation/start';
import { platform } from '../../config/platform';
import { resolvePlatform } from '../../constructs/platform/config';
import { catalogUseCases } from '../../lib/use-cases';
import { defaultSynth } from '../helpers/default-synth';

/** How many validator engines npm run synth starts (bin/validation/start.ts; figures in docs/performance.md). */
describe('validator engines', () => {
  test('the estimate of an app\'s templates is the default synth\'s count', () => {
    const templates = readdirSync(defaultSynth().aws).filter((f) => f.endsWith('.template.json')).length;
    expect(templateCount(resolvePlatform(platform), catalogUseCases())).toBe(templates);
  });

  test('one engine for the default catalog and one service; two for a large app on two free cores only', () => {
    expect(engineThreads(21, 2, 0)).toBe(1);
    expect(engineThreads(6, 2, 0)).toBe(1);
    expect(engineThreads(1206, 2, 0.5)).toBe(2);
    expect(engineThreads(TWO_ENGINES_FROM, 2, 1)).toBe(2);
    expect(engineThreads(TWO_ENGINES_FROM - 1, 2, 0)).toBe(1);
    // A busy machine pays a second engine's start-up in wall time; one core has nowhere to run it.
    expect(engineThreads(1206, 2, 1.5)).toBe(1);
    expect(engineThreads(1206, 1, 0)).toBe(1);
  });
});
