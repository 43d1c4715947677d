import { Duration } from 'cdk8s';
import type { ServiceLevelObjectives } from '../../platform/sla';
import type { PrometheusAlert, SlaExpressions } from './prometheus';

/** A Prometheus recording rule. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels: Record<string, string>;
}

/** The period an error budget is spent over (Sloth's default SLO period). */
export const SLO_PERIOD_DAYS = 30;

/**
 * The multi-window, multi-burn-rate pairs of the SRE workbook ("Alerting on SLOs", recommended
 * parameters: 2% of a 30-day budget in 1h, 5% in 6h, 10% in 3d; short window 1/12 of the long one),
 * as Sloth generates them: page on 14.4x over 1h and 5m or 6x over 6h and 30m; ticket on 3x over
 * 1d and 2h or 1x over 3d and 6h.
 */
export const BURN_RATE_WINDOWS = {
  page: [{ factor: 14.4, long: '1h', short: '5m' }, { factor: 6, long: '6h', short: '30m' }],
  ticket: [{ factor: 3, long: '1d', short: '2h' }, { factor: 1, long: '3d', short: '6h' }],
} as const;

const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

/** Minutes of full outage a budget of `objectivePercent` allows over the SLO period. */
export function errorBudgetMinutes(objectivePercent: number): number {
  return Number(((1 - objectivePercent / 100) * SLO_PERIOD_DAYS * 24 * 60).toFixed(1));
}

/** The SLOs with an error budget: requests (error rate) and availability, each with its budget as a fraction. */
function objectives(sla: ServiceLevelObjectives, e: SlaExpressions) {
  const out: { slo: string; title: string; budget: number; what: string }[] = [];
  if (e.errorRatio) out.push({ slo: 'requests', title: 'Requests', budget: sla.errorRatePercent / 100, what: `failed requests (budget ${sla.errorRatePercent}%)` });
  const availabilityBudget = Number((1 - sla.availabilityPercent / 100).toPrecision(6));
  // 100% availability has no budget to burn: the AvailabilityLow threshold alert covers it.
  if (e.availabilityRatio && availabilityBudget > 0) {
    out.push({ slo: 'availability', title: 'Availability', budget: availabilityBudget, what: `unavailability (budget ${Number((100 - sla.availabilityPercent).toPrecision(6))}%)` });
  }
  return out;
}

/**
 * Recording rules `slo:sli_error:ratio_rate<window>` per SLO and window (Sloth's names, with
 * `slo_service`/`slo`/`slo_window` labels) and a page and a ticket alert per SLO.
 * Availability is a gauge, so its error ratio over a window is `1 - avg_over_time` of the
 * recorded `slo:sli_availability:ratio`.
 */
export function burnRateRules(service: string, alertPrefix: string, runbookPrefix: string, sla: ServiceLevelObjectives, e: SlaExpressions):
{ records: RecordingRule[]; alerts: PrometheusAlert[]; budgets: Record<string, number> } {
  const records: RecordingRule[] = [];
  const alerts: PrometheusAlert[] = [];
  const budgets: Record<string, number> = {};
  for (const o of objectives(sla, e)) {
    budgets[o.slo] = o.budget;
    const labels = { slo_service: service, slo: o.slo };
    const sel = `slo_service="${service}",slo="${o.slo}"`;
    if (o.slo === 'availability') {
      records.push({ record: 'slo:sli_availability:ratio', expr: e.availabilityRatio!, labels });
    }
    for (const w of WINDOWS) {
      const expr = o.slo === 'availability'
        ? `1 - avg_over_time(slo:sli_availability:ratio{${sel}}[${w}])`
        : e.errorRatio!(w);
      records.push({ record: `slo:sli_error:ratio_rate${w}`, expr, labels: { ...labels, slo_window: w } });
    }
    const over = (factor: number, w: string) => `max(slo:sli_error:ratio_rate${w}{${sel}} > (${factor} * ${o.budget})) without (slo_window)`;
    const pairs = (ps: readonly { factor: number; long: string; short: string }[]) =>
      ps.map((x) => `(${over(x.factor, x.short)} and ${over(x.factor, x.long)})`).join(' or ');
    const rate = (ps: readonly { factor: number; long: string }[]) => ps.map((x) => `${x.factor}x over ${x.long}`).join(' or ');
    alerts.push({
      alert: `${alertPrefix}${o.title}BudgetBurnPage`, expr: pairs(BURN_RATE_WINDOWS.page), for: Duration.minutes(0), severity: 'critical',
      runbookSection: `${runbookPrefix}ErrorBudgetBurn`,
      summary: `${o.what} burn the ${SLO_PERIOD_DAYS}-day error budget at ${rate(BURN_RATE_WINDOWS.page)}: at this rate it is gone within ${SLO_PERIOD_DAYS / 14.4 * 24} hours`,
    });
    alerts.push({
      alert: `${alertPrefix}${o.title}BudgetBurnTicket`, expr: pairs(BURN_RATE_WINDOWS.ticket), for: Duration.minutes(0), severity: 'warning',
      runbookSection: `${runbookPrefix}ErrorBudgetBurn`,
      summary: `${o.what} burn the ${SLO_PERIOD_DAYS}-day error budget at ${rate(BURN_RATE_WINDOWS.ticket)}: it runs out before the period ends`,
    });
  }
  return { records, alerts, budgets };
}
