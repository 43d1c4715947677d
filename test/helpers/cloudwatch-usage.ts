import type { MetricUse } from '../../constructs/monitoring/catalog/cloudwatch';
import { defaultOutput, type Template } from '../safety/checks/output';

/** The default platform's templates as `[stack name, template]` (synthesized once per test run). */
export function defaultTemplates(): (readonly [string, Template])[] {
  return defaultOutput().stacks.map((s) => [s.name, s.template] as const);
}

/** Resources of one type in a template, by logical id, with their properties. */
export function resourcesOfType(t: Template, type: string): [string, any][] {
  return Object.entries(t.Resources ?? {}).filter(([, r]) => r.Type === type).map(([id, r]) => [id, r.Properties ?? {}]);
}

const INSIGHTS_FN: Record<string, string> = { MAX: 'Maximum', MIN: 'Minimum', SUM: 'Sum', AVG: 'Average', COUNT: 'SampleCount' };
const INSIGHTS = /^SELECT\s+(\w+)\((\w+)\)\s+FROM\s+(?:SCHEMA\("([^"]+)"((?:\s*,\s*\w+)*)\)|"([^"]+)")/;

/**
 * The metric a Metrics Insights query reads (`SELECT MAX(x) FROM SCHEMA("AWS/MemoryDB", A, B) ...`),
 * or undefined for a metric math expression.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html
 */
export function insightsQueryUse(where: string, expression: string, periodSeconds: number): MetricUse | undefined {
  const m = INSIGHTS.exec(expression.trim());
  if (!m) return undefined;
  const [, fn, metricName, schemaNs, schemaDims, bareNs] = m;
  const statistic = INSIGHTS_FN[fn.toUpperCase()];
  if (!statistic) throw new Error(`${where}: Metrics Insights function ${fn} is not one of ${Object.keys(INSIGHTS_FN).join(', ')}`);
  const dimensions = schemaDims ? schemaDims.split(',').map((d) => d.trim()).filter(Boolean) : [];
  return { where, namespace: schemaNs ?? bareNs, metricName, dimensions, statistic, periodSeconds, anyDimensions: !schemaNs };
}

/** Every metric an `AWS::CloudWatch::Alarm` reads: its own metric, or its math and Metrics Insights inputs. */
export function alarmMetricUses(where: string, p: any): MetricUse[] {
  if (p.MetricName) {
    return [{
      where, namespace: p.Namespace, metricName: p.MetricName, dimensions: (p.Dimensions ?? []).map((d: any) => d.Name),
      statistic: p.Statistic ?? p.ExtendedStatistic, periodSeconds: p.Period,
    }];
  }
  const uses: MetricUse[] = [];
  for (const q of p.Metrics ?? []) {
    if (q.MetricStat) {
      const s = q.MetricStat;
      uses.push({
        where: `${where} ${q.Id}`, namespace: s.Metric.Namespace, metricName: s.Metric.MetricName,
        dimensions: (s.Metric.Dimensions ?? []).map((d: any) => d.Name), statistic: s.Stat, periodSeconds: s.Period,
      });
    } else if (q.Expression) {
      const u = insightsQueryUse(`${where} ${q.Id}`, q.Expression, q.Period);
      if (u) uses.push(u);
    }
  }
  return uses;
}

/** A dashboard body with its CloudFormation tokens (`Ref` region etc.) replaced by a placeholder. */
export function dashboardBody(p: any): any {
  const b = p.DashboardBody;
  if (typeof b === 'string') return JSON.parse(b);
  const join = b['Fn::Join'];
  if (!join) throw new Error(`DashboardBody is neither a string nor Fn::Join: ${JSON.stringify(b).slice(0, 80)}`);
  return JSON.parse(join[1].map((x: unknown) => (typeof x === 'string' ? x : 'TOKEN')).join(join[0]));
}

/**
 * The dashboard defaults aws-cdk-lib relies on: its renderer (aws-cdk-lib 2.276,
 * aws-cloudwatch/lib/private/rendering.js `metricGraphJson`) leaves out `period` when it is 300 and
 * `stat` when it is `Average`, so a row without them means 300 s and Average.
 */
const DASHBOARD_DEFAULT_PERIOD = 300;
const DASHBOARD_DEFAULT_STAT = 'Average';

/**
 * Every metric graphed by a dashboard's metric widgets. A row is `[namespace, name, dim, value, ...,
 * {options}]`, where `.` repeats the previous row's value at that position; stat and period come from
 * the row's options, else from the widget, else the defaults above.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */
export function dashboardMetricUses(where: string, body: any): MetricUse[] {
  const uses: MetricUse[] = [];
  for (const w of body.widgets ?? []) {
    if (w.type !== 'metric') continue;
    const props = w.properties ?? {};
    let previous: unknown[] = [];
    for (const row of props.metrics ?? []) {
      const last = row[row.length - 1];
      const opts = last && typeof last === 'object' ? last : {};
      const values = (opts === last ? row.slice(0, -1) : row).map((v: unknown, i: number) => (v === '.' ? previous[i] : v));
      const at = `${where} "${props.title ?? ''}"`;
      const period = opts.period ?? props.period ?? DASHBOARD_DEFAULT_PERIOD;
      if (opts.expression) {
        const u = insightsQueryUse(at, opts.expression, period);
        if (u) uses.push(u);
        continue;
      }
      previous = values;
      const dims: string[] = [];
      for (let i = 2; i < values.length; i += 2) dims.push(values[i] as string);
      uses.push({ where: at, namespace: values[0] as string, metricName: values[1] as string, dimensions: dims,
        statistic: opts.stat ?? props.stat ?? DASHBOARD_DEFAULT_STAT, periodSeconds: period });
    }
  }
  return uses;
}
