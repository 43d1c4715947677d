import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a fact about a metric comes from: a page, the copy of it that was read, and the sentence. */
export interface MetricProvenance {
  readonly title: string;
  readonly url: string;
  /** The copy that was read (repository and commit, or the search corpus). */
  readonly source: string;
  readonly quote: string;
}

/** One metric of a namespace, as AWS documents it. */
export interface CatalogMetric {
  readonly unit: string;
  /** Each set of dimension names the metric is published under (sorted when compared). */
  readonly dimensionSets: readonly (readonly string[])[];
  /** Queried without a fixed dimension set (Metrics Insights `FROM "<namespace>"`). @default false */
  readonly anyDimensions?: boolean;
  /** Statistics that mean something for this metric (`p99` etc. only where the metric keeps samples). */
  readonly statistics: readonly string[];
  /** Periods above which a statistic is no longer accurate (e.g. `FreeStorageSpace` Sum: 60 s). */
  readonly maxPeriodSeconds?: Readonly<Record<string, number>>;
  /** The sentence of the page, or why it could not be read. */
  readonly quote: string;
  /** false when the page was not read: the entry is the code's assumption, listed as such. @default true */
  readonly verified?: boolean;
}

/** The metrics of one CloudWatch namespace (`AWS/ES`, ...), one JSON file per namespace beside this one. */
export interface NamespaceCatalog {
  readonly namespace: string;
  /** How often AWS publishes a datapoint: no alarm period may be shorter. */
  readonly publishPeriodSeconds: number;
  readonly provenance: MetricProvenance;
  readonly notes?: string;
  readonly metrics: Readonly<Record<string, CatalogMetric>>;
  /** Metric names that do not exist, with what to use instead. */
  readonly absent?: Readonly<Record<string, string>>;
}

let cache: ReadonlyMap<string, NamespaceCatalog> | undefined;

/** Every namespace catalog in this folder, by namespace. */
export function cloudWatchCatalog(): ReadonlyMap<string, NamespaceCatalog> {
  if (!cache) {
    const entries = readdirSync(__dirname).filter((f) => f.endsWith('.json')).map((f) => {
      const c = JSON.parse(readFileSync(join(__dirname, f), 'utf8')) as NamespaceCatalog;
      return [c.namespace, c] as const;
    });
    cache = new Map(entries);
  }
  return cache;
}

/** A statistic in the form CloudWatch alarms and dashboards name it (`Maximum`, `p99`, `Sum`). */
export type Statistic = string;

/** One place a metric is used: what an alarm or a dashboard widget asks CloudWatch for. */
export interface MetricUse {
  /** `<template file> <logical id>` and, for a dashboard, the widget title. */
  readonly where: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly string[];
  readonly statistic: Statistic;
  readonly periodSeconds: number;
  /** Metrics Insights query: dimension set given by SCHEMA(...), or none. */
  readonly anyDimensions?: boolean;
}

/**
 * What is wrong with one use of a metric against the catalog: unknown namespace or metric, a
 * dimension set AWS does not publish, a statistic that means nothing for it, or a period shorter
 * than AWS publishes (or longer than a statistic stays accurate). Empty when it is right.
 */
export function metricUseProblems(use: MetricUse, catalog = cloudWatchCatalog()): string[] {
  const at = `${use.where}: ${use.namespace} ${use.metricName}`;
  const ns = catalog.get(use.namespace);
  if (!ns) return [`${at}: namespace ${use.namespace} is not in the catalog (constructs/monitoring/catalog/cloudwatch/)`];
  const m = ns.metrics[use.metricName];
  if (!m) {
    const instead = ns.absent?.[use.metricName];
    return [`${at}: metric is not in the ${use.namespace} catalog${instead ? ` (${instead})` : ''}; known: ${Object.keys(ns.metrics).join(', ')}`];
  }
  const problems: string[] = [];
  const key = (d: readonly string[]) => [...d].sort().join(',');
  if (use.anyDimensions) {
    if (!m.anyDimensions) problems.push(`${at}: queried without a dimension set, but the catalog lists only [${m.dimensionSets.map(key).join('] [')}]`);
  } else if (!m.dimensionSets.some((d) => key(d) === key(use.dimensions))) {
    problems.push(`${at}: dimensions [${key(use.dimensions)}] are not a published set; allowed: [${m.dimensionSets.map(key).join('] [')}]`);
  }
  if (!m.statistics.includes(use.statistic)) {
    problems.push(`${at}: statistic ${use.statistic} is not meaningful; allowed: ${m.statistics.join(', ')}`);
  }
  if (!Number.isFinite(use.periodSeconds)) {
    problems.push(`${at}: no period given`);
  } else if (use.periodSeconds < ns.publishPeriodSeconds) {
    problems.push(`${at}: period ${use.periodSeconds}s is shorter than AWS publishes it (${ns.publishPeriodSeconds}s)`);
  }
  const max = m.maxPeriodSeconds?.[use.statistic];
  if (max !== undefined && use.periodSeconds > max) {
    problems.push(`${at}: ${use.statistic} is accurate only up to a ${max}s period, got ${use.periodSeconds}s`);
  }
  return problems;
}
