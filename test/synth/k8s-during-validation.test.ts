import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Environment } from '../../constructs/platform/config';
import { peekProcessMemo, setProcessMemo } from '../../bin/process-memo';
import { synthesizePlatform } from '../../bin/synth';
import { selectServices } from '../../bin/synth-args';
import type { WorkerValidatePlugin } from '../../bin/validation/plugin';
import { platform } from '../../config/platform';
import { type CatalogUseCase, catalogUseCases } from '../../lib/use-cases';
import { synthTargets } from '../setup/default-synth';

/**
 * `npm run synth` builds the Kubernetes side while the validator's worker threads check the CDK
 * app's templates (bin/synth.ts, `whileValidating`), and keeps its errors for after the AWS side.
 */
const MEMO = 'cloudformation-validator';

/** One small service whose `addCharts` runs `spy` first (the use case is otherwise the real one). */
function withChartsSpy(spy: (env: Environment) => void): CatalogUseCase[] {
  return selectServices(catalogUseCases(), ['delayed-queues']).map((real) => Object.create(real, {
    addCharts: { value: (app: never, env: Environment) => { spy(env); return real.addCharts(app, env); } },
  }));
}

// Jest shares one stock validator per worker process (bin/validation/shared.ts): set it aside so
// synthesizePlatform starts its own worker-thread validator, as npm run synth does.
let saved: unknown;
beforeEach(() => { saved = peekProcessMemo(MEMO); setProcessMemo(MEMO, undefined); });
afterEach(() => setProcessMemo(MEMO, saved));

describe('the Kubernetes side while the CloudFormation validator works', () => {
  test('it builds after every template was written and sent, before any answer came back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-during-'));
    const seen: { templates: number; validated: number }[] = [];
    let plugin: WorkerValidatePlugin | undefined;
    synthesizePlatform(platform, withChartsSpy(() => {
      plugin = peekProcessMemo<WorkerValidatePlugin>(MEMO)!;
      const staged = readdirSync(join(dir, '.synth-out'), { recursive: true }) as string[];
      seen.push({ templates: staged.filter((f) => f.endsWith('.template.json')).length, validated: plugin.stats.validated });
    }), synthTargets(dir), { cache: false });
    // Once per environment, each time with the service's three templates (and the network's) written and none answered yet.
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) expect(s).toEqual({ templates: 6, validated: 0 });
    expect(readdirSync(join(dir, 'k8s')).filter((f) => f.endsWith('.k8s.yaml')).length).toBeGreaterThan(0);
    // Each template went to the engines as the CDK wrote it (bin/validation/prefetch.ts), and the CDK's request used that answer.
    expect(plugin!.stats).toMatchObject({ validated: 6, prefetched: 6 });
  });

  test('an error of the Kubernetes side fails the synth after the AWS side, and nothing is published', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-during-'));
    expect(() => synthesizePlatform(platform, withChartsSpy(() => { throw new Error('k8s side broke'); }), synthTargets(dir), { cache: false }))
      .toThrow('k8s side broke');
    expect(existsSync(join(dir, 'aws'))).toBe(false);
    expect(existsSync(join(dir, 'k8s'))).toBe(false);
  });
});
