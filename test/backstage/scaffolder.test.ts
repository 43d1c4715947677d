import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import fc from 'fast-check';
import { parse } from 'yaml';
import { buildAwsApp } from '../../bin/aws';
import { buildK8sApp } from '../../bin/k8s';
import { platform } from '../../config/platform';
import { DATA_MODELS } from '../../constructs/catalog/model';
import { resolvePlatform } from '../../constructs/platform/config';
import { catalogUseCases } from '../../lib/use-cases';
import { FORM_BOUNDS, SIZE_CLASSES, SKELETON_FILE, scaffolderSkeleton } from '../../scripts/new-service/skeleton';
import { renderScaffolder, resolveInput } from '../helpers/scaffolder';

const dir = join(__dirname, '..', '..', 'backstage', 'templates', 'new-service');
const template = parse(readFileSync(join(dir, 'template.yaml'), 'utf8'));
const skeleton = readFileSync(SKELETON_FILE, 'utf8');
const env = resolvePlatform(platform).find((e) => e.name === 'prod')!;

/** The form as one JSON Schema: every page's properties, required fields and dependencies. */
const pages = template.spec.parameters as Array<{ required: string[]; properties: Record<string, object>; dependencies?: object }>;
const formSchema = {
  allOf: pages.map((p) => ({ type: 'object', required: p.required, properties: p.properties, ...(p.dependencies ? { dependencies: p.dependencies } : {}) })),
};
const ajv = new Ajv({ strict: false, allErrors: true });
const validForm = ajv.compile(formSchema);

/** What the Scaffolder does: parameters → the fetch step's values → the rendered skeleton → the pull request's file. */
function scaffold(parameters: Record<string, unknown>): { file: string; text: string } {
  const fetch = template.spec.steps.find((s: { action: string }) => s.action === 'fetch:template');
  const values = resolveInput(fetch.input.values, { parameters }) as Record<string, unknown>;
  const text = renderScaffolder(skeleton, { values });
  return { file: `services/${values.name}.yaml`, text };
}

const answers = (over: Record<string, unknown> = {}) => ({
  name: 'watch-later', owner: 'profiles-team', description: 'Titles saved for later: per profile', regions: ['us-east-1', 'eu-west-1'],
  dataModel: 'time-series', sizeClass: 'small', latencyP99Ms: 20, readsPerSecond: 1500, writesPerSecond: 800, itemSizeBytes: 512,
  replication: 'multi-region', consistency: 'regional', datasetGiB: 15, monthlyGrowthPercent: 3, retentionDays: 365, priorities: false, delayedDelivery: false,
  errorRatePercent: 0.1, availabilityPercent: 99.9, capacityHeadroomPercent: 30, repoUrl: 'github.com?owner=example-org&repo=polyglot-persistence', ...over,
});

function load(text: string, name: string) {
  const d = mkdtempSync(join(tmpdir(), 'scaffolded-'));
  writeFileSync(join(d, `${name}.yaml`), text);
  return catalogUseCases(d, resolvePlatform(platform));
}

describe('the Scaffolder template (backstage/templates/new-service/template.yaml)', () => {
  test('scaffolder.backstage.io/v1beta3 Template: fetch:template from ./skeleton, then publish:github:pull-request with its required inputs', () => {
    expect(template).toMatchObject({ apiVersion: 'scaffolder.backstage.io/v1beta3', kind: 'Template' });
    expect(template.spec.steps.map((s: { action: string }) => s.action)).toEqual(['fetch:template', 'publish:github:pull-request']);
    expect(template.spec.steps[0].input.url).toBe('./skeleton');
    // The action's schema requires repoUrl, title, description and branchName (scaffolder-backend-module-github).
    expect(Object.keys(template.spec.steps[1].input)).toEqual(expect.arrayContaining(['repoUrl', 'title', 'description', 'branchName']));
    expect(template.spec.output.links[0].url).toBe("${{ steps['publish'].output.remoteUrl }}");
  });

  test('every value the skeleton uses is passed by the fetch step, and every one it passes comes from a form field', () => {
    const used = new Set([...skeleton.matchAll(/values\.(\w+)/g)].map((m) => m[1]));
    const passed = template.spec.steps[0].input.values as Record<string, string>;
    expect([...used].filter((v) => !(v in passed))).toEqual([]);
    // A page's own fields, and those its size-class branches add (dependencies.sizeClass.oneOf[].properties).
    const branches = (p: (typeof pages)[number]) => ((p.dependencies as { sizeClass?: { oneOf: { properties: object }[] } } | undefined)?.sizeClass?.oneOf ?? [])
      .flatMap((b) => Object.keys(b.properties));
    const fields = new Set(pages.flatMap((p) => [...Object.keys(p.properties), ...branches(p)]));
    for (const v of Object.values(passed)) expect(fields.has(/parameters\.(\w+)/.exec(v)![1])).toBe(true);
  });

  test('the committed skeleton is what scripts/new-service/skeleton.ts generates (the same code as npm run new-service)', () => {
    expect(skeleton).toBe(scaffolderSkeleton(env));
  });

  test('the form bounds each size class at the workload its block is sized for', () => {
    expect(validForm(answers())).toBe(true);
    expect(validForm(answers({ readsPerSecond: SIZE_CLASSES.small.readsPerSecond + 1 }))).toBe(false);
    expect(validForm(answers({ sizeClass: 'medium', readsPerSecond: SIZE_CLASSES.small.readsPerSecond + 1 }))).toBe(true);
    expect(validForm(answers({ sizeClass: 'large', datasetGiB: SIZE_CLASSES.large.datasetGiB + 1 }))).toBe(false);
    expect(validForm(answers({ capacityHeadroomPercent: FORM_BOUNDS.capacityHeadroomPercent + 1 }))).toBe(false);
    expect(validForm(answers({ itemSizeBytes: FORM_BOUNDS.minItemSizeBytes - 1 }))).toBe(false);
    expect(validForm(answers({ itemSizeBytes: FORM_BOUNDS.itemSizeBytes + 1 }))).toBe(false);
    expect(validForm(answers({ name: 'Watch_Later' }))).toBe(false);
  });
});

describe('the pull request\'s file', () => {
  test('renders the answers into services/<name>.yaml', () => {
    const { file, text } = scaffold(answers());
    expect(file).toBe('services/watch-later.yaml');
    expect(parse(text)).toMatchObject({
      owner: 'profiles-team', description: 'Titles saved for later: per profile', regions: ['us-east-1', 'eu-west-1'], store: 'cassandra',
      requirements: { dataModel: 'time-series', readsPerSecond: 1500, datasetGiB: 15 }, sla: { capacityHeadroomPercent: 30 },
      environments: { prod: { keyspaceName: 'watch_later', cassandra: { namespace: 'watch-later', clusterName: 'watch-later' } } },
    });
  });

  const itemEnds = [FORM_BOUNDS.minItemSizeBytes, FORM_BOUNDS.itemSizeBytes];
  test.each(DATA_MODELS.flatMap((m) => Object.keys(SIZE_CLASSES).flatMap((c) => itemEnds.map((i) => [m, c, i]))))('%s, %s, %d-byte items: loads with no problem at the class\'s largest workload', (dataModel, sizeClass, itemSizeBytes) => {
    const envelope = SIZE_CLASSES[sizeClass as keyof typeof SIZE_CLASSES];
    const a = answers({
      dataModel, sizeClass, ...envelope, itemSizeBytes, monthlyGrowthPercent: FORM_BOUNDS.monthlyGrowthPercent,
      capacityHeadroomPercent: FORM_BOUNDS.capacityHeadroomPercent, regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
      latencyP99Ms: dataModel === 'key-value-cache' ? 1 : 50, consistency: dataModel === 'key-value-cache' || dataModel === 'search' ? 'eventual' : 'regional',
      priorities: dataModel === 'queue', delayedDelivery: dataModel === 'queue',
    });
    expect(validForm(a)).toBe(true);
    const [u] = load(scaffold(a).text, 'watch-later');
    expect(u.catalog.entry.requirements.dataModel).toBe(dataModel);
  });

  test('any answers the form accepts give a file the catalog accepts: sizes, failure domains, schema (property test)', () => {
    const arb = fc.record({
      dataModel: fc.constantFrom(...DATA_MODELS), sizeClass: fc.constantFrom('small', 'medium', 'large'),
      regions: fc.shuffledSubarray(env.regions.map((r) => r.region), { minLength: 2 }),
      share: fc.record({ reads: fc.double({ min: 0.01, max: 1, noNaN: true }), writes: fc.double({ min: 0, max: 1, noNaN: true }), data: fc.double({ min: 0, max: 1, noNaN: true }) }),
      itemSizeBytes: fc.integer({ min: FORM_BOUNDS.minItemSizeBytes, max: FORM_BOUNDS.itemSizeBytes }), monthlyGrowthPercent: fc.integer({ min: 0, max: FORM_BOUNDS.monthlyGrowthPercent }),
      capacityHeadroomPercent: fc.integer({ min: 0, max: FORM_BOUNDS.capacityHeadroomPercent }),
    });
    fc.assert(fc.property(arb, (x) => {
      const e = SIZE_CLASSES[x.sizeClass as keyof typeof SIZE_CLASSES];
      const a = answers({
        dataModel: x.dataModel, sizeClass: x.sizeClass, regions: x.regions,
        readsPerSecond: Math.round(e.readsPerSecond * x.share.reads), writesPerSecond: Math.round(e.writesPerSecond * x.share.writes),
        datasetGiB: Math.round(e.datasetGiB * x.share.data), itemSizeBytes: x.itemSizeBytes, monthlyGrowthPercent: x.monthlyGrowthPercent,
        capacityHeadroomPercent: x.capacityHeadroomPercent, latencyP99Ms: x.dataModel === 'key-value-cache' ? 1 : 50,
        consistency: x.dataModel === 'key-value-cache' || x.dataModel === 'search' ? 'eventual' : 'regional',
        priorities: x.dataModel === 'queue', delayedDelivery: x.dataModel === 'queue',
      });
      expect(validForm(a)).toBe(true);
      expect(() => load(scaffold(a).text, 'watch-later')).not.toThrow();
    }), { numRuns: 40 });
  });

  describe('synthesizes with no edit', () => {
    const useCases = load(scaffold(answers()).text, 'watch-later');
    const out = mkdtempSync(join(tmpdir(), 'scaffolded-synth-'));
    const assembly = buildAwsApp(platform, { outdir: out, useCases }).synth();
    buildK8sApp(platform, { outdir: join(out, 'k8s'), useCases }).synth();
    test('its stacks and charts', () => {
      expect(assembly.stacks.map((s) => s.stackName).filter((n) => n.startsWith('WatchLater')).sort()).toEqual(['WatchLater-prod-eu-west-1', 'WatchLater-prod-us-east-1']);
    });
  });
});
