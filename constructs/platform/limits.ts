import { show } from './errors';

/**
 * One numeric setting's limits, with where they come from. A store's table of these (`limits.ts`
 * in its folder) is read by both the catalog schema (`limitSchema`) and the construct
 * (`limitProblems`), so a value the file accepts is a value the construct accepts.
 */
export interface Limit {
  /** @default false - any finite number */
  readonly integer?: boolean;
  /** @default - no lower bound */
  readonly min?: number;
  /** The value must be strictly above `min`. @default false */
  readonly exclusiveMin?: boolean;
  /** @default - no upper bound */
  readonly max?: number;
  /** The value must be strictly below `max`. @default false */
  readonly exclusiveMax?: boolean;
  /** Where the bounds come from (the system's docs or source, or the reason for our own). */
  readonly source: string;
}

/** `an integer from 1024 to 65535`, `a positive integer`, `> 0 and < 100` (the wording of the constructs' messages). */
export function describeLimit(l: Limit): string {
  const lo = l.min === undefined ? undefined : `${l.exclusiveMin ? '>' : '>='} ${l.min}`;
  const hi = l.max === undefined ? undefined : `${l.exclusiveMax ? '<' : '<='} ${l.max}`;
  if (!l.integer) return [lo, hi].filter(Boolean).join(' and ') || 'a finite number';
  if (lo && hi && !l.exclusiveMin && !l.exclusiveMax) return `an integer from ${l.min} to ${l.max}`;
  if (l.min === 1 && !l.exclusiveMin && !hi) return 'a positive integer';
  return ['an integer', [lo, hi].filter(Boolean).join(' and ')].filter(Boolean).join(' ');
}

export function withinLimit(value: number, l: Limit): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (l.integer && !Number.isInteger(value)) return false;
  if (l.min !== undefined && (l.exclusiveMin ? value <= l.min : value < l.min)) return false;
  if (l.max !== undefined && (l.exclusiveMax ? value >= l.max : value > l.max)) return false;
  return true;
}

/** `` `field` must be an integer from 1024 to 65535, got 80 `` unless `value` is within `l`. */
export function limitProblems(field: string, value: number, l: Limit, why = ''): string[] {
  return withinLimit(value, l) ? [] : [`\`${field}\` must be ${describeLimit(l)}${why ? ` (${why})` : ''}, got ${show(value)}`];
}

/** The JSON Schema of `l` (options for TypeBox's `Type.Integer`/`Type.Number`, or a plain schema node). */
export function limitSchema(l: Limit): { type: 'integer' | 'number'; minimum?: number; exclusiveMinimum?: number; maximum?: number; exclusiveMaximum?: number } {
  return {
    type: l.integer ? 'integer' : 'number',
    ...(l.min === undefined ? {} : l.exclusiveMin ? { exclusiveMinimum: l.min } : { minimum: l.min }),
    ...(l.max === undefined ? {} : l.exclusiveMax ? { exclusiveMaximum: l.max } : { maximum: l.max }),
  };
}

/**
 * Limits of a store topology's per-region sizes (`topology.ts` checks them; every template's schema
 * reads them). Stores with their own cap (EVCache's nodes per zone) have it in their table.
 */
export const TOPOLOGY_LIMITS = {
  nodesPerZone: { integer: true, min: 1, source: 'a count of nodes' },
  replicationFactor: { integer: true, min: 1, source: 'a count of copies; at most the region\'s nodes is checked by topology.ts (cross-field)' },
} as const satisfies Record<string, Limit>;

/** Limits of a service level objective (`sla.ts` checks them; the catalog's `sla:` schema reads them). */
export const SLA_LIMITS = {
  latencyP99Ms: { min: 0, exclusiveMin: true, source: 'a duration: 0 would page always' },
  errorRatePercent: { min: 0, exclusiveMin: true, max: 100, exclusiveMax: true, source: 'a share of requests: 0 or 100 would page always or never' },
  availabilityPercent: { min: 0, exclusiveMin: true, max: 100, source: 'a share of time' },
  capacityHeadroomPercent: { min: 0, max: 100, exclusiveMax: true, source: 'a share of capacity: 100 would leave nothing to use' },
} as const satisfies Record<string, Limit>;

/**
 * Limits of a catalog entry's `requirements:` (the catalog schema reads them; the capacity planner's
 * `workloadProblems` checks the workload built from them).
 */
export const REQUIREMENT_LIMITS = {
  latencyP99Ms: { min: 0, exclusiveMin: true, source: 'a duration' },
  perSecond: { min: 0, source: 'a rate' },
  datasetGiB: { min: 0, source: 'a size' },
  monthlyGrowthPercent: { min: 0, max: 100, source: 'a share per month; more than doubling monthly is not a plan' },
  itemSizeBytes: { integer: true, min: 1, source: 'a size in bytes' },
  retentionDays: { integer: true, min: 1, source: 'a whole number of days' },
} as const satisfies Record<string, Limit>;
