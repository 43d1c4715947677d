import { Problems } from './errors';
import { SLA_LIMITS, limitProblems } from './limits';

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
  for (const k of ['latencyP99Ms', 'errorRatePercent', 'availabilityPercent', 'capacityHeadroomPercent'] as const) {
    p.merge(limitProblems(`${field}.${k}`, sla[k], SLA_LIMITS[k]));
  }
  return [...p.items];
}

/** The highest utilisation (percent) a resource may reach before the headroom SLO is broken. */
export function maxUtilizationPercent(sla: ServiceLevelObjectives): number {
  return 100 - sla.capacityHeadroomPercent;
}
