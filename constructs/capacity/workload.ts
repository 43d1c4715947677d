import { PlatformValidationError, Problems, show } from '../platform/errors';

/** Bytes in one GiB. Every size in the planner is in GiB (2^30 bytes). */
export const GIB = 2 ** 30;

/**
 * What a use case asks of its store, at peak, for capacity planning. The planner turns it into
 * nodes, disks, shards and instance classes per store (`planCassandra`, `planKeyspaces`, ...).
 *
 * Rates are per second at the daily peak. Reads are counted where they are served (one region:
 * clients read their local region); writes are counted once, globally, because multi-region
 * replication applies every write in every region.
 */
export interface Workload {
  /** Peak reads per second that one region serves. */
  readonly readsPerSecond: number;
  /** Peak writes per second across all regions (each region applies all of them). */
  readonly writesPerSecond: number;
  /** Average size of one item (row, document, cache value), key included, in bytes. */
  readonly itemSizeBytes: number;
  /** Logical size of the dataset today: one copy, uncompressed, in GiB. */
  readonly datasetGiB: number;
  /** Growth of the dataset per month, in percent, compounded over the planning horizon. */
  readonly monthlyGrowthPercent: number;
  /**
   * Items expire after this many days (a TTL). Caps the projected dataset at what the writes
   * of one retention period can hold.
   *
   * @default - items never expire: no cap
   */
  readonly retentionDays?: number;
  /**
   * How far ahead to size for, in months.
   *
   * @default 12
   */
  readonly planningHorizonMonths?: number;
  /** Copies of each item kept in each region. */
  readonly replicationFactor: number;
  /** Capacity (throughput, memory, storage) kept free at peak, in percent (0 <= x < 100). */
  readonly headroomPercent: number;
  /**
   * Average throughput over a day as a percentage of the peak; decides between provisioned and
   * on-demand capacity.
   *
   * @default 50 (a diurnal curve whose trough is near zero)
   */
  readonly averageToPeakPercent?: number;
}

/** A workload with its defaults applied. */
export interface ResolvedWorkload extends Required<Omit<Workload, 'retentionDays'>> {
  readonly retentionDays?: number;
}

export const DEFAULT_PLANNING_HORIZON_MONTHS = 12;
export const DEFAULT_AVERAGE_TO_PEAK_PERCENT = 50;

const finite = (n: number) => typeof n === 'number' && Number.isFinite(n);
const positiveInt = (n: number) => Number.isInteger(n) && n > 0;

/** Problems of a workload; `field` prefixes the messages (e.g. `settings.workload`). */
export function workloadProblems(w: Workload, field = 'workload'): string[] {
  const p = new Problems();
  p.check(finite(w.readsPerSecond) && w.readsPerSecond >= 0,
    () => `\`${field}.readsPerSecond\` must be a finite number >= 0, got ${show(w.readsPerSecond)}`);
  p.check(finite(w.writesPerSecond) && w.writesPerSecond >= 0,
    () => `\`${field}.writesPerSecond\` must be a finite number >= 0, got ${show(w.writesPerSecond)}`);
  p.check(positiveInt(w.itemSizeBytes),
    () => `\`${field}.itemSizeBytes\` must be a positive integer, got ${show(w.itemSizeBytes)}`);
  p.check(finite(w.datasetGiB) && w.datasetGiB >= 0,
    () => `\`${field}.datasetGiB\` must be a finite number >= 0, got ${show(w.datasetGiB)}`);
  p.check(finite(w.monthlyGrowthPercent) && w.monthlyGrowthPercent >= 0 && w.monthlyGrowthPercent <= 100,
    () => `\`${field}.monthlyGrowthPercent\` must be from 0 to 100 (the planner sizes for growth, not shrinkage), got ${show(w.monthlyGrowthPercent)}`);
  if (w.retentionDays !== undefined) {
    p.check(positiveInt(w.retentionDays), () => `\`${field}.retentionDays\` must be a positive integer, got ${show(w.retentionDays)}`);
  }
  if (w.planningHorizonMonths !== undefined) {
    p.check(Number.isInteger(w.planningHorizonMonths) && w.planningHorizonMonths >= 1 && w.planningHorizonMonths <= 60,
      () => `\`${field}.planningHorizonMonths\` must be an integer from 1 to 60, got ${show(w.planningHorizonMonths)}`);
  }
  p.check(positiveInt(w.replicationFactor),
    () => `\`${field}.replicationFactor\` must be a positive integer, got ${show(w.replicationFactor)}`);
  p.check(finite(w.headroomPercent) && w.headroomPercent >= 0 && w.headroomPercent < 100,
    () => `\`${field}.headroomPercent\` must be >= 0 and < 100, got ${show(w.headroomPercent)}`);
  if (w.averageToPeakPercent !== undefined) {
    p.check(finite(w.averageToPeakPercent) && w.averageToPeakPercent > 0 && w.averageToPeakPercent <= 100,
      () => `\`${field}.averageToPeakPercent\` must be > 0 and <= 100, got ${show(w.averageToPeakPercent)}`);
  }
  return [...p.items];
}

/** Validates a workload and applies its defaults. Throws naming every bad field. */
export function resolveWorkload(w: Workload, field = 'workload'): ResolvedWorkload {
  const problems = workloadProblems(w, field);
  if (problems.length > 0) throw new PlatformValidationError('capacity planner', problems);
  return {
    ...w,
    planningHorizonMonths: w.planningHorizonMonths ?? DEFAULT_PLANNING_HORIZON_MONTHS,
    averageToPeakPercent: w.averageToPeakPercent ?? DEFAULT_AVERAGE_TO_PEAK_PERCENT,
  };
}

/** The dataset the stores are sized for, at the end of the planning horizon. */
export interface DatasetProjection {
  /** datasetGiB × (1 + monthlyGrowthPercent/100) ^ planningHorizonMonths. */
  readonly grownGiB: number;
  /**
   * With a retention: average writes/s × itemSizeBytes × retentionDays × 86 400 s, in GiB. Each
   * write adds at most one item and items expire after the retention, so the live data can
   * never exceed this.
   */
  readonly retentionCapGiB?: number;
  /** min(grownGiB, retentionCapGiB): one logical copy, before replication. */
  readonly projectedGiB: number;
  readonly limitedBy: 'growth' | 'retention';
}

export function projectDataset(workload: Workload): DatasetProjection {
  const w = resolveWorkload(workload);
  const grownGiB = w.datasetGiB * (1 + w.monthlyGrowthPercent / 100) ** w.planningHorizonMonths;
  const retentionCapGiB = w.retentionDays === undefined ? undefined
    : (w.writesPerSecond * w.averageToPeakPercent / 100) * w.itemSizeBytes * w.retentionDays * 86_400 / GIB;
  const capped = retentionCapGiB !== undefined && retentionCapGiB < grownGiB;
  return { grownGiB, retentionCapGiB, projectedGiB: capped ? retentionCapGiB : grownGiB, limitedBy: capped ? 'retention' : 'growth' };
}

/** Math.ceil that ignores floating-point noise: 3.0000000000004 is 3, not 4. */
export function ceil(x: number): number {
  return Math.ceil(x - 1e-9);
}

/** Fraction of a resource that may be used at peak: 1 - headroom. */
export function usableFraction(w: Workload): number {
  return 1 - w.headroomPercent / 100;
}

/** Checks planner options: each listed value, when given, must be a finite number > 0 (or an integer). */
export function optionProblems(field: string, options: object, rules: Record<string, 'positive' | 'positiveInt' | 'percent'>): string[] {
  const p = new Problems();
  for (const [name, rule] of Object.entries(rules)) {
    const v = (options as Record<string, unknown>)[name];
    if (v === undefined) continue;
    const n = v as number;
    if (rule === 'positiveInt') p.check(positiveInt(n), () => `\`${field}.${name}\` must be a positive integer, got ${show(v)}`);
    if (rule === 'positive') p.check(finite(n) && n > 0, () => `\`${field}.${name}\` must be a finite number > 0, got ${show(v)}`);
    if (rule === 'percent') p.check(finite(n) && n > 0 && n <= 100, () => `\`${field}.${name}\` must be > 0 and <= 100, got ${show(v)}`);
  }
  return [...p.items];
}

/** Throws the problems of a planner call, naming the planner. */
export function throwIfProblems(planner: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new PlatformValidationError(planner, problems);
}
