import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { platform } from '../../config/platform';
import { DATA_MODELS } from '../../constructs/catalog/model';
import { resolvePlatform } from '../../constructs/platform/config';
import { catalogUseCases } from '../../lib/use-cases';
import { FORM_BOUNDS, SIZE_CLASSES, SKELETON_FILE } from '../../scripts/new-service/skeleton';
import { renderScaffolder } from '../helpers/scaffolder';

const skeleton = readFileSync(SKELETON_FILE, 'utf8');
const env = resolvePlatform(platform).find((e) => e.name === 'prod')!;
const platformRegions = env.regions.map((r) => r.region);

const values = (over: Record<string, unknown>) => ({
  name: 'watch-later', owner: 'profiles-team', description: 'Titles saved for later', replication: 'multi-region', retentionDays: 365,
  errorRatePercent: 0.1, availabilityPercent: 99.9, itemSizeBytes: FORM_BOUNDS.itemSizeBytes, monthlyGrowthPercent: FORM_BOUNDS.monthlyGrowthPercent,
  capacityHeadroomPercent: FORM_BOUNDS.capacityHeadroomPercent, ...over,
});

const forModel = (dataModel: string) => ({
  latencyP99Ms: dataModel === 'key-value-cache' ? 1 : 50, consistency: dataModel === 'key-value-cache' || dataModel === 'search' ? 'eventual' : 'regional',
  priorities: dataModel === 'queue', delayedDelivery: dataModel === 'queue',
});

function load(text: string) {
  const d = mkdtempSync(join(tmpdir(), 'scaffolded-regions-'));
  writeFileSync(join(d, 'watch-later.yaml'), text);
  return catalogUseCases(d, resolvePlatform(platform));
}

/** Every map under `environments` whose keys are all platform regions, with its path. */
function regionKeyedMaps(node: unknown, path: string[] = []): { path: string; keys: string[] }[] {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return [];
  const keys = Object.keys(node);
  const here = keys.length > 0 && keys.every((k) => platformRegions.includes(k)) ? [{ path: path.join('.'), keys }] : [];
  return [...here, ...Object.entries(node).flatMap(([k, v]) => regionKeyedMaps(v, [...path, k]))];
}

const pairs = platformRegions.flatMap((a, i) => platformRegions.slice(i + 1).map((b) => [a, b]));

describe('the skeleton keeps only the chosen regions in its region-keyed maps', () => {
  test('every region-keyed map of the skeleton is written for every platform region, each entry in its own if', () => {
    for (const r of platformRegions) expect(skeleton).toContain(`{% if "${r}" in values.regions %}`);
  });

  test.each(DATA_MODELS.flatMap((m) => Object.keys(SIZE_CLASSES).flatMap((c) => pairs.map((p) => [m, c, p.join(',')]))))(
    '%s, %s, regions %s: the maps hold exactly the chosen regions and the catalog accepts the file', (dataModel, sizeClass, regions) => {
      const chosen = regions.split(',');
      const v = values({ dataModel, sizeClass, regions: chosen, ...SIZE_CLASSES[sizeClass as keyof typeof SIZE_CLASSES], ...forModel(dataModel) });
      const text = renderScaffolder(skeleton, { values: v });
      const maps = regionKeyedMaps(parse(text).environments);
      for (const m of maps) expect({ path: m.path, keys: [...m.keys].sort() }).toEqual({ path: m.path, keys: [...chosen].sort() });
      const [u] = load(text);
      expect(u.catalog.entry.regions).toEqual(chosen);
    });

  test('one region: no map is left empty (the form requires at least one region)', () => {
    for (const dataModel of DATA_MODELS) {
      for (const r of platformRegions) {
        const text = renderScaffolder(skeleton, { values: values({ dataModel, sizeClass: 'small', regions: [r], ...SIZE_CLASSES.small, ...forModel(dataModel) }) });
        for (const m of regionKeyedMaps(parse(text).environments)) expect(m.keys).toEqual([r]);
        expect(text).not.toMatch(/:\s*\n\s*\n(?!\s)/);
      }
    }
  });
});

describe('EVCache: nodes per zone within their limit', () => {
  const large = (datasetGiB: number) => renderScaffolder(skeleton, {
    values: values({ dataModel: 'key-value-cache', sizeClass: 'large', regions: ['us-east-1', 'eu-west-1'], ...SIZE_CLASSES.large, datasetGiB, ...forModel('key-value-cache') }),
  });

  test('the large class runs a larger node type of the same family (and larger pods), not more nodes than a cluster holds', () => {
    const prod = parse(large(SIZE_CLASSES.large.datasetGiB)).environments.prod;
    expect(prod.nodesPerZone).toBeLessThanOrEqual(40);
    expect(prod.aws.nodeType).toMatch(/^cache\.r7g\./);
    expect(prod.aws.nodeType).not.toBe('cache.r7g.large');
    expect(prod.kubernetes.cacheMemoryMiB).toBeGreaterThan(14336);
    expect(prod.kubernetes.memoryMiB).toBeGreaterThan(prod.kubernetes.cacheMemoryMiB);
  });

  test('a workload no known node type fits fails naming the field, the figure and the limit', () => {
    expect(() => load(large(20 * SIZE_CLASSES.large.datasetGiB))).toThrow(/environments\.prod\.aws\.nodeType[^\n]*GiB per node[^\n]*nodesPerZone <= 40/);
  });
});
