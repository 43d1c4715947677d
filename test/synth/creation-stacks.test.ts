import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { buildAwsApp } from '../../bin/aws';
import { cdkJsonContext } from '../../bin/context';
import { selectServices } from '../../bin/synth-args';
import { platform } from '../../config/platform';
import { catalogUseCases } from '../../lib/use-cases';
import { defaultSynth } from '../helpers/default-synth';

/**
 * bin/aws.ts sets `aws:cdk:disable-creation-stack-traces` (aws-cdk-lib cx-api: "You should only
 * need to set this for performance reasons, and `--debug` mode will turn this back on
 * unconditionally"): no `aws:cdk:creationStack` per CloudFormation element, which cost about
 * 0.5 s of a synth's CPU and a third of the construct tree's strings (docs/performance.md).
 */
const KEY = 'aws:cdk:disable-creation-stack-traces';
const traced = (root: IConstruct) => root.node.findAll().filter((c) => CfnElement.isCfnElement(c) && c.node.metadata.some((m) => m.type === 'aws:cdk:creationStack')).length;
const oneService = () => selectServices(catalogUseCases(), ['delayed-queues']);

describe('creation stack traces', () => {
  const saved = { json: process.env.CDK_CONTEXT_JSON, debug: process.env.CDK_DEBUG };
  afterEach(() => {
    for (const [k, v] of [['CDK_CONTEXT_JSON', saved.json], ['CDK_DEBUG', saved.debug]] as const) {
      if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  });

  test('the default synth records none', () => {
    const dir = defaultSynth().aws;
    const files = readdirSync(dir).filter((f) => f.endsWith('.metadata.json'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const entries = Object.values(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, { type: string }[]>).flat();
      expect(entries.some((e) => e.type === 'aws:cdk:logicalId')).toBe(true);
      expect([f, entries.filter((e) => e.type === 'aws:cdk:creationStack').length]).toEqual([f, 0]);
    }
  });

  test('set by the app, not cdk.json: the CDK CLI warns about any aws: key there ("A reserved context key")', () => {
    const cdkJson = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
    expect(Object.keys(cdkJson.context).filter((k) => k.startsWith('aws:'))).toEqual([]);
    expect(buildAwsApp(platform, { useCases: oneService() }).node.tryGetContext(KEY)).toBe(true);
  });

  test('the CLI\'s --debug (it sets CDK_DEBUG) and CDK_DEBUG=1 npm run synth record them', () => {
    expect(traced(buildAwsApp(platform, { useCases: oneService() }))).toBe(0);
    process.env.CDK_DEBUG = 'true';
    expect(traced(buildAwsApp(platform, { useCases: oneService() }))).toBeGreaterThan(10);
    // Run by the CLI (cdk.json's context in CDK_CONTEXT_JSON), the same.
    process.env.CDK_CONTEXT_JSON = JSON.stringify(cdkJsonContext());
    expect(traced(buildAwsApp(platform, { useCases: oneService() }))).toBeGreaterThan(10);
    delete process.env.CDK_DEBUG;
    expect(traced(buildAwsApp(platform, { useCases: oneService() }))).toBe(0);
  });
});
