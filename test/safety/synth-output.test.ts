import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cdkJsonContext } from '../../bin/context';
import { platform } from '../../config/platform';
import { viewingHistory } from '../../config/viewing-history';
import type { PlatformConfig } from '../../constructs/platform/config';
import { environmentConfig } from '../helpers/environment';

/**
 * `npm run synth` (bin/synth.ts) with bad configuration writes nothing: it builds both apps
 * before either synthesizes. The entry point runs for real, with its configuration modules
 * replaced and its output directories pointed at a temporary directory.
 */
describe('bin/synth.ts with bad configuration', () => {
  const saved = { CDK_OUTDIR: process.env.CDK_OUTDIR, CDK8S_OUTDIR: process.env.CDK8S_OUTDIR, CDK_CONTEXT_JSON: process.env.CDK_CONTEXT_JSON };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    jest.resetModules();
  });

  function runSynth(mocks: { platform?: PlatformConfig; viewingHistory?: object }): { error: unknown; written: string[] } {
    const out = mkdtempSync(join(tmpdir(), 'bad-synth-'));
    process.env.CDK_OUTDIR = join(out, 'cdk.out');
    process.env.CDK8S_OUTDIR = join(out, 'k8s');
    // With CDK_OUTDIR set, bin/aws.ts expects the CLI to pass cdk.json's context; do what the CLI does.
    process.env.CDK_CONTEXT_JSON = JSON.stringify(cdkJsonContext());
    let error: unknown;
    jest.isolateModules(() => {
      if (mocks.platform) jest.doMock('../../config/platform', () => ({ platform: mocks.platform }));
      if (mocks.viewingHistory) jest.doMock('../../config/viewing-history', () => ({ viewingHistory: mocks.viewingHistory }));
      try { require('../../bin/synth'); } catch (e) { error = e; }
    });
    const written = ['cdk.out', 'k8s'].flatMap((d) => (existsSync(join(out, d)) ? readdirSync(join(out, d)).map((f) => `${d}/${f}`) : []));
    return { error, written };
  }

  const prod = (overrides = {}) => ({ environments: [environmentConfig({ name: 'prod', ...overrides })] });

  test('control: a good configuration writes both outputs', () => {
    const { error, written } = runSynth({ platform });
    expect(error).toBeUndefined();
    expect(written.filter((f) => f.endsWith('.template.json')).length).toBeGreaterThan(0);
    expect(written.filter((f) => f.endsWith('.k8s.yaml')).length).toBeGreaterThan(0);
  });

  test('an invalid platform configuration: error naming the field, nothing written', () => {
    const { error, written } = runSynth({ platform: prod({ regions: environmentConfig().regions.map((r, i) => (i === 1 ? { ...r, account: '42' } : r)) }) });
    expect((error as Error).message).toContain('`environments[0].regions[1].account`');
    expect(written).toEqual([]);
  });

  // heapGiB is checked by the CassandraCluster construct of the Kubernetes app, built after the AWS app.
  const k8sOnlyError = () => runSynth({ platform, viewingHistory: { ...viewingHistory, cassandra: { ...viewingHistory.cassandra, heapGiB: 64 } } });

  test('a use-case error only the Kubernetes app detects (after the AWS app is built): no template or manifest written', () => {
    const { error, written } = k8sOnlyError();
    expect((error as Error).message).toContain('`heapGiB`');
    expect(written.filter((f) => !/^cdk\.out\/asset\./.test(f))).toEqual([]);
  });

  // Constructing the AWS app already stages assets (the custom-resource Lambda behind Vpc
  // restrictDefaultSecurityGroup); bin/synth.ts builds in a staging folder and moves it into place
  // only when everything synthesized, so not even those are left behind.
  test('a use-case error only the Kubernetes app detects: nothing at all written', () => {
    expect(k8sOnlyError().written).toEqual([]);
  });

  test('an invalid SLA: error naming the field, nothing written', () => {
    const { error, written } = runSynth({ platform: prod(), viewingHistory: { ...viewingHistory, sla: { ...viewingHistory.sla, errorRatePercent: 0 } } });
    expect((error as Error).message).toContain('`settings.sla.errorRatePercent`');
    expect(written).toEqual([]);
  });
});
