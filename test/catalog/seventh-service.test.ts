import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildAwsApp } from '../../bin/aws';
import { buildK8sApp } from '../../bin/k8s';
import { platform } from '../../config/platform';
import { planCassandra } from '../../constructs/capacity/cassandra';
import { catalogUseCases } from '../../lib/use-cases';
import { CatalogError } from '../../constructs/catalog/load';
import type { TimeSeriesSettings } from '../../lib/time-series';
import { type KubeObject, validateObjects } from '../helpers/k8s';
import { FIXTURE_CATALOG_DIR, catalogDir, edited, fixtureEntry } from './helpers';

/**
 * "Adding a service is adding a file": a 7th service, a second time series, in a temporary catalog
 * beside the six. It names no store (the matrix picks Cassandra) and no sizes (the planner's).
 */
const watchProgress = edited(fixtureEntry('viewing-history'), (e) => {
  e.description = 'Resume points per profile and title';
  e.owner = 'playback-experience-team';
  delete e.store;
  e.requirements = { ...e.requirements, readsPerSecond: 2000, writesPerSecond: 3000, itemSizeBytes: 200, datasetGiB: 100, retentionDays: 365 };
  const prod = e.environments.prod;
  prod.keyspaceName = 'watch_progress';
  // Its own table: a resume point per profile and title (the row the service needs, not Viewing History's).
  prod.table = {
    name: 'resume_points',
    partitionKey: [{ name: 'profile_id', type: 'text' }],
    clusteringKey: [{ name: 'title_id', type: 'text', order: 'ASC' }],
    columns: [{ name: 'position_ms', type: 'bigint' }, { name: 'updated_at', type: 'timestamp' }],
  };
  prod.cassandra = { ...prod.cassandra, namespace: 'watch-progress', clusterName: 'watch-progress',
    backups: { ...prod.cassandra.backups, bucketName: 'example-watch-progress-backups' } };
  delete prod.cassandra.nodesPerZone;
  delete prod.cassandra.storageGiB;
});
const files = Object.fromEntries(readdirSync(FIXTURE_CATALOG_DIR).filter((f) => f.endsWith('.yaml')).map((f) => [f, readFileSync(join(FIXTURE_CATALOG_DIR, f), 'utf8')]));
const useCases = catalogUseCases(catalogDir({ ...files, 'watch-progress.yaml': watchProgress }));
const wp = useCases.find((u) => u.name === 'watch-progress')!;

describe('a 7th service file, no TypeScript change', () => {
  test('joins the six, on the time-series template, with the store chosen by the matrix', () => {
    expect(useCases.map((u) => u.name)).toEqual(['cdn-url', 'delayed-queues', 'digital-assets', 'event-sourced', 'playback-manifest', 'viewing-history', 'watch-progress']);
    expect(wp.catalog.template.name).toBe('time-series');
    expect(wp.catalog.selection).toEqual({ store: 'cassandra', chosen: true, reason: expect.stringMatching(/^chosen by the store matrix: time series with heavy writes/) });
  });

  test('sizes from the capacity planner where the entry gives none', () => {
    const s = wp.settingsByEnvironment.prod as TimeSeriesSettings;
    const plan = planCassandra(s.workload!, { zones: 3 });
    expect(s.cassandra.topology.regions.map((r) => r.nodesPerZone)).toEqual([plan.nodesPerZone, plan.nodesPerZone, plan.nodesPerZone]);
    expect(s.cassandra.storageGiB).toBe(plan.diskPerNodeGiB);
    expect(s.workload).toMatchObject({ readsPerSecond: 2000, writesPerSecond: 3000, itemSizeBytes: 200, datasetGiB: 100, retentionDays: 365, replicationFactor: 3, headroomPercent: 30 });
  });

  describe('synthesizes (cdk-nag, the CloudFormation validator, Kubernetes schemas)', () => {
    const out = mkdtempSync(join(tmpdir(), 'wp-'));
    const assembly = buildAwsApp(platform, { outdir: out, useCases: [wp] }).synth();
    buildK8sApp(platform, { outdir: join(out, 'k8s'), useCases: [wp] }).synth();

    test('stacks and charts named after the service', () => {
      expect(assembly.stacks.map((s) => s.stackName).filter((n) => !n.startsWith('Network')).sort()).toEqual([
        'WatchProgress-prod-eu-west-1', 'WatchProgress-prod-us-east-1', 'WatchProgress-prod-us-west-2',
      ]);
      expect(readdirSync(join(out, 'k8s')).sort()).toEqual([
        'watch-progress-prod-eu-west-1.k8s.yaml', 'watch-progress-prod-us-east-1.k8s.yaml', 'watch-progress-prod-us-west-2.k8s.yaml',
      ]);
    });

    test("alarms and the keyspace are the service's own, not Viewing History's", () => {
      const t = assembly.getStackByName('WatchProgress-prod-us-east-1').template;
      const alarms = Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties.AlarmName);
      expect(alarms.length).toBeGreaterThan(0);
      for (const name of alarms) expect(JSON.stringify(name)).toMatch(/watch-progress-us-east-1/);
      const keyspaces = Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::Cassandra::Keyspace').map((r) => r.Properties.KeyspaceName);
      expect(keyspaces).toEqual(['watch_progress']);
      // The table and its row are the entry's.
      const tables = Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::Cassandra::Table').map((r) => r.Properties);
      expect(tables.map((p) => [p.TableName, p.PartitionKeyColumns, p.ClusteringKeyColumns])).toEqual([['resume_points',
        [{ ColumnName: 'profile_id', ColumnType: 'text' }], [{ Column: { ColumnName: 'title_id', ColumnType: 'text' }, OrderBy: 'ASC' }]]]);
      expect(tables[0].DefaultTimeToLive).toBe(365 * 86_400);
    });

    test('no name or description of another service (the template is named by data model)', () => {
      for (const s of assembly.stacks.filter((x) => x.stackName.startsWith('WatchProgress'))) {
        const text = JSON.stringify(s.template);
        expect(s.template.Description).toBe(`watch-progress: time series on Amazon Keyspaces (prod, ${s.environment.region})`);
        expect(text).not.toMatch(/viewing.history|Viewing History|profile_id.*viewed_at/i);
      }
      const k8s = readdirSync(join(out, 'k8s')).map((f) => readFileSync(join(out, 'k8s', f), 'utf8')).join('\n');
      expect(k8s).toContain('watch-progress-schema');
      expect(k8s).not.toMatch(/viewing.history|Viewing History|viewed_at/i);
    });

    test('its manifests validate against their schemas and CRDs', () => {
      const dir = join(out, 'k8s');
      const objects = readdirSync(dir).flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as KubeObject));
      expect(objects.find((o) => o.kind === 'K8ssandraCluster')?.metadata.name).toBe('watch-progress');
      expect(objects.every((o) => o.metadata.namespace === undefined || o.metadata.namespace === 'watch-progress')).toBe(true);
      expect(validateObjects(objects)).toEqual([]);
    });
  });
});

describe("the time-series table comes from the entry's table: block", () => {
  /** The problems (`path: reason`) of the watch-progress file with its table edited. */
  const problemsWith = (edit: (table: any, prod: any) => void): string[] => {
    const entry = edited(watchProgress, (e) => edit(e.environments.prod.table, e.environments.prod));
    try {
      catalogUseCases(catalogDir({ 'watch-progress.yaml': entry }));
    } catch (e) {
      if (e instanceof CatalogError) return e.problems.map((p) => `${p.path}: ${p.reason}`);
      throw e;
    }
    return [];
  };

  test.each<[string, (table: any, prod: any) => void, string]>([
    ['a type that is not CQL', (t) => { t.columns[0].type = 'string'; },
      "environments.prod.table.columns[0].type: must be one of ascii, bigint, blob, boolean, counter, date, decimal, double, float, inet, int, smallint, text, time, timestamp, timeuuid, tinyint, uuid, varint, got 'string'"],
    ['a name that is not a CQL identifier', (t) => { t.name = 'Resume-Points'; },
      "environments.prod.table.name: must be a CQL identifier: a lowercase letter, then 1 to 47 lowercase letters, digits or '_', got 'Resume-Points'"],
    ['a column name that is not a CQL identifier', (t) => { t.partitionKey[0].name = 'profile id'; },
      "environments.prod.table.partitionKey[0].name: must be a CQL identifier: a lowercase letter, then 1 to 47 lowercase letters, digits or '_', got 'profile id'"],
    ['a clustering order other than ASC or DESC', (t) => { t.clusteringKey[0].order = 'down'; },
      "environments.prod.table.clusteringKey[0].order: must be one of ASC, DESC, got 'down'"],
    ['no partition key', (t) => { t.partitionKey = []; }, 'environments.prod.table.partitionKey: must NOT have fewer than 1 items, got []'],
    ['an unknown field of a column', (t) => { t.columns[0].nullable = true; }, 'environments.prod.table.columns[0].nullable: unknown field (allowed: name, type)'],
    ['no table', (_t, prod) => { delete prod.table; }, 'environments.prod.table: is required'],
    ['a column named twice', (t) => { t.columns.push({ name: 'title_id', type: 'text' }); }, "environments.prod: `table` column 'title_id' is defined twice"],
  ])('%s: one problem naming the field, the value and what is allowed', (_what, edit, problem) => {
    expect(problemsWith(edit)).toEqual([problem]);
  });
});
