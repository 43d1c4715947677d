import { type Workload, optionProblems, projectDataset, resolveWorkload, throwIfProblems, usableFraction } from './workload';

/** A graph database instance class and its memory. */
export interface GraphInstanceClass {
  readonly name: string;
  readonly memoryGiB: number;
}

/**
 * Neptune memory-optimised classes (Graviton, r6g), smallest first.
 *
 * @see https://aws.amazon.com/neptune/pricing/
 */
export const NEPTUNE_INSTANCE_CLASSES: readonly GraphInstanceClass[] = [
  { name: 'db.r6g.large', memoryGiB: 16 },
  { name: 'db.r6g.xlarge', memoryGiB: 32 },
  { name: 'db.r6g.2xlarge', memoryGiB: 64 },
  { name: 'db.r6g.4xlarge', memoryGiB: 128 },
  { name: 'db.r6g.8xlarge', memoryGiB: 256 },
  { name: 'db.r6g.12xlarge', memoryGiB: 384 },
  { name: 'db.r6g.16xlarge', memoryGiB: 512 },
];

/**
 * Neptune gives its buffer pool cache about two thirds of the instance memory; a graph query
 * that misses it goes to the cluster volume and is an order of magnitude slower.
 *
 * @see https://docs.aws.amazon.com/neptune/latest/userguide/best-practices-general-basic.html
 */
export const BUFFER_CACHE_FRACTION = 2 / 3;

export interface GraphPlanOptions {
  /**
   * Share of the graph queries touch regularly (the working set), in percent.
   *
   * @default 100
   */
  readonly hotSetPercent?: number;
  /** @default NEPTUNE_INSTANCE_CLASSES */
  readonly instanceClasses?: readonly GraphInstanceClass[];
}

export interface GraphPlan {
  /** projected dataset × hotSetPercent, in GiB. */
  readonly workingSetGiB: number;
  /** workingSetGiB / (2/3) / (1 - headroom): the memory an instance needs. */
  readonly requiredMemoryGiB: number;
  /** The smallest class with at least requiredMemoryGiB, or the largest when none fits. */
  readonly instanceClass: string;
  /** false when even the largest class is too small: partition the graph or accept cache misses. */
  readonly fits: boolean;
  /** replicationFactor - 1 readers in other zones (failover targets). */
  readonly readReplicas: number;
}

/** The graph instance class whose buffer cache holds the working set. */
export function planGraph(workload: Workload, options: GraphPlanOptions = {}): GraphPlan {
  const w = resolveWorkload(workload);
  const classes = [...(options.instanceClasses ?? NEPTUNE_INSTANCE_CLASSES)].sort((a, b) => a.memoryGiB - b.memoryGiB);
  throwIfProblems('planGraph', [
    ...optionProblems('options', options, { hotSetPercent: 'percent' }),
    ...(classes.length > 0 ? [] : ['`options.instanceClasses` must list at least one class, got []']),
  ]);
  const workingSetGiB = projectDataset(w).projectedGiB * (options.hotSetPercent ?? 100) / 100;
  const requiredMemoryGiB = workingSetGiB / BUFFER_CACHE_FRACTION / usableFraction(w);
  const fitting = classes.find((c) => c.memoryGiB >= requiredMemoryGiB);
  return {
    workingSetGiB, requiredMemoryGiB,
    instanceClass: (fitting ?? classes[classes.length - 1]).name,
    fits: fitting !== undefined,
    readReplicas: w.replicationFactor - 1,
  };
}
