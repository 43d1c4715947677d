import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildAwsApp } from '../../bin/aws';
import { buildK8sApp } from '../../bin/k8s';
import { platform } from '../../config/platform';
import { type CapacityReport, checkFlavor, renderCapacityJson } from '../../constructs/capacity/report';
import { type ClusterRecord, type InventoryRecord, inventoryFile, inventoryOf, withPlannerFigures } from '../../constructs/catalog/inventory';
import { resolvePlatform } from '../../constructs/platform/config';
import { catalogUseCases } from '../../lib/use-cases';
import { withoutCloudFormationValidation } from '../helpers/aws';
import { type KubeObject, validateObjects } from '../helpers/k8s';

/** The repository's catalog (services/). */
const USE_CASES = catalogUseCases();

/**
 * The inventory of the default platform, against what synthesizes: every name it lists exists in
 * the templates and manifests. (cdk-nag and the validator run in test/app.test.ts; here they
 * would only slow the build down.)
 */
const out = mkdtempSync(join(tmpdir(), 'inventory-'));
const { inventory, assembly } = withoutCloudFormationValidation(() => {
  const aws = buildAwsApp(platform, { outdir: out });
  const k8sApp = buildK8sApp(platform, { outdir: join(out, 'k8s') });
  const built = { inventory: inventoryOf(aws, ...k8sApp.apps), assembly: aws.synth() };
  k8sApp.synth();
  return built;
});

const prod = resolvePlatform(platform).find((e) => e.name === 'prod')!;
const template = (stack: string) => assembly.getStackByName(stack).template;
const manifest = (chart: string): KubeObject[] =>
  parseAllDocuments(readFileSync(join(out, 'k8s', `${chart}.k8s.yaml`), 'utf8')).map((d) => d.toJS() as KubeObject);
const records = (flavor: string) => inventory.clusters.filter((c) => c.flavor === flavor);
const each = (flavor: string) => records(flavor).map((r) => [r.service, r] as [string, ClusterRecord]);

describe('what the inventory lists', () => {
  test('the six services, each on both flavors, with the store the catalog selected', () => {
    expect(inventory.clusters.map((c) => [c.service, c.flavor, c.store])).toEqual(USE_CASES.flatMap((u) =>
      ['aws', 'kubernetes'].map((f) => [u.name, f, u.catalog.selection.store])));
    expect(USE_CASES.map((u) => u.name)).toEqual(['cdn-url', 'delayed-queues', 'digital-assets', 'event-sourced', 'playback-manifest', 'viewing-history']);
  });

  test.each(inventory.clusters.map((c) => [`${c.service} (${c.flavor})`, c]))('%s: owner, SLA, regions from the catalog entry', (_, c) => {
    const { entry } = USE_CASES.find((u) => u.name === c.service)!.catalog;
    expect(c).toMatchObject({ owner: entry.owner, environment: 'prod', regions: entry.regions, sla: entry.sla });
  });

  test.each(inventory.clusters.map((c) => [`${c.service} (${c.flavor})`, c]))('%s: zones, capacity and replication from the template\'s shape', (_, c) => {
    const shape = USE_CASES.find((u) => u.name === c.service)!.shape(prod)!;
    expect(c.replication).toBe(shape.replication);
    expect(c.leaderRegion).toBe(shape.leaderRegion);
    for (const pl of shape.placements) {
      expect(c.zones[pl.region]).toEqual(pl.zones);
      expect(c.capacity[pl.region]).toEqual({ zones: pl.zones.length, nodesPerZone: pl.nodesPerZone, nodes: pl.zones.length * pl.nodesPerZone, replicationFactor: pl.replicationFactor });
    }
  });

  test('leader-follower stores name their leader', () => {
    expect(inventory.clusters.filter((c) => c.replication === 'leader-follower').map((c) => [c.service, c.leaderRegion])).toEqual([
      ['digital-assets', 'us-east-1'], ['digital-assets', 'us-east-1'], ['playback-manifest', 'us-east-1'], ['playback-manifest', 'us-east-1'],
    ]);
  });

  test('rendered as cdk.out/inventory.json, byte-identical for a second build', () => {
    const again = inventoryOf(buildAwsApp(platform, { outdir: mkdtempSync(join(tmpdir(), 'inventory-b-')) }), ...buildK8sApp(platform, { outdir: join(out, 'k8s-b') }).apps);
    const a = inventoryFile(inventory);
    expect(a.path).toBe('inventory.json');
    expect(inventoryFile(again).content).toBe(a.content);
    expect(JSON.parse(a.content)).toEqual(inventory);
  });
});

describe('AWS endpoints exist in the templates', () => {
  test.each(each('aws'))('%s: every output name is an output of its stack', (_, c) => {
    expect(c.endpoints.length).toBeGreaterThan(0);
    for (const e of c.endpoints) {
      expect(e.outputs!.length).toBeGreaterThan(0);
      expect(Object.keys(template(e.stack!).Outputs ?? {})).toEqual(expect.arrayContaining([...e.outputs!]));
    }
  });

  test.each(each('aws'))('%s: every parameter name (or <path>/*) is a parameter of its stack', (_, c) => {
    for (const e of c.endpoints) {
      const names = Object.values<any>(template(e.stack!).Resources).filter((r) => r.Type === 'AWS::SSM::Parameter').map((r) => r.Properties.Name);
      for (const n of e.parameters!) {
        expect(names.filter((x) => x === n || (n.endsWith('/*') && typeof x === 'string' && x.startsWith(n.slice(0, -1))))).not.toEqual([]);
      }
    }
  });

  test.each(each('aws'))('%s: /platform/prod/clusters/<service>/<store> in every region holds the record', (_, c) => {
    expect(c.metadata.map((m) => m.region)).toEqual(c.regions);
    for (const m of c.metadata) {
      const stack = c.endpoints.find((e) => e.region === m.region)!.stack!;
      const params = Object.values<any>(template(stack).Resources).filter((r) => r.Type === 'AWS::SSM::Parameter' && r.Properties.Name === m.parameter);
      expect(m.parameter).toBe(`/platform/prod/clusters/${c.service}/${c.store}`);
      expect(params).toHaveLength(1);
      expect(JSON.parse(params[0].Properties.Value)).toEqual(c);
    }
  });

  test('the stores\' own parameters are listed where they publish them (EVCache topology, queue contract, client profile)', () => {
    const params = (s: string) => records('aws').find((c) => c.service === s)!.endpoints[0].parameters;
    expect(params('cdn-url')).toContain('/evcache/cdn-url/topology');
    expect(params('delayed-queues')).toEqual(['/delayed-queues/prod/*']);
    expect(params('event-sourced')!.length).toBeGreaterThan(0);
  });
});

describe('Kubernetes endpoints exist in the manifests', () => {
  test.each(each('kubernetes'))('%s: every Service DNS name is a Service of its chart, with its ports, and every Service is listed', (_, c) => {
    for (const e of c.endpoints) {
      const services = manifest(e.chart!).filter((o) => o.kind === 'Service');
      const listed = e.services!.filter((s) => s.createdBy === undefined);
      for (const s of listed) {
        const [name, namespace] = s.dns.split('.');
        const found = services.filter((o) => o.metadata.name === name && o.metadata.namespace === namespace);
        expect(found).toHaveLength(1);
        expect(found[0].spec.ports.map((p: { port: number }) => p.port)).toEqual(s.ports);
      }
      expect(listed.length).toBe(services.length);
    }
  });

  /** The custom resources of every chart of the service: operator-created Services come from one of them. */
  const resources = (c: ClusterRecord) => c.endpoints.flatMap((e) => manifest(e.chart!)).flatMap((o): string[] =>
    o.kind === 'K8ssandraCluster' ? o.spec.cassandra.datacenters.map((d: any) => `CassandraDatacenter/${d.metadata.name}`) : [`${o.kind}/${o.metadata.name}`]);

  test.each(each('kubernetes'))('%s: every operator-created Service names a custom resource of its manifests', (_, c) => {
    const all = resources(c);
    for (const s of c.endpoints.flatMap((e) => e.services!).filter((x) => x.createdBy !== undefined)) expect(all).toContain(s.createdBy);
  });

  test('the stores\' client Services are listed: CQL per datacenter, ECK HTTP, Dynomite, EVCache per zone', () => {
    const dnsOf = (service: string, region = 'us-west-2') =>
      records('kubernetes').find((c) => c.service === service)!.endpoints.find((e) => e.region === region)!.services!.map((s) => `${s.dns}:${s.ports.join(',')}`);
    expect(dnsOf('viewing-history')).toEqual(expect.arrayContaining([expect.stringMatching(/^viewing-history-us-west-2-service\.viewing-history\.svc\.cluster\.local:9042$/)]));
    expect(dnsOf('playback-manifest')).toEqual(expect.arrayContaining([expect.stringMatching(/-es-http\.[a-z-]+\.svc\.cluster\.local:9200$/), expect.stringMatching(/-kb-http\.[a-z-]+\.svc\.cluster\.local:5601$/)]));
    expect(dnsOf('delayed-queues')).toEqual(expect.arrayContaining([expect.stringMatching(/:8102/)]));
    expect(dnsOf('cdn-url')).toEqual(expect.arrayContaining([expect.stringMatching(/^cdn-url-us-west-2a\..*:11211,9150$/)]));
  });

  test.each(each('kubernetes'))('%s: a platform-cluster-metadata ConfigMap in the store\'s namespace of every region holds the record', (_, c) => {
    expect(c.metadata.map((m) => m.region)).toEqual(c.regions);
    for (const m of c.metadata) {
      const chart = c.endpoints.find((e) => e.region === m.region)!.chart!;
      const [namespace, name] = m.configMap!.split('/');
      const objects = manifest(chart);
      expect(objects.some((o) => o.kind === 'Namespace' && o.metadata.name === namespace)).toBe(true);
      const cms = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === name && o.metadata.namespace === namespace);
      expect(name).toBe('platform-cluster-metadata');
      expect(cms).toHaveLength(1);
      expect(JSON.parse(cms[0].data['cluster.json'])).toEqual(c);
      expect(validateObjects(cms)).toEqual([]);
    }
  });
});

describe('the capacity planner\'s sizes, in inventory.json only', () => {
  // The reports synth writes to cdk.out/capacity/<service>.json (bin/synth.ts), and that file's JSON.
  const reports: Record<string, CapacityReport[]> = Object.fromEntries(USE_CASES.map((u) => [u.name,
    resolvePlatform(platform).map((env) => u.capacityReport?.(env)).filter((r): r is CapacityReport => r !== undefined)]));
  const written = JSON.parse(inventoryFile(withPlannerFigures(inventory, reports)).content) as { clusters: InventoryRecord[] };
  const reportJson = (service: string) => JSON.parse(renderCapacityJson(reports[service])) as CapacityReport[];

  test.each(written.clusters.map((c) => [`${c.service} (${c.flavor}, ${c.environment})`, c] as [string, InventoryRecord]))(
    '%s: the record as published, plus the capacity report\'s checks of its service, environment and flavor', (_, c) => {
      const { planner, ...published } = c;
      expect(published).toEqual(inventory.clusters.find((r) => r.service === c.service && r.flavor === c.flavor && r.environment === c.environment));
      const report = reportJson(c.service).find((r) => r.environment === c.environment)!;
      expect(report).toBeDefined();
      expect(planner).toEqual({ report: `capacity/${c.service}.json`, sizes: report.checks.filter((k) => checkFlavor(k) === c.flavor) });
      // Next to the configured sizes: every region-sized check names a region of the record.
      for (const k of planner!.sizes) {
        const region = /\b[a-z]{2}-[a-z]+-\d\b/.exec(k.subject)?.[0];
        if (region) expect(c.capacity[region]).toBeDefined();
      }
    });

  test('every check of every report lands in exactly one record (its flavor\'s), and the sizes the files set are there', () => {
    for (const u of USE_CASES) {
      const report = reportJson(u.name).find((r) => r.environment === 'prod')!;
      const listed = written.clusters.filter((c) => c.service === u.name && c.environment === 'prod').flatMap((c) => c.planner!.sizes);
      expect(listed).toHaveLength(report.checks.length);
      expect(listed).toEqual(expect.arrayContaining(report.checks));
    }
    const subjects = (service: string, flavor: string) => written.clusters.find((c) => c.service === service && c.flavor === flavor)!.planner!.sizes.map((k) => k.subject);
    expect(subjects('cdn-url', 'aws').every((s) => s.includes('(AWS,'))).toBe(true);
    expect(subjects('cdn-url', 'kubernetes').every((s) => s.includes('(Kubernetes,'))).toBe(true);
    expect(subjects('delayed-queues', 'aws')).toEqual(['MemoryDB: shards', 'MemoryDB: replicas per shard']);
    expect(subjects('playback-manifest', 'aws').every((s) => s.startsWith('OpenSearch '))).toBe(true);
    expect(subjects('viewing-history', 'kubernetes')).toContain('Cassandra us-east-1: nodes per zone');
  });

  test('the SSM parameters and the ConfigMaps publish the records without them', () => {
    const published: unknown[] = [];
    for (const c of records('aws')) {
      for (const m of c.metadata) {
        const stack = c.endpoints.find((e) => e.region === m.region)!.stack!;
        const p = Object.values<any>(template(stack).Resources).find((r) => r.Type === 'AWS::SSM::Parameter' && r.Properties.Name === m.parameter);
        published.push(JSON.parse(p.Properties.Value));
      }
    }
    for (const c of records('kubernetes')) {
      for (const m of c.metadata) {
        const [namespace, name] = m.configMap!.split('/');
        const cm = manifest(c.endpoints.find((e) => e.region === m.region)!.chart!)
          .find((o) => o.kind === 'ConfigMap' && o.metadata.name === name && o.metadata.namespace === namespace)!;
        published.push(JSON.parse(cm.data['cluster.json']));
      }
    }
    expect(published.length).toBeGreaterThanOrEqual(inventory.clusters.length);
    for (const r of published) {
      expect(r).not.toHaveProperty('planner');
      expect(JSON.stringify(r)).not.toMatch(/"required"|capacity\//);
    }
    expect(inventory.clusters.some((c) => 'planner' in c)).toBe(false);
  });
});

describe('no secrets in the records', () => {
  test('names only: no ARNs, endpoints' + "'" + ' values or passwords', () => {
    const text = JSON.stringify(inventory);
    expect(text).not.toMatch(/arn:aws|\{"Ref"|Fn::|password"\s*:/i);
  });
});
