import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSynth } from '../helpers/default-synth';

/**
 * cdk.json sets `aws:cdk:disable-creation-stack-traces` (aws-cdk-lib cx-api: "You should only need
 * to set this for performance reasons, and `--debug` mode will turn this back on
 * unconditionally"): no `aws:cdk:creationStack` per CloudFormation element, which cost about
 * 0.5 s of a synth's CPU and a third of the construct tree's strings (docs/performance.md).
 * `CDK_DEBUG=1 npm run synth` or `npx cdk synth --debug` records them.
 */
test('the default synth records no creation stack traces', () => {
  const cdkJson = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
  expect(cdkJson.context['aws:cdk:disable-creation-stack-traces']).toBe(true);
  const dir = defaultSynth().aws;
  const files = readdirSync(dir).filter((f) => f.endsWith('.metadata.json'));
  expect(files.length).toBeGreaterThan(10);
  for (const f of files) {
    const entries = Object.values(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, { type: string }[]>).flat();
    expect(entries.some((e) => e.type === 'aws:cdk:logicalId')).toBe(true);
    expect([f, entries.filter((e) => e.type === 'aws:cdk:creationStack').length]).toEqual([f, 0]);
  }
});
