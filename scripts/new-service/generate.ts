import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, parse } from 'yaml';
import { NEPTUNE_CLASSES } from '../../constructs/capacity/data/aws-instances';
import type { CapacityReport } from '../../constructs/capacity/report';
import { EVCACHE_RESIZED, serviceReport } from '../../constructs/capacity/service';
import type { CatalogEntry, Requirements } from '../../constructs/catalog/model';
import { selectStore } from '../../constructs/catalog/selection';
import type { Environment } from '../../constructs/platform/config';
import type { ServiceLevelObjectives } from '../../constructs/platform/sla';
import type { UseCaseTemplate } from '../../lib/use-case';
import { CATALOG_DIR, TEMPLATES } from '../../lib/use-cases';

/** What a team answers: the catalog entry's own fields. */
export interface NewServiceAnswers {
  /** kebab-case; the file is `services/<name>.yaml` and the name prefixes stacks and charts. */
  readonly name: string;
  readonly owner: string;
  readonly description?: string;
  readonly regions: readonly string[];
  readonly requirements: Requirements;
  readonly sla: ServiceLevelObjectives;
}

/** Why each requirement and SLA field matters, as the comment above it in the generated file. */
export const FIELD_COMMENTS: Readonly<Record<string, string>> = {
  dataModel: 'What the service stores; with latency and consistency it picks the store.',
  latencyP99Ms: 'p99 latency the service needs from the store, in ms.',
  readsPerSecond: 'Peak reads per second served by one region (clients read their local region).',
  writesPerSecond: 'Peak writes per second, all regions together (every region applies every write).',
  itemSizeBytes: 'Average item size, key included, in bytes: sizes memory, disks and capacity units.',
  replication: 'single-region, or multi-region (the service survives the loss of a region).',
  consistency: 'What a read must see: eventual, regional (quorum in the region) or global.',
  datasetGiB: 'Data today, one copy, in GiB.',
  monthlyGrowthPercent: 'Growth per month, compounded over the 12-month planning horizon.',
  retentionDays: 'Items expire after this many days: caps the projected dataset.',
  priorities: 'Deliver by priority within a shard (queues only).',
  delayedDelivery: 'Deliver at a time in the future (queues only).',
  errorRatePercent: 'Alarm when more requests than this fail, in percent.',
  availabilityPercent: 'Availability objective, in percent.',
  capacityHeadroomPercent: 'Capacity kept free at peak: the planner sizes for (1 - headroom) utilisation.',
};

const snake = (s: string) => s.replace(/-/g, '_');

/**
 * The reference service of a template: `services/<template.exemplar>.yaml`, the file the template was
 * written for. A new service of the same template starts from its settings.
 */
function exemplarSettings(exemplar: string, dir: string): { regions: string[]; settings: Record<string, unknown> } {
  const y = parse(readFileSync(join(dir, `${exemplar}.yaml`), 'utf8')) as { regions: string[]; environments: { prod: Record<string, unknown> } };
  return { regions: y.regions, settings: y.environments.prod };
}

/**
 * The exemplar's settings adapted to a new service: names derived from the new name (the
 * exemplar's name, kebab or snake case, replaced in every string, EVCache names cut to 20
 * characters), region-keyed maps rebuilt for the new regions (zone lists from the platform),
 * leader/primary regions set to the first region.
 */
function adapt(value: unknown, from: { name: string; regions: string[] }, to: { name: string; regions: readonly string[]; env: Environment }, key = ''): unknown {
  if (typeof value === 'string') {
    if (from.regions.includes(value) && /region/i.test(key)) return to.regions[0];
    let s = value.split(from.name).join(to.name).split(snake(from.name)).join(snake(to.name));
    if (key === 'cacheName') s = s.slice(0, 20).replace(/-+$/, '');
    if (key === 'identifier' || key === 'domainName') s = s.slice(0, 28).replace(/-+$/, '');
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => adapt(v, from, to, key));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const regionKeyed = entries.length > 0 && entries.every(([k]) => from.regions.includes(k));
    if (regionKeyed) {
      const [firstRegion, firstValue] = entries[0];
      return Object.fromEntries(to.regions.map((r) => {
        const zones = to.env.region(r).availabilityZones;
        const v = (value as Record<string, unknown>)[r] ?? firstValue;
        if (Array.isArray(v) && v.every((z) => typeof z === 'string' && z.startsWith(firstRegion) || typeof z === 'string' && from.regions.some((fr) => z.startsWith(fr)))) {
          return [r, zones.slice(0, Math.max(1, Math.min(zones.length, v.length)))];
        }
        return [r, typeof v === 'string' ? v.split(firstRegion).join(r) : adapt(v, from, to)];
      }));
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, adapt(v, from, to, k)]));
  }
  return value;
}

/** The `enum` of the settings schema at a dotted path, or [] when the field is free. */
function schemaEnum(schema: object, path: string): string[] {
  let node = schema as { properties?: Record<string, unknown>; enum?: string[] };
  for (const k of path.split('.')) node = (node.properties?.[k] ?? {}) as typeof node;
  return node.enum ?? [];
}

function setPath(obj: Record<string, unknown>, path: string, v: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[keys[keys.length - 1]] = v;
}

/** A generated entry and why each size has its value. */
export interface NewService {
  readonly entry: CatalogEntry;
  readonly store: string;
  readonly storeReason: string;
  readonly template: string;
  /** The template's reference service, whose settings the new entry starts from. */
  readonly exemplar: string;
  /** `environments.prod.<path>` → the planner's reason for its value. */
  readonly sized: Readonly<Record<string, string>>;
}

/**
 * The capacity planner's report of `entry`'s `environments.prod` settings through `template`: what
 * the catalog checks when it loads the file (`serviceProblems` of it).
 */
export function prodReport(template: UseCaseTemplate<unknown, unknown>, entry: CatalogEntry, env: Environment): CapacityReport {
  const shape = template.shape(template.settings(entry, entry.environments.prod, env), env);
  return serviceReport({ entry, store: entry.store!, environment: 'prod', shape }, env.primaryRegion);
}

/**
 * A new catalog entry from the answers: the store the matrix picks (`selectStore`), the settings
 * of the template's reference service adapted to the new name and regions, and every size the
 * planner checks set to the planner's figure for these requirements (`serviceReport`), so the
 * next synth accepts it. Throws naming the field when no store meets the requirements.
 */
export function newService(a: NewServiceAnswers, env: Environment, dir: string = CATALOG_DIR): NewService {
  const { selection, problems } = selectStore(a.requirements);
  if (!selection) throw new Error(`requirements: no store meets them: ${problems.join('; ')}`);
  const template = TEMPLATES.find((t) => t.store === selection.store && t.dataModel === a.requirements.dataModel);
  if (!template) throw new Error(`requirements.dataModel: no template implements ${selection.store} for ${a.requirements.dataModel}`);
  const exemplar = exemplarSettings(template.exemplar, dir);
  const settings = adapt(exemplar.settings, { name: template.exemplar, regions: exemplar.regions }, { name: a.name, regions: a.regions, env }) as Record<string, unknown>;
  const entry = (): CatalogEntry => ({
    service: a.name, file: `services/${a.name}.yaml`, owner: a.owner, regions: [...a.regions],
    ...(a.description === undefined ? {} : { description: a.description }),
    requirements: a.requirements, sla: a.sla, store: selection.store, environments: { prod: structuredClone(settings) },
  });
  const sized: Record<string, string> = {};
  // Sizes depend on each other (a node count on the node's memory): apply the planner's figures until they hold.
  for (let pass = 0; pass < 4; pass++) {
    const e = entry();
    const report = prodReport(template, e, env);
    const wanted = new Map<string, { value: number; reason: string }>();
    const resized = report.sections.find((s) => s.title.startsWith(EVCACHE_RESIZED));
    for (const c of report.checks) {
      const path = c.field.replace(/^environments\.prod\./, '');
      // A size named by a type (aws.nodeType): the figure is its memory; the type comes from the resized section.
      if (typeof path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], settings) === 'string') {
        if (!wanted.has(path)) wanted.set(path, { value: NaN, reason: c.reason });
        continue;
      }
      const prev = wanted.get(path);
      // Replicas are availability, not capacity: keep the reference service's when it has more.
      const floor = c.unit === 'replicas' ? c.configured : 0;
      if (!prev || c.required > prev.value) wanted.set(path, { value: Math.max(c.required, floor), reason: c.reason });
    }
    const neptune = report.sections.find((s) => s.title.startsWith('Neptune'));
    let neptuneClass: string | undefined;
    if (neptune) {
      // The planner's class if the template accepts it, else the largest the template accepts.
      const allowed = schemaEnum(template.settingsSchema, 'neptune.instanceClass');
      const planned = String(neptune.figures.instanceClass);
      neptuneClass = allowed.includes(planned) ? planned : NEPTUNE_CLASSES.map((c) => c.name).filter((c) => allowed.includes(c)).pop();
      if (neptuneClass) {
        wanted.set('neptune.instanceClass', { value: NaN, reason: neptuneClass === planned && neptune.figures.fits === true
          ? `the smallest class whose buffer cache holds the working set (${planned})`
          : `the largest class the template accepts; the working set needs ${planned}${neptune.figures.fits === true ? '' : ' or more'}: traversals outside the cache read the cluster volume` });
      }
    }
    let changed = false;
    for (const [path, w] of wanted) {
      const value = path === 'neptune.instanceClass' ? neptuneClass : resized && path in resized.figures ? resized.figures[path] : w.value;
      // A type no size fits: keep the file's, whose check names the limit.
      if (typeof value === 'number' && Number.isNaN(value)) { sized[path] = w.reason; continue; }
      const current = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], settings);
      if (current !== value) { setPath(settings, path, value); changed = true; }
      sized[path] = w.reason;
    }
    // Sizes that follow a resized one (the container limit of a larger memcached -m).
    for (const [path, value] of Object.entries(resized?.figures ?? {})) {
      if (wanted.has(path)) continue;
      const current = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], settings);
      if (current !== undefined && current !== value) { setPath(settings, path, value); changed = true; }
      sized[path] = `grown with the item memory the planner picked, in the reference service's proportion (room for connections and the hash table)`;
    }
    if (!changed) break;
  }
  return { entry: entry(), store: selection.store, storeReason: selection.reason, template: template.name, exemplar: template.exemplar, sized };
}

/** The file text: the entry with a comment on every value saying why it is there. */
export function renderNewService(s: NewService): string {
  const e = s.entry;
  const doc = new Document({
    ...(e.description === undefined ? {} : { description: e.description }),
    owner: e.owner, regions: e.regions, requirements: e.requirements, sla: e.sla, store: e.store, environments: e.environments,
  });
  doc.commentBefore = ` ${e.service}: generated by \`npm run new-service\`. Review it, then open a pull request;\n` +
    ` the synth of the pull request writes cdk.out/capacity/${e.service}.md (sizes, maintenance, failure domains).`;
  const comment = (path: (string | number)[], text: string) => {
    const node = doc.getIn(path, true) as { commentBefore?: string } | undefined;
    const pair = path.length > 0 ? (doc.getIn(path.slice(0, -1), true) as { items?: { key: { value: unknown; commentBefore?: string } }[] } | undefined) : undefined;
    const item = pair?.items?.find((i) => i.key.value === path[path.length - 1]);
    if (item) item.key.commentBefore = ` ${text}`;
    else if (node) node.commentBefore = ` ${text}`;
  };
  comment(['owner'], 'The team that gets the alarms and approves changes (a Backstage group).');
  comment(['regions'], 'Where the service runs; the first region leads where the store has a leader.');
  for (const k of Object.keys(e.requirements)) if (FIELD_COMMENTS[k]) comment(['requirements', k], FIELD_COMMENTS[k]);
  for (const k of Object.keys(e.sla)) if (FIELD_COMMENTS[k]) comment(['sla', k], FIELD_COMMENTS[k]);
  comment(['sla', 'latencyP99Ms'], 'Alarm threshold for p99 latency: not looser than requirements.latencyP99Ms.');
  comment(['store'], `${s.storeReason}.`);
  comment(['environments'], `Settings of the ${s.template} template (services/${s.exemplar}.yaml is its reference service); names are derived from the service name: renaming one later replaces that resource.`);
  // The table's name is derived like every name; its row is the reference service's, which only the team can replace.
  if ((e.environments.prod as Record<string, unknown>).table !== undefined) {
    comment(['environments', 'prod', 'table'], `The table: its name is derived from the service name, its row (partition key, clustering key, columns) is ${s.exemplar}'s: ` +
      'replace it with this service\'s before the pull request. The name and the key are physical: changing them later replaces the table.');
  }
  for (const [path, reason] of Object.entries(s.sized)) comment(['environments', 'prod', ...path.split('.')], `Capacity planner: ${reason}.`);
  return doc.toString({ lineWidth: 0 });
}
