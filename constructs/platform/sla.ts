import { Problems, show } from './errors';

/**
 * Service level objectives of a store. Monitoring turns the same numbers into CloudWatch
 * alarms on AWS and PrometheusRule alerts on Kubernetes.
 */
export interface ServiceLevelObjectives {
  /** 99th-percentile request latency the store must stay under, in milliseconds. */
  readonly latencyP99Ms: number;
  /** Share of requests that may fail, in percent (0 < x < 100). */
  readonly errorRatePercent: number;
  /** Share of time the store must be available, in percent (e.g. 99.99). */
  readonly availabilityPercent: number;
  /** Capacity that must stay free (CPU, memory, storage, throughput), in percent (0 <= x < 100). */
  readonly capacityHeadroomPercent: number;
}

/** Problems of an SLA; `field` prefixes the messages (e.g. `sla`). */
export function slaProblems(sla: ServiceLevelObjectives, field = 'sla'): string[] {
  const p = new Problems();
  p.check(Number.isFinite(sla.latencyP99Ms) && sla.latencyP99Ms > 0,
    () => `\`${field}.latencyP99Ms\` must be > 0, got ${show(sla.latencyP99Ms)}`);
  p.check(sla.errorRatePercent > 0 && sla.errorRatePercent < 100,
    () => `\`${field}.errorRatePercent\` must be > 0 and < 100, got ${show(sla.errorRatePercent)}`);
  p.check(sla.availabilityPercent > 0 && sla.availabilityPercent <= 100,
    () => `\`${field}.availabilityPercent\` must be > 0 and <= 100, got ${show(sla.availabilityPercent)}`);
  p.check(sla.capacityHeadroomPercent >= 0 && sla.capacityHeadroomPercent < 100,
    () => `\`${field}.capacityHeadroomPercent\` must be >= 0 and < 100, got ${show(sla.capacityHeadroomPercent)}`);
  return [...p.items];
}

/** The highest utilisation (percent) a resource may reach before the headroom SLO is broken. */
export function maxUtilizationPercent(sla: ServiceLevelObjectives): number {
  return 100 - sla.capacityHeadroomPercent;
}
