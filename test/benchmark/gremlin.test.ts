import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { platform } from '../../config/platform';
import { GREMLIN_CONSOLE_IMAGE, GremlinBenchmark, gremlinJudge } from '../../constructs/benchmark/gremlin';
import { resolvePlatform } from '../../constructs/platform/config';
import { type GraphSettings, graphUseCase } from '../../lib/graph';
import { fixtureSettings } from '../catalog/helpers';
import { type KubeObject, findObject, synthChart, validateObjects } from '../helpers/k8s';
import { SLA } from './fixtures';

const env = resolvePlatform(platform)[0];
const settings = fixtureSettings<GraphSettings>('digital-assets');

/** The JanusGraph server of `region`, as the digital-assets use case builds it. */
function server(region = 'us-east-1', service = 'digital-assets') {
  const charts = graphUseCase({ prod: settings }, service).addCharts(Testing.app(), env).map((b) => b.chart);
  return charts.find((c) => c.janusGraph.datacenter.name === region)!.janusGraph;
}

function bench(props: Partial<ConstructorParameters<typeof GremlinBenchmark>[2]> = {}, region?: string): { b: GremlinBenchmark; objects: KubeObject[] } {
  const chart = new Chart(Testing.app(), 'bench');
  const b = new GremlinBenchmark(chart, 'Gremlin', { server: server(region), sla: SLA, ...props });
  return { b, objects: synthChart(chart) };
}

describe('GremlinBenchmark', () => {
  const { b, objects } = bench();
  const job = findObject(objects, 'Job');
  const container = job.spec.template.spec.containers[0];
  const envOf = (name: string) => container.env.find((e: { name: string }) => e.name === name)?.value;

  test('targets the JanusGraph Service it was given, on the Gremlin port', () => {
    expect(b.target).toBe('digital-assets-janusgraph.digital-assets.svc.cluster.local:8182');
    expect(envOf('GREMLIN_HOST')).toBe('digital-assets-janusgraph.digital-assets.svc.cluster.local');
    expect(job.metadata.annotations!['benchmark.platform/target']).toBe(b.target);
    const other = new GremlinBenchmark(new Chart(Testing.app(), 'o'), 'Gremlin', { server: server('us-east-1', 'asset-graph'), sla: SLA });
    expect(other.target).toBe('asset-graph-janusgraph.digital-assets.svc.cluster.local:8182');
  });

  test('pass/fail thresholds are the SLA', () => {
    expect(job.metadata.annotations!['benchmark.platform/max-latency-p99-ms']).toBe('20');
    expect(job.metadata.annotations!['benchmark.platform/max-error-rate-percent']).toBe('0.1');
  });

  test('@defaults: 600 s at 1000 op/s, 90% reads, 16 connections, the pinned console image, probe label', () => {
    expect([envOf('DURATION_SECONDS'), envOf('OPS_PER_SECOND'), envOf('READ_PERCENT'), envOf('CONNECTIONS'), envOf('PROBE_LABEL')])
      .toEqual(['600', '1000', '90', '16', 'benchmark_probe']);
    expect(container.image).toBe(GREMLIN_CONSOLE_IMAGE);
    expect(job.spec.activeDeadlineSeconds).toBe(600 + 900);
  });

  test('trusts the server through its CA only: the private key is never mounted', () => {
    const volume = job.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'gremlin-ca');
    expect(volume.secret).toEqual({ secretName: settings.janusGraph.tls.keystoreSecretName, items: [{ key: 'ca.crt', path: 'ca.crt' }] });
  });

  test('the driver script, run.sh and judge.sh are in the ConfigMap', () => {
    expect(Object.keys(findObject(objects, 'ConfigMap').data).sort()).toEqual(['judge.sh', 'load.groovy', 'run.sh']);
    expect(findObject(objects, 'ConfigMap').data['load.groovy']).toContain("g.V().hasLabel(l).drop()");
  });

  test('the network policy admits only the benchmark pods to the Gremlin port', () => {
    const policy = findObject(objects, 'NetworkPolicy').spec;
    expect(policy.ingress[0].ports.map((p: { port: number }) => p.port)).toEqual([8182]);
    expect(policy.ingress[0].from).toEqual([{ podSelector: { matchLabels: b.job.podLabels } }]);
  });

  test('every object validates', () => {
    expect(validateObjects(objects)).toEqual([]);
  });

  describe('validation', () => {
    test.each([
      [{ probeLabel: 'Probe' }, /Gremlin: `probeLabel` must match .*got 'Probe'/],
      [{ load: { readPercent: 101 } }, /`load\.readPercent` must be an integer from 0 to 100, got 101/],
    ])('%j', (props, message) => {
      expect(() => bench(props)).toThrow(message);
    });
  });
});

describe('digital-assets benchmarks', () => {
  test('only the primary region writes; read-only regions get a read-only load', () => {
    const app = Testing.app();
    const useCase = graphUseCase({ prod: settings }, 'digital-assets');
    const charts = useCase.addBenchmarks!(app, env, useCase.addCharts(Testing.app(), env));
    const readPercent = charts.map((c) => {
      const job = findObject(synthChart(c), 'Job');
      return [c.node.id, job.spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'READ_PERCENT').value];
    });
    expect(readPercent).toEqual([
      ['digital-assets-prod-us-east-1', '90'], ['digital-assets-prod-us-west-2', '100'], ['digital-assets-prod-eu-west-1', '100'],
    ]);
  });
});

describe('gremlin judge.sh', () => {
  const T = { maxLatencyP99Ms: 20, maxErrorRatePercent: 0.1 };
  function judge(log: string | undefined, exit = '0') {
    const dir = mkdtempSync(join(tmpdir(), 'gremlin-judge-'));
    if (log !== undefined) writeFileSync(join(dir, 'gremlin.log'), log);
    writeFileSync(join(dir, 'gremlin.exit'), exit);
    writeFileSync(join(dir, 'judge.sh'), gremlinJudge(T));
    const r = spawnSync('sh', [join(dir, 'judge.sh'), dir], { encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }
  const summary = (requests: number, errors: number, p99: string, rate: string) =>
    `connecting\nSUMMARY requests=${requests} errors=${errors} p99_ms=${p99} error_rate_percent=${rate}\n`;

  test('passes within the SLA', () => {
    const r = judge(summary(600000, 60, '12.500', '0.0100'));
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain('BENCHMARK PASS');
  });

  test.each([
    ['p99 above the SLA', summary(600000, 0, '25.000', '0.0000'), '0', /p99 latency 25.000 ms is above the SLA's 20 ms/],
    ['error rate above the SLA', summary(600000, 1200, '5.000', '0.2000'), '0', /error rate 0.2000% is above the SLA's 0.1%/],
    ['no summary line', 'connection refused\n', '0', /no SUMMARY line/],
    ['no completed request', summary(600, 600, 'none', '100.0000'), '0', /no p99 latency/],
    ['too few requests for a p99', summary(50, 0, '1.000', '0.0000'), '0', /only 50 requests/],
    ['the console failed', summary(600000, 0, '1.000', '0.0000'), '1', /gremlin.sh exited 1/],
    ['no log at all', undefined, '0', /no SUMMARY line/],
  ])('fails: %s', (_n, log, exit, message) => {
    const r = judge(log, exit);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
  });
});
