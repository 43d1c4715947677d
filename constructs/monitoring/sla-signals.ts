import type { ServiceLevelObjectives } from '../platform/sla';
import { maxUtilizationPercent } from '../platform/sla';

/**
 * The four SLA signals every store reports, whatever the flavor. A store maps each signal to
 * its own metric (CloudWatch) or expression (PromQL); the thresholds come from here only, so
 * an alarm on AWS and an alert on Kubernetes fire at the same number.
 */
export interface SlaThresholds {
  /** p99 latency above this many milliseconds breaks the SLA. */
  readonly latencyP99Ms: number;
  /** Error rate above this percentage breaks the SLA. */
  readonly errorRatePercent: number;
  /** Availability below this percentage breaks the SLA. */
  readonly availabilityPercent: number;
  /** Utilisation above this percentage eats the headroom. */
  readonly utilizationPercent: number;
}

export function slaThresholds(sla: ServiceLevelObjectives): SlaThresholds {
  return {
    latencyP99Ms: sla.latencyP99Ms,
    errorRatePercent: sla.errorRatePercent,
    availabilityPercent: sla.availabilityPercent,
    utilizationPercent: maxUtilizationPercent(sla),
  };
}

/** How long a signal must stay bad before it pages: long enough to skip one slow minute. */
export const SUSTAINED_MINUTES = 5;
