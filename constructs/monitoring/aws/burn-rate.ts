import { Duration } from 'aws-cdk-lib';
import {
  Alarm, AlarmRule, AlarmState, ComparisonOperator, CompositeAlarm, MathExpression, type Metric, TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Problems, show } from '../../platform/errors';

/**
 * One multi-window burn-rate alert: the error ratio over the long and the short window are both
 * above `factor` × the error budget. `factor` spends `budgetPercent` of a 30-day budget in the long
 * window: factor = budgetPercent / 100 × 30 d / long window.
 *
 * Windows and budget shares are Sloth's (slok/sloth internal/alert/windows/google-30d.yaml @7833d8b,
 * "Numbers obtained from https://sre.google/workbook/alerting-on-slos/#recommended_parameters_for_an_slo_based_a"):
 * page quick 2% in 1h/5m (14.4×), page slow 5% in 6h/30m (6×), ticket quick 10% in 1d/2h (3×).
 * Sloth's ticket slow (10% in 3d/6h, 1×) is left out: a CloudWatch alarm's evaluation periods ×
 * period cannot exceed one day (AWS "Using Amazon CloudWatch Alarms", Common Features).
 */
export interface BurnRateWindow {
  readonly name: 'PageQuick' | 'PageSlow' | 'TicketQuick';
  readonly severity: 'page' | 'ticket';
  readonly budgetPercent: number;
  readonly long: Duration;
  readonly short: Duration;
}

/** The SLO period the budget shares are of. */
export const SLO_PERIOD = Duration.days(30);

export const BURN_RATE_WINDOWS: readonly BurnRateWindow[] = [
  { name: 'PageQuick', severity: 'page', budgetPercent: 2, long: Duration.hours(1), short: Duration.minutes(5) },
  { name: 'PageSlow', severity: 'page', budgetPercent: 5, long: Duration.hours(6), short: Duration.minutes(30) },
  { name: 'TicketQuick', severity: 'ticket', budgetPercent: 10, long: Duration.days(1), short: Duration.hours(2) },
];

/** How many times faster than the budget allows a window's alert fires: 14.4, 6, 3. */
export function burnFactor(w: BurnRateWindow): number {
  return Math.round(w.budgetPercent / 100 * SLO_PERIOD.toSeconds() / w.long.toSeconds() * 1000) / 1000;
}

/** The request counts an error budget is spent from: a metric, or a sum of metrics (a MathExpression). */
export interface ErrorCounts {
  /** Failed requests, summed over a period (a count) or averaged (a rate): same statistic as the denominator. */
  readonly errors: Metric | MathExpression;
  /** All requests, with the statistic of `errors`. Give this or `successes`. */
  readonly requests?: Metric | MathExpression;
  /** Successful requests, when the store counts them instead of all requests. */
  readonly successes?: Metric | MathExpression;
}

export interface BurnRateAlarmsProps extends ErrorCounts {
  /** Alarm name prefix, e.g. `viewing-history-us-east-1-Keyspaces viewing_history.events`. */
  readonly alarmNamePrefix: string;
  /** Share of requests that may fail, in percent: the error budget (SLA `errorRatePercent`). */
  readonly errorBudgetPercent: number;
  /** Topic for ALARM and OK of the composite alarms. */
  readonly topic: ITopic;
  /** Description of the composite alarms (meaning and runbook link). */
  readonly description: string;
}

/**
 * Multi-window, multi-burn-rate alerts on CloudWatch: per window pair, one metric-math alarm per
 * window (period = the window, one datapoint: the error ratio over the whole window) and a
 * CompositeAlarm that is in ALARM when both are. Only the composite alarms notify.
 */
export class BurnRateAlarms extends Construct {
  /** The composite alarm of each window pair, by window name. */
  public readonly alerts: Readonly<Record<string, CompositeAlarm>>;

  constructor(scope: Construct, id: string, props: BurnRateAlarmsProps) {
    super(scope, id);
    const p = new Problems();
    p.check(props.errorBudgetPercent > 0 && props.errorBudgetPercent < 100,
      () => `\`errorBudgetPercent\` must be > 0 and < 100, got ${show(props.errorBudgetPercent)}`);
    p.check((props.requests === undefined) !== (props.successes === undefined),
      () => 'exactly one of `requests` and `successes` must be given');
    p.throwIfAny(this);

    const budget = props.errorBudgetPercent / 100;
    const alerts: Record<string, CompositeAlarm> = {};
    for (const w of BURN_RATE_WINDOWS) {
      const factor = burnFactor(w);
      const windowAlarm = (which: 'Long' | 'Short', window: Duration) => new Alarm(this, `${w.name}${which}`, {
        alarmName: `${props.alarmNamePrefix}-BurnRate-${w.name}-${which}`,
        alarmDescription: `Error ratio over ${window.toHumanString()} above ${factor}× the ${props.errorBudgetPercent}% budget (input of the ${w.name} composite alarm; does not notify).`,
        metric: errorRatio(props, window),
        threshold: Number((factor * budget).toPrecision(12)),
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        // No requests in the window: nothing failed.
        treatMissingData: TreatMissingData.NOT_BREACHING,
        actionsEnabled: false,
      });
      const long = windowAlarm('Long', w.long);
      const short = windowAlarm('Short', w.short);
      const alert = new CompositeAlarm(this, w.name, {
        compositeAlarmName: `${props.alarmNamePrefix}-BurnRate-${w.name}`,
        alarmDescription: `${w.severity === 'page' ? 'Page' : 'Ticket'}: errors spend the 30-day budget (${props.errorBudgetPercent}% of requests) ${factor}× too fast, over ${w.long.toHumanString()} and still over the last ${w.short.toHumanString()}; ${w.budgetPercent}% of the month's budget is gone. ${props.description}`,
        alarmRule: AlarmRule.allOf(AlarmRule.fromAlarm(long, AlarmState.ALARM), AlarmRule.fromAlarm(short, AlarmState.ALARM)),
      });
      alert.addAlarmAction(new SnsAction(props.topic));
      alert.addOkAction(new SnsAction(props.topic));
      alerts[w.name] = alert;
    }
    this.alerts = alerts;
  }
}

/** errors / requests over one window, 0 without requests; missing errors count as none. */
function errorRatio(props: BurnRateAlarmsProps, window: Duration): MathExpression {
  const withPeriod = (m: Metric | MathExpression) => periodOf(m, window);
  if (props.requests) {
    return new MathExpression({
      expression: 'IF(FILL(requests, 0) > 0, FILL(errors, 0) / FILL(requests, 0), 0)',
      usingMetrics: { errors: withPeriod(props.errors), requests: withPeriod(props.requests) },
      period: window, label: `Error ratio over ${window.toHumanString()}`,
    });
  }
  return new MathExpression({
    expression: 'IF(FILL(errors, 0) + FILL(ok, 0) > 0, FILL(errors, 0) / (FILL(errors, 0) + FILL(ok, 0)), 0)',
    usingMetrics: { errors: withPeriod(props.errors), ok: withPeriod(props.successes!) },
    period: window, label: `Error ratio over ${window.toHumanString()}`,
  });
}

/**
 * `m` over `period`, down to every metric of a math expression: the CDK overrides the inner
 * metrics' periods itself but warns for each alarm (MetricsPeriodsOverridden); rebuilding says so.
 */
function periodOf(m: Metric | MathExpression, period: Duration): Metric | MathExpression {
  if (!(m instanceof MathExpression)) return m.with({ period });
  const usingMetrics = Object.fromEntries(Object.entries(m.usingMetrics).map(([id, x]) => [id, periodOf(x as Metric | MathExpression, period)]));
  return new MathExpression({ expression: m.expression, usingMetrics, label: m.label, period });
}
