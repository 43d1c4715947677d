import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DefaultNamespaceEntityPolicy, type Entity, EntityPolicies, FieldFormatEntityPolicy, type KindValidator, NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy, componentEntityV1alpha1Validator, locationEntityV1alpha1Validator, parseEntityRef,
  resourceEntityV1alpha1Validator, systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';
import { backstage } from '../../config/backstage';
import { buildAwsApp } from '../../bin/aws';
import { buildK8sApp } from '../../bin/k8s';
import { platform } from '../../config/platform';
import { writeOutputFiles } from '../../bin/outputs';
import { backstageFiles, backstageServices, catalogLocation, serviceEntities } from '../../constructs/catalog/backstage';
import { inventoryOf } from '../../constructs/catalog/inventory';
import { catalogUseCases } from '../../lib/use-cases';

const USE_CASES = catalogUseCases();

const KIND_VALIDATORS: Record<string, KindValidator> = {
  Component: componentEntityV1alpha1Validator, Resource: resourceEntityV1alpha1Validator,
  System: systemEntityV1alpha1Validator, Location: locationEntityV1alpha1Validator,
};
const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(), new NoForeignRootFieldsEntityPolicy(), new FieldFormatEntityPolicy(), new SchemaValidEntityPolicy(),
]);

/** What the Backstage catalog does with an entity it reads: envelope and field policies, then the kind's validator. */
async function validate(entity: Entity): Promise<void> {
  const enforced = await policy.enforce(entity);
  const validator = KIND_VALIDATORS[entity.kind];
  if (!validator) throw new Error(`no validator for kind ${entity.kind}`);
  if (!(await validator.check(enforced!))) throw new Error(`${entity.kind} ${entity.metadata.name}: not recognised by its kind validator`);
}

// The inventory as bin/synth.ts builds it (the apps are built, not synthesized: the records are
// made at construction), then the catalog written the way synth writes it.
const out = mkdtempSync(join(tmpdir(), 'backstage-'));
const inventory = inventoryOf(buildAwsApp(platform, { outdir: join(out, 'aws') }), ...buildK8sApp(platform, { outdir: join(out, 'k8s') }).apps);
const catalogDir = join(out, 'catalog');
const entries = USE_CASES.map((u) => ({ entry: u.catalog.entry, store: u.catalog.selection.store }));
writeOutputFiles(catalogDir, backstageFiles(backstageServices(entries, inventory), backstage));
const readEntities = (file: string) => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Entity);

describe('Backstage entities written by synth (dist/catalog/)', () => {
  const services = USE_CASES.map((u) => u.name).sort();

  test('one catalog-info.yaml per service and a root Location listing each', () => {
    expect(readdirSync(catalogDir).sort()).toEqual(['catalog-info.yaml', ...services].sort());
    const [location] = readEntities(join(catalogDir, 'catalog-info.yaml'));
    expect(location.kind).toBe('Location');
    expect(location.spec!.targets).toEqual(services.map((s) => `./${s}/catalog-info.yaml`));
  });

  test.each(services)('%s: every entity passes @backstage/catalog-model\'s policies and kind validators', async (service) => {
    const entities = readEntities(join(catalogDir, service, 'catalog-info.yaml'));
    expect(entities.map((e) => e.kind)).toEqual(['System', 'Component', 'Resource', 'Resource']);
    for (const e of entities) await validate(e);
  });

  test.each(services)('%s: the Component depends on every cluster the inventory lists, owned by the entry\'s owner', (service) => {
    const [system, component, ...resources] = readEntities(join(catalogDir, service, 'catalog-info.yaml'));
    const u = USE_CASES.find((x) => x.name === service)!;
    const clusters = inventory.clusters.filter((c) => c.service === service);
    expect(component.spec!.dependsOn).toEqual(resources.map((r) => `resource:default/${r.metadata.name}`));
    expect(resources.map((r) => r.metadata.labels!['polyglot-persistence/flavor'])).toEqual(clusters.map((c) => c.flavor));
    for (const e of [system, component, ...resources]) expect(parseEntityRef(e.spec!.owner as string)).toEqual({ kind: 'group', namespace: 'default', name: u.catalog.entry.owner });
    expect(component.spec!.system).toBe(`system:default/${service}`);
    expect(component.metadata.annotations!['backstage.io/view-url']).toBe(`${backstage.repositoryUrl}/blob/main/services/${service}.yaml`);
    expect(component.metadata.links!.map((l) => l.title)).toEqual(expect.arrayContaining(['Topology picture', 'Capacity, maintenance and failure domains']));
    // The Resource says which flavor and what size it is.
    expect(resources[0].metadata.title).toMatch(/\((AWS|Kubernetes), prod\)$/);
    expect(resources[0].metadata.description).toMatch(/zones × \d+ nodes, RF \d/);
  });
});

describe('validation catches what Backstage would reject', () => {
  const [s] = backstageServices([entries[0]], inventory);

  test('a cluster name past Backstage\'s 63 characters is rejected by the field policy', async () => {
    const long = 'a'.repeat(60);
    const entities = serviceEntities({ ...s, entry: { ...s.entry, service: long }, clusters: s.clusters.map((c) => ({ ...c, service: long })) }, backstage);
    await validate(entities[1]);
    await expect(validate(entities[2])).rejects.toThrow(/metadata\.name/);
  });

  test('a Location without targets is still valid; one with a non-string target is not', async () => {
    await validate(catalogLocation([], {}));
    const bad = catalogLocation(['x'], {});
    await expect(validate({ ...bad, spec: { ...bad.spec, targets: [42] } })).rejects.toThrow();
  });
});
