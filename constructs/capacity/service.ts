import type { CatalogProblem } from '../catalog/load';
import type { CatalogEntry, ClusterShape, Store } from '../catalog/model';
import { failureDomainProblems, failureDomainReport } from '../failure-domains/failure-domains';
import { EVCACHE_LIMITS } from '../evcache/limits';
import { STORE_OPERATIONS } from '../maintenance/operations';
import { maintenanceTable } from '../maintenance/windows';
import { type CassandraPlan, planCassandra, planKeyspaces } from './cassandra';
import { ELASTICACHE_NODE_TYPES, type InstanceFact, MEMORYDB_NODE_TYPES, NEPTUNE_CLASSES, OPENSEARCH_NODE_TYPES, instanceFact } from './data/aws-instances';
import { planElasticsearch } from './elasticsearch';
import { STORE_FORMULAS } from './formulas';
import { planGraph } from './graph';
import { planMemcached } from './memcached';
import { planRedis } from './redis';
import { type CapacityCheck, type CapacityReport, type CapacitySection, capacityCheck, capacityProblems } from './report';
import { type Workload, projectDataset, resolveWorkload } from './workload';

/** What the planner reads of one catalog entry in one environment. */
export interface ServiceSizingInput {
  readonly entry: CatalogEntry;
  readonly store: Store;
  readonly environment: string;
  /** The store's shape in the environment (the template's `shape`: the Kubernetes flavor's placements). */
  readonly shape: ClusterShape;
}

/** The workload of a catalog entry: its `requirements` with the SLA's headroom and the replication factor of a region. */
export function workloadOf(entry: CatalogEntry, replicationFactor: number): Workload {
  const r = entry.requirements;
  return {
    readsPerSecond: r.readsPerSecond, writesPerSecond: r.writesPerSecond, itemSizeBytes: r.itemSizeBytes ?? 1024,
    datasetGiB: r.datasetGiB, monthlyGrowthPercent: r.monthlyGrowthPercent, retentionDays: r.retentionDays,
    replicationFactor, headroomPercent: entry.sla.capacityHeadroomPercent,
  };
}

/** Reads `environments.<env>.<path>` of the entry; undefined when any step is missing. */
function setting(entry: CatalogEntry, environment: string, path: string): unknown {
  let v: unknown = entry.environments[environment];
  for (const key of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Sizes a store of one region; returns its sections and its checks against what the file sets. */
type Sizer = (ctx: SizerContext) => { sections: CapacitySection[]; checks: CapacityCheck[]; notes: string[] };

interface SizerContext {
  readonly input: ServiceSizingInput;
  /** `environments.prod.` prefixed to a field of the file, for messages. */
  field(path: string): string;
  get(path: string): unknown;
}

const cassandraRegion = (ctx: SizerContext, prefix: string, title: string) => {
  const sections: CapacitySection[] = [];
  const checks: CapacityCheck[] = [];
  for (const p of ctx.input.shape.placements) {
    const plan: CassandraPlan = planCassandra(workloadOf(ctx.input.entry, p.replicationFactor), { zones: p.zones.length });
    sections.push({ title: `${title} ${p.region} (Kubernetes)`, figures: { ...plan } });
    const nodesPerZone = num(ctx.get(`${prefix}.nodesPerZone`)) ?? p.nodesPerZone;
    checks.push(capacityCheck(`${title} ${p.region}: nodes per zone`, ctx.field(`${prefix}.nodesPerZone`), plan.nodesPerZone, nodesPerZone, 'nodes',
      `limited by ${plan.limitedBy}: ${plan.nodesForData} for data, ${plan.nodesForThroughput} for throughput, RF ${p.replicationFactor}`));
    const storage = num(ctx.get(`${prefix}.storageGiB`));
    if (storage !== undefined) {
      // Over the nodes the file runs (at least the planner's): more nodes than needed hold less each.
      const nodes = Math.max(plan.nodes, nodesPerZone * p.zones.length);
      const perNode = Math.ceil(plan.dataPerRegionGiB / nodes / (plan.maxDiskUtilizationPercent / 100) - 1e-9);
      checks.push(capacityCheck(`${title} ${p.region}: data volume per node`, ctx.field(`${prefix}.storageGiB`), perNode, storage, 'GiB',
        `${Math.round(plan.dataPerRegionGiB)} GiB per region over ${nodes} nodes at <= ${plan.maxDiskUtilizationPercent}% disk use (compaction headroom)`));
    }
  }
  return { sections, checks };
};

const elasticsearchRegion = (ctx: SizerContext, prefix: string, nodesPath: string, title: string, memoryGiB: number | undefined) => {
  const sections: CapacitySection[] = [];
  const checks: CapacityCheck[] = [];
  for (const p of ctx.input.shape.placements) {
    const plan = planElasticsearch(workloadOf(ctx.input.entry, p.replicationFactor), { zones: p.zones.length, dataNodeMemoryGiB: memoryGiB });
    sections.push({ title: `${title} ${p.region} (Kubernetes)`, figures: { ...plan } });
    const nodesPerZone = num(ctx.get(nodesPath)) ?? p.nodesPerZone;
    checks.push(capacityCheck(`${title} ${p.region}: data nodes per zone`, ctx.field(nodesPath), plan.dataNodesPerZone, nodesPerZone, 'nodes',
      `${plan.nodesForStorage} for storage, ${plan.nodesForShards} for ${plan.totalShards} shards, ${plan.replicas + 1} copies`));
    const storage = num(ctx.get(`${prefix}.storageGiB`));
    if (storage !== undefined) {
      const perNode = Math.ceil(plan.storageGiB / (nodesPerZone * p.zones.length));
      checks.push(capacityCheck(`${title} ${p.region}: volume per data node`, ctx.field(`${prefix}.storageGiB`), perNode, storage, 'GiB',
        `${Math.round(plan.storageGiB)} GiB per region (AWS's storage rule with headroom) over ${nodesPerZone * p.zones.length} data nodes`));
    }
  }
  return { sections, checks };
};

const memoryOf = (table: readonly InstanceFact[], name: string | undefined, field: string) =>
  name === undefined ? undefined : instanceFact(table, name, field);

const unverifiedNote = (f: InstanceFact | undefined) => f && !f.verified
  ? [`${f.name}: ${f.memoryGiB} GiB of memory is not in the stored vendor docs (${f.source}); check the pricing page before sizing close to it.`] : [];

/** The title of the section that carries the node sizes the planner picked instead of the file's (new-service writes them). */
export const EVCACHE_RESIZED = 'EVCache: larger nodes';

/** Largest item memory (`memcached -m`) of one Kubernetes pod the planner sizes up to, MiB: our rule, a pod that still fits a 4xlarge memory-optimised worker (128 GiB) beside its overhead is at most 112 GiB of items. */
export const EVCACHE_MAX_POD_CACHE_MIB = 114_688;

/**
 * The node size that keeps nodesPerZone within its limit (`EVCACHE_LIMITS.nodesPerZone`) in every
 * region, starting from the file's: on AWS the next ElastiCache types of the same family the planner
 * knows (`ELASTICACHE_NODE_TYPES`), on Kubernetes the pod's item memory doubled up to
 * `EVCACHE_MAX_POD_CACHE_MIB`. No checks when the file's size fits; else a failed check on the size
 * field with the size that fits, or, when none does, the size that would and the limit.
 */
function evcacheNodeSize(ctx: SizerContext, flavor: 'AWS' | 'Kubernetes', memoryGiB: number, type?: InstanceFact):
  { memoryGiB: number; type?: InstanceFact; checks: CapacityCheck[]; resized: Record<string, string | number> } {
  const max = EVCACHE_LIMITS.nodesPerZone.max;
  const reserved = flavor === 'AWS' ? 10 : 0;
  const plans = (gib: number) => ctx.input.shape.placements.map((p) =>
    planMemcached(workloadOf(ctx.input.entry, p.replicationFactor), { zones: p.zones.length, nodeMemoryGiB: gib, reservedMemoryPercent: reserved }));
  const nodes = (gib: number) => Math.max(0, ...plans(gib).map((pl) => pl.nodesPerZone));
  if (nodes(memoryGiB) <= max) return { memoryGiB, type, checks: [], resized: {} };
  const limit = `nodesPerZone <= ${max}: ${EVCACHE_LIMITS.nodesPerZone.source}`;
  const perZoneGiB = Math.max(...plans(memoryGiB).map((pl) => pl.memoryPerZoneGiB));
  const neededGiB = perZoneGiB / max / (1 - reserved / 100);
  if (flavor === 'AWS' && type) {
    const family = /^cache\.([a-z0-9]+)\./.exec(type.name)?.[1];
    const larger = ELASTICACHE_NODE_TYPES.filter((t) => /^cache\.([a-z0-9]+)\./.exec(t.name)?.[1] === family && t.memoryGiB > type.memoryGiB)
      .sort((a, b) => a.memoryGiB - b.memoryGiB);
    const pick = larger.find((t) => nodes(t.memoryGiB) <= max);
    const largest = larger[larger.length - 1] ?? type;
    const subject = `EVCache (AWS, ${type.name}): memory per node`;
    const field = ctx.field('aws.nodeType');
    if (pick) {
      return { memoryGiB: pick.memoryGiB, type: pick, resized: { 'aws.nodeType': pick.name }, checks: [capacityCheck(subject, field, pick.memoryGiB, type.memoryGiB, 'GiB per node',
        `${type.name} needs ${nodes(type.memoryGiB)} nodes per zone, above ${limit}; ${pick.name} (${pick.memoryGiB} GiB) needs ${nodes(pick.memoryGiB)}`)] };
    }
    return { memoryGiB, type, resized: {}, checks: [capacityCheck(subject, field, Math.ceil(neededGiB * 100) / 100, type.memoryGiB, 'GiB per node',
      `${perZoneGiB.toFixed(1)} GiB per zone in at most ${max} nodes (${limit}); the largest ${family} type the planner knows, ${largest.name} (${largest.memoryGiB} GiB), needs ${nodes(largest.memoryGiB)} nodes per zone: cache less of the dataset or split it`)] };
  }
  const configuredMiB = Math.round(memoryGiB * 1024);
  const sizes: number[] = [];
  for (let m = configuredMiB * 2; m <= EVCACHE_MAX_POD_CACHE_MIB; m *= 2) sizes.push(m);
  const pick = sizes.find((m) => nodes(m / 1024) <= max);
  const subject = `EVCache (Kubernetes, cacheMemoryMiB ${configuredMiB}): item memory per pod`;
  const field = ctx.field('kubernetes.cacheMemoryMiB');
  if (pick) {
    return { memoryGiB: pick / 1024, resized: { 'kubernetes.cacheMemoryMiB': pick }, checks: [capacityCheck(subject, field, pick, configuredMiB, 'MiB',
      `${configuredMiB} MiB per pod needs ${nodes(memoryGiB)} pods per zone, above ${limit}; ${pick} MiB (the item memory doubled until it fits) needs ${nodes(pick / 1024)}`)] };
  }
  return { memoryGiB, resized: {}, checks: [capacityCheck(subject, field, Math.ceil(neededGiB * 1024), configuredMiB, 'MiB',
    `${perZoneGiB.toFixed(1)} GiB per zone in at most ${max} pods (${limit}); the largest pod the planner sizes, ${EVCACHE_MAX_POD_CACHE_MIB} MiB, needs ${nodes(EVCACHE_MAX_POD_CACHE_MIB / 1024)} pods per zone: cache less of the dataset or split it`)] };
}

const SIZERS: Readonly<Record<Store, Sizer>> = {
  cassandra: (ctx) => {
    const { sections, checks } = cassandraRegion(ctx, 'cassandra', 'Cassandra');
    const keyspaces = planKeyspaces(workloadOf(ctx.input.entry, 3));
    sections.push({ title: 'Amazon Keyspaces, per region (AWS)', figures: { ...keyspaces } });
    const capacity = ctx.get('capacity');
    const notes: string[] = [];
    if (capacity && typeof capacity === 'object') {
      const c = capacity as Record<string, unknown>;
      if (num(c.writeCapacityUnits) !== undefined) {
        checks.push(capacityCheck('Keyspaces: write capacity units', ctx.field('capacity.writeCapacityUnits'), keyspaces.writeCapacityUnits, num(c.writeCapacityUnits)!, 'WCU',
          `${keyspaces.peakWriteUnits} WCU at peak / (1 - headroom)`));
      }
      if (num(c.readCapacityUnits) !== undefined) {
        checks.push(capacityCheck('Keyspaces: read capacity units', ctx.field('capacity.readCapacityUnits'), keyspaces.readCapacityUnits, num(c.readCapacityUnits)!, 'RCU',
          `${keyspaces.peakReadUnits} RCU at peak / (1 - headroom)`));
      }
    } else {
      notes.push(`Keyspaces runs on-demand; the planner recommends ${keyspaces.recommendedMode} (average utilisation ${keyspaces.averageUtilizationPercent.toFixed(1)}%).`);
    }
    return { sections, checks, notes };
  },
  evcache: (ctx) => {
    const sections: CapacitySection[] = [];
    const checks: CapacityCheck[] = [];
    const configuredType = memoryOf(ELASTICACHE_NODE_TYPES, str(ctx.get('aws.nodeType')), ctx.field('aws.nodeType'));
    const configuredCacheMiB = num(ctx.get('kubernetes.cacheMemoryMiB'));
    // nodesPerZone has a ceiling (one ElastiCache cluster per zone): when the node size in the file
    // needs more nodes than that, the planner sizes with larger nodes (evcacheNodeSize).
    const aws = configuredType && evcacheNodeSize(ctx, 'AWS', configuredType.memoryGiB, configuredType);
    const k8s = configuredCacheMiB === undefined ? undefined : evcacheNodeSize(ctx, 'Kubernetes', configuredCacheMiB / 1024);
    const nodeType = aws?.type ?? configuredType;
    const cacheMiB = k8s ? Math.round(k8s.memoryGiB * 1024) : configuredCacheMiB;
    const resized: Record<string, string | number> = {};
    for (const r of [aws, k8s]) if (r) { checks.push(...r.checks); Object.assign(resized, r.resized); }
    const podMiB = num(ctx.get('kubernetes.memoryMiB'));
    // The container limit grows with the item memory, keeping the reference pod's proportion for connections and the hash table.
    if (resized['kubernetes.cacheMemoryMiB'] !== undefined && podMiB !== undefined && configuredCacheMiB) {
      resized['kubernetes.memoryMiB'] = Math.ceil(podMiB * (cacheMiB! / configuredCacheMiB));
    }
    if (Object.keys(resized).length > 0) sections.push({ title: `${EVCACHE_RESIZED}: ${EVCACHE_LIMITS.nodesPerZone.max} nodes per zone at most`, figures: resized });
    for (const p of ctx.input.shape.placements) {
      const w = workloadOf(ctx.input.entry, p.replicationFactor);
      for (const [flavor, memoryGiB, field] of [['AWS', nodeType?.memoryGiB, 'aws.nodeType'], ['Kubernetes', cacheMiB && cacheMiB / 1024, 'kubernetes.cacheMemoryMiB']] as const) {
        if (memoryGiB === undefined) continue;
        // ElastiCache's node memory already excludes the engine; memcached's -m on Kubernetes is item memory only.
        const plan = planMemcached(w, { zones: p.zones.length, nodeMemoryGiB: memoryGiB, reservedMemoryPercent: flavor === 'AWS' ? 10 : 0 });
        sections.push({ title: `EVCache ${p.region} (${flavor}, ${memoryGiB} GiB per node)`, figures: { ...plan } });
        checks.push(capacityCheck(`EVCache ${p.region} (${flavor}, ${field} ${memoryGiB} GiB): nodes per zone`, ctx.field('nodesPerZone'), plan.nodesPerZone,
          num(ctx.get('nodesPerZone')) ?? p.nodesPerZone, 'nodes',
          `${plan.nodesForMemory} for ${plan.memoryPerZoneGiB.toFixed(1)} GiB per zone (every zone holds a full copy), ${plan.nodesForThroughput} for ${Math.round(plan.requestsPerZonePerSecond)} requests/s per zone`));
      }
    }
    const notes = [...unverifiedNote(configuredType), ...(nodeType !== configuredType ? unverifiedNote(nodeType) : [])];
    return { sections, checks, notes };
  },
  elasticsearch: (ctx) => {
    const memMiB = num(ctx.get('kubernetes.memoryMiB'));
    const k8s = elasticsearchRegion(ctx, 'kubernetes', 'nodesPerZone', 'Elasticsearch', memMiB && memMiB / 1024);
    const type = memoryOf(OPENSEARCH_NODE_TYPES, str(ctx.get('aws.dataNodeType')), ctx.field('aws.dataNodeType'));
    const sections = [...k8s.sections];
    const checks = [...k8s.checks];
    for (const p of ctx.input.shape.placements) {
      const plan = planElasticsearch(workloadOf(ctx.input.entry, p.replicationFactor), { zones: p.zones.length, dataNodeMemoryGiB: type?.memoryGiB });
      sections.push({ title: `OpenSearch Service ${p.region} (AWS${type ? `, ${type.name}` : ''})`, figures: { ...plan } });
      const perNode = num(ctx.get('aws.storageGiBPerNode'));
      if (perNode !== undefined) {
        const need = Math.ceil(plan.storageGiB / p.nodesPerZone / p.zones.length);
        checks.push(capacityCheck(`OpenSearch ${p.region}: EBS per data node`, ctx.field('aws.storageGiBPerNode'), need, perNode, 'GiB',
          `${Math.round(plan.storageGiB)} GiB per region over ${p.nodesPerZone * p.zones.length} data nodes`));
      }
    }
    return { sections, checks, notes: unverifiedNote(type) };
  },
  dynomite: (ctx) => {
    const sections: CapacitySection[] = [];
    const checks: CapacityCheck[] = [];
    const redisMiB = num(ctx.get('dynomite.redisMemoryMiB'));
    const type = memoryOf(MEMORYDB_NODE_TYPES, str(ctx.get('memoryDb.nodeType')), ctx.field('memoryDb.nodeType'));
    for (const p of ctx.input.shape.placements) {
      const w = workloadOf(ctx.input.entry, p.replicationFactor);
      if (redisMiB !== undefined) {
        // redisMemoryMiB is the container's memory: the fork factor is applied inside planRedis.
        const plan = planRedis(w, { nodeMemoryGiB: redisMiB / 1024 });
        sections.push({ title: `Dynomite ${p.region} (Kubernetes, ${redisMiB} MiB Redis per node)`, figures: { ...plan } });
        checks.push(capacityCheck(`Dynomite ${p.region}: nodes per rack`, ctx.field('dynomite.nodesPerZone'), plan.shards,
          num(ctx.get('dynomite.nodesPerZone')) ?? p.nodesPerZone, 'nodes',
          `every rack holds the whole dataset: ${plan.shardsForMemory} nodes for ${plan.dataMemoryGiB.toFixed(2)} GiB (2× for fork copy-on-write), ${plan.shardsForThroughput} for throughput`));
      }
    }
    if (type) {
      const plan = planRedis(workloadOf(ctx.input.entry, 1), { nodeMemoryGiB: type.memoryGiB });
      sections.push({ title: `MemoryDB, per region (AWS, ${type.name})`, figures: { ...plan } });
      const shards = num(ctx.get('memoryDb.numShards'));
      if (shards !== undefined) {
        checks.push(capacityCheck('MemoryDB: shards', ctx.field('memoryDb.numShards'), plan.shards, shards, 'shards',
          `${plan.shardsForMemory} for memory, ${plan.shardsForThroughput} for throughput`));
      }
      const replicas = num(ctx.get('memoryDb.replicasPerShard'));
      if (replicas !== undefined) {
        checks.push(capacityCheck('MemoryDB: replicas per shard', ctx.field('memoryDb.replicasPerShard'), 1, replicas, 'replicas',
          'a shard without a replica loses its primary\'s writes until MemoryDB restores it from the transaction log (no failover target)'));
      }
    }
    return { sections, checks, notes: unverifiedNote(type) };
  },
  graph: (ctx) => {
    const sections: CapacitySection[] = [];
    const checks: CapacityCheck[] = [];
    const plan = planGraph(workloadOf(ctx.input.entry, 1), { instanceClasses: NEPTUNE_CLASSES.map((c) => ({ name: c.name, memoryGiB: c.memoryGiB })) });
    sections.push({ title: 'Neptune, per region (AWS)', figures: { ...plan } });
    const configured = memoryOf(NEPTUNE_CLASSES, str(ctx.get('neptune.instanceClass')), ctx.field('neptune.instanceClass'));
    const notes = unverifiedNote(configured);
    // Neptune serves a graph larger than its buffer cache (misses read the cluster volume, slower
    // but correct), so a class too small for the whole working set is advice, not a failure.
    if (configured && configured.memoryGiB < plan.requiredMemoryGiB) {
      notes.push(`${ctx.field('neptune.instanceClass')} ${configured.name} (${configured.memoryGiB} GiB) caches less than the projected working set ` +
        `(${Math.ceil(plan.requiredMemoryGiB)} GiB of memory needed with headroom; ${plan.fits ? `smallest fitting class ${plan.instanceClass}` : 'no class fits: partition the graph'}): ` +
        'traversals outside the cached part read the cluster volume.');
    }
    const cassandra = cassandraRegion(ctx, 'janusGraph.cassandra', 'JanusGraph storage (Cassandra)');
    return { sections: [...sections, ...cassandra.sections], checks: [...checks, ...cassandra.checks], notes };
  },
};

/**
 * The capacity report of a catalog entry in one environment, for both flavors: the planner's
 * sizes from `requirements` (with the SLA's `capacityHeadroomPercent`) and, where the file sets
 * sizes, the checks of those sizes.
 */
export function serviceCapacityReport(input: ServiceSizingInput): CapacityReport {
  const rf = input.shape.placements[0]?.replicationFactor ?? 1;
  const workload = workloadOf(input.entry, rf);
  const ctx: SizerContext = {
    input,
    field: (path) => `environments.${input.environment}.${path}`,
    get: (path) => setting(input.entry, input.environment, path),
  };
  const sized = SIZERS[input.store](ctx);
  const formulas: CapacitySection = {
    title: 'How these figures are computed',
    figures: Object.fromEntries(STORE_FORMULAS[input.store].map((f) => [f.figure, `${f.formula} (source: ${f.source})`])),
  };
  const { checks, notes } = sized;
  const sections = [...sized.sections, formulas];
  return {
    useCase: input.entry.service, environment: input.environment,
    workload: resolveWorkload(workload),
    projection: projectDataset(workload), sections, checks, notes,
  };
}


/**
 * The capacity planner's figure for one size field of a catalog entry in one environment, for a
 * template whose file omits it: the largest `required` of the report's checks on
 * `environments.<env>.<path>` (the figure a failing check would ask for). `input.shape` carries the
 * placements (regions, zones, replication factor); its `nodesPerZone` need not be the planner's.
 * Throws when the report has no check on the field (the planner cannot size it from this file).
 */
export function plannedFigure(input: ServiceSizingInput, path: string): number {
  const field = `environments.${input.environment}.${path}`;
  // A size the report checks only where the file sets it is checked here against a placeholder:
  // the figure a check requires does not depend on the configured value of its own field.
  const entry = setting(input.entry, input.environment, path) === undefined ? withPlaceholder(input.entry, input.environment, path) : input.entry;
  const required = serviceCapacityReport({ ...input, entry }).checks.filter((c) => c.field === field).map((c) => c.required);
  if (required.length === 0) throw new Error(`${input.entry.service}: the capacity planner has no figure for ${field}; set it in ${input.entry.file}`);
  return Math.max(...required);
}

/** A copy of the entry with `environments.<env>.<path>` set to 1 (the objects on the way copied, not shared). */
function withPlaceholder(entry: CatalogEntry, environment: string, path: string): CatalogEntry {
  const keys = [environment, ...path.split('.')];
  const set = (o: unknown, i: number): Record<string, unknown> => {
    const copy = { ...(o && typeof o === 'object' ? o as Record<string, unknown> : {}) };
    copy[keys[i]] = i === keys.length - 1 ? 1 : set(copy[keys[i]], i + 1);
    return copy;
  };
  return { ...entry, environments: set(entry.environments, 0) as CatalogEntry['environments'] };
}

/**
 * The whole report of a catalog entry in one environment: sizes, the maintenance table of its
 * store (`STORE_OPERATIONS`, staggered by `maintenanceTable`) and its failure domains.
 */
export function serviceReport(input: ServiceSizingInput, primaryRegion: string): CapacityReport {
  return {
    ...serviceCapacityReport(input),
    maintenance: maintenanceTable(STORE_OPERATIONS[input.store], input.shape.placements),
    failureDomains: failureDomainReport(input.entry, input.store, input.shape, input.environment, primaryRegion),
  };
}

/**
 * Why a catalog entry cannot carry its own requirements: sizes the file sets below the planner's
 * (the message gives the planner's figure) and losses its requirements must survive but its
 * topology cannot. Empty when it can.
 */
export function serviceProblems(entry: CatalogEntry, report: CapacityReport): CatalogProblem[] {
  const sizes = report.checks.filter((c) => !c.ok).map((c) => ({ file: entry.file, path: c.field, reason: capacityProblems([c])[0].replace(/^`[^`]+` /, '') }));
  const domains = report.failureDomains ? failureDomainProblems(report.failureDomains, entry).map((p) => ({ file: entry.file, ...p })) : [];
  return [...sizes, ...domains];
}

/**
 * One line of the planner's sizes for a region of the report, for the topology picture:
 * `capacity planner (us-east-1): nodes per zone >= 2 (configured 2), data volume per node >= 571 GiB (configured 1000)`.
 */
export function plannerSummary(report: CapacityReport, region: string): string {
  const checks = report.checks.filter((c) => c.subject.includes(region) || !/\b[a-z]{2}-[a-z]+-\d\b/.test(c.subject));
  if (checks.length === 0) return `capacity planner: no sizes set in the file (see cdk.out/capacity/${report.useCase}.md)`;
  const seen = new Set<string>();
  const parts = checks.map((c) => `${c.subject.replace(/^.*: /, '')} >= ${Math.round(c.required * 100) / 100} ${c.unit} (configured ${c.configured})`)
    .filter((t) => !seen.has(t) && seen.add(t));
  return `capacity planner (${region}): ${parts.join(', ')}`;
}
