import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildAwsApp } from '../../bin/aws';
import { buildK8sApp } from '../../bin/k8s';
import { platform } from '../../config/platform';
import { planCassandra } from '../../constructs/capacity/cassandra';
import { catalogUseCases } from '../../lib/use-cases';
import type { TimeSeriesSettings } from '../../lib/time-series';
import { type KubeObject, validateObjects } from '../helpers/k8s';
import { catalogDir, edited, serviceEntry } from './helpers';

/**
 * "Adding a service is adding a file": a 7th service, a second time series, in a temporary catalog
 * beside the six. It names no store (the matrix picks Cassandra) and no sizes (the planner's).
 */
const watchProgress = edited(serviceEntry('viewing-history'), (e) => {
  e.description = 'Resume points per profile and title';
  e.owner = 'playback-experience-team';
  delete e.store;
  e.requirements = { ...e.requirements, readsPerSecond: 2000, writesPerSecond: 3000, itemSizeBytes: 200, datasetGiB: 100, retentionDays: 365 };
  const prod = e.environments.prod;
  prod.keyspaceName = 'watch_progress';
  prod.cassandra = { ...prod.cassandra, namespace: 'watch-progress', clusterName: 'watch-progress',
    backups: { ...prod.cassandra.backups, bucketName: 'example-watch-progress-backups' } };
  delete prod.cassandra.nodesPerZone;
  delete prod.cassandra.storageGiB;
});
const files = Object.fromEntries(readdirSync(join(__dirname, '..', '..', 'services')).map((f) => [f, readFileSync(join(__dirname, '..', '..', 'services', f), 'utf8')]));
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
    });

    test('no name or description of another service (the template is named by data model)', () => {
      for (const s of assembly.stacks.filter((x) => x.stackName.startsWith('WatchProgress'))) {
        const text = JSON.stringify(s.template);
        expect(s.template.Description).toBe(`watch-progress: time series on Amazon Keyspaces (prod, ${s.environment.region})`);
        // The table keeps the time-series template's row (viewing_history) until its schema comes from the entry.
        expect(text.replace(/viewing_history/g, '')).not.toMatch(/viewing.history|Viewing History/i);
      }
      const k8s = readdirSync(join(out, 'k8s')).map((f) => readFileSync(join(out, 'k8s', f), 'utf8')).join('\n');
      expect(k8s).toContain('watch-progress-schema');
      expect(k8s.replace(/viewing_history/g, '')).not.toMatch(/viewing.history|Viewing History/i);
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
