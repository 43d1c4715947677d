import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cassandraStressJudge } from '../../constructs/benchmark/cassandra-stress';
import { memtierJudge } from '../../constructs/benchmark/memtier';
import { rallyJudge } from '../../constructs/benchmark/rally';
import { type BenchmarkThresholds, benchmarkThresholds } from '../../constructs/benchmark/thresholds';
import { SLA } from './fixtures';

/**
 * The generated judge.sh scripts run for real (POSIX sh + awk) against summaries shaped like
 * each tool's output: a pass, each threshold broken, and output the parser cannot read.
 */
const T: BenchmarkThresholds = { maxLatencyP99Ms: 20, maxErrorRatePercent: 0.1 };

function judge(script: string, files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'judge-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'judge.sh'), script);
  const r = spawnSync('sh', [join(dir, 'judge.sh'), dir], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('thresholds', () => {
  test('come from the SLA: p99 latency and error rate', () => {
    expect(benchmarkThresholds(SLA)).toEqual({ maxLatencyP99Ms: 20, maxErrorRatePercent: 0.1 });
  });

  test.each([
    ['cassandra-stress', cassandraStressJudge({ maxLatencyP99Ms: 7.5, maxErrorRatePercent: 0.05 })],
    ['memtier', memtierJudge({ maxLatencyP99Ms: 7.5, maxErrorRatePercent: 0.05 }, 2)],
    ['rally', rallyJudge({ maxLatencyP99Ms: 7.5, maxErrorRatePercent: 0.05 }, ['term'])],
  ])('%s judge.sh carries the thresholds as shell variables', (_, script) => {
    expect(script).toContain('\nMAX_LATENCY_P99_MS=7.5\n');
    expect(script).toContain('\nMAX_ERROR_RATE_PERCENT=0.05\n');
  });
});

const stress = (p99: string, errors: string, opRate = '1,000', time = '00:10:00') => `
Running [insert, simple1] with 16 threads for 600 seconds
type       total ops,    op/s,    pk/s,   row/s,    mean,     med,     .95,     .99,    .999,     max,   time,   stderr, errors,  gc: #,  max ms,  sum ms,  sdv ms,      mb
total,        600000,    1000,    1000,    1000,     1.0,     0.9,     1.5,     2.4,     5.3,    82.4,  600.0,  0.00000,      0,      0,       0,       0,       0,       0

Results:
Op rate                   :    ${opRate} op/s  [insert: 100 op/s, simple1: 900 op/s]
Partition rate            :    1,000 pk/s  [insert: 100 pk/s, simple1: 900 pk/s]
Latency mean              :    1.0 ms [insert: 1.1 ms, simple1: 1.0 ms]
Latency 95th percentile   :    1.5 ms [insert: 1.6 ms, simple1: 1.5 ms]
Latency 99th percentile   :    ${p99} [insert: 2.5 ms, simple1: 2.4 ms]
Latency 99.9th percentile :    5.3 ms [insert: 5.5 ms, simple1: 5.3 ms]
Latency max               :   82.4 ms [insert: 82.4 ms, simple1: 60.1 ms]
Total partitions          :    600,000 [insert: 60,000, simple1: 540,000]
Total errors              :          ${errors} [insert: 0, simple1: 0]
Total GC count            : 0
Total operation time      : ${time}

END
`;

describe('cassandra-stress judge.sh', () => {
  const script = cassandraStressJudge(T);
  const run = (text: string, exit = '0') => judge(script, { 'stress.txt': text, 'stress.exit': `${exit}\n` });

  test('passes within the SLA and prints the measured values', () => {
    const r = run(stress('2.4 ms', '0'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('latency_p99_ms=2.4 error_rate_percent=0.0000');
    expect(r.out).toContain('BENCHMARK PASS');
  });

  test('fails when p99 is above the SLA', () => {
    const r = run(stress('20.1 ms', '0'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('p99 latency 20.1 ms is above the SLA\'s 20 ms');
  });

  test('p99 equal to the SLA passes (the SLA is "at most")', () => {
    expect(run(stress('20.0 ms', '0')).code).toBe(0);
  });

  test('fails when errors / (errors + op rate × seconds) is above the SLA', () => {
    // 1,000 op/s × 600 s = 600,000 completed; 601 errors = 0.1001%.
    const r = run(stress('2.4 ms', '601'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('error rate 0.1001% is above the SLA\'s 0.1%');
    expect(run(stress('2.4 ms', '600')).code).toBe(0);
  });

  test('fails closed on a p99 in another unit', () => {
    expect(run(stress('2400 us', '0')).err).toContain('is not ms; failing closed');
  });

  test.each([
    ['no Total errors line', stress('2.4 ms', '0').replace(/Total errors.*\n/, '')],
    ['no Op rate line', stress('2.4 ms', '0').replace(/Op rate.*\n/, '')],
    ['a malformed operation time', stress('2.4 ms', '0', '1,000', '10 minutes')],
    ['a malformed p99', stress('n/a ms', '0')],
  ])('fails closed on %s', (_, text) => {
    const r = run(text);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/failing closed/);
  });

  test('fails when cassandra-stress exited non-zero', () => {
    expect(run(stress('2.4 ms', '0'), '2').err).toContain('cassandra-stress exited 2');
  });

  test('fails on empty output', () => {
    expect(run('').err).toContain('wrote no output');
  });
});

const memtier = (p99: string) => `
4         Threads
...
ALL STATS
======================================================================================================
Type         Ops/sec     Hits/sec   Misses/sec    Avg. Latency     p99 Latency       KB/sec
------------------------------------------------------------------------------------------------------
Sets           99.95          ---          ---         0.41200         1.20700        55.12
Gets          899.50       850.10        49.40         0.38100         ${p99}       450.00
Waits           0.00          ---          ---             ---             ---          ---
Totals        999.45       850.10        49.40         0.38400         ${p99}       505.12
`;

describe('memtier judge.sh', () => {
  const script = memtierJudge(T, 2);
  const run = (a: string, b: string, exits = ['0', '0']) =>
    judge(script, { '0.txt': a, '1.txt': b, '0.exit': exits[0], '1.exit': exits[1], '0.log': 'progress', '1.log': 'connection dropped.' });

  test('passes when every endpoint is within the SLA; reports the highest endpoint p99', () => {
    const r = run(memtier('1.50300'), memtier('3.10000'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('latency_p99_ms=3.10000 error_rate_percent=0');
  });

  test('fails when one endpoint is above the SLA', () => {
    const r = run(memtier('1.50300'), memtier('25.00000'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('p99 latency 25.00000 ms is above the SLA\'s 20 ms');
  });

  test('any memtier error (non-zero exit) fails the run, stricter than the error-rate SLA', () => {
    const r = run(memtier('1.5'), memtier('1.5'), ['0', '1']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('endpoint 1: memtier exited 1');
    expect(r.err).toContain('connection dropped.');
  });

  test('the p99 column is found from the header, also among other percentiles', () => {
    const wide = memtier('1.5').replace('p99 Latency', 'p50 Latency     p99 Latency   p99.9 Latency')
      .replace(/^Totals .*$/m, 'Totals        999.45       850.10        49.40         0.38400    0.30000    30.00000   40.00000       505.12');
    expect(run(wide, memtier('1.5')).err).toContain('p99 latency 30.00000 ms is above');
  });

  test.each([
    ['no ALL STATS table', 'Writing results to stdout\n'],
    ['no p99 column', memtier('1.5').replace('p99 Latency', 'p50 Latency')],
    ['no Totals row', memtier('1.5').replace(/^Totals .*$/m, '')],
  ])('fails closed on %s', (_, text) => {
    const r = run(text, memtier('1.5'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/failing closed|wrote no summary/);
  });
});

const rally = (termP99 = '12.5', errorRate = '0.00') => [
  'Metric,Task,Value,Unit',
  'Cumulative indexing time of primary shards,,12.3,min',
  'Min Throughput,index-append,50000.1,docs/s',
  '99th percentile latency,index-append,1500.2,ms',
  'error rate,index-append,0.00,%',
  '50th percentile latency,term,3.1,ms',
  `99th percentile latency,term,${termP99},ms`,
  '99.9th percentile latency,term,40.0,ms',
  `error rate,term,${errorRate},%`,
  '99th percentile latency,phrase,8.0,ms',
  'error rate,phrase,0.00,%',
].join('\n') + '\n';

describe('rally judge.sh', () => {
  const script = rallyJudge(T, ['term', 'phrase']);
  const run = (csv: string, exit = '0') => judge(script, { 'rally.csv': csv, 'rally.exit': exit });

  test('passes within the SLA; bulk indexing latency is measured but not gated', () => {
    const r = run(rally());
    expect(r.code).toBe(0);
    expect(r.out).toContain('latency_p99_ms=12.5 error_rate_percent=0');
  });

  test('fails when a query task\'s p99 is above the SLA (not its 99.9th)', () => {
    expect(run(rally('20.5')).err).toContain('p99 latency 20.5 ms is above the SLA\'s 20 ms');
  });

  test('fails when a task\'s error rate is above the SLA', () => {
    expect(run(rally('12.5', '0.25')).err).toContain('error rate 0.25% is above the SLA\'s 0.1%');
  });

  test('fails closed when a gated task is missing from the report', () => {
    expect(run(rally().replace(/.*,phrase,.*\n/g, '')).err).toContain('task phrase: no \'99th percentile latency\'');
  });

  test('fails closed without any error rate row', () => {
    expect(run(rally().replace(/^error rate.*\n/gm, '')).err).toContain('no error rate');
  });

  test('fails when esrally exited non-zero', () => {
    expect(run(rally(), '64').err).toContain('esrally exited 64');
  });
});
