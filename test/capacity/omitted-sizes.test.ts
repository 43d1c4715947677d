import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAwsApp } from '../../bin/aws';
import { buildK8sApp } from '../../bin/k8s';
import { platform } from '../../config/platform';
import { resolvePlatform } from '../../constructs/platform/config';
import type { KeyValueCacheSettings } from '../../lib/key-value-cache';
import type { QueueSettings } from '../../lib/queue';
import type { SearchSettings } from '../../lib/search';
import { type CatalogUseCase, catalogUseCases } from '../../lib/use-cases';
import { catalogDir, edited, fixtureEntry } from '../catalog/helpers';

/**
 * Issue 18 item 1: where a service file omits its sizes, the template takes the capacity
 * planner's figures (the ones its report checks), and the copy still synthesizes.
 */
const prod = resolvePlatform(platform).find((e) => e.name === 'prod')!;

/** The service file `service` with `edit` applied, loaded alone as a catalog. */
function loadCopy(service: string, edit: (prodYaml: any) => void): CatalogUseCase {
  const copy = edited(fixtureEntry(service), (e) => edit(e.environments.prod));
  const [useCase] = catalogUseCases(catalogDir({ [`${service}.yaml`]: copy }));
  return useCase;
}

/** The largest figure the report requires of `environments.prod.<path>`. */
function reportFigure(useCase: CatalogUseCase, path: string): number {
  const checks = useCase.capacityReport!(prod)!.checks.filter((c) => c.field === `environments.prod.${path}`);
  expect(checks.length).toBeGreaterThan(0);
  // The configured figure is the planner's, so every check passes.
  expect(checks.every((c) => c.ok)).toBe(true);
  return Math.max(...checks.map((c) => c.required));
}

function synthesizes(useCase: CatalogUseCase): void {
  const out = mkdtempSync(join(tmpdir(), 'omitted-'));
  const assembly = buildAwsApp(platform, { outdir: out, useCases: [useCase] }).synth();
  buildK8sApp(platform, { outdir: join(out, 'k8s'), useCases: [useCase] }).synth();
  expect(assembly.stacks.length).toBeGreaterThan(0);
}

describe('cdn-url (EVCache) without nodesPerZone', () => {
  const useCase = loadCopy('cdn-url', (p) => { delete p.nodesPerZone; });
  const settings = useCase.settingsByEnvironment.prod as KeyValueCacheSettings;

  test("every region runs the planner's nodes per zone, the figure of the report", () => {
    const figure = reportFigure(useCase, 'nodesPerZone');
    expect(settings.topology.regions.map((r) => r.nodesPerZone)).toEqual(settings.topology.regions.map(() => figure));
    // The file's figure (4) is the planner's for these requirements.
    expect(figure).toBe(fixtureEntry('cdn-url').environments.prod.nodesPerZone);
  });

  test('synthesizes', () => synthesizes(useCase));
});

describe('playback-manifest (Elasticsearch) without nodesPerZone and volume sizes', () => {
  const useCase = loadCopy('playback-manifest', (p) => { delete p.nodesPerZone; delete p.aws.storageGiBPerNode; delete p.kubernetes.storageGiB; });
  const settings = useCase.settingsByEnvironment.prod as SearchSettings;

  test("nodes per zone and the volumes are the planner's, the figures of the report", () => {
    const nodes = reportFigure(useCase, 'nodesPerZone');
    expect(settings.topology.regions.map((r) => r.nodesPerZone)).toEqual(settings.topology.regions.map(() => nodes));
    expect(nodes).toBe(2);
    // The report checks the volumes only where the file sets them: the copy's report has none.
    expect(useCase.capacityReport!(prod)!.checks.some((c) => /storageGiB/.test(c.field))).toBe(false);
    const withSizes = loadCopy('playback-manifest', (p) => {
      p.aws.storageGiBPerNode = settings.aws.storageGiBPerNode; p.kubernetes.storageGiB = settings.kubernetes.storageGiB; delete p.nodesPerZone;
    });
    expect(settings.aws.storageGiBPerNode).toBe(reportFigure(withSizes, 'aws.storageGiBPerNode'));
    expect(settings.kubernetes.storageGiB).toBe(reportFigure(withSizes, 'kubernetes.storageGiB'));
    // The file's 900 GiB is above the planner's 867.
    expect(settings.aws.storageGiBPerNode).toBe(867);
  });

  test('synthesizes', () => synthesizes(useCase));
});

describe('delayed-queues (Dynomite / MemoryDB) without nodes per rack and shards', () => {
  const useCase = loadCopy('delayed-queues', (p) => { delete p.dynomite.nodesPerZone; delete p.memoryDb.numShards; });
  const settings = useCase.settingsByEnvironment.prod as QueueSettings;

  test("nodes per rack and MemoryDB shards are the planner's, the figures of the report", () => {
    const nodes = reportFigure(useCase, 'dynomite.nodesPerZone');
    expect(settings.dynomite.topology.regions.map((r) => r.nodesPerZone)).toEqual(settings.dynomite.topology.regions.map(() => nodes));
    expect(nodes).toBe(2);
    const withShards = loadCopy('delayed-queues', (p) => { delete p.dynomite.nodesPerZone; p.memoryDb.numShards = settings.memoryDb.numShards; });
    expect(settings.memoryDb.numShards).toBe(reportFigure(withShards, 'memoryDb.numShards'));
  });

  test('synthesizes', () => synthesizes(useCase));
});

describe.each([
  ['event-sourced', (p: any) => p.cassandra, 'cassandra', (s: any) => s.cassandra],
  ['digital-assets', (p: any) => p.janusGraph.cassandra, 'janusGraph.cassandra', (s: any) => s.janusGraph.cassandra],
] as const)('%s (Cassandra) without nodesPerZone and storageGiB', (service, block, prefix, cluster) => {
  const useCase = loadCopy(service, (p) => { delete block(p).nodesPerZone; delete block(p).storageGiB; });
  const c = cluster(useCase.settingsByEnvironment.prod);

  test("the cluster runs the planner's sizes, the figures of the report", () => {
    const nodes = reportFigure(useCase, `${prefix}.nodesPerZone`);
    expect(c.topology.regions.map((r: any) => r.nodesPerZone)).toEqual(c.topology.regions.map(() => nodes));
    expect(useCase.capacityReport!(prod)!.checks.some((k) => k.field.endsWith(`${prefix}.storageGiB`))).toBe(false);
    const withStorage = loadCopy(service, (p) => { delete block(p).nodesPerZone; block(p).storageGiB = c.storageGiB; });
    expect(c.storageGiB).toBe(reportFigure(withStorage, `${prefix}.storageGiB`));
  });

  test('synthesizes', () => synthesizes(useCase));
});
