import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { buildAwsApp } from '../../bin/aws';
import { buildK8sApp } from '../../bin/k8s';
import { platform } from '../../config/platform';
import { resolvePlatform } from '../../constructs/platform/config';
import { catalogUseCases } from '../../lib/use-cases';
import { type KubeObject, validateObjects } from '../helpers/k8s';

const root = join(__dirname, '..', '..');
const node = join(root, 'node_modules', '.bin', 'node');

/** `npm run new-service` as a person runs it (package.json's command): the script, its prompts on stdout, answers on stdin. */
function run(args: string[], answers: string[] = []) {
  const r = spawnSync(node, ['--require', join(root, 'bin', 'require-ts.cjs'), join(root, 'scripts', 'new-service.ts'), ...args], { input: answers.map((a) => `${a}\n`).join(''), encoding: 'utf8', cwd: root, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run new-service, driven through its prompts', () => {
  const out = mkdtempSync(join(tmpdir(), 'new-service-'));
  // Name, owner, description, regions, data model, latency, reads, writes, item size (default),
  // replication (default), consistency (default), dataset, growth (a bad answer, then 2),
  // retention (none), priorities, delayed delivery, SLA defaults.
  const answers = ['job-queue', 'messaging-team', 'Jobs for the billing run', 'us-east-1,eu-west-1', 'queue', '5', '1000', '500', '', '', '',
    '30', 'lots', '2', '', 'yes', 'yes', '', '', ''];
  const r = run(['--out', out], answers);

  test('asks every question, re-asks a bad answer, and writes services/<name>.yaml', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const prompt of ['Service name', 'Owning team', 'Regions, comma-separated (us-east-1, us-west-2, eu-west-1)', 'Data model (key-value-cache',
      'Peak reads per second per region', 'Monthly growth, percent [0]', 'SLA: capacity headroom at peak, percent [30]']) expect(r.stdout).toContain(prompt);
    expect(r.stdout).toContain("must be a number from 0 to 100, got 'lots'");
    expect(readdirSync(out)).toEqual(['job-queue.yaml']);
  });

  const text = readFileSync(join(out, 'job-queue.yaml'), 'utf8');
  const doc = parseDocument(text);

  test('the answers, the store the matrix picks and a comment on each value', () => {
    expect(doc.toJS()).toMatchObject({
      owner: 'messaging-team', regions: ['us-east-1', 'eu-west-1'], store: 'dynomite',
      requirements: { dataModel: 'queue', latencyP99Ms: 5, readsPerSecond: 1000, writesPerSecond: 500, itemSizeBytes: 1024, replication: 'multi-region',
        consistency: 'regional', datasetGiB: 30, monthlyGrowthPercent: 2, priorities: true, delayedDelivery: true },
      sla: { latencyP99Ms: 5, errorRatePercent: 0.1, availabilityPercent: 99.9, capacityHeadroomPercent: 30 },
    });
    expect(text).toMatch(/# chosen by the store matrix: distributed queue with delayed delivery/);
    expect(text).toMatch(/# Capacity planner: every rack holds the whole dataset: \d+ nodes for [\d.]+ GiB[^\n]*\n\s+nodesPerZone: \d+/);
    expect(text).toMatch(/# Capacity planner: [^\n]*\n\s+numShards: \d+/);
    // Every requirement has its explanation above it.
    for (const k of Object.keys(doc.toJS().requirements)) expect(text).toMatch(new RegExp(`#[^\\n]+\\n\\s+${k}:`));
  });

  describe('the next synth accepts it with no edit', () => {
    const useCases = catalogUseCases(out);
    const u = useCases[0];
    const synth = mkdtempSync(join(tmpdir(), 'new-service-synth-'));
    const assembly = buildAwsApp(platform, { outdir: synth, useCases }).synth();
    buildK8sApp(platform, { outdir: join(synth, 'k8s'), useCases }).synth();

    test('its stacks and charts, validated (cdk-nag, the CloudFormation validator, Kubernetes schemas)', () => {
      expect(u.name).toBe('job-queue');
      expect(assembly.stacks.map((s) => s.stackName).filter((n) => n.startsWith('JobQueue')).sort()).toEqual(['JobQueue-prod-eu-west-1', 'JobQueue-prod-us-east-1']);
      for (const f of readdirSync(join(synth, 'k8s'))) {
        const objects = parseAllDocuments(readFileSync(join(synth, 'k8s', f), 'utf8')).map((d) => d.toJS() as KubeObject);
        expect(validateObjects(objects)).toEqual([]);
      }
    });

    test('its capacity report has no failed check', () => {
      const report = u.capacityReport!(resolvePlatform(platform).find((e) => e.name === 'prod')!)!;
      expect(report.checks.length).toBeGreaterThan(0);
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    });
  });
});

describe('npm run new-service with flags', () => {
  const flags = ['--name', 'watch-later', '--owner', 'profiles-team', '--regions', 'us-east-1,us-west-2', '--data-model', 'time-series', '--latency-p99-ms', '20',
    '--reads-per-second', '3000', '--writes-per-second', '3000', '--replication', 'multi-region', '--consistency', 'regional', '--dataset-gib', '200',
    '--monthly-growth-percent', '3', '--description', 'x', '--item-size-bytes', '300', '--retention-days', '365', '--priorities', 'no', '--delayed-delivery', 'no',
    '--error-rate-percent', '0.1', '--availability-percent', '99.9', '--headroom-percent', '30'];

  test('asks nothing when every flag is given; --dry-run prints the file and writes none', () => {
    const out = mkdtempSync(join(tmpdir(), 'new-service-'));
    const r = run([...flags, '--dry-run', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith('\n# watch-later: generated by')).toBe(true);
    expect(r.stdout).toMatch(/store: cassandra/);
    expect(readdirSync(out)).toEqual([]);
    // The time-series table: named after the new service, its row flagged as the reference service's for the team to replace.
    const prod = parseDocument(r.stdout.slice(r.stdout.indexOf('#'))).toJS().environments.prod;
    expect(prod.keyspaceName).toBe('watch_later');
    expect(prod.table.name).toBe('watch_later');
    expect(r.stdout).toMatch(/# The table: its name is derived from the service name, its row \(partition key, clustering key, columns\) is viewing-history's: replace it[^\n]*\n\s+table:/);
    expect(r.stdout).toContain('(services/viewing-history.yaml is its reference service)');
  });

  test('a bad flag fails naming the flag and what is allowed; nothing written', () => {
    const out = mkdtempSync(join(tmpdir(), 'new-service-'));
    const r = run([...flags.map((f) => (f === 'time-series' ? 'timeseries' : f)), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/new-service: --data-model must be one of key-value-cache, search, time-series, graph, queue, event-store, got 'timeseries'/);
    expect(readdirSync(out)).toEqual([]);
  });

  test('requirements no store can meet fail with the catalog\'s reason', () => {
    const out = mkdtempSync(join(tmpdir(), 'new-service-'));
    const r = run([...flags.map((f) => (f === '20' ? '0.5' : f)), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot promise a sub-millisecond p99/);
  });

  test('a file only the use case rejects (a time series without a TTL) fails before anything is written: both apps are built from it', () => {
    const out = mkdtempSync(join(tmpdir(), 'new-service-'));
    const r = run([...flags.map((f) => (f === '365' ? '' : f)), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/WatchLater-prod-us-east-1: `settings\.retentionDays` must be an integer from 1 to 7300, got undefined/);
    expect(readdirSync(out)).toEqual([]);
  });

  test('an existing service name is refused: the name is the contract of its resources', () => {
    const r = run([...flags.map((f) => (f === 'watch-later' ? 'viewing-history' : f))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/viewing-history\.yaml exists/);
  });
});
