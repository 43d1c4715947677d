import { cpSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { IPolicyValidationContext } from 'aws-cdk-lib';
import { WorkerValidatePlugin } from '../../bin/validation/plugin';
import { sharedValidator } from '../../bin/validation/shared';
import { dataRetentionValidatorProps } from '../../constructs/platform/aws/compliance';
import { defaultSynth } from '../helpers/default-synth';

/**
 * The validator in a worker thread (bin/validation/plugin.ts) answers exactly as AWS's stock
 * CloudFormationValidatePlugin with the same props, on the default platform's templates and on
 * templates with findings; its per-template cache never serves a result for anything that changed.
 */
type Context = IPolicyValidationContext;

/** The validation context the CDK builds for the stacks of a cloud assembly (its manifest.json). */
function contextOf(assembly: string): Context {
  const manifest = JSON.parse(readFileSync(join(assembly, 'manifest.json'), 'utf8'));
  const stackTemplates = Object.entries(manifest.artifacts as Record<string, any>)
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([id, a]) => {
      const [, account, region] = /^aws:\/\/([^/]+)\/(.+)$/.exec(a.environment)!;
      return { stackConstructPath: a.displayName ?? id, templatePath: join(assembly, a.properties.templateFile), accountId: account, region };
    });
  return { stackTemplates, templatePaths: stackTemplates.map((s) => s.templatePath) } as unknown as Context;
}

/** A copy of the default assembly in which `edit` changed one template (the first one with a Keyspaces table). */
function assemblyWith(edit: (template: any) => void): { context: Context; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'validate-'));
  // The shared synth's `aws` is a symlink into its generation (bin/output-swap.ts): copy what it points at.
  cpSync(realpathSync(defaultSynth().aws), dir, { recursive: true });
  const context = contextOf(dir);
  const file = context.stackTemplates.map((s) => s.templatePath).find((f) => readFileSync(f, 'utf8').includes('AWS::Cassandra::Table'))!;
  const template = JSON.parse(readFileSync(file, 'utf8'));
  edit(template);
  writeFileSync(file, JSON.stringify(template, undefined, 1));
  return { context, file };
}

/** A Keyspaces table that may be deleted and has a property CloudFormation does not know. */
const badTable = (t: any) => {
  const [id] = Object.entries(t.Resources).find(([, r]: [string, any]) => r.Type === 'AWS::Cassandra::Table')!;
  t.Resources[id].DeletionPolicy = 'Delete';
  t.Resources[id].Properties.NoSuchProperty = 1;
};

let worker: WorkerValidatePlugin;
// Two engines, as npm run synth starts them on two cores: the templates are shared out, the reports merged in template order.
beforeAll(() => { worker = new WorkerValidatePlugin(dataRetentionValidatorProps(), undefined, 2); });
afterAll(() => worker.dispose());

describe('the validator in a worker thread', () => {
  test('the default platform: the same report as the stock plugin', () => {
    const context = contextOf(defaultSynth().aws);
    expect(context.stackTemplates.length).toBeGreaterThan(10);
    expect(worker.validate(context)).toEqual(sharedValidator().validate(context));
  });

  test('templates with findings: the same violations as the stock plugin, merged the same way', () => {
    const { context } = assemblyWith(badTable);
    const stock = sharedValidator().validate(context);
    // The edit is caught (else the comparison would prove little): a schema error and the Guard rule.
    expect(stock.success).toBe(false);
    expect(stock.violations.length).toBeGreaterThanOrEqual(2);
    expect(worker.validate(context)).toEqual(stock);
  });
});

describe('the per-template validation cache', () => {
  const cacheIn = (key = 'k1') => ({ dir: mkdtempSync(join(tmpdir(), 'validate-cache-')), key });
  const counting = (context: Context) => {
    const before = { ...worker.stats };
    const report = worker.validate(context);
    return { report, validated: worker.stats.validated - before.validated, cached: worker.stats.cached - before.cached };
  };
  afterEach(() => { worker.cache = undefined; });

  test('a repeat run is answered from the cache, with the same report', () => {
    const context = contextOf(defaultSynth().aws);
    const n = context.stackTemplates.length;
    worker.cache = cacheIn();
    const first = counting(context);
    expect(first).toMatchObject({ validated: n, cached: 0 });
    const second = counting(context);
    expect(second).toMatchObject({ validated: 0, cached: n });
    expect(second.report).toEqual(first.report);
  });

  test('a changed template is validated again; a stale result is never served', () => {
    worker.cache = cacheIn();
    const good = assemblyWith(() => undefined);
    expect(counting(good.context).report.success).toBe(true);
    // Same path, same stack, new content with findings.
    const template = JSON.parse(readFileSync(good.file, 'utf8'));
    badTable(template);
    writeFileSync(good.file, JSON.stringify(template, undefined, 1));
    const after = counting(good.context);
    expect(after.validated).toBe(1);
    expect(after.report.success).toBe(false);
    expect(after.report).toEqual(sharedValidator().validate(good.context));
  });

  test.each([
    ['the cache key (code, lockfile, cdk.json, rules)', (c: Context) => c, 'k2'],
    ['the account', (c: Context) => ({ ...c, stackTemplates: c.stackTemplates.map((s) => ({ ...s, accountId: '999999999999' })) }), 'k1'],
    ['the region', (c: Context) => ({ ...c, stackTemplates: c.stackTemplates.map((s) => ({ ...s, region: 'ap-south-1' })) }), 'k1'],
    ['the stack path', (c: Context) => ({ ...c, stackTemplates: c.stackTemplates.map((s) => ({ ...s, stackConstructPath: `${s.stackConstructPath}X` })) }), 'k1'],
  ])('changing %s misses the cache', (_what, change, key) => {
    const all = contextOf(defaultSynth().aws);
    const context = { ...all, stackTemplates: all.stackTemplates.slice(0, 3) } as Context;
    const cache = cacheIn('k1');
    worker.cache = cache;
    counting(context);
    worker.cache = { ...cache, key };
    expect(counting(change(context))).toMatchObject({ validated: context.stackTemplates.length, cached: 0 });
  });

  test('a template moved to another folder is served with its new path', () => {
    worker.cache = cacheIn();
    const a = assemblyWith(badTable);
    const b = assemblyWith(badTable);
    const first = counting(a.context);
    const second = counting(b.context);
    expect(second.cached).toBe(b.context.stackTemplates.length);
    expect(JSON.stringify(second.report)).toContain(b.file);
    expect(JSON.stringify(second.report)).not.toContain(a.file);
    expect(second.report).toEqual(JSON.parse(JSON.stringify(first.report).split(dirname(a.file)).join(dirname(b.file))));
  });
});

describe('templates sent as they are written (prefetch, bin/validation/prefetch.ts)', () => {
  const counting = (context: Context) => {
    const before = { ...worker.stats };
    const report = worker.validate(context);
    return { report, validated: worker.stats.validated - before.validated, prefetched: worker.stats.prefetched - before.prefetched };
  };

  test('the CDK\'s later request for the same templates uses the answers already under way: the same report as the stock plugin', () => {
    const { context } = assemblyWith(badTable);
    for (const s of context.stackTemplates) worker.prefetch(s);
    const n = context.stackTemplates.length;
    const after = counting(context);
    expect(after).toMatchObject({ validated: n, prefetched: n });
    expect(after.report).toEqual(sharedValidator().validate(context));
  });

  test('a template that changed after it was sent, or a request for another stack, account or region, is asked again', () => {
    const good = assemblyWith(() => undefined);
    const [first, ...rest] = good.context.stackTemplates;
    for (const s of good.context.stackTemplates) worker.prefetch(s);
    const template = JSON.parse(readFileSync(good.file, 'utf8'));
    badTable(template);
    writeFileSync(good.file, JSON.stringify(template, undefined, 1));
    const changed = counting(good.context);
    expect(changed.prefetched).toBe(good.context.stackTemplates.length - 1);
    expect(changed.report.success).toBe(false);
    expect(changed.report).toEqual(sharedValidator().validate(good.context));
    // The answers of a batch are never reused by the next one.
    expect(counting(good.context).prefetched).toBe(0);
    worker.prefetch(first);
    const other = { ...good.context, stackTemplates: [{ ...first, region: 'ap-south-1' }, ...rest] } as Context;
    expect(counting(other)).toMatchObject({ prefetched: 0 });
  });
});
