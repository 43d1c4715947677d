/**
 * The Backstage Scaffolder skeleton (`backstage/templates/new-service/skeleton/services/${{ values.name }}.yaml`),
 * generated from the same code as `npm run new-service`: one block per data model, each the file
 * new-service writes for the largest workload of a size class (`SIZE_CLASSES`), with the form's answers as
 * `${{ values.x }}` substitutions, per size class (the form's `sizeClass`). The planner's sizes
 * only grow with the workload, so any answers within the class's bounds fit the sizes written. Regenerate after changing a template
 * or the envelope:  npx tsx scripts/new-service/skeleton.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isScalar, parseDocument, visit } from 'yaml';
import { platform } from '../../config/platform';
import { DATA_MODELS, type DataModel, type Requirements } from '../../constructs/catalog/model';
import { type Environment, resolvePlatform } from '../../constructs/platform/config';
import { serviceProblems } from '../../constructs/capacity/service';
import { TEMPLATES } from '../../lib/use-cases';
import { type NewService, newService, prodReport, renderNewService } from './generate';

/** The workload of a size class: its upper bounds, which template.yaml's form enforces per class. */
export interface Envelope {
  readonly readsPerSecond: number;
  readonly writesPerSecond: number;
  readonly datasetGiB: number;
}

/** The form's size classes: each block of the skeleton is sized for its class's largest workload. */
export const SIZE_CLASSES: Readonly<Record<'small' | 'medium' | 'large', Envelope>> = {
  small: { readsPerSecond: 2_000, writesPerSecond: 1_000, datasetGiB: 20 },
  medium: { readsPerSecond: 10_000, writesPerSecond: 5_000, datasetGiB: 100 },
  large: { readsPerSecond: 50_000, writesPerSecond: 20_000, datasetGiB: 500 },
};

/**
 * Bounds the form sets for every class. The item size has a floor as well as a ceiling: memcached
 * stores an item in a slab chunk of at least 96 bytes (`memcachedChunkBytes`), so tiny items need
 * far more memory than their bytes; below 256 bytes, `npm run new-service` sizes the exact file.
 */
export const FORM_BOUNDS = { minItemSizeBytes: 256, itemSizeBytes: 4096, monthlyGrowthPercent: 5, capacityHeadroomPercent: 40 } as const;

/** The lowest p99 the form accepts per data model (the store's floor in the matrix, `STORE_CAPABILITIES`). */
const LATENCY: Readonly<Record<DataModel, number>> = {
  'key-value-cache': 1, 'search': 10, 'time-series': 2, 'graph': 10, 'queue': 1, 'event-store': 2,
};

const NAME = 'zz-new-service';
const REQUIREMENT_FIELDS = ['latencyP99Ms', 'readsPerSecond', 'writesPerSecond', 'itemSizeBytes', 'replication', 'consistency', 'datasetGiB', 'monthlyGrowthPercent'] as const;
const SLA_FIELDS = { latencyP99Ms: 'latencyP99Ms', errorRatePercent: 'errorRatePercent', availabilityPercent: 'availabilityPercent', capacityHeadroomPercent: 'capacityHeadroomPercent' } as const;

/** One data model's file for one size class, with the form's values substituted in. */
function block(dataModel: DataModel, envelope: Envelope, env: Environment): string {
  const regions = env.regions.map((r) => r.region);
  const requirements: Requirements = {
    dataModel, latencyP99Ms: LATENCY[dataModel], readsPerSecond: envelope.readsPerSecond, writesPerSecond: envelope.writesPerSecond,
    itemSizeBytes: FORM_BOUNDS.itemSizeBytes, replication: 'multi-region', consistency: dataModel === 'key-value-cache' || dataModel === 'search' ? 'eventual' : 'regional',
    datasetGiB: envelope.datasetGiB, monthlyGrowthPercent: FORM_BOUNDS.monthlyGrowthPercent,
    ...(dataModel === 'queue' ? { priorities: true, delayedDelivery: true } : {}),
  };
  // The largest workload is not always at the largest item: memory per byte grows as items shrink
  // (memcached's slab chunks), throughput units as they grow (Keyspaces). Size at each end of the
  // form's range and keep the file that fits both.
  const sla = { latencyP99Ms: LATENCY[dataModel], errorRatePercent: 1, availabilityPercent: 99.9, capacityHeadroomPercent: FORM_BOUNDS.capacityHeadroomPercent };
  const ends = [FORM_BOUNDS.itemSizeBytes, FORM_BOUNDS.minItemSizeBytes];
  const sized = ends.map((itemSizeBytes) => newService({
    name: NAME, owner: 'zz-owner', description: 'zz-description', regions, requirements: { ...requirements, itemSizeBytes }, sla,
  }, env));
  const s = sized.find((c) => ends.every((itemSizeBytes) => capacityFits(c, { ...requirements, itemSizeBytes }, env)));
  if (!s) throw new Error(`skeleton: no ${dataModel} file sized for ${ends.join(' or ')}-byte items fits both: narrow FORM_BOUNDS`);
  const doc = parseDocument(renderNewService(s));
  const placeholder = (v: string) => `@@${v}@@`;
  doc.setIn(['owner'], placeholder('values.owner'));
  doc.setIn(['description'], placeholder('values.description | dump'));
  doc.setIn(['regions'], placeholder('values.regions | dump'));
  for (const f of REQUIREMENT_FIELDS) doc.setIn(['requirements', f], placeholder(`values.${f}`));
  if (dataModel === 'queue') for (const f of ['priorities', 'delayedDelivery']) doc.setIn(['requirements', f], placeholder(`values.${f}`));
  // A retention only lowers the projected dataset, so the envelope (none) still bounds it.
  doc.setIn(['requirements', 'retentionDays'], placeholder('values.retentionDays'));
  for (const [k, v] of Object.entries(SLA_FIELDS)) doc.setIn(['sla', k], placeholder(`values.${v}`));
  // The leading region of the settings is the service's first region.
  visit(doc.get('environments', true) as never, {
    Pair(_, pair) {
      if (isScalar(pair.key) && /region/i.test(String(pair.key.value)) && isScalar(pair.value) && pair.value.value === regions[0]) {
        pair.value.value = placeholder('values.regions[0]');
      }
    },
  });
  // Region-keyed maps (windows, zones, hostnames per region) hold every platform region here; the
  // file keeps only the chosen ones: each entry is wrapped in `{% if "<region>" in values.regions %}`.
  // The form requires at least one region, all from the platform, so no map is left empty.
  visit(doc.get('environments', true) as never, {
    Map(_, map) {
      const keys = map.items.map((i) => (isScalar(i.key) ? String(i.key.value) : undefined));
      if (keys.length === 0 || !keys.every((k) => k !== undefined && regions.includes(k))) return;
      if (keys.length !== regions.length) throw new Error(`skeleton: a region-keyed map has ${keys.join(', ')}, not every platform region (${regions.join(', ')})`);
      for (const i of map.items) if (isScalar(i.key)) i.key.value = `@@IF:${String(i.key.value)}@@`;
    },
  });
  let text = doc.toString({ lineWidth: 0 }).replace('generated by `npm run new-service`', 'created with the Backstage template new-service');
  text = onlyChosenRegions(text);
  text = text.replace(/["']?@@([^@]+)@@["']?/g, (_, expr: string) => `\${{ ${expr} }}`);
  // Names derived from the service name: kebab-case and, for keyspaces, snake_case.
  text = text.split(NAME.replace(/-/g, '_')).join('${{ values.name | replace("-", "_") }}').split(NAME).join('${{ values.name }}');
  return text;
}

/** The planner accepts `s`'s sizes for `requirements` (what the catalog checks when it loads the file). */
function capacityFits(s: NewService, requirements: Requirements, env: Environment): boolean {
  const template = TEMPLATES.find((x) => x.store === s.store && x.dataModel === requirements.dataModel)!;
  const entry = { ...s.entry, requirements };
  return serviceProblems(entry, prodReport(template, entry, env)).length === 0;
}

/** Wraps each marked region entry (its key line and the deeper-indented lines under it) in `{% if "<region>" in values.regions %}`. */
function onlyChosenRegions(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  const indentOf = (l: string) => /^ */.exec(l)![0].length;
  for (let i = 0; i < lines.length; i++) {
    const m = /^( *)["']?@@IF:([a-z0-9-]+)@@["']?:(.*)$/.exec(lines[i]);
    if (!m) { out.push(lines[i]); continue; }
    const [, indent, region, rest] = m;
    let end = i + 1;
    while (end < lines.length && lines[end].trim() !== '' && indentOf(lines[end]) > indent.length) end++;
    out.push(`${indent}{% if "${region}" in values.regions %}`, `${indent}${region}:${rest}`, ...lines.slice(i + 1, end), `${indent}{% endif %}`);
    i = end - 1;
  }
  if (out.some((l) => l.includes('@@IF:'))) throw new Error('skeleton: a region key was not wrapped in its if');
  return out.join('\n');
}

/** The skeleton file: one `{% if %}` block per data model and size class. */
export function scaffolderSkeleton(env: Environment): string {
  return DATA_MODELS.flatMap((m) => Object.entries(SIZE_CLASSES).map(([size, envelope]) =>
    `{% if values.dataModel == "${m}" and values.sizeClass == "${size}" %}\n${block(m, envelope, env)}{% endif %}\n`)).join('');
}

export const SKELETON_FILE = join(__dirname, '..', '..', 'backstage', 'templates', 'new-service', 'skeleton', 'services', '${{ values.name }}.yaml');

if (require.main === module) {
  writeFileSync(SKELETON_FILE, scaffolderSkeleton(resolvePlatform(platform).find((e) => e.name === 'prod')!));
}
