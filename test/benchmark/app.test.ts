import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { benchmarkOutdir, buildBenchmarkApp } from '../../bin/benchmarks';
import { platform } from '../../config/platform';
import type { TimeSeriesSettings } from '../../lib/time-series';
import { fixtureSettings } from '../catalog/helpers';
import { timeSeriesUseCase } from '../../lib/time-series';
import { defaultSynth } from '../helpers/default-synth';
import { type KubeObject, validateObjects } from '../helpers/k8s';

/** The viewing-history service's settings in the fixture catalog (test/fixtures/catalog/viewing-history.yaml). */
const viewingHistory = fixtureSettings<TimeSeriesSettings>('viewing-history');

const read = (dir: string, f: string) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as KubeObject);

describe('the benchmark app (bin/benchmarks.ts)', () => {
  const out = mkdtempSync(join(tmpdir(), 'benchmarks-'));
  buildBenchmarkApp(platform, { outdir: out }).synth();
  const files = readdirSync(out).sort();

  test('one manifest per use case with benchmarks, environment and region, named like the store\'s chart', () => {
    const expected = ['cdn-url', 'delayed-queues', 'digital-assets', 'event-sourced', 'playback-manifest', 'viewing-history']
      .flatMap((u) => ['eu-west-1', 'us-east-1', 'us-west-2'].map((r) => `${u}-prod-${r}.k8s.yaml`)).sort();
    expect(files).toEqual(expected);
  });

  test('every object passes validateObjects(); only Jobs, their ConfigMaps and NetworkPolicies', () => {
    const objects = files.flatMap((f) => read(out, f));
    expect(validateObjects(objects)).toEqual([]);
    expect([...new Set(objects.map((o) => o.kind))].sort()).toEqual(['ConfigMap', 'Job', 'NetworkPolicy']);
  });

  test.each([
    ['viewing-history', 'viewing-history-us-west-2-service.viewing-history.svc.cluster.local:9042', '20'],
    ['event-sourced', 'event-store-us-west-2-service.event-store.svc.cluster.local:9042', '50'],
    ['delayed-queues', 'queues.delayed-queues.svc.cluster.local:8102', '5'],
    ['playback-manifest', 'https://playback-manifest-es-http.playback-manifest.svc.cluster.local:9200', '200'],
  ])('%s: the Job targets its store in the region, with the use case\'s SLA', (useCase, target, p99) => {
    const [j] = read(out, `${useCase}-prod-us-west-2.k8s.yaml`).filter((o) => o.kind === 'Job');
    expect(j.metadata.annotations?.['benchmark.platform/target']).toBe(target);
    expect(j.metadata.annotations?.['benchmark.platform/max-latency-p99-ms']).toBe(p99);
  });

  test('cdn-url: one Job per zone of the region, at the 1 ms SLA', () => {
    const jobs = read(out, 'cdn-url-prod-us-west-2.k8s.yaml').filter((o) => o.kind === 'Job');
    expect(jobs.map((j) => j.metadata.name)).toEqual(['cdn-url-us-west-2a-benchmark', 'cdn-url-us-west-2b-benchmark', 'cdn-url-us-west-2c-benchmark']);
    expect(jobs.every((j) => j.metadata.annotations?.['benchmark.platform/max-latency-p99-ms'] === '1')).toBe(true);
  });

  test('a use case without settings for the environment adds no benchmark', () => {
    const o = mkdtempSync(join(tmpdir(), 'benchmarks-none-'));
    buildBenchmarkApp(platform, { outdir: o, useCases: [timeSeriesUseCase({ staging: viewingHistory }, 'viewing-history')] }).synth();
    expect(existsSync(o) ? readdirSync(o) : []).toEqual([]);
  });
});

describe('benchmarkOutdir', () => {
  const saved = { CDK8S_OUTDIR: process.env.CDK8S_OUTDIR, BENCHMARKS_OUTDIR: process.env.BENCHMARKS_OUTDIR };
  afterEach(() => { for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v; });

  test('@default dist/k8s-benchmarks of the repository, beside dist/k8s', () => {
    delete process.env.CDK8S_OUTDIR;
    delete process.env.BENCHMARKS_OUTDIR;
    expect(benchmarkOutdir()).toBe(join(__dirname, '..', '..', 'dist', 'k8s-benchmarks'));
  });

  test('a sibling of CDK8S_OUTDIR when that is set; BENCHMARKS_OUTDIR wins', () => {
    process.env.CDK8S_OUTDIR = '/tmp/x/k8s/';
    expect(benchmarkOutdir()).toBe('/tmp/x/k8s-benchmarks');
    process.env.BENCHMARKS_OUTDIR = '/tmp/y';
    expect(benchmarkOutdir()).toBe('/tmp/y');
  });
});

describe('npm run synth (bin/synth.ts)', () => {
  // The run's shared synth is `synthesizePlatform` itself (test/setup/default-synth.ts), in npm run
  // synth's layout: read its folders instead of paying a second full synth here.
  test('writes the benchmark set into its own folder and none of it into the store manifests', () => {
    const out = defaultSynth().root;
    const benchmarks = readdirSync(join(out, 'k8s-benchmarks'));
    expect(benchmarks.length).toBe(18);
    const stores = readdirSync(join(out, 'k8s')).flatMap((f) => read(join(out, 'k8s'), f));
    expect(stores.length).toBeGreaterThan(0);
    expect(stores.filter((o) => o.metadata.labels?.['app.kubernetes.io/component'] === 'benchmark')).toEqual([]);
    expect(stores.filter((o) => /-benchmark(-allow-benchmark)?$/.test(o.metadata.name))).toEqual([]);
  });
});
