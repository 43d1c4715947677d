import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cdkJsonContext } from '../../bin/context';
import { platform } from '../../config/platform';
import { synthesizePlatform } from '../../bin/synth';
import { type PlatformConfig, resolvePlatform } from '../../constructs/platform/config';
import { catalogUseCases } from '../../lib/use-cases';
import { environmentConfig } from '../helpers/environment';

/**
 * `npm run synth` (bin/synth.ts) with bad configuration writes nothing: it builds both apps
 * before either synthesizes. The entry point's function runs for real, on another configuration
 * and catalog, with its output directories pointed at a temporary directory.
 */
describe('bin/synth.ts with bad configuration', () => {
  const saved = { CDK_OUTDIR: process.env.CDK_OUTDIR, CDK8S_OUTDIR: process.env.CDK8S_OUTDIR, CDK_CONTEXT_JSON: process.env.CDK_CONTEXT_JSON };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  });

  /** A two-service copy of the catalog with `viewing-history.yaml` edited by `edit` (text replacement). */
  function catalogWith(edit: (yaml: string) => string = (y) => `${y}\n`): string {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    // Two services keep these runs short: Viewing History, whose file the cases edit, and the CDN
    // URL cache, whose VPC makes CDK stage an asset while the AWS app is built.
    for (const f of ['viewing-history.yaml', 'cdn-url.yaml']) cpSync(join(__dirname, '..', '..', 'services', f), join(dir, f));
    const file = join(dir, 'viewing-history.yaml');
    const before = readFileSync(file, 'utf8');
    const after = edit(before);
    if (after === before) throw new Error('the edit changed nothing');
    writeFileSync(file, after);
    return dir;
  }

  function runSynth(mocks: { platform?: PlatformConfig; catalogDir?: string }): { error: unknown; written: string[] } {
    const out = mkdtempSync(join(tmpdir(), 'bad-synth-'));
    process.env.CDK_OUTDIR = join(out, 'cdk.out');
    process.env.CDK8S_OUTDIR = join(out, 'k8s');
    // With CDK_OUTDIR set, bin/aws.ts expects the CLI to pass cdk.json's context; do what the CLI does.
    process.env.CDK_CONTEXT_JSON = JSON.stringify(cdkJsonContext());
    let error: unknown;
    try {
      // What `npm run synth` runs (bin/synth.ts's main): load the inputs, then synthesize.
      const config = mocks.platform ?? platform;
      const useCases = catalogUseCases(mocks.catalogDir, resolvePlatform(config));
      synthesizePlatform(config, useCases);
    } catch (e) { error = e; }
    const written = ['cdk.out', 'k8s', 'topology', 'catalog'].flatMap((d) => (existsSync(join(out, d)) ? readdirSync(join(out, d)).map((f) => `${d}/${f}`) : []));
    return { error, written };
  }

  const prod = (overrides = {}) => ({ environments: [environmentConfig({ name: 'prod', ...overrides })] });

  test('control: a good configuration writes both outputs', () => {
    const { error, written } = runSynth({ platform, catalogDir: catalogWith() });
    expect(error).toBeUndefined();
    expect(written.filter((f) => f.endsWith('.template.json')).length).toBeGreaterThan(0);
    expect(written.filter((f) => f.endsWith('.k8s.yaml')).length).toBeGreaterThan(0);
    expect(written).toContain('cdk.out/inventory.json');
    expect(written.filter((f) => /^topology\/[a-z-]+\.svg$/.test(f)).length).toBeGreaterThan(0);
    expect(written).toEqual(expect.arrayContaining(['cdk.out/capacity', 'catalog/catalog-info.yaml', 'catalog/viewing-history', 'catalog/cdn-url']));
  });

  test('an invalid platform configuration: error naming the field, nothing written', () => {
    const { error, written } = runSynth({ platform: prod({ regions: environmentConfig().regions.map((r, i) => (i === 1 ? { ...r, account: '42' } : r)) }), catalogDir: catalogWith() });
    expect((error as Error).message).toContain('`environments[0].regions[1].account`');
    expect(written).toEqual([]);
  });

  // heapGiB is checked by the CassandraCluster construct of the Kubernetes app, built after the AWS app.
  let k8sOnly: ReturnType<typeof runSynth> | undefined;
  // Heap 20 of 32 GiB: inside the schema's 1-31 (constructs/cassandra/limits.ts), over the half of the
  // memory that only the CassandraCluster construct checks (a cross-field rule).
  const k8sOnlyError = () => (k8sOnly ??= runSynth({ platform, catalogDir: catalogWith((y) => y.replace('heapGiB: 16', 'heapGiB: 20')) }));

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

  test('a size the file sets below the capacity planner: error naming the file, the field and the planner\'s figure, nothing written', () => {
    const { error, written } = runSynth({ platform: prod(), catalogDir: catalogWith((y) => y.replace('storageGiB: 1000', 'storageGiB: 100')) });
    expect((error as Error).message).toMatch(/viewing-history\.yaml: environments\.prod\.cassandra\.storageGiB: .*is 100 GiB, the capacity planner needs >= 571 GiB/);
    expect(written).toEqual([]);
  });

  test('a multi-region service listing one region: error naming regions, nothing written', () => {
    const { error, written } = runSynth({ platform: prod(), catalogDir: catalogWith((y) => y.replace('regions: [us-east-1, us-west-2, eu-west-1]', 'regions: [us-east-1]')) });
    expect((error as Error).message).toMatch(/viewing-history\.yaml: (regions|requirements\.replication): .*(multi-region|at least two regions)/);
    expect(written).toEqual([]);
  });

  test('an invalid SLA in a catalog file: error naming the file and the field, nothing written', () => {
    const { error, written } = runSynth({ platform: prod(), catalogDir: catalogWith((y) => y.replace('errorRatePercent: 0.1,', 'errorRatePercent: 0,')) });
    expect((error as Error).message).toMatch(/viewing-history\.yaml: sla\.errorRatePercent: must be > 0, got 0/);
    expect(written).toEqual([]);
  });
});
